import type { Writable } from 'node:stream';
import { SharedFrame } from './shared-frame';

/** `ws`'s frame parser: exported at runtime, not declared by @types/ws. */
const { Receiver } = require('ws') as { Receiver: new (options: { isServer: boolean; maxPayload: number }) => Writable };

/** What a client's `ws` makes of the bytes: the messages it decodes, or its protocol error. */
function decode(bytes: Buffer): Promise<{ text: string; binary: boolean }> {
  return new Promise((resolve, reject) => {
    const receiver = new Receiver({ isServer: false, maxPayload: 0 });
    receiver.on('message', (data: Buffer, binary: boolean) => resolve({ text: data.toString('utf8'), binary }));
    receiver.on('error', reject);
    receiver.write(bytes);
  });
}

describe('SharedFrame', () => {
  it.each([
    ['empty', ''],
    ['a short frame', '{"type":"pong"}'],
    ['125 bytes (the longest 7-bit length)', 'x'.repeat(125)],
    ['126 bytes (16-bit length)', 'x'.repeat(126)],
    ['65,535 bytes (the longest 16-bit length)', 'x'.repeat(65535)],
    ['65,536 bytes (64-bit length)', 'x'.repeat(65536)],
    ['multi-byte UTF-8 whose byte length crosses 125', 'é'.repeat(70)],
    ['astral characters', '😀'.repeat(40000)],
  ])('%s: one unmasked final text frame that ws decodes to the same text', async (_name, text) => {
    const frame = new SharedFrame(text);
    await expect(decode(frame.bytes)).resolves.toEqual({ text, binary: false });
    expect(frame.bytes[0]).toBe(0x81);
    expect(frame.bytes[1] & 0x80).toBe(0);
    expect(frame.json).toBe(text);
  });
});
