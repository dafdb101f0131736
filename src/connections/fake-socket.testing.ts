import type { WebSocket } from 'ws';

/** The payload of one unmasked WebSocket frame (what `SharedFrame` writes to the TCP socket). */
function framePayload(bytes: Buffer): string {
  const length = bytes[1] & 0x7f;
  return bytes.subarray(length === 126 ? 4 : length === 127 ? 10 : 2).toString('utf8');
}

/**
 * A socket for unit specs: always open, never backed up, and it records every frame it is sent,
 * whether through `send` or as frame bytes written to the TCP socket under it.
 */
export function fakeSocket(): WebSocket & { sent: any[] } {
  const sent: any[] = [];
  const tcp = { bytesRead: 0, cork: () => undefined, uncork: () => undefined, write: (bytes: Buffer) => sent.push(JSON.parse(framePayload(bytes))) };
  return { readyState: 1, bufferedAmount: 0, sent, send: (data: string | Buffer) => sent.push(JSON.parse(String(data))), close: () => undefined, _socket: tcp } as unknown as WebSocket & {
    sent: any[];
  };
}
