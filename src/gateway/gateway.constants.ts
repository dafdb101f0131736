/** Metadata key of `@OnMessage`. */
export const MESSAGE_TYPE = 'RUSTY_SOCKS:MESSAGE_TYPE';
