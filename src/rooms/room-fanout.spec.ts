import { fakeSocket } from '../connections/fake-socket.testing';
import { CloseCode } from '../common/close-code';
import { RoomMessageFrame } from '../common/outbound-frames';
import { resolveOptions } from '../config/options.resolver';
import { ClientConnection } from '../connections/client-connection';
import { ConnectionRegistry } from '../connections/connection-registry.service';
import { LocalOutboundSender } from '../connections/local-outbound-sender';
import { Role } from '../moderation/role';
import { RoomFanout } from './room-fanout';

const message = (offset: number): RoomMessageFrame => ({ type: 'room_message', id: `m${offset}`, offset, room_id: 'r', sender_id: 'x', sender_username: 'x', content: `#${offset}`, timestamp: '' });
const seen = (sent: any[]): (number | string)[] => sent.map((f) => (f.type === 'room_message' ? f.offset : f.type));

describe('RoomFanout', () => {
  const options = resolveOptions({ sendQueueLimit: 3 });
  let registry: ConnectionRegistry;
  let fanout: RoomFanout;
  let n = 0;
  const connect = () => {
    const socket = fakeSocket();
    const connection = new ClientConnection(`c${++n}`, { userId: `u${n}`, username: `u${n}`, globalRole: Role.Member, authenticated: true }, socket, '127.0.0.1', registry.sendLimits, Date.now());
    registry.add(connection);
    return { connection, sent: socket.sent };
  };

  beforeEach(() => {
    registry = new ConnectionRegistry(options);
    fanout = new RoomFanout(options, new LocalOutboundSender(registry), registry);
  });

  it('holds a catching-up connection\'s room frames, then sends the replay, what was held, and the live ones, in that order', () => {
    const live = connect();
    const late = connect();
    fanout.subscribe('r', live.connection);
    fanout.toRoom('r', message(1));
    fanout.toRoom('r', message(2));
    const catchUp = fanout.hold('r', late.connection);
    // Everything fanned out from here on is held for it, so at most up to 2 can be owed.
    expect(catchUp.from).toBe(2);
    fanout.toRoom('r', message(3));
    fanout.toRoom('r', { type: 'user_joined', room_id: 'r', user_id: 'x', username: 'x' });
    expect(late.sent).toEqual([]);
    expect(fanout.release('r', late.connection, catchUp, [message(2)], 1)).toBe(true);
    fanout.toRoom('r', message(4));
    expect(seen(late.sent)).toEqual([2, 3, 'user_joined', 4]);
    expect(seen(live.sent)).toEqual([1, 2, 3, 'user_joined', 4]);
    expect(fanout.holding).toBe(0);
  });

  it('owes a connection that was live in the room only what came before it went live, and never repeats a held message the replay gave', () => {
    const member = connect();
    fanout.toRoom('r', message(1));
    fanout.subscribe('r', member.connection);
    fanout.toRoom('r', message(2));
    const catchUp = fanout.hold('r', member.connection);
    expect(catchUp.from).toBe(1);
    fanout.toRoom('r', message(3));
    // A replay reaching past `from` (it cannot, from RoomsService) still does not double the held copy.
    expect(fanout.release('r', member.connection, catchUp, [message(1), message(2), message(3)], 0)).toBe(true);
    expect(seen(member.sent)).toEqual([2, 1, 2, 3]);
    // It now has everything after 0, which is where the next catch-up starts from.
    expect(fanout.hold('r', member.connection).from).toBe(0);
  });

  it('lets only the latest catch-up of a connection release it, keeping what the earlier one held', () => {
    const late = connect();
    const first = fanout.hold('r', late.connection);
    fanout.toRoom('r', message(1));
    const second = fanout.hold('r', late.connection);
    fanout.toRoom('r', message(2));
    expect(second.from).toBe(first.from);
    expect(fanout.release('r', late.connection, first, [], 0)).toBe(false);
    expect(fanout.release('r', late.connection, second, [], 0)).toBe(true);
    expect(seen(late.sent)).toEqual([1, 2]);
  });

  it('sends nothing more to a connection dropped from the room, held or live', () => {
    const held = connect();
    const live = connect();
    const catchUp = fanout.hold('r', held.connection);
    fanout.subscribe('r', live.connection);
    fanout.drop('r', held.connection);
    fanout.drop('r', live.connection);
    fanout.toRoom('r', message(1));
    expect(fanout.release('r', held.connection, catchUp, [message(1)], 0)).toBe(false);
    expect([held.sent, live.sent]).toEqual([[], []]);
  });

  it('cuts off a catch-up that falls as far behind as the send queue allows (4409), instead of holding without bound', () => {
    const late = connect();
    const evict = jest.spyOn(registry, 'evict').mockImplementation(() => undefined);
    fanout.hold('r', late.connection);
    for (let o = 1; o <= 4; o++) fanout.toRoom('r', message(o));
    expect(evict).toHaveBeenCalledWith(late.connection, CloseCode.TooSlow, expect.any(String));
    expect(fanout.holding).toBe(0);
  });

  it('tells held and live members alike that the room is deleted, and then nothing more', () => {
    const held = connect();
    const live = connect();
    fanout.hold('r', held.connection);
    fanout.subscribe('r', live.connection);
    fanout.toRoom('r', message(1));
    expect(fanout.close('r', { type: 'room_deleted', room_id: 'r' })).toEqual([live.connection, held.connection]);
    fanout.toRoom('r', message(2));
    expect([seen(held.sent), seen(live.sent)]).toEqual([['room_deleted'], [1, 'room_deleted']]);
  });
});
