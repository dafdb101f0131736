import type { WebSocket } from 'ws';
import { Role } from '../moderation/role';
import { Clock, SystemClock } from '../common/clock';
import { ErrorCode } from '../common/error-code';
import { resolveOptions } from '../config/options.resolver';
import { ResolvedOptions } from '../config/rusty-socks-options.interface';
import { ClientConnection } from '../connections/client-connection';
import { ConnectionRegistry } from '../connections/connection-registry.service';
import { LocalOutboundSender } from '../connections/local-outbound-sender';
import { ModerationService } from '../moderation/moderation.service';
import { InMemoryRoomRoleStore } from '../moderation/room-role.store';
import { InMemorySanctionStore } from '../moderation/in-memory-sanction.store';
import { SanctionsService } from '../moderation/sanctions.service';
import { WorkerPoolService } from '../worker-pool/worker-pool.service';
import { InMemoryRoomStore } from './in-memory-room.store';
import { MessageSenderIndex } from './message-sender.index';
import { RoomPasswordService } from './room-password.service';
import { RoomsService } from './rooms.service';

/** A socket that records what it is sent. */
function fakeSocket(): WebSocket & { sent: any[] } {
  const sent: any[] = [];
  return { readyState: 1, sent, send: (data: string, written?: () => void) => (sent.push(JSON.parse(data)), written?.()), close: () => undefined } as unknown as WebSocket & { sent: any[] };
}

