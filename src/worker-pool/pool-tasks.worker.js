'use strict';
// Runs inside the worker threads of WorkerPoolService (plain JavaScript so the same file serves the
// compiled server and the TypeScript tests). Each export is one task, called by name.
const { randomBytes, scryptSync, timingSafeEqual } = require('node:crypto');

const KEY_LENGTH = 32;

function params(cost) {
  const N = 2 ** cost;
  // scrypt needs 128 * N * r bytes; leave headroom over that.
  return { N, r: 8, p: 1, maxmem: 256 * N * 8 + 1024 * 1024 };
}

/** Salted scrypt hash in the form `scrypt$<cost>$<salt b64>$<hash b64>`. */
function hashPassword({ password, cost }) {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, KEY_LENGTH, params(cost));
  return `scrypt$${cost}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** Whether a password matches a stored hash, compared in constant time. */
function verifyPassword({ password, stored }) {
  const [scheme, cost, salt, expected] = String(stored).split('$');
  if (scheme !== 'scrypt') return false;
  const want = Buffer.from(expected, 'base64');
  const got = scryptSync(password, Buffer.from(salt, 'base64'), want.length, params(Number(cost)));
  return timingSafeEqual(got, want);
}

module.exports = { hashPassword, verifyPassword };
