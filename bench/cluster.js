'use strict';
// The cluster section of `npm run bench`: Rusty Socks alone (no bare `ws` here), one instance in memory,
// one on Redis and two on the same Redis, on the same work. It starts its own `redis-server` (no
// persistence, a free port on 127.0.0.1) and stops it at the end; without one it says SKIPPED.
const { spawn } = require('node:child_process');
const { existsSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { delimiter, join } = require('node:path');
const { OURS, options, tokens, freePort, startServer, stopServer, stopChild, withClients, sleep, median, quantile, format, printTable, deliveriesPerSecond } = require('./harness');

const SIZES = options.quick
  ? { subscribers: 200, latencySubs: 100, latencyRate: 20, warmMs: 200, measureMs: 700 }
  : { subscribers: 1000, latencySubs: 100, latencyRate: 20, warmMs: 1000, measureMs: 4000 };

// Presence events off: with them, each of N joins is announced to the room through Redis (N²/2
// frames before the first message), which is setup, not what is measured.
const MEMORY = { ...OURS, env: { ...OURS.env, RUSTY_SOCKS_PRESENCE_EVENTS_MAX_MEMBERS: '0' } };
const onRedis = (url) => ({ ...MEMORY, env: { ...MEMORY.env, RUSTY_SOCKS_REDIS_URL: url } });

/**
 * Publisher connections of the fan-out, all on the first instance. Each waits for Redis on every
 * message (a connection's frames run in order): on Redis one alone delivered about 15% less than two,
 * and four or eight no more than two.
 */
const PUBLISHERS = 2;

/**
 * Deliveries per second to `subscribers` sockets of `general`, split evenly across `instances`, with
 * the publishers on the first instance as fast as the slowest instance's last subscriber drains.
 */
const fanout = (subscribers) => async (instances, [a, b, publisher]) => {
  const [first, second = first] = instances;
  await Promise.all([a.call('subscribe', { url: first.url, tokens: tokens(subscribers / 2), base: 1 }), b.call('subscribe', { url: second.url, tokens: tokens(subscribers / 2), base: 2 })]);
  const probeUrls = instances.map((instance) => instance.url);
  const durationMs = SIZES.warmMs + SIZES.measureMs + 200;
  const flood = publisher.call('flood', { url: first.url, tokens: tokens(probeUrls.length + PUBLISHERS), base: 3, window: 32, size: 64, durationMs, probeUrls });
  return deliveriesPerSecond([a, b], flood, SIZES);
};

/**
 * Publish-to-delivery p50/p99 at a fixed rate, published on the first instance, for the subscribers on
 * it (A) and on the second (B). The publisher has its own process, so A and B are measured alike.
 */
async function latency([first, second = first], [a, b, publisher]) {
  const half = SIZES.latencySubs / 2;
  await Promise.all([a.call('subscribe', { url: first.url, tokens: tokens(half), base: 1, measureLatency: true }), b.call('subscribe', { url: second.url, tokens: tokens(half), base: 2, measureLatency: true })]);
  const paced = publisher.call('paced', { url: first.url, token: tokens(1)[0], base: 3, rate: SIZES.latencyRate, durationMs: SIZES.warmMs + SIZES.measureMs });
  await sleep(SIZES.warmMs);
  await Promise.all([a.call('reset'), b.call('reset')]);
  await paced;
  await sleep(200);
  const reports = await Promise.all([a.call('report'), b.call('report')]);
  // A side that got nothing did not join the room: a broken cluster, not a fast one.
  if (reports.some((r) => r.latencies.length === 0)) throw new Error('cluster latency: a group of subscribers received no message');
  const [onA, onB, all] = [reports[0].latencies, reports[1].latencies, reports.flatMap((r) => r.latencies)].map((samples) => samples.sort((x, y) => x - y));
  return { aP50: quantile(onA, 0.5), aP99: quantile(onA, 0.99), bP50: quantile(onB, 0.5), bP99: quantile(onB, 0.99), p50: quantile(all, 0.5), p99: quantile(all, 0.99) };
}

const SCENARIOS = [
  { name: `cluster fan-out, ${SIZES.subscribers} subscribers (deliveries/s)`, run: fanout(SIZES.subscribers), setups: ['memory x1', 'redis x1', 'redis x2'] },
  // Short and noisy: in a full run, three runs with the setups taking turns, and the median of each figure.
  { name: `cluster cross-instance latency at ${SIZES.latencySubs * SIZES.latencyRate} deliveries/s (ms)`, run: latency, setups: ['memory x1', 'redis x2'], repeat: options.quick ? 1 : 3 },
];

function redisServerPath() {
  return (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'redis-server')).find((path) => existsSync(path));
}

