import { Module } from '@nestjs/common';
import { ConnectionsModule } from '../connections/connections.module';
import { HealthModule } from '../health/health.module';
import { WorkerPoolModule } from '../worker-pool/worker-pool.module';
import { ConnectionAdmissionService } from './connection-admission.service';
import { ContentPolicyService } from './content-policy.service';
import { FixedWindowStorage } from './fixed-window.storage';
import { WsThrottlerGuard } from './ws-throttler.guard';

/** Admission of new connections, rate limits and the content rules for chat messages. */
@Module({
  imports: [ConnectionsModule, HealthModule, WorkerPoolModule],
  providers: [ConnectionAdmissionService, ContentPolicyService, FixedWindowStorage, WsThrottlerGuard],
  exports: [ConnectionAdmissionService, ContentPolicyService, FixedWindowStorage, WsThrottlerGuard],
})
export class ProtectionModule {}
