'use strict';
// `npm run bench [-- --quick] [-- --only ours|baseline]`: measures Rusty Socks against a bare `ws`
// server in the same run, on the same work, and prints the ratios; then Rusty Socks with several
// instances on Redis (`cluster.js`). Servers and load generators are separate processes on loopback;
// every phase is bounded in time; everything started is stopped.
const { join } = require('node:path');
const { OURS, options, tokens, startServer, stopServer, withClients, sleep, median, quantile, format, printTable, deliveriesPerSecond } = require('./harness');
const { clusterSection } = require('./cluster');

const { quick, only, scenarioFilter } = options;

const SIZES = quick
  ? { fanout: [1000], latencySubs: 200, latencyRate: 100, memoryConns: 1000, warmMs: 200, measureMs: 700, latencyMs: 700, handshakeMs: 700 }
  : { fanout: [1000, 5000], latencySubs: 1000, latencyRate: 20, memoryConns: 10000, warmMs: 1000, measureMs: 4000, latencyMs: 3000, handshakeMs: 2500 };

const TARGETS = {
  baseline: { label: 'bare ws', command: [join(__dirname, 'baseline-server.js')], env: {} },
  ours: OURS,
};

/** A target's server, with a scenario's extra environment. */
const startTarget = (target, env = {}) => startServer({ ...target, env: { ...target.env, ...env } });

async function withServer(target, body, env) {
  const server = await startTarget(target, env);
  try {
    return await withClients(3, (clients) => body(server, clients));
  } finally {
    await stopServer(server);
  }
}

/** Deliveries per second to `subscribers` sockets of one room, with the publisher as fast as they drain. */
const fanout = (subscribers) => async (server, [a, b, publisher]) => {
  await Promise.all([a.call('subscribe', { url: server.url, tokens: tokens(subscribers / 2), base: 1 }), b.call('subscribe', { url: server.url, tokens: tokens(subscribers / 2), base: 2 })]);
  const flood = publisher.call('flood', { url: server.url, tokens: tokens(2), base: 3, window: 32, size: 64, durationMs: SIZES.warmMs + SIZES.measureMs + 200, probe: true });
  return deliveriesPerSecond([a, b], flood, SIZES);
};

/** p50/p99 publish-to-delivery latency at a fixed delivery rate. */
async function latency(server, [a, b]) {
  const half = SIZES.latencySubs / 2;
  await Promise.all([a.call('subscribe', { url: server.url, tokens: tokens(half), base: 1, measureLatency: true }), b.call('subscribe', { url: server.url, tokens: tokens(half), base: 2, measureLatency: true })]);
  // The publisher shares a process with half the subscribers: one process fewer competing for the
  // load generators' core keeps the tail about the server, not about scheduling.
  const paced = a.call('paced', { url: server.url, token: tokens(1)[0], base: 3, rate: SIZES.latencyRate, durationMs: SIZES.warmMs + SIZES.latencyMs });
  await sleep(SIZES.warmMs);
  await Promise.all([a.call('reset'), b.call('reset')]);
  const cpuBefore = server.cpuMs();
  await paced;
  await sleep(200);
  const cpuUsed = server.cpuMs() - cpuBefore;
  const samples = (await Promise.all([a.call('report'), b.call('report')])).flatMap((r) => r.latencies).sort((x, y) => x - y);
  return { p50: quantile(samples, 0.5), p99: quantile(samples, 0.99), samples: samples.length, cpuUs: (cpuUsed * 1000) / samples.length };
}

/** Inbound messages per second through the whole pipeline, to one subscriber. */
async function ingress(server, [a, , publisher]) {
  await a.call('subscribe', { url: server.url, tokens: tokens(1), base: 1 });
  // One publisher (every other socket in the room would be a subscriber too) that keeps 256 messages
  // in flight, so the server always has the next frame waiting: its pipeline is the bottleneck.
  const durationMs = SIZES.warmMs + SIZES.measureMs + 200;
  const floods = [publisher.call('flood', { url: server.url, tokens: tokens(1), base: 3, window: 256, size: 32, durationMs })];
  await sleep(SIZES.warmMs);
  await a.call('reset');
  await sleep(SIZES.measureMs);
  const { received } = await a.call('report');
  await Promise.all(floods);
  return received / (SIZES.measureMs / 1000);
}

