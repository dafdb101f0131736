/** Injection token of the outbound sender (`OutboundSender`). */
export const OUTBOUND_SENDER = 'RUSTY_SOCKS:OUTBOUND_SENDER';
