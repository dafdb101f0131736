/** The Rusty Socks client SDK: `import { RustySocksClient } from 'rusty-socks/client'`. No Nest, no `ws`. */
export { RustySocksClient } from './rusty-socks-client';
export type { ConnectionEvents, RustySocksClientOptions, RustySocksEvents, WebSocketConstructor, WebSocketLike } from './client-options';
export { ClientErrorCode, RustySocksError } from './rusty-socks-error';
export { backoffDelay, DEFAULT_BACKOFF } from './backoff';
export type { BackoffOptions } from './backoff';
export type { Listener } from './typed-emitter';
export * from './protocol';