/** Resident memory per idle connection, over many connections. */
async function memory(server, [a, b]) {
  // RSS moves with garbage collection: settle, then take the median of several readings.
  const settled = async () => {
    await sleep(1500);
    const readings = [];
    for (let i = 0; i < 5; i++) {
      readings.push(server.rssKiB());
      await sleep(200);
    }
    return readings.sort((x, y) => x - y)[2];
  };
  const before = await settled();
  const half = SIZES.memoryConns / 2;
  await Promise.all([a.call('subscribe', { url: server.url, tokens: tokens(half), base: 1 }), b.call('subscribe', { url: server.url, tokens: tokens(half), base: 2 })]);
  return (((await settled()) - before) * 1024) / SIZES.memoryConns;
}

/**
 * Completed handshakes (upgrade, JWT check, welcome frame) per second, and the server's CPU time per
 * handshake: the load generators share the machine's cores with the server, so the rate moves with
 * whatever else runs; the CPU time per handshake is the steadier measure of the server's own cost.
 */
async function handshakes(server, [a, b]) {
  const pool = tokens(1000);
  const run = (client, base, durationMs = SIZES.handshakeMs) => client.call('handshakes', { url: server.url, tokens: pool, base, concurrency: 48, durationMs });
  // Warmed up first, as in the other scenarios: the rate of a server whose code is compiled.
  await Promise.all([run(a, 4, SIZES.warmMs), run(b, 5, SIZES.warmMs)]);
  const cpuBefore = server.cpuMs();
  const [x, y] = await Promise.all([run(a, 4), run(b, 5)]);
  const done = x.done + y.done;
  return { rate: done / (SIZES.handshakeMs / 1000), cpuUs: ((server.cpuMs() - cpuBefore) * 1000) / done };
}

/** Rounds of the short, noisy scenarios (latency, handshakes); the median is reported. */
const ROUNDS = quick ? 1 : 5;
/** The variants without a target take fewer rounds, to keep the full run under five minutes. */
const VARIANT_ROUNDS = quick ? 1 : 3;

const SCENARIOS = [
  ...SIZES.fanout.map((n) => ({ name: `fan-out, ${n} subscribers (deliveries/s)`, run: fanout(n), better: 'higher', target: '≥ 2.0x' })),
  { name: `latency p50 at ${SIZES.latencySubs * SIZES.latencyRate} deliveries/s (ms)`, id: 'latency', run: latency, repeat: ROUNDS, pick: (r) => r.p50, better: 'lower', target: '' },
  { name: `latency p99 at ${SIZES.latencySubs * SIZES.latencyRate} deliveries/s (ms)`, reuse: 'latency', pick: (r) => r.p99, better: 'lower', target: '≤ 1.0x' },
  { name: 'server CPU per delivery at that rate (µs)', reuse: 'latency', pick: (r) => r.cpuUs, better: 'lower', target: '' },
  { name: 'ingress through the full pipeline (messages/s)', run: ingress, better: 'higher', target: '≥ 0.5x' },
  { name: `memory per idle connection, ${SIZES.memoryConns} connections (bytes)`, run: memory, better: 'lower', target: '≤ 1.3x' },
  // Like for like: the bare server announces nobody, so ours runs with presence events off here…
  { name: 'handshakes with JWT verification (per s)', id: 'handshakes', run: handshakes, repeat: ROUNDS, pick: (r) => r.rate, env: { RUSTY_SOCKS_PRESENCE_EVENTS_MAX_MEMBERS: '0' }, better: 'higher', target: '≥ 0.9x' },
  { name: 'server CPU per handshake (µs)', reuse: 'handshakes', pick: (r) => r.cpuUs, better: 'lower', target: '' },
  // …and as configured by default, where every arrival and departure is announced to the room…
  { name: 'handshakes, with user_joined/user_left to the room (per s)', id: 'handshakes-presence', run: handshakes, repeat: VARIANT_ROUNDS, pick: (r) => r.rate, full: true, better: 'higher', target: '' },
  // …and logging a line per connection opened and closed (`RUSTY_SOCKS_LOG_LEVEL=info`, the default).
  { name: 'handshakes, with a log line per connection (per s)', id: 'handshakes-logs', run: handshakes, repeat: VARIANT_ROUNDS, pick: (r) => r.rate, env: { RUSTY_SOCKS_PRESENCE_EVENTS_MAX_MEMBERS: '0', RUSTY_SOCKS_LOG_LEVEL: 'info' }, full: true, better: 'higher', target: '' },
];

