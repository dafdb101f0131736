import { Global, Module } from '@nestjs/common';
import { HealthModule } from '../health/health.module';
import { BUS_METRICS } from '../stats/stats.constants';
import { ClusterBus } from './cluster-bus';
import { PresenceService } from './presence.service';
import { RedisConnection } from './redis-connection';

/**
 * Redis, when `RUSTY_SOCKS_REDIS_URL` is set: the connections and the Redis implementations of the
 * stores and the bus. Feature modules pick the Redis or in-memory implementation of their ports by
 * `RedisConnection.enabled`.
 */
@Global()
@Module({
  imports: [HealthModule],
  providers: [RedisConnection, ClusterBus, PresenceService, { provide: BUS_METRICS, useExisting: ClusterBus }],
  exports: [RedisConnection, ClusterBus, PresenceService, BUS_METRICS],
})
export class ClusterModule {}
