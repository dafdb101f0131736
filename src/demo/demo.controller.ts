import { Controller, Get, Header, Inject, Param, StreamableFile } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import helmet from 'helmet';
import { RUSTY_SOCKS_OPTIONS } from '../config/config.constants';
import { ResolvedOptions } from '../config/rusty-socks-options.interface';
import { DemoAssetsService } from './demo-assets.service';

/** What the page needs to know before it logs in. */
export interface DemoConfig {
  /** Whether `POST /dev/token` exists; without it the page asks for a pasted token. */
  dev_tokens: boolean;
  /** The rooms every connection is in from the start. */
  default_rooms: string[];
}

/**
 * helmet's default policy without `upgrade-insecure-requests`: on plain http from any address but
 * loopback (a phone or a colleague on the LAN), that directive makes the browser fetch the page's own
 * scripts over https and its socket over wss, and get nothing. The page's files and socket are all of its
 * own origin, which it reaches with the page's own scheme, so the directive adds nothing here.
 */
const PAGE_CSP = Object.entries(helmet.contentSecurityPolicy.getDefaultDirectives())
  .filter(([name]) => name !== 'upgrade-insecure-requests')
  .map(([name, values]) => [name, ...values].join(' '))
  .join(';');

/**
 * The browser demo: the page at `/`, its files under `/demo/`, and the SDK's browser build under
 * `/demo/sdk/`. All same-origin files and nothing inline, so a strict Content-Security-Policy allows them.
 */
@ApiExcludeController() // a page and its files, not an API
@Controller()
export class DemoController {
  constructor(
    private readonly assets: DemoAssetsService,
    @Inject(RUSTY_SOCKS_OPTIONS) private readonly options: ResolvedOptions,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-cache')
  @Header('Content-Security-Policy', PAGE_CSP)
  page(): Promise<StreamableFile> {
    return this.assets.file('page', 'index.html');
  }

  @Get('demo/config')
  @Header('Cache-Control', 'no-store')
  config(): DemoConfig {
    return { dev_tokens: !this.options.production, default_rooms: [...this.options.defaultRooms] };
  }

  @Get('demo/assets/:file')
  @Header('Cache-Control', 'no-cache')
  asset(@Param('file') file: string): Promise<StreamableFile> {
    return this.assets.file('page', file);
  }

  @Get('demo/sdk/:file')
  @Header('Cache-Control', 'no-cache')
  sdk(@Param('file') file: string): Promise<StreamableFile> {
    return this.assets.file('sdk', file);
  }
}
