import { Frame, TestClient } from '../support';

/**
 * Settings for history suites: many messages, joins and connections from 127.0.0.1 are normal here,
 * and the idle timeout is long enough that moving a manual clock by minutes does not look like silence.
 */
export const HISTORY_ENV: Record<string, string> = {
  RUSTY_SOCKS_MAX_CONN_PER_IP: '100000',
  RUSTY_SOCKS_MAX_CONN_PER_USER: '100',
  RUSTY_SOCKS_RATE_LIMIT_MSG_PER_MIN: '1000000',
  RUSTY_SOCKS_RATE_LIMIT_ROOM_OPS_PER_MIN: '1000000',
  RUSTY_SOCKS_RATE_LIMIT_ROOM_CREATE_PER_MIN: '1000000',
  RUSTY_SOCKS_RATE_LIMIT_MODERATION_PER_MIN: '1000000',
  RUSTY_SOCKS_TIMEOUT: '86400',
  RUSTY_SOCKS_PING: '43200',
};

/** Matches the room messages of one room. */
export function messagesOf(roomId: string): (f: Frame) => boolean {
  return (f) => f.type === 'room_message' && f.room_id === roomId;
}

/** Publishes with an ack and returns the ack's data `{id, offset, timestamp}`. */
export async function say(client: TestClient, roomId: string, content: string): Promise<{ id: string; offset: number; timestamp: string }> {
  const reply = await client.request({ type: 'room_message', room_id: roomId, content });
  expect(reply).toMatchObject({ type: 'success', data: { id: expect.any(String), offset: expect.any(Number) } });
  return reply.data;
}

/** Publishes `count` distinct messages one after the other; returns their offsets. */
export async function sayMany(client: TestClient, roomId: string, count: number, label = 'message'): Promise<number[]> {
  const offsets: number[] = [];
  for (let i = 1; i <= count; i++) offsets.push((await say(client, roomId, `${label} ${i}`)).offset);
  return offsets;
}

/** `get_history` (failing on anything but `room_history`); returns the reply. */
export async function history(client: TestClient, roomId: string, params: { limit?: number; before?: number } = {}): Promise<Frame & { messages: Frame[] }> {
  const reply = await client.request({ type: 'get_history', room_id: roomId, ...params });
  expect(reply).toMatchObject({ type: 'room_history', room_id: roomId, epoch: expect.any(String), messages: expect.any(Array) });
  return reply as Frame & { messages: Frame[] };
}

/** The offsets of a list of room messages. */
export function offsetsOf(messages: Frame[]): number[] {
  return messages.map((m) => m.offset as number);
}

/** Sends `join_room` with `since` and returns the reply (whatever it is). */
export function rejoin(client: TestClient, roomId: string, since: { offset: number; epoch: string }): Promise<Frame> {
  return client.request({ type: 'join_room', room_id: roomId, since });
}

/** Waits for the next `count` room messages of a room, in arrival order. */
export async function nextMessages(client: TestClient, roomId: string, count: number): Promise<Frame[]> {
  const frames: Frame[] = [];
  for (let i = 0; i < count; i++) frames.push(await client.next(messagesOf(roomId), `room message #${i + 1} of ${count} in ${roomId}`, 5000));
  return frames;
}
