import { Module, Provider } from '@nestjs/common';
import { RedisConnection } from '../cluster/redis-connection';
import { RedisWindowStorage } from '../cluster/redis-window.storage';
import { ConnectionsModule } from '../connections/connections.module';
import { HealthModule } from '../health/health.module';
import { WorkerPoolModule } from '../worker-pool/worker-pool.module';
import { ConnectionAdmissionService } from './connection-admission.service';
import { ContentPolicyService } from './content-policy.service';
import { FixedWindowStorage } from './fixed-window.storage';
import { SHARED_RATE_LIMIT_WINDOWS } from './protection.constants';
import { RateLimitCounters } from './rate-limit.counters';
import { WsThrottlerGuard } from './ws-throttler.guard';

/** With Redis, the windows that must hold across instances (per user, per IP, the global ceiling); null without, and the guard then counts only in memory. */
const sharedWindows: Provider = {
  provide: SHARED_RATE_LIMIT_WINDOWS,
  inject: [RedisConnection, FixedWindowStorage],
  useFactory: (redis: RedisConnection, local: FixedWindowStorage) => (redis.enabled ? new RedisWindowStorage(redis, local) : null),
};

/** Admission of new connections, rate limits and the content rules for chat messages. */
@Module({
  imports: [ConnectionsModule, HealthModule, WorkerPoolModule],
  providers: [ConnectionAdmissionService, ContentPolicyService, FixedWindowStorage, sharedWindows, RateLimitCounters, WsThrottlerGuard],
  exports: [ConnectionAdmissionService, ContentPolicyService, FixedWindowStorage, SHARED_RATE_LIMIT_WINDOWS, RateLimitCounters, WsThrottlerGuard],
})
export class ProtectionModule {}
