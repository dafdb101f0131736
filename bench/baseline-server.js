'use strict';
// The floor any Node WebSocket server stands on: a bare `ws` server that verifies the same JWT,
// welcomes the client, keeps one room as a Set of sockets, and broadcasts each message to it —
// serialized once, one send per socket, as the `ws` README does it. It does no validation, no rate
// limiting, no ordering work and no presence, so the ratios against it show what our features cost.
const { createServer } = require('node:http');
const { createSecretKey, randomUUID } = require('node:crypto');
const jwt = require('jsonwebtoken');
const { WebSocketServer } = require('ws');

const port = Number(process.env.PORT || 0);
const key = createSecretKey(Buffer.from(process.env.RUSTY_SOCKS_JWT_SECRET, 'utf8'));
const room = new Set();
let offset = 0;

const http = createServer((req, res) => {
  res.writeHead(req.url === '/health' ? 200 : 404);
  res.end('OK');
});
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 16384 });

http.on('upgrade', (req, socket, head) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname !== '/ws') return socket.destroy();
  let claims;
  try {
    claims = jwt.verify(url.searchParams.get('token') || '', key, { algorithms: ['HS256'], clockTolerance: 60 });
  } catch {
    socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.user = claims.sub;
    room.add(ws);
    ws.send(JSON.stringify({ type: 'connected', client_id: claims.sub, connection_id: randomUUID(), authenticated: true, username: claims.sub, global_role: 'Member' }));
    ws.on('close', () => room.delete(ws));
    ws.on('message', (data) => {
      let msg;
      try {
        msg = JSON.parse(data);
      } catch {
        return;
      }
      if (msg.type !== 'room_message') return;
      const out = JSON.stringify({ type: 'room_message', id: randomUUID(), offset: ++offset, room_id: 'general', sender_id: ws.user, sender_username: ws.user, content: msg.content, timestamp: new Date().toISOString() });
      for (const peer of room) if (peer !== ws) peer.send(out);
      if (msg.request_id !== undefined) ws.send(JSON.stringify({ type: 'success', message: 'Message sent', data: { offset }, request_id: msg.request_id }));
    });
  });
});

http.listen(port, '127.0.0.1', () => {
  // The harness reads the port from this line.
  console.log(`Listening on ws://127.0.0.1:${http.address().port}/ws`);
});
process.on('SIGTERM', () => process.exit(0));
