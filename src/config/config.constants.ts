/** Injection token of the resolved options (`ResolvedOptions`). */
export const RUSTY_SOCKS_OPTIONS = 'RUSTY_SOCKS:OPTIONS';
