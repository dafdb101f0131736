/** Matching and checking the frames the server sends (PROTOCOL.md §2–§6). */
import { Frame, TestClient } from './client';
import { RFC3339_MS_UTC } from './patterns';
import { within } from './poll';

/** Matches frames of one type in one room, with optional further fields. */
export function inRoom(type: string, roomId: string, fields: Record<string, unknown> = {}): (f: Frame) => boolean {
  return (f) => f.type === type && f.room_id === roomId && Object.entries(fields).every(([k, v]) => f[k] === v);
}

/** Asserts an `error` reply with exactly this code, echoing the request's id. */
export function expectError(reply: Frame, code: string): void {
  expect(reply).toMatchObject({ type: 'error', code, message: expect.any(String), request_id: expect.any(String) });
}

/** Waits for the next `error` frame (for frames that carry no usable `request_id`). */
export function nextError(client: TestClient, timeoutMs?: number): Promise<Frame> {
  return client.next('error', 'an error frame', timeoutMs);
}

/** The fields an `INVALID_PAYLOAD` error's `details` names. */
export function detailFields(error: Frame): string[] {
  return (error.details as { field: string }[] | undefined)?.map((d) => d.field) ?? [];
}

/** Proves the connection is still open and served: a ping is answered with a pong echoing its id. */
export async function expectAlive(client: TestClient): Promise<void> {
  const pong = await client.request({ type: 'ping' });
  expect(pong).toEqual({ type: 'pong', timestamp: expect.stringMatching(RFC3339_MS_UTC), request_id: expect.any(String) });
  expect(client.closeCode).toBeUndefined();
}

/** The one frame every refused handshake must get (PROTOCOL.md §2.2), before close 4401. */
export const AUTH_FAILED_FRAME = { type: 'error', code: 'AUTH_FAILED', message: 'Authentication failed' };

/**
 * Waits for the server to refuse an already-open connection and checks the exact contract: one
 * `AUTH_FAILED` frame and nothing else, then close code 4401.
 */
export async function expectAuthFailed(client: TestClient): Promise<void> {
  const { code } = await within(client.closed, 3000, 'the server to close the refused connection');
  expect({ code, frames: client.frames }).toEqual({ code: 4401, frames: [AUTH_FAILED_FRAME] });
}
