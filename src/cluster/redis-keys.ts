import { KEY_PREFIX } from './cluster.constants';

/**
 * Every Redis key and channel of the cluster, in one place (so scripts and stores agree). Room keys
 * share the room id; `inst*` keys hold one instance's share of cluster-wide counts, so that the share of
 * an instance that died can be taken back (see `PresenceService`).
 */
export const RedisKeys = {
  /** SET of room ids. */
  rooms: `${KEY_PREFIX}rooms`,
  /** HASH: `record` (the RoomRecord as JSON), `offset` (the last allotted). */
  room: (roomId: string) => `${KEY_PREFIX}room:${roomId}`,
  /** HASH userId → MemberRecord JSON: who is in the room, cluster-wide. */
  members: (roomId: string) => `${KEY_PREFIX}members:${roomId}`,
  /** HASH userId → connections of the user in the room, all instances. */
  memberConns: (roomId: string) => `${KEY_PREFIX}member-conns:${roomId}`,
  /** STREAM of the room's kept messages; entry id `<offset>-0`, fields `m` (frame JSON) and `at` (ms). */
  history: (roomId: string) => `${KEY_PREFIX}history:${roomId}`,
  /** HASH message id → offset for the kept messages, plus `~lost`: the highest offset trimmed or aged out. */
  historyIndex: (roomId: string) => `${KEY_PREFIX}history-index:${roomId}`,
  /** SET of rooms that have a history stream (for the sweeps). */
  historyRooms: `${KEY_PREFIX}history-rooms`,
  /** HASH instanceId → connections of the user on that instance. */
  userConns: (userId: string) => `${KEY_PREFIX}user-conns:${userId}`,
  /** ZSET instanceId → time of its last heartbeat (ms, Redis clock). */
  instances: `${KEY_PREFIX}instances`,
  /** HASH `<roomId>\n<userId>` → this instance's connections of the user in the room. */
  instanceMembers: (instanceId: string) => `${KEY_PREFIX}inst-members:${instanceId}`,
  /** HASH userId → this instance's connections of the user. */
  instanceUsers: (instanceId: string) => `${KEY_PREFIX}inst-users:${instanceId}`,
  /** HASH connection id → the instance it is open on (for sending to one connection from anywhere). */
  connectionOwners: `${KEY_PREFIX}connection-owners`,
  /** SET of the connection ids open on an instance. */
  instanceConnections: (instanceId: string) => `${KEY_PREFIX}inst-connections:${instanceId}`,
  /** Channel of frames for single connections of one instance. */
  instanceChannel: (instanceId: string) => `${KEY_PREFIX}ch:instance:${instanceId}`,
  /** HASH userId → role number set in the room. */
  roles: (roomId: string) => `${KEY_PREFIX}roles:${roomId}`,
  /** HASH userId → `until` ms (`-1`: permanent) of the room's bans or mutes (the purge script builds the same name). */
  sanctions: (kind: string, roomId: string) => `${KEY_PREFIX}${kind}:${roomId}`,
  /** ZSET `<kind>|<roomId>|<userId>` by `until`: the sanctions to purge when they end. */
  sanctionEnds: `${KEY_PREFIX}sanction-ends`,
  /** A shared rate-limit window (per user, per IP, the global ceiling). */
  rateLimit: (window: string) => `${KEY_PREFIX}rl:${window}`,
  /** Channel of a room's frames. */
  roomChannel: (roomId: string) => `${KEY_PREFIX}ch:room:${roomId}`,
  /** Channel of frames and commands for every connection of a user. */
  userChannel: (userId: string) => `${KEY_PREFIX}ch:user:${userId}`,
  roomChannelPrefix: `${KEY_PREFIX}ch:room:`,
  userChannelPrefix: `${KEY_PREFIX}ch:user:`,
  instanceChannelPrefix: `${KEY_PREFIX}ch:instance:`,
} as const;
