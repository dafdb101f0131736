import type { WebSocket } from 'ws';

/** A socket for unit specs: always open, never backed up, and it records every frame it is sent. */
export function fakeSocket(): WebSocket & { sent: any[] } {
  const sent: any[] = [];
  return { readyState: 1, bufferedAmount: 0, sent, send: (data: string | Buffer) => sent.push(JSON.parse(String(data))), close: () => undefined } as unknown as WebSocket & { sent: any[] };
}
