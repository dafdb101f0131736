import { Module } from '@nestjs/common';
import { ConnectionsModule } from '../connections/connections.module';
import { GatewayModule } from '../gateway/gateway.module';
import { ModerationModule } from '../moderation/moderation.module';
import { ProtectionModule } from '../protection/protection.module';
import { RoomsModule } from '../rooms/rooms.module';
import { WorkerPoolModule } from '../worker-pool/worker-pool.module';
import { MetricsService } from './metrics.service';
import { StatsController } from './stats.controller';
import { StatsService } from './stats.service';

/** The numbers of the server: `/stats` and `/metrics`. */
@Module({
  imports: [ConnectionsModule, GatewayModule, ModerationModule, ProtectionModule, RoomsModule, WorkerPoolModule],
  controllers: [StatsController],
  providers: [StatsService, MetricsService],
  exports: [StatsService],
})
export class StatsModule {}
