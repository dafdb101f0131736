import { CloseCode } from '../../src/common/close-code';
import { Frame, getStats, serverForSuite, statsUntil, within } from '../support';

/** About 10 MB in all: more than the loopback socket buffers hold, so the server's queue must grow. */
const MESSAGES = 5000;
const CONTENT = 'x'.repeat(1900).replace(/x{9}/g, 'abcdefgh '); // long, and no 10-character runs

/**
 * Slow consumers (RUSTY_SOCKS_BUFFER=512, RUSTY_SOCKS_BUFFER_BYTES=1 MiB): a client that stops reading
 * while its room floods is closed with 4409 instead of growing the server's memory, and the rest of
 * the room gets every message.
 */
describe('slow consumers', () => {
  const { server, clients } = serverForSuite({
    // Room for a turn's burst to a reader in this same process, far less than the flood.
    RUSTY_SOCKS_BUFFER: '512',
    RUSTY_SOCKS_BUFFER_BYTES: '1048576',
    RUSTY_SOCKS_RATE_LIMIT_MSG_PER_MIN: '100000',
  });

  it('closes a client that stops reading with 4409 while the others receive everything', async () => {
    const reader = await clients.asReady('reader');
    const stalled = await clients.asReady('stalled');
    const flooder = await clients.asReady('flooder');
    const before = await getStats(server.httpUrl);
    // Stop reading from the socket: the kernel buffers fill, then the server's queue for this client.
    stalled.socket.pause();
    // The flooder keeps 64 messages unacknowledged, as a well-behaved publisher would: the room
    // gets messages as fast as the server takes them, in bursts the reader (in this same process)
    // can keep up with, while the stalled client falls ever further behind.
    const WINDOW = 64;
    let sent = 0;
    const sendNext = () => {
      sent++;
      flooder.send({ type: 'room_message', room_id: 'general', content: `${sent} ${CONTENT}`, request_id: `f${sent}` });
    };
    flooder.socket.on('message', (data) => {
      if (sent < MESSAGES && data.toString().includes('"request_id":"f')) sendNext();
    });
    while (sent < WINDOW) sendNext();

    await reader.next((f: Frame) => f.type === 'room_message' && f.content.startsWith(`${MESSAGES} `), `message ${MESSAGES}`, 15000);
    const received = reader.frames.filter((f) => f.type === 'room_message' && f.sender_id === 'flooder');
    expect(received.map((f) => Number(f.content.split(' ')[0]))).toEqual(Array.from({ length: MESSAGES }, (_, i) => i + 1));

    const stats = await statsUntil(server.httpUrl, (s) => s.connections.current === before.connections.current - 1, 'the stalled client to be cut off', 10000);
    expect(stats.messages.dropped).toBeGreaterThan(before.messages.dropped);
    // Once it reads again, it finds the close frame behind what was queued for it.
    stalled.socket.resume();
    const { code } = await within(stalled.closed, 10000, 'the stalled client to see its close');
    expect(code).toBe(CloseCode.TooSlow);
  });
});
