import { connectWelcomed, Frame, TestClient } from '../support/client';
import { signToken } from '../support/tokens';

/** The `?token=` URL for a user with the given claims. */
export function userUrl(wsUrl: string, claims: Record<string, unknown>): string {
  return `${wsUrl}?token=${signToken(claims)}`;
}

/** Connects a user, waits for the welcome and for the default room to be joined. */
export async function connectUser(wsUrl: string, claims: Record<string, unknown>, opened: TestClient[]): Promise<TestClient> {
  const { client } = await connectWelcomed(userUrl(wsUrl, claims));
  opened.push(client);
  // The default-room join runs first in the connection's queue, so a pong proves it is done.
  await expectAlive(client);
  return client;
}

/** Proves the connection is still open and served: a ping is answered with a pong echoing its id. */
export async function expectAlive(client: TestClient): Promise<void> {
  const pong = await client.request({ type: 'ping' });
  expect(pong).toEqual({ type: 'pong', timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), request_id: expect.any(String) });
  expect(client.closeCode).toBeUndefined();
}

/** Waits for the next `error` frame (for frames that carry no usable `request_id`). */
export function nextError(client: TestClient, timeoutMs?: number): Promise<Frame> {
  return client.next('error', 'an error frame', timeoutMs);
}

/** The fields an `INVALID_PAYLOAD` error's `details` names. */
export function detailFields(error: Frame): string[] {
  return (error.details as { field: string }[] | undefined)?.map((d) => d.field) ?? [];
}
