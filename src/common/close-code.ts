/** WebSocket close codes the server uses (PROTOCOL.md §6). */
export enum CloseCode {
  GoingAway = 1001,
  MessageTooBig = 1009,
  /** A dependency (Redis) is briefly unreachable: reconnect after a moment. */
  TryAgainLater = 1013,
  AuthFailed = 4401,
  TokenExpired = 4403,
  IdleTimeout = 4408,
  TooSlow = 4409,
  PolicyViolation = 4429,
}
