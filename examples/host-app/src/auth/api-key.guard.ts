import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { IncomingHttpHeaders } from 'node:http';
import { timingSafeEqual } from 'node:crypto';

/** The host's own REST protection: an `x-api-key` header, for its back office. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly key: Buffer;

  constructor(config: ConfigService) {
    this.key = Buffer.from(config.getOrThrow<string>('apiKey'));
  }

  canActivate(context: ExecutionContext): boolean {
    const { headers } = context.switchToHttp().getRequest<{ headers: IncomingHttpHeaders }>();
    const given = Buffer.from(String(headers['x-api-key'] ?? ''));
    if (given.length !== this.key.length || !timingSafeEqual(given, this.key)) throw new UnauthorizedException('A valid x-api-key header is required');
    return true;
  }
}