describe('RoomsService', () => {
  let options: ResolvedOptions;
  let pool: WorkerPoolService;
  let registry: ConnectionRegistry;
  let rooms: RoomsService;
  let sanctions: SanctionsService;
  let senders: MessageSenderIndex;
  let store: InMemoryRoomStore;
  let n = 0;

  const connect = (userId: string, globalRole = Role.Member) => {
    const socket = fakeSocket();
    const connection = new ClientConnection(`c${++n}`, { userId, username: userId, globalRole, authenticated: true }, socket, '127.0.0.1', registry.sendLimits, Date.now());
    registry.add(connection);
    return { connection, sent: socket.sent };
  };

  beforeEach(async () => {
    options = resolveOptions({ threadPoolSize: 1, passwordHashCost: 10, presenceEventsMaxMembers: 2 });
    pool = new WorkerPoolService(options);
    registry = new ConnectionRegistry(options);
    const clock: Clock = new SystemClock();
    sanctions = new SanctionsService(new InMemorySanctionStore(), clock);
    rooms = new RoomsService(
      options,
      (store = new InMemoryRoomStore()),
      new LocalOutboundSender(registry),
      new ModerationService(options, new InMemoryRoomRoleStore()),
      new RoomPasswordService(options, pool),
      clock,
      sanctions,
      (senders = new MessageSenderIndex(options)),
    );
    await rooms.onModuleInit();
  });
  afterEach(() => {
    sanctions.onModuleDestroy();
    return pool.onApplicationShutdown();
  });

  it('announces a user once, on their first connection in, and their departure after their last one leaves', async () => {
    const alice = connect('alice');
    const bob1 = connect('bob');
    const bob2 = connect('bob');
    await rooms.join(alice.connection, 'general', null);
    await rooms.join(bob1.connection, 'general', null);
    await rooms.join(bob2.connection, 'general', null);
    expect(alice.sent.filter((f) => f.type === 'user_joined')).toEqual([{ type: 'user_joined', room_id: 'general', user_id: 'bob', username: 'bob' }]);
    await rooms.leave(bob1.connection, 'general', 'left');
    expect(alice.sent.filter((f) => f.type === 'user_left')).toEqual([]);
    await rooms.leaveAll(bob2.connection, 'disconnected');
    expect(alice.sent.filter((f) => f.type === 'user_left')).toEqual([{ type: 'user_left', room_id: 'general', user_id: 'bob', username: 'bob', reason: 'disconnected' }]);
  });

  it('stops presence events once a room has more members than the configured maximum', async () => {
    const [a, b, c] = [connect('a'), connect('b'), connect('c')];
    for (const x of [a, b, c]) await rooms.join(x.connection, 'general', null);
    expect(a.sent.filter((f) => f.type === 'user_joined').map((f) => f.user_id)).toEqual(['b']);
  });

  it('numbers messages per room and delivers them to everyone but the sending connection', async () => {
    const alice = connect('alice');
    const alice2 = connect('alice');
    const bob = connect('bob');
    for (const x of [alice, alice2, bob]) await rooms.join(x.connection, 'general', null);
    const first = await rooms.publish(alice.connection, 'general', 'one');
    const second = await rooms.publish(bob.connection, 'general', 'two');
    expect([first.offset, second.offset]).toEqual([1, 2]);
    expect(alice.sent.filter((f) => f.type === 'room_message').map((f) => f.content)).toEqual(['two']);
    expect(alice2.sent.filter((f) => f.type === 'room_message').map((f) => f.content)).toEqual(['one', 'two']);
    expect(bob.sent.filter((f) => f.type === 'room_message').map((f) => f.content)).toEqual(['one']);
  });

  it('makes the creator Owner and hides a private room from everyone else but global admins', async () => {
    const owner = connect('owner');
    const other = connect('other');
    const admin = connect('admin', Role.Admin);
    const { room_id } = await rooms.create(owner.connection, { name: ' Secret ', isPrivate: true, maxMembers: null, password: null });
    expect((await rooms.members(owner.connection.principal, room_id)).map((m) => [m.id, m.role])).toEqual([['owner', 'Owner']]);
    expect((await rooms.list(other.connection.principal)).map((r) => r.id)).toEqual(['general']);
    expect((await rooms.list(admin.connection.principal)).map((r) => r.id)).toEqual(['general', room_id]);
    await expect(rooms.join(other.connection, room_id, null)).rejects.toMatchObject({ code: ErrorCode.RoomNotFound });
  });

  it('checks room passwords on the worker pool and counts members, not connections, against max_members', async () => {
    const owner = connect('owner');
    const guest = connect('guest');
    const guest2 = connect('guest');
    const { room_id } = await rooms.create(owner.connection, { name: 'Pw', isPrivate: false, maxMembers: 2, password: 'open sesame' });
    await expect(rooms.join(guest.connection, room_id, 'nope')).rejects.toMatchObject({ code: ErrorCode.WrongPassword });
    await expect(rooms.join(guest.connection, room_id, 'open sesame')).resolves.toMatchObject({ room_id, role: 'Member', offset: 0 });
    await expect(rooms.join(guest2.connection, room_id, null)).resolves.toMatchObject({ room_id });
    await expect(rooms.join(connect('third').connection, room_id, 'open sesame')).rejects.toMatchObject({ code: ErrorCode.RoomFull });
    expect(pool.stats().completed).toBeGreaterThanOrEqual(3);
  });

  it('keeps a banned user out of a default room without failing the connection, and out of rooms they try to join', async () => {
    await sanctions.impose('ban', 'general', 'bob', null);
    const bob = connect('bob');
    await rooms.joinDefaultRooms(bob.connection);
    expect(bob.connection.rooms.has('general')).toBe(false);
    expect(bob.sent).toEqual([expect.objectContaining({ type: 'error', code: ErrorCode.Banned, room_id: 'general', until: null })]);
    await expect(rooms.join(bob.connection, 'general', null)).rejects.toMatchObject({ code: ErrorCode.Banned, extras: { room_id: 'general', until: null } });
  });

  it('does not let a join that a ban overtakes leave the user in the room', async () => {
    const alice = connect('alice');
    const bob = connect('bob');
    await rooms.join(alice.connection, 'general', null);
    const addMember = store.addMember.bind(store);
    // The ban is stored while bob's join is between its ban check and its membership write.
    jest.spyOn(store, 'addMember').mockImplementationOnce(async (...args) => {
      await sanctions.impose('ban', 'general', 'bob', null);
      return addMember(...args);
    });
    await expect(rooms.join(bob.connection, 'general', null)).rejects.toMatchObject({ code: ErrorCode.Banned });
    expect(bob.connection.rooms.has('general')).toBe(false);
    expect((await rooms.members(alice.connection.principal, 'general')).map((m) => m.id)).toEqual(['alice']);
    expect(alice.sent.filter((f) => f.type === 'user_left')).toEqual([expect.objectContaining({ user_id: 'bob', reason: 'banned' })]);
  });

  it('remembers who sent each published message, for delete_message', async () => {
    const alice = connect('alice');
    await rooms.join(alice.connection, 'general', null);
    const frame = await rooms.publish(alice.connection, 'general', 'mine');
    expect(senders.senderOf('general', frame.id)).toBe('alice');
  });

  it('does not let a connection that closed during a join stay in the room', async () => {
    const owner = connect('owner');
    const late = connect('late');
    const { room_id } = await rooms.create(owner.connection, { name: 'Pw', isPrivate: false, maxMembers: null, password: 'pw' });
    const joining = rooms.join(late.connection, room_id, 'pw');
    late.connection.closed = true;
    await expect(joining).rejects.toMatchObject({ code: ErrorCode.NotAMember });
    expect((await rooms.members(owner.connection.principal, room_id)).map((m) => m.id)).toEqual(['owner']);
  });
});