/** Each server on its own, one after the other, a fresh server per scenario. */
async function oneEach(scenario, targets) {
  const runs = {};
  for (const target of targets) {
    process.stderr.write(`  ${TARGETS[target].label}: ${scenario.name}…\n`);
    runs[target] = [await withServer(TARGETS[target], scenario.run, target === 'ours' ? scenario.env : undefined)];
  }
  return runs;
}

/**
 * The short, noisy scenarios (latency, handshakes): both servers up at once, taking turns round after
 * round (who goes first alternates) on the same load generators, so that both see the same moments of
 * the machine; each round's pair gives a ratio, and the median ratio is reported.
 */
async function takingTurns(scenario, targets) {
  const servers = {};
  const runs = {};
  try {
    for (const target of targets) servers[target] = await startTarget(TARGETS[target], target === 'ours' ? scenario.env : undefined);
    await withClients(3, async (clients) => {
      for (let round = 0; round < scenario.repeat; round++) {
        for (const target of round % 2 === 0 ? targets : [...targets].reverse()) {
          process.stderr.write(`  ${TARGETS[target].label}: ${scenario.name} (round ${round + 1}/${scenario.repeat})…\n`);
          (runs[target] ??= []).push(await scenario.run(servers[target], clients));
          await Promise.all(clients.map((c) => c.call('closeAll')));
        }
      }
    });
  } finally {
    await Promise.all(Object.values(servers).map(stopServer));
  }
  return runs;
}

/** For a scenario whose servers took turns: the median of the rounds' ratios ours/bare. */
function pairedRatio(results, scenario) {
  const source = scenario.reuse ?? scenario.id;
  const pick = scenario.pick ?? ((v) => v);
  const ours = results.ours?.[source];
  const base = results.baseline?.[source];
  if (!ours || !base || ours.length !== base.length || ours.length < 2) return undefined;
  return median(ours.map((run, i) => pick(run) / pick(base[i])));
}

async function main() {
  const started = Date.now();
  const results = {};
  const targets = Object.keys(TARGETS).filter((t) => !only || t === only);
  // `--quick` keeps the harness working within CI's minute: the variants of a scenario run in full runs only.
  for (const scenario of SCENARIOS.filter((s) => (!quick || !s.full) && (!scenarioFilter || s.name.includes(scenarioFilter) || s.reuse))) {
    if (scenario.reuse) {
      for (const target of targets) {
        const source = results[target]?.[scenario.reuse];
        if (source) results[target][scenario.name] = median(source.map(scenario.pick));
      }
      continue;
    }
    const runs = scenario.repeat ? await takingTurns(scenario, targets) : await oneEach(scenario, targets);
    for (const target of targets) {
      results[target] ??= {};
      if (scenario.id) results[target][scenario.id] = runs[target];
      results[target][scenario.name] = median(runs[target].map(scenario.pick ?? ((v) => v)));
    }
  }
  const rows = SCENARIOS.filter((s) => results.baseline?.[s.name] !== undefined || results.ours?.[s.name] !== undefined).map((s) => {
    const base = results.baseline?.[s.name];
    const ours = results.ours?.[s.name];
    const ratio = base && ours !== undefined ? pairedRatio(results, s) ?? ours / base : undefined;
    return [s.name, base === undefined ? '-' : format(base), ours === undefined ? '-' : format(ours), ratio === undefined ? '-' : `${ratio.toFixed(2)}x`, s.target];
  });
  console.log(`\nRusty Socks benchmark${quick ? ' (--quick)' : ''}, ${new Date().toISOString()}, node ${process.version}`);
  if (rows.length > 0) {
    console.log('');
    printTable(['metric', TARGETS.baseline.label, TARGETS.ours.label, 'ours / bare', 'target'], rows);
  }
  if (only !== 'baseline') await clusterSection();
  console.log(`\n(${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
