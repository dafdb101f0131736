import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { RustySocksModule, RustySocksWsAdapter, setupRustySocksDocs } from '../../src';
import { MessageHandlers } from '../../src/gateway/message-handlers.service';
import { GameModule } from '../host/host-app';
import { Clients, detailFields, listenForTests, TEST_SECRET, TestServer, testLogger } from '../support';

async function startHost(withDocs: boolean): Promise<TestServer> {
  @Module({ imports: [RustySocksModule.forRoot({ jwtSecret: TEST_SECRET }), GameModule] })
  class HostAppModule {}
  const app = await NestFactory.create(HostAppModule, { logger: testLogger(), abortOnError: false });
  app.useWebSocketAdapter(new RustySocksWsAdapter(app));
  if (withDocs) setupRustySocksDocs(app, { path: 'api/docs', asyncApiPath: '/api/asyncapi.json' });
  return listenForTests(app);
}

/** `setupRustySocksDocs` in a host app: the host's own routes and message types are documented too. */
describe('API docs in a host app', () => {
  let server: TestServer;
  const clients = new Clients(() => server);
  afterEach(() => clients.closeAll());
  afterEach(() => server?.close());

  it('serves nothing unless the host asks for it', async () => {
    server = await startHost(false);
    for (const path of ['/docs', '/docs-json', '/asyncapi.json']) expect([path, (await fetch(`${server.httpUrl}${path}`)).status]).toEqual([path, 404]);
  });

  it("documents the host's message types from its DTOs, and the server holds to it", async () => {
    server = await startHost(true);
    const doc = (await (await fetch(`${server.httpUrl}/api/asyncapi.json`)).json()) as Record<string, any>;
    const names = Object.values<{ name: string; payload: { $ref: string } }>(doc.components.messages);
    const handled = server.app.get(MessageHandlers, { strict: false }).types();
    expect(handled).toEqual(expect.arrayContaining(['game_move', 'game_reset']));
    const inbound = Object.values<{ action: string; messages: { $ref: string }[] }>(doc.operations)
      .filter((o) => o.action === 'receive')
      .map((o) => doc.components.messages[o.messages[0].$ref.split('/').pop()!].name);
    expect(inbound.sort()).toEqual([...handled].sort());

    const move = doc.components.schemas.GameMoveMessage;
    expect(names.find((m) => m.name === 'game_move')?.payload).toEqual({ $ref: '#/components/schemas/GameMoveMessage' });
    expect(move.required).toEqual(['type', 'room_id', 'x', 'y']);
    expect(move.properties.x).toMatchObject({ type: 'integer', minimum: 0, maximum: 7 });

    const client = await clients.as('docs-host-player');
    const example = Object.fromEntries(move.required.map((name: string) => [name, move.properties[name].const ?? move.properties[name].examples[0]]));
    expect(await client.request(example)).toMatchObject({ type: 'game_moved', room_id: example.room_id });
    const { x: _x, ...withoutX } = example;
    const refusal = await client.request(withoutX);
    expect(refusal).toMatchObject({ type: 'error', code: 'INVALID_PAYLOAD' });
    expect(detailFields(refusal)).toContain('x');
  });

  it("lists the host's HTTP routes next to Rusty Socks' own at the path it chose", async () => {
    server = await startHost(true);
    const page = await fetch(`${server.httpUrl}/api/docs`);
    expect([page.status, page.headers.get('content-type')]).toEqual([200, expect.stringMatching(/^text\/html/)]);
    const openapi = (await (await fetch(`${server.httpUrl}/api/docs-json`)).json()) as Record<string, any>;
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/health', '/stats', '/metrics', '/game/rooms/{roomId}/presence', '/api/asyncapi.json']));
  });
});
