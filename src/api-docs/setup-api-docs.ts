import { INestApplication, Logger } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AsyncApiDocument, buildAsyncApiDocument } from './asyncapi.document';
import { discoverInboundMessages } from './inbound-catalog';

/** Where `setupRustySocksDocs` serves the documents. */
export interface RustySocksDocsOptions {
  /** The Swagger UI; the OpenAPI document is at `<path>-json` (and `<path>-yaml`). @default '/docs' */
  path?: string;
  /** The AsyncAPI document of `/ws`. @default '/asyncapi.json' */
  asyncApiPath?: string;
}

/**
 * The Swagger UI's own policy: helmet's defaults (scripts, styles, images and fetches from this origin
 * only) minus `upgrade-insecure-requests`, which on a plain-http server (development, or the port a TLS
 * proxy forwards to when reached directly) makes browsers load the UI's scripts over https and get
 * nothing. The page needs no inline script and no eval, so nothing else is relaxed.
 */
const docsContentSecurityPolicy = helmet.contentSecurityPolicy({ directives: { upgradeInsecureRequests: null } });

/**
 * Serves the API docs on an app that imports `RustySocksModule`: the OpenAPI document of its HTTP routes
 * with a Swagger UI (`/docs`, `/docs-json`), and the AsyncAPI 3.0 document of `/ws` (`/asyncapi.json`)
 * built from the app's message handlers (a host's own included) and their DTOs. Call it before
 * `listen`, after any `helmet()` of the app's (the UI's page gets its own Content-Security-Policy). Both
 * documents are built on their first request, once the app is initialised. Express only: on Fastify the
 * UI needs `@fastify/static`.
 */
export function setupRustySocksDocs(app: INestApplication, options: RustySocksDocsOptions = {}): void {
  const path = `/${(options.path ?? '/docs').replace(/^\/+|\/+$/g, '')}`;
  const asyncApiPath = `/${(options.asyncApiPath ?? '/asyncapi.json').replace(/^\/+/, '')}`;
  const version = packageVersion();

  app.use(path, docsContentSecurityPolicy);
  SwaggerModule.setup(path, app, () => openApiDocument(app, version, asyncApiPath), {
    customSiteTitle: 'Rusty Socks API',
    // The default validator badge sends the document's URL to a third party (and CSP blocks it anyway).
    swaggerOptions: { validatorUrl: null },
  });

  let asyncApi: AsyncApiDocument | undefined;
  const http = app.getHttpAdapter();
  http.get(asyncApiPath, (_req: unknown, res: unknown) => {
    asyncApi ??= asyncApiDocument(app, version);
    http.setHeader(res, 'Content-Type', 'application/json; charset=utf-8');
    http.reply(res, JSON.stringify(asyncApi), 200);
  });
}

/** The AsyncAPI document of the app's `/ws`; rules its DTOs use that the converter cannot express are logged. */
function asyncApiDocument(app: INestApplication, version = packageVersion()): AsyncApiDocument {
  const logger = new Logger('RustySocksDocs');
  return buildAsyncApiDocument(discoverInboundMessages(app), version, {
    onUnknownRule: (rule, property) => logger.warn(`The AsyncAPI schema leaves out the "${rule}" rule of field "${property}"`),
  });
}

function openApiDocument(app: INestApplication, version: string, asyncApiPath: string): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Rusty Socks HTTP API')
    .setDescription(`Health, statistics and metrics of a Rusty Socks server. The WebSocket protocol of \`/ws\` is described by the AsyncAPI document at [${asyncApiPath}](${asyncApiPath}).`)
    .setVersion(version)
    .addTag('Health', 'Liveness and readiness, for load balancers and orchestrators')
    .addTag('Stats', 'Counters, as JSON and as Prometheus text')
    .addTag('Docs', 'These documents')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.paths[asyncApiPath] = {
    get: {
      tags: ['Docs'],
      summary: 'The AsyncAPI 3.0 document of the WebSocket endpoint /ws',
      operationId: 'asyncApiDocument',
      responses: { '200': { description: 'Every message type with its payload schema, the server frames, error and close codes', content: { 'application/json': { schema: { type: 'object' } } } } },
    },
  };
  return document;
}

let version: string | undefined;
/** This package's version, from its `package.json` (two levels up from both `src/api-docs` and `dist/api-docs`). */
function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}
