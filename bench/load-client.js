'use strict';
// One load-generating process, driven by the harness over IPC. Each command opens its sockets,
// does its work for a bounded time, reports numbers, and closes what it opened.
const { performance } = require('node:perf_hooks');
const WebSocket = require('ws');

const now = () => performance.timeOrigin + performance.now();
/**
 * Gives every client socket its own loopback source address — this process's own /16 (from its pid),
 * one address per socket — so no run ever meets the TIME_WAIT ports of an earlier one.
 */
let addressCounter = 0;
const processOctet = 10 + (process.pid % 240);
function localAddress() {
  const n = addressCounter++ % 65000;
  return `127.${processOctet}.${n >> 8}.${(n & 0xff) || 1}`;
}

function open(url, base, onMessage) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, localAddress: localAddress() });
    ws.once('error', reject);
    ws.once('message', () => {
      // The first frame is the welcome: the connection is accepted.
      ws.removeListener('error', reject);
      ws.on('error', () => undefined);
      if (onMessage) ws.on('message', onMessage);
      resolve(ws);
    });
  });
}

async function openMany(count, concurrency, make) {
  const sockets = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        next++;
        sockets.push(await make());
      }
    }),
  );
  return sockets;
}

const state = { sockets: [], received: 0, latencies: [] };

const commands = {
  /** Opens idle or counting subscribers. */
  async subscribe({ url, tokens, base, measureLatency }) {
    const onMessage = measureLatency
      ? (data) => {
          state.received++;
          const text = data.toString();
          const at = text.indexOf('"content":"t=');
          if (at !== -1) state.latencies.push(now() - Number(text.slice(at + 13, text.indexOf(' ', at + 13))));
        }
      : () => void state.received++;
    const sockets = await openMany(tokens.length, 50, () => open(`${url}?token=${tokens.shift()}`, base, onMessage));
    state.sockets.push(...sockets);
    return { opened: sockets.length };
  },

  /** Zeroes the counters at the start of a measurement window. */
  async reset() {
    state.received = 0;
    state.latencies = [];
    return {};
  },

  async report() {
    return { received: state.received, latencies: state.latencies };
  },

  /**
   * Publishes as fast as the server takes it: each of `publishers` connections keeps `window`
   * messages awaiting their ack. The content varies, so no spam rule applies.
   */
  async flood({ url, tokens, base, window, durationMs, size, probe, probeUrls = probe ? [url] : [] }) {
    const pad = 'abcdefghij'.repeat(Math.ceil(size / 10)).slice(0, size);
    let sent = 0;
    let acked = 0;
    // With a probe, flow control is end to end: a subscriber that joined last (so is served last)
    // must have received all but `window` of the messages sent. Without one, acks pace the sender.
    // With several instances there is one probe on each (`probeUrls`), and the slowest one paces.
    let probed = 0;
    const pumps = [];
    const counts = probeUrls.map(() => 0);
    const probeSockets = await Promise.all(
      probeUrls.map((probeUrl, i) =>
        open(`${probeUrl}?token=${tokens.shift()}`, base, (data) => {
          if (!data.includes('"type":"room_message"')) return;
          if (counts[i]++ !== probed) return;
          probed = Math.min(...counts);
          for (const pump of pumps) pump();
        }),
      ),
    );
    const stopAt = now() + durationMs;
    await Promise.all(
      tokens.map(async (token) => {
        const ws = await open(`${url}?token=${token}`, base);
        await new Promise((resolve) => {
          let inFlight = 0;
          const pump = () => {
            while ((probeUrls.length > 0 ? sent - probed : inFlight) < window && now() < stopAt) {
              inFlight++;
              ws.send(`{"type":"room_message","room_id":"general","content":"n=${sent++} ${pad}","request_id":"${sent}"}`);
            }
            if (inFlight === 0 || (probeUrls.length > 0 && now() >= stopAt)) resolve();
          };
          pumps.push(pump);
          ws.on('message', (data) => {
            if (data.includes('"request_id"')) {
              inFlight--;
              acked++;
              pump();
            }
          });
          pump();
        });
        ws.close();
      }),
    );
    for (const socket of probeSockets) socket.terminate();
    return { sent, acked };
  },

  /** Publishes `rate` messages per second for `durationMs`, each carrying its send time. */
  async paced({ url, token, base, rate, durationMs }) {
    const ws = await open(`${url}?token=${token}`, base);
    let sent = 0;
    const start = now();
    await new Promise((resolve) => {
      const tick = () => {
        const due = Math.floor(((now() - start) / 1000) * rate);
        while (sent < due) ws.send(`{"type":"room_message","room_id":"general","content":"t=${now()} ${sent++}"}`);
        if (now() - start >= durationMs) return resolve();
        setTimeout(tick, 2);
      };
      tick();
    });
    ws.close();
    return { sent };
  },

  /** Connects, waits for the welcome, closes — `concurrency` loops for `durationMs`. */
  async handshakes({ url, tokens, base, concurrency, durationMs }) {
    let done = 0;
    let failed = 0;
    const stopAt = now() + durationMs;
    await Promise.all(
      Array.from({ length: concurrency }, async (_, i) => {
        while (now() < stopAt) {
          try {
            const ws = await open(`${url}?token=${tokens[(done + i) % tokens.length]}`, base);
            done++;
            ws.terminate();
          } catch {
            failed++;
          }
        }
      }),
    );
    return { done, failed };
  },

  async closeAll() {
    for (const ws of state.sockets) ws.terminate();
    state.sockets = [];
    return {};
  },
};

process.on('message', async ({ id, command, args }) => {
  try {
    process.send({ id, ok: true, result: await commands[command](args) });
  } catch (err) {
    process.send({ id, ok: false, error: String(err && err.stack ? err.stack : err) });
  }
});
