import { Controller, Get, Header } from '@nestjs/common';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { ReadinessService } from './readiness.service';

/** `GET /health` (the original's plain `OK`), `/health/live` and `/health/ready` (terminus JSON). */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly readiness: ReadinessService,
  ) {}

  @Get()
  @Header('Content-Type', 'text/plain; charset=utf-8')
  ok(): string {
    return 'OK';
  }

  /** Up as long as the process answers: a stuck event loop does not. */
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([() => this.indicators.check('process').up()]);
  }

  /** Down (503) while draining for shutdown, so load balancers stop sending new clients. */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => {
        const server = this.indicators.check('server');
        return this.readiness.ready ? server.up() : server.down({ reason: 'draining' });
      },
    ]);
  }
}
