'use strict';
// What every section of the benchmark shares: the command line, tokens, servers and load generators in
// their own processes, and the table printer. Every wait is bounded; everything started can be stopped.
const { fork, spawn } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { createSecretKey } = require('node:crypto');
const { connect, createServer: createNetServer } = require('node:net');
const jwt = require('jsonwebtoken');

const ROOT = join(__dirname, '..');
const SECRET = 'bench-secret-of-at-least-thirty-two-characters';
const flag = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
/** `--quick`: smaller and shorter; `--only ours|baseline`: one server; `--scenario <text>`: scenarios whose name contains it; `--cpu-prof <dir>`: profile the servers. */
const options = { quick: process.argv.includes('--quick'), only: flag('--only'), scenarioFilter: flag('--scenario'), cpuProfDir: flag('--cpu-prof') };

/** Rusty Socks with its limits opened wide, so the load is measured, not refused; every guard, pipe and limiter still runs. */
const OURS = {
  label: 'rusty socks',
  command: [join(ROOT, 'dist', 'main.js')],
  env: {
    RUSTY_SOCKS_MAX_CONN: '100000',
    RUSTY_SOCKS_MAX_CONN_PER_IP: '100000',
    RUSTY_SOCKS_RATE_LIMIT_MSG_PER_MIN: '1000000',
    RUSTY_SOCKS_RATE_LIMIT_GLOBAL_PER_SEC: '100000000',
    RUSTY_SOCKS_TIMEOUT: '600',
    RUSTY_SOCKS_PING: '300',
    // The bare server logs nothing; ours logs warnings only here, and the handshake scenario also runs
    // at the default `info` (a line per connection opened and closed) to show what that costs.
    RUSTY_SOCKS_LOG_LEVEL: 'warn',
  },
};

const key = createSecretKey(Buffer.from(SECRET, 'utf8'));
let userCounter = 0;
/** `n` tokens for users never seen before in this run. */
const tokens = (n) => Array.from({ length: n }, () => jwt.sign({ sub: `u${++userCounter}` }, key, { algorithm: 'HS256', expiresIn: 3600 }));

/** A port nobody listens on right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts TCP connections on the port. */
function accepting(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * A server under test in its own process, on a port chosen here (so any log level will do), ready
 * once it accepts connections.
 */
async function startServer(target) {
  const nodeArgs = options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : [];
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, ...target.command], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'development', RUSTY_SOCKS_HOST: '127.0.0.1', RUSTY_SOCKS_PORT: String(port), PORT: String(port), RUSTY_SOCKS_JWT_SECRET: SECRET, ...target.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk) => {
    if (output.length < 65536) output += chunk;
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  try {
    const deadline = Date.now() + 20000;
    while (!(await accepting(port))) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited (${child.exitCode ?? child.signalCode}): ${output}`);
      if (Date.now() > deadline) throw new Error(`server did not start: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return {
      child,
      url: `ws://127.0.0.1:${port}/ws`,
      rssKiB: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]),
      cpuMs: () => cpuMs(child.pid),
    };
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
}

/** CPU time (user + system) a process has used so far, in ms (`/proc/<pid>/stat`, in clock ticks of 10 ms). */
function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** SIGTERM, then SIGKILL if the process is still there after `graceMs`; resolves once it has exited. */
async function stopChild(child, graceMs) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** SIGTERM (the server drains), SIGKILL if it is still there after 15 s. */
const stopServer = (server) => stopChild(server.child, 15000);

/** A load generator process, driven by commands; a command that takes over two minutes fails. */
function startClient() {
  const child = fork(join(__dirname, 'load-client.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let next = 0;
  const pending = new Map();
  child.on('message', ({ id, ok, result, error }) => {
    const call = pending.get(id);
    if (!call) return;
    pending.delete(id);
    clearTimeout(call.timer);
    ok ? call.resolve(result) : call.reject(new Error(error));
  });
  return {
    call: (command, args = {}) => new Promise((resolve, reject) => {
      const id = ++next;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`load client: ${command} did not finish within 120 s`));
      }, 120000);
      pending.set(id, { resolve, reject, timer });
      child.send({ id, command, args });
    }),
    stop: () => {
      for (const { timer } of pending.values()) clearTimeout(timer);
      child.kill('SIGKILL');
    },
  };
}

/** Starts `count` load generators, runs `body` with them, and stops them whatever happens. */
async function withClients(count, body) {
  const clients = Array.from({ length: count }, startClient);
  try {
    return await body(clients);
  } finally {
    await Promise.all(clients.map((c) => c.call('closeAll').catch(() => undefined)));
    clients.forEach((c) => c.stop());
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The value at quantile `q` of sorted `samples`. */
const quantile = (samples, q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];

function format(n) {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2);
}

/** Prints a Markdown table, the first column left-aligned and the others right-aligned. */
function printTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

/**
 * The measured part of a fan-out run, while a flood is under way: after `warmMs`, the two subscriber
 * processes' counts are reset, and what they receive in the next `measureMs` is the rate.
 */
async function deliveriesPerSecond([a, b], flood, { warmMs, measureMs }) {
  await sleep(warmMs);
  await Promise.all([a.call('reset'), b.call('reset')]);
  await sleep(measureMs);
  const counts = await Promise.all([a.call('report'), b.call('report')]);
  await flood;
  return (counts[0].received + counts[1].received) / (measureMs / 1000);
}

module.exports = { ROOT, SECRET, OURS, options, tokens, freePort, startServer, stopChild, stopServer, startClient, withClients, sleep, median, quantile, format, printTable, deliveriesPerSecond };
