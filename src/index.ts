// The public surface for host apps: what they may import from 'rusty-socks'.
export { RustySocksModule } from './rusty-socks.module';
export type { RustySocksModuleOptions } from './rusty-socks.module-definition';
export type { RustySocksOptions, ResolvedOptions } from './config/rusty-socks-options.interface';
export { RUSTY_SOCKS_OPTIONS } from './config/config.constants';
export { RustySocksWsAdapter } from './gateway/rusty-socks-ws.adapter';
export { createServer } from './server';
export { Clock, ManualClock, SystemClock } from './common/clock';
export { ErrorCode } from './common/error-code';
export { CloseCode } from './common/close-code';
export { Role } from './moderation/role';
export { Permission } from './moderation/permission';
export { RequirePermission } from './moderation/require-permission.decorator';
export type { OutboundFrame } from './common/outbound-frames';
