import { connectWelcomed, Frame, TestClient } from '../support/client';
import { TestServer } from '../support/server';
import { signToken } from '../support/tokens';

/** RFC 3339 UTC with milliseconds and a `Z` (PROTOCOL.md §1). */
export const RFC3339_MS_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** A UUID as the server writes them. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Every room id matches this (PROTOCOL.md §5.1). */
export const ROOM_ID = /^[A-Za-z0-9_.-]{1,64}$/;

let counter = 0;
/** A user id no other test of the run uses, so late events of an earlier test cannot be mistaken for this one's. */
export function uniqueId(name: string): string {
  return `${name}-${process.pid}-${++counter}`;
}

/** Matches frames of one type in one room, with optional further fields. */
export function inRoom(type: string, roomId: string, fields: Record<string, unknown> = {}): (f: Frame) => boolean {
  return (f) => f.type === type && f.room_id === roomId && Object.entries(fields).every(([k, v]) => f[k] === v);
}

/**
 * Opens clients against one server and closes them all at the end of each test
 * (`afterEach(() => clients.closeAll())`).
 */
export class Clients {
  private readonly open: TestClient[] = [];

  constructor(private readonly server: () => TestServer) {}

  /** A connection authenticated as `sub` (a plain Member unless `claims.role` says otherwise). */
  async as(sub: string, claims: Record<string, unknown> = {}): Promise<TestClient> {
    const { client } = await connectWelcomed(`${this.server().wsUrl}?token=${signToken({ sub, ...claims })}`);
    this.open.push(client);
    return client;
  }

  /** An anonymous guest (no token); resolves with the client and its welcome frame. */
  async guest(): Promise<{ client: TestClient; welcome: Frame }> {
    const welcomed = await connectWelcomed(this.server().wsUrl);
    this.open.push(welcomed.client);
    return welcomed;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.open.splice(0).map((c) => c.close()));
  }
}

/** Sends `create_room` and returns the new room's id, failing on anything but `success`. */
export async function createRoom(client: TestClient, settings: Record<string, unknown> = {}): Promise<string> {
  const reply = await client.request({ type: 'create_room', name: 'Test room', ...settings }, 5000);
  expect(reply).toMatchObject({ type: 'success', data: { room_id: expect.any(String) } });
  return reply.data.room_id as string;
}

/** Sends `join_room` and returns its `success.data`, failing on anything but `success`. */
export async function joinRoom(client: TestClient, roomId: string, password?: string): Promise<Record<string, any>> {
  const reply = await client.request({ type: 'join_room', room_id: roomId, ...(password !== undefined && { password }) }, 5000);
  expect(reply).toMatchObject({ type: 'success', data: { room_id: roomId } });
  return reply.data as Record<string, any>;
}

/** Asserts an `error` reply with exactly this code, echoing the request's id. */
export function expectError(reply: Frame, code: string): void {
  expect(reply).toMatchObject({ type: 'error', code, message: expect.any(String), request_id: expect.any(String) });
}
