'use strict';
// Kubernetes preStop hook: waits (seconds in argv[2], default 5) while the Service and ingress stop
// sending new connections to this pod. When it returns, the kubelet sends SIGTERM and the server
// drains: /health/ready turns 503, upgrades get 503, and every client is closed with 1001 (reconnect
// elsewhere) within RUSTY_SOCKS_SHUTDOWN_GRACE. Node rather than `sleep`, so the hook needs nothing
// the image might lack.
const seconds = Number(process.argv[2] ?? 5);
setTimeout(() => process.exit(0), Math.max(0, seconds) * 1000);
