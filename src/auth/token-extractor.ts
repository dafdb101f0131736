import type { IncomingMessage } from 'node:http';

/** Where a token came from; the subprotocol one must be echoed back in the handshake. */
export type TokenSource = 'authorization' | 'subprotocol' | 'x-auth-token' | 'query';

export interface ExtractedToken {
  token: string;
  source: TokenSource;
  /** The `Sec-WebSocket-Protocol` entry that carried it, to select in the handshake. */
  protocol?: string;
}

const SUBPROTOCOL_PREFIX = 'bearer.';

/**
 * Finds the client's token in the first of: `Authorization: Bearer`, a `bearer.<jwt>` subprotocol,
 * `X-Auth-Token`, `?token=` (PROTOCOL.md §2.2). Undefined when none is present; a present but empty
 * token is returned as such, so it fails instead of passing as anonymous.
 */
export function extractToken(req: Pick<IncomingMessage, 'headers' | 'url'>): ExtractedToken | undefined {
  const authorization = req.headers.authorization;
  if (authorization) {
    // `Bearer` with nothing after it is a present (empty) token, which fails: never a guest.
    const match = /^Bearer(?:\s+(.*))?$/i.exec(authorization.trim());
    if (match) return { token: (match[1] ?? '').trim(), source: 'authorization' };
  }
  const protocols = req.headers['sec-websocket-protocol'];
  if (protocols) {
    for (const entry of protocols.split(',')) {
      const protocol = entry.trim();
      if (protocol.toLowerCase().startsWith(SUBPROTOCOL_PREFIX)) {
        return { token: protocol.slice(SUBPROTOCOL_PREFIX.length), source: 'subprotocol', protocol };
      }
    }
  }
  const header = req.headers['x-auth-token'];
  if (header !== undefined) return { token: (Array.isArray(header) ? header[0] : header).trim(), source: 'x-auth-token' };
  const url = req.url ?? '';
  const q = url.indexOf('?');
  if (q !== -1) {
    const token = new URLSearchParams(url.slice(q + 1)).get('token');
    if (token !== null) return { token, source: 'query' };
  }
  return undefined;
}

/** The `bearer.<jwt>` entry among offered subprotocols, if any. */
export function bearerSubprotocol(protocols: Iterable<string>): string | undefined {
  for (const p of protocols) if (p.toLowerCase().startsWith(SUBPROTOCOL_PREFIX)) return p;
  return undefined;
}
