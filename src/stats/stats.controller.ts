import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { STATS_SCHEMA } from '../api-docs/http-schemas';
import { MetricsService } from './metrics.service';
import { StatsService, StatsSnapshot } from './stats.service';

/** `GET /stats` (JSON) and `GET /metrics` (Prometheus text). */
@Controller()
export class StatsController {
  constructor(
    private readonly stats: StatsService,
    private readonly metrics: MetricsService,
  ) {}

  @Get('stats')
  @ApiTags('Stats')
  @ApiOperation({ summary: "The server's counters as JSON" })
  @ApiOkResponse({ description: 'A snapshot of the counters', schema: STATS_SCHEMA })
  getStats(): Promise<StatsSnapshot> {
    return this.stats.snapshot();
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiTags('Stats')
  @ApiOperation({ summary: 'The counters in the Prometheus text format, for scraping' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus exposition format 0.0.4', content: { 'text/plain': { schema: { type: 'string', example: '# TYPE rusty_socks_connections gauge\nrusty_socks_connections 3\n' } } } })
  getMetrics(): Promise<string> {
    return this.metrics.render();
  }
}
