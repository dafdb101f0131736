/** Metadata key of `@OnMessage`. */
export const MESSAGE_TYPE = 'RUSTY_SOCKS:MESSAGE_TYPE';
/** The gateway option that marks the Rusty Socks endpoint for `RustySocksWsAdapter` (a host's own gateways lack it). */
export const RUSTY_SOCKS_ENDPOINT = 'rustySocksEndpoint';
