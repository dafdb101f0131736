import type { IncomingMessage } from 'node:http';

/** `::ffff:1.2.3.4` → `1.2.3.4`, so one client has one address whichever way it connected. */
export function normalizeIp(ip: string): string {
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}

/**
 * The client's IP: the socket's peer, unless that peer is a trusted proxy, in which case the
 * right-most address in `X-Forwarded-For` that is not itself a trusted proxy. Anything else in the
 * header is client-controlled and ignored.
 */
export function clientIp(req: Pick<IncomingMessage, 'headers' | 'socket'>, trustedProxies: ReadonlySet<string>): string {
  const peer = normalizeIp(req.socket.remoteAddress ?? 'unknown');
  if (!trustedProxies.has(peer)) return peer;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',');
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeIp(hops[i].trim());
    if (hop && !trustedProxies.has(hop)) return hop;
  }
  return peer;
}
