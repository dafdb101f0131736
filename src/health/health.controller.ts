import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { LIVE_SCHEMA, NOT_READY_SCHEMA, READY_SCHEMA } from '../api-docs/http-schemas';
import { ReadinessService } from './readiness.service';

/** `GET /health` (the original's plain `OK`), `/health/live` and `/health/ready` (terminus JSON). */
@ApiTags('Health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly readiness: ReadinessService,
  ) {}

  @Get()
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @ApiOperation({ summary: 'Plain health check, as the original server' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'The text `OK`', content: { 'text/plain': { schema: { type: 'string', enum: ['OK'], example: 'OK' } } } })
  ok(): string {
    return 'OK';
  }

  /** Up as long as the process answers: a stuck event loop does not. */
  @Get('live')
  // Terminus's own swagger entry would show a database and Redis as examples; ours shows this check.
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({ summary: 'Liveness: up while the process answers' })
  @ApiOkResponse({ description: 'Alive', schema: LIVE_SCHEMA })
  live(): Promise<HealthCheckResult> {
    return this.health.check([() => this.indicators.check('process').up()]);
  }

  /** Down (503) while draining for shutdown or while Redis is unreachable, so load balancers stop sending new clients. */
  @Get('ready')
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({ summary: 'Readiness: whether this instance should get new clients' })
  @ApiOkResponse({ description: 'Ready', schema: READY_SCHEMA })
  @ApiServiceUnavailableResponse({ description: 'Draining for shutdown, or a dependency (Redis) is down', schema: NOT_READY_SCHEMA })
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => {
        const server = this.indicators.check('server');
        return this.readiness.ready ? server.up() : server.down({ reason: this.readiness.reasons().join(', ') });
      },
    ]);
  }
}
