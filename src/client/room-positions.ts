import { JoinRoomResult, RecoveryPosition, ServerFrame } from './protocol';

/** What the client remembers of a room it joined, to join it again after a reconnect. */
export interface TrackedRoom {
  position: RecoveryPosition;
  password?: string;
  /** Offsets of the client's own messages (which it never receives back) not yet passed. */
  own: Set<number>;
}

/**
 * The rooms the client is in and its position in each (from join replies, room messages and its own
 * acks): what it passes as `since` when it joins them again after a reconnect.
 */
export class RoomPositions {
  private readonly rooms = new Map<string, TrackedRoom>();

  /** The tracked rooms, by id. */
  entries(): IterableIterator<[string, TrackedRoom]> {
    return this.rooms.entries();
  }

  /**
   * Records a join reply; with `since`, a replay follows unless `recovered` is false. Returns true when
   * a rejoin with `since` could not recover what was missed (the caller asks for a resync).
   */
  track(roomId: string, data: JoinRoomResult, password: string | undefined, since: RecoveryPosition | undefined): boolean {
    const previous = this.rooms.get(roomId);
    const recovering = since !== undefined && data.recovered === true;
    const position = recovering ? { offset: since.offset, epoch: data.epoch } : { offset: Math.max(data.offset, previous?.position.epoch === data.epoch ? previous.position.offset : 0), epoch: data.epoch };
    this.rooms.set(roomId, { position, password, own: recovering && previous ? previous.own : new Set() });
    return since !== undefined && !recovering;
  }

  /** Records the ack of the client's own message at `offset` in `roomId`, which it will not receive back. */
  acked(roomId: string, offset: number): void {
    const room = this.rooms.get(roomId);
    if (!room) return;
    room.own.add(offset);
    this.advance(room, room.position.offset);
  }

  /** Stops tracking a room (left, deleted, kicked…): it is not joined again after a reconnect. */
  forget(roomId: string): void {
    this.rooms.delete(roomId);
  }

  /** Follows a server frame: room messages move the position; deletions, kicks and bans end the tracking. */
  observe(frame: ServerFrame, selfId: string | undefined): void {
    switch (frame.type) {
      case 'room_message': {
        const room = this.rooms.get(frame.room_id);
        if (room) this.advance(room, frame.offset);
        break;
      }
      case 'room_deleted':
        this.rooms.delete(frame.room_id);
        break;
      case 'user_left':
        if (frame.user_id === selfId && (frame.reason === 'kicked' || frame.reason === 'banned')) this.rooms.delete(frame.room_id);
        break;
      case 'error':
        if ((frame.code === 'KICKED' || frame.code === 'BANNED') && frame.room_id !== undefined && frame.request_id === undefined) this.rooms.delete(frame.room_id);
        break;
    }
  }

  /** Moves a room's position to `offset`, then past any of the client's own messages that follow it. */
  private advance(room: TrackedRoom, offset: number): void {
    let next = Math.max(room.position.offset, offset);
    for (const own of [...room.own]) if (own <= next) room.own.delete(own);
    while (room.own.delete(next + 1)) next++;
    room.position.offset = next;
  }
}
