import { Module } from '@nestjs/common';
import { WorkerPoolService } from './worker-pool.service';

/** The bounded worker-thread pool (the "custom provider" of the design card). */
@Module({
  providers: [WorkerPoolService],
  exports: [WorkerPoolService],
})
export class WorkerPoolModule {}
