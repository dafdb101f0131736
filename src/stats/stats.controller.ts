import { Controller, Get, Header } from '@nestjs/common';
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
  getStats(): Promise<StatsSnapshot> {
    return this.stats.snapshot();
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  getMetrics(): Promise<string> {
    return this.metrics.render();
  }
}
