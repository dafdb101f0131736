import { fakeSocket } from '../connections/fake-socket.testing';
import { Role } from '../moderation/role';
import { Clock, ManualClock, SystemClock } from '../common/clock';
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
import { InMemoryHistoryStore } from './in-memory-history.store';
import { RoomFanout } from './room-fanout';
import { RoomHistoryService } from './room-history.service';
import { RoomReaper } from './room-reaper.service';
import { RoomAccessService } from './room-access.service';
import { RoomPasswordService } from './room-password.service';
import { RoomsService } from './rooms.service';


describe('RoomsService', () => {
  let options: ResolvedOptions;
  let pool: WorkerPoolService;
  let registry: ConnectionRegistry;
  let rooms: RoomsService;
  let sanctions: SanctionsService;
  let history: RoomHistoryService;
  let historyStore: InMemoryHistoryStore;
  let sender: LocalOutboundSender;
  let fanout: RoomFanout;
  let reaper: RoomReaper;
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
    store = new InMemoryRoomStore();
    sender = new LocalOutboundSender(registry);
    const moderation = new ModerationService(options, new InMemoryRoomRoleStore());
    history = new RoomHistoryService((historyStore = new InMemoryHistoryStore(options, clock)));
    fanout = new RoomFanout(options, sender, registry);
    reaper = new RoomReaper(store, history, fanout, moderation, sanctions);
    rooms = new RoomsService(options, store, sender, moderation, new RoomAccessService(store, moderation, new RoomPasswordService(options, pool)), clock, sanctions, history, fanout, reaper);
    await rooms.onModuleInit();
  });
  afterEach(() => {
    sanctions.onModuleDestroy();
    reaper.onModuleDestroy();
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

  it('keeps each published message in history with its sender, for get_history and delete_message', async () => {
    const alice = connect('alice');
    await rooms.join(alice.connection, 'general', null);
    const frame = await rooms.publish(alice.connection, 'general', 'mine');
    await expect(history.senderOf('general', frame.id)).resolves.toBe('alice');
    await expect(rooms.getHistory(alice.connection.principal, 'general', 50, null)).resolves.toMatchObject({ type: 'room_history', room_id: 'general', messages: [frame] });
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

  describe('join_room with since', () => {
    /** Runs a join as the transport does: as a task of the connection, its reply sent when it resolves. */
    const joinAsTask = (x: { connection: ClientConnection }, roomId: string, since: { offset: number; epoch: string }) =>
      new Promise<any>((resolve, reject) =>
        x.connection.enqueue(async () => {
          try {
            const data = await rooms.join(x.connection, roomId, null, since);
            sender.toConnection(x.connection, { type: 'success', message: 'joined', data: { ...data } });
            resolve(data);
          } catch (err) {
            reject(err);
          }
        }),
      );
    const roomFrames = (sent: any[]) => sent.filter((f) => f.type === 'room_message' || f.type === 'success').map((f) => (f.type === 'success' ? 'reply' : f.offset));

    async function roomWithMessages(count: number) {
      const alice = connect('alice');
      const { room_id } = await rooms.create(alice.connection, { name: 'Chat', isPrivate: false, maxMembers: null, password: null });
      for (let i = 1; i <= count; i++) await rooms.publish(alice.connection, room_id, `#${i}`);
      const { epoch } = await rooms.join(alice.connection, room_id, null);
      return { alice, room_id, epoch };
    }

    it.each([
      ['published while the missed messages are read (before the read)', true],
      ['published while the missed messages are read (after the read)', false],
    ])('delivers a message %s exactly once, after the replay and the reply', async (_when, beforeRead) => {
      const { alice, room_id, epoch } = await roomWithMessages(3);
      const bob = connect('bob');
      const after = historyStore.after.bind(historyStore);
      jest.spyOn(historyStore, 'after').mockImplementationOnce(async (...args) => {
        if (beforeRead) await rooms.publish(alice.connection, room_id, 'during');
        const missed = await after(...args);
        if (!beforeRead) await rooms.publish(alice.connection, room_id, 'during');
        return missed;
      });
      const data = await joinAsTask(bob, room_id, { offset: 1, epoch });
      await rooms.publish(alice.connection, room_id, 'after');
      // Either way it is not replayed (it came after the catch-up began) but held, and sent once after the replay.
      expect(data).toMatchObject({ recovered: true, missed: 2, offset: 3 });
      expect(roomFrames(bob.sent)).toEqual(['reply', 2, 3, 4, 5]);
    });

    it('delivers exactly once a message that was stored but not yet fanned out when the catch-up began', async () => {
      const { alice, room_id, epoch } = await roomWithMessages(3);
      const bob = connect('bob');
      let fanOut!: () => void;
      const paused = new Promise<void>((resolve) => (fanOut = resolve));
      const toRoom = fanout.toRoom.bind(fanout);
      jest.spyOn(fanout, 'toRoom').mockImplementationOnce((...args) => void paused.then(() => toRoom(...args)));
      const inFlight = rooms.publish(alice.connection, room_id, 'in flight');
      await expect(history.senderOf(room_id, (await inFlight).id)).resolves.toBe('alice');
      const joined = joinAsTask(bob, room_id, { offset: 1, epoch });
      await joined;
      fanOut();
      await paused;
      await rooms.publish(alice.connection, room_id, 'after');
      expect(await joined).toMatchObject({ recovered: true, missed: 2, offset: 4 });
      expect(roomFrames(bob.sent)).toEqual(['reply', 2, 3, 4, 5]);
    });

    it('replays to a connection already in the room only what it missed before it went live', async () => {
      const { alice, room_id, epoch } = await roomWithMessages(2);
      const bob = connect('bob');
      await rooms.join(bob.connection, room_id, null);
      await rooms.publish(alice.connection, room_id, 'live');
      const data = await joinAsTask(bob, room_id, { offset: 1, epoch });
      await rooms.publish(alice.connection, room_id, 'after');
      expect(data).toMatchObject({ recovered: true, missed: 1, offset: 3 });
      expect(roomFrames(bob.sent)).toEqual([3, 'reply', 2, 4]);
    });

    it('replays nothing when the gap cannot be filled whole, and then delivers live messages', async () => {
      const { alice, room_id, epoch } = await roomWithMessages(3);
      const bob = connect('bob');
      await expect(joinAsTask(bob, room_id, { offset: 1, epoch: 'another-life' })).resolves.toMatchObject({ recovered: false, missed: 0, offset: 3, epoch });
      await rooms.leave(bob.connection, room_id, 'left');
      await expect(joinAsTask(bob, room_id, { offset: 9, epoch })).resolves.toMatchObject({ recovered: false, missed: 0, offset: 3 });
      await rooms.publish(alice.connection, room_id, 'live');
      expect(roomFrames(bob.sent)).toEqual(['reply', 'reply', 4]);
    });

    it('does not leave the connection deaf to the room when reading history fails', async () => {
      const { alice, room_id, epoch } = await roomWithMessages(1);
      const bob = connect('bob');
      jest.spyOn(historyStore, 'after').mockRejectedValueOnce(new Error('store down'));
      await expect(rooms.join(bob.connection, room_id, null, { offset: 0, epoch })).rejects.toThrow('store down');
      await rooms.publish(alice.connection, room_id, 'live');
      expect(roomFrames(bob.sent)).toEqual([2]);
    });
  });

  describe('forgetting rooms', () => {
    it('forgets a created room when its last member leaves and it keeps no message; default rooms stay', async () => {
      const alice = connect('alice');
      const bob = connect('bob');
      const { room_id } = await rooms.create(alice.connection, { name: 'Brief', isPrivate: false, maxMembers: null, password: null });
      await rooms.join(bob.connection, room_id, null);
      await rooms.leave(alice.connection, room_id, 'left');
      await expect(rooms.count()).resolves.toBe(2);
      await rooms.leave(bob.connection, room_id, 'left');
      await expect(rooms.count()).resolves.toBe(1);
      await expect(rooms.join(bob.connection, room_id, null)).rejects.toMatchObject({ code: ErrorCode.RoomNotFound });
      await rooms.join(alice.connection, 'general', null);
      await rooms.leave(alice.connection, 'general', 'left');
      await expect(rooms.requireVisible('general', alice.connection.principal)).resolves.toMatchObject({ id: 'general' });
    });

    it('keeps an empty room while it has history, and forgets it once its last message is deleted', async () => {
      const alice = connect('alice');
      const { room_id } = await rooms.create(alice.connection, { name: 'Archive', isPrivate: false, maxMembers: null, password: null });
      const frame = await rooms.publish(alice.connection, room_id, 'for the record');
      await rooms.leave(alice.connection, room_id, 'left');
      await expect(rooms.getHistory(alice.connection.principal, room_id, 50, null)).resolves.toMatchObject({ messages: [{ id: frame.id }] });
      await history.remove(room_id, frame.id);
      await reaper.forgetIfIdle(room_id);
      await expect(rooms.getHistory(alice.connection.principal, room_id, 50, null)).rejects.toMatchObject({ code: ErrorCode.RoomNotFound });
    });

    it('forgets, in the periodic sweep, a room whose messages all aged out, and history left by a room that is gone', async () => {
      const clock = new ManualClock();
      const store = new InMemoryHistoryStore(resolveOptions({ historyTtlSeconds: 60 }), clock);
      const roomStore = new InMemoryRoomStore();
      const sweeper = new RoomReaper(roomStore, new RoomHistoryService(store), new RoomFanout(options, sender, registry), new ModerationService(options, new InMemoryRoomRoleStore()), sanctions);
      try {
        await roomStore.create({ id: 'quiet', name: 'quiet', isPrivate: false, maxMembers: null, passwordHash: null, isDefault: false, epoch: 'e', createdBy: null });
        const message = { type: 'room_message', id: 'm1', offset: 1, room_id: 'quiet', sender_id: 'a', sender_username: 'a', content: 'x', timestamp: '' } as const;
        await store.append(message, clock.now());
        await store.append({ ...message, id: 'm2', room_id: 'gone' }, clock.now());
        clock.advance(30_000);
        await sweeper.sweep();
        await expect(roomStore.get('quiet')).resolves.toBeDefined();
        expect(await store.rooms()).toEqual(['quiet']);
        clock.advance(30_000);
        await sweeper.sweep();
        await expect(roomStore.get('quiet')).resolves.toBeUndefined();
        expect(await store.rooms()).toEqual([]);
      } finally {
        sweeper.onModuleDestroy();
      }
    });
  });
});
