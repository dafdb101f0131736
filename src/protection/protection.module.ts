import { Module } from '@nestjs/common';
import { ConnectionsModule } from '../connections/connections.module';
import { WorkerPoolModule } from '../worker-pool/worker-pool.module';
import { ConnectionAdmissionService } from './connection-admission.service';
import { ContentPolicyService } from './content-policy.service';

/** Admission of new connections and the content rules for chat messages. */
@Module({
  imports: [ConnectionsModule, WorkerPoolModule],
  providers: [ConnectionAdmissionService, ContentPolicyService],
  exports: [ConnectionAdmissionService, ContentPolicyService],
})
export class ProtectionModule {}
