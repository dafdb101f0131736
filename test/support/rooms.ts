/** Room requests that a test needs to succeed before it checks something else (PROTOCOL.md §5.1). */
import { TestClient } from './client';

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
