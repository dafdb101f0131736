'use strict';
// Docker HEALTHCHECK (and compose healthcheck): exits 0 when GET /health/ready answers 200, 1 otherwise.
// Node itself, because slim images have no curl or wget. Reads the same RUSTY_SOCKS_* variables as the
// server to find it; a draining instance answers 503 and so turns unhealthy, which is meant.
const truthy = (v) => ['1', 'true', 'yes', 'on'].includes(String(v ?? '').trim().toLowerCase());
const tls = truthy(process.env.RUSTY_SOCKS_ENABLE_TLS);
const host = process.env.RUSTY_SOCKS_HOST;
const { request } = require(tls ? 'node:https' : 'node:http');

const req = request(
  {
    // A server bound to every interface is reached on loopback; one bound to a single address, there.
    host: !host || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host,
    port: Number(process.env.RUSTY_SOCKS_PORT || 3030),
    path: '/health/ready',
    timeout: 2000,
    // The certificate names the public host, not loopback.
    rejectUnauthorized: false,
  },
  (res) => {
    res.resume();
    process.exit(res.statusCode === 200 ? 0 : 1);
  },
);
req.on('timeout', () => req.destroy(new Error('timed out')));
req.on('error', () => process.exit(1));
req.end();