/** A `redis-server` of our own: loopback only, nothing written to disk. */
async function startRedis(path) {
  const port = await freePort();
  const child = spawn(path, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', tmpdir()], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  try {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${output}`)), 10000);
      const onData = (chunk) => {
        output += chunk;
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
    });
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return { child, url: `redis://127.0.0.1:${port}` };
}

const stopRedis = (redis) => stopChild(redis.child, 5000);

/** Starts all of `targets` together; if one fails, stops the others and throws. */
async function startAll(targets) {
  const started = await Promise.allSettled(targets.map(startServer));
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await Promise.all(started.filter((s) => s.status === 'fulfilled').map((s) => stopServer(s.value)));
    throw failed.reason;
  }
  return started.map((s) => s.value);
}

/** Runs the cluster scenarios the command line selects and prints their tables. */
async function clusterSection() {
  const scenarios = SCENARIOS.filter((s) => !options.scenarioFilter || s.name.includes(options.scenarioFilter));
  if (scenarios.length === 0) return;
  console.log('\nSeveral instances: Rusty Socks in memory vs on one Redis, 1 and 2 instances on this machine\n');
  const path = redisServerPath();
  if (!path) {
    console.log('SKIPPED: redis-server is not installed (apt-get install redis-server), so the cluster scenarios did not run');
    return;
  }
  const redis = await startRedis(path);
  const results = {};
  try {
    // All three servers start together (a Nest boot is about 2 s); a server with no connection is
    // idle, and the second Redis instance, with no member in the room, is not even subscribed to it.
    const [memory, first, second] = await startAll([MEMORY, onRedis(redis.url), onRedis(redis.url)]);
    try {
      const setups = { 'memory x1': [memory], 'redis x1': [first], 'redis x2': [first, second] };
      for (const scenario of scenarios) {
        const runs = {};
        const repeat = scenario.repeat ?? 1;
        for (let round = 0; round < repeat; round++) {
          for (const setup of scenario.setups) {
            process.stderr.write(`  ${setup}: ${scenario.name}${repeat > 1 ? ` (run ${round + 1}/${repeat})` : ''}…\n`);
            (runs[setup] ??= []).push(await withClients(3, (clients) => scenario.run(setups[setup], clients)));
          }
        }
        results[scenario.name] = Object.fromEntries(Object.entries(runs).map(([setup, values]) => [setup, medians(values)]));
      }
    } finally {
      await Promise.all([memory, first, second].map(stopServer));
    }
  } finally {
    await stopRedis(redis);
  }
  print(results);
}

/** The median of numbers, or of each field of objects of numbers. */
function medians(values) {
  if (typeof values[0] === 'number') return median(values);
  return Object.fromEntries(Object.keys(values[0]).map((field) => [field, median(values.map((v) => v[field]))]));
}

function print(results) {
  const ratio = (x, y) => (x !== undefined && y ? `${(x / y).toFixed(2)}x` : '-');
  const cell = (n) => (n === undefined ? '-' : format(n));
  const [fanoutScenario, latencyScenario] = SCENARIOS;
  const deliveries = results[fanoutScenario.name];
  if (deliveries) {
    const { 'memory x1': memory, 'redis x1': x1, 'redis x2': x2 } = deliveries;
    printTable(['metric', 'memory x1', 'redis x1', 'redis x2', 'redis x2 / x1', 'redis x1 / memory'], [[fanoutScenario.name, cell(memory), cell(x1), cell(x2), ratio(x2, x1), ratio(x1, memory)]]);
  }
  const latencies = results[latencyScenario.name];
  if (latencies) {
    if (deliveries) console.log('');
    const memory = latencies['memory x1'];
    const x2 = latencies['redis x2'];
    const row = (q, a, b) => [q, cell(memory?.[q]), cell(x2[a]), cell(x2[b]), (x2[b] - x2[a]).toFixed(2)];
    printTable([latencyScenario.name, 'memory x1', 'redis x2, on A', 'redis x2, on B', 'B - A'], [row('p50', 'aP50', 'bP50'), row('p99', 'aP99', 'bP99')]);
    console.log('(published on instance A; every instance, A too, gets room messages from Redis)');
  }
}

module.exports = { clusterSection };
