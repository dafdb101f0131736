import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode } from '../common/error-code';
import { ProtocolException } from '../common/protocol.exception';
import { RUSTY_SOCKS_OPTIONS } from '../config/config.constants';
import { ResolvedOptions } from '../config/rusty-socks-options.interface';
import { PoolSaturatedError } from '../worker-pool/pool-saturated.error';
import { WorkerPoolService } from '../worker-pool/worker-pool.service';
import { POOL_BUSY_RETRY_MS } from './rooms.constants';

/** Room passwords: hashed and checked with salted scrypt on the worker pool, never on the event loop. */
@Injectable()
export class RoomPasswordService {
  constructor(
    @Inject(RUSTY_SOCKS_OPTIONS) private readonly options: ResolvedOptions,
    private readonly pool: WorkerPoolService,
  ) {}

  hash(password: string): Promise<string> {
    return this.onPool(() => this.pool.run<string>('hashPassword', { password, cost: this.options.passwordHashCost }));
  }

  /** Constant-time comparison happens in the worker. */
  verify(password: string, stored: string): Promise<boolean> {
    return this.onPool(() => this.pool.run<boolean>('verifyPassword', { password, stored }));
  }

  private async onPool<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (err instanceof PoolSaturatedError) {
        throw new ProtocolException(ErrorCode.RateLimited, 'The server is busy checking passwords; try again shortly', {
          retry_after_ms: POOL_BUSY_RETRY_MS,
        });
      }
      throw err;
    }
  }
}
