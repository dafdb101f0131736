import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { CloseCode } from '../../src/common/close-code';
import { ErrorCode } from '../../src/common/error-code';
import { MessageHandlers } from '../../src/gateway/message-handlers.service';
import { detailFields, Frame, serverForSuite, signToken } from '../support';

type Schema = Record<string, any>;
type AsyncApi = Record<string, any>;

/**
 * Codes that mean "the payload's shape is wrong", which an example made from the schema must never get;
 * and `RATE_LIMITED`, which would mean it was refused before validation ran and so proved nothing.
 */
const SHAPE_REFUSALS = [ErrorCode.InvalidPayload, ErrorCode.UnknownType, ErrorCode.InvalidJson, ErrorCode.InvalidRoomId, ErrorCode.InvalidName, ErrorCode.InvalidRole, ErrorCode.RateLimited];

/** `#/components/...` → the object it points at. */
function resolve(doc: AsyncApi, value: Schema): Schema {
  if (typeof value?.$ref !== 'string') return value;
  return resolve(doc, value.$ref.slice(2).split('/').reduce((node: any, key: string) => node[key], doc));
}

/**
 * The inbound message types of the document (the payload `type` of every message a `receive`
 * operation takes), each with its payload schema and the frame types its reply may be.
 */
function inboundTypes(doc: AsyncApi): Map<string, { payload: Schema; replies: string[] }> {
  const types = new Map<string, { payload: Schema; replies: string[] }>();
  for (const operation of Object.values<Schema>(doc.operations)) {
    if (operation.action !== 'receive') continue;
    const replies = (operation.reply?.messages ?? []).map((ref: Schema) => resolve(doc, ref).name as string);
    for (const message of operation.messages) {
      const payload = resolve(doc, resolve(doc, message).payload);
      types.set(payload.properties.type.const, { payload, replies });
    }
  }
  return types;
}

/** A message from the schema alone: `type`, and each field wanted with its first example. */
function fromSchema(payload: Schema, fields: 'required' | 'all'): Record<string, unknown> {
  const names = fields === 'required' ? (payload.required as string[]) : Object.keys(payload.properties);
  const message: Record<string, unknown> = {};
  for (const name of names) {
    if (name === 'request_id') continue; // `TestClient.request` adds its own
    const field = payload.properties[name];
    message[name] = field.const ?? field.examples?.[0];
    if (message[name] === undefined) throw new Error(`The schema gives no example for ${payload.properties.type.const}.${name}`);
  }
  return message;
}

function json(url: string): Promise<any> {
  return fetch(url).then((res) => {
    if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
    return res.json();
  });
}

/** A validator for every schema under `components.schemas` of the AsyncAPI document, by name. */
function asyncApiValidators(doc: AsyncApi): (name: string) => ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'asyncapi', components: { schemas: doc.components.schemas } });
  return (name) => {
    const validate = ajv.getSchema(`asyncapi#/components/schemas/${name}`);
    if (!validate) throw new Error(`No schema ${name} in the AsyncAPI document`);
    return validate;
  };
}

/** Every frame received must match the schema of its type; returns the types seen. */
function expectFramesMatch(doc: AsyncApi, frames: Frame[]): Set<string> {
  const validator = asyncApiValidators(doc);
  const frameSchemas = new Map<string, string>();
  for (const operation of Object.values<Schema>(doc.operations)) {
    if (operation.action !== 'send') continue;
    for (const ref of operation.messages) {
      const message = resolve(doc, ref);
      frameSchemas.set(message.name, message.payload.$ref.split('/').pop());
    }
  }
  const mismatches: unknown[] = [];
  for (const frame of frames) {
    const name = frameSchemas.get(frame.type);
    if (name === undefined) {
      mismatches.push({ frame, problem: 'no server frame of this type in the document' });
      continue;
    }
    const validate = validator(name);
    if (!validate(frame)) mismatches.push({ frame, errors: validate.errors });
  }
  expect(mismatches).toEqual([]);
  return new Set(frames.map((f) => f.type));
}

describe('API docs', () => {
  const { server, clients } = serverForSuite({ RUSTY_SOCKS_MAX_CONN_PER_IP: '1000', RUSTY_SOCKS_PASSWORD_HASH_COST: '10' });
  let doc: AsyncApi;

  beforeAll(async () => {
    doc = await json(`${server.httpUrl}/asyncapi.json`);
  });

  describe('the AsyncAPI document of /ws (/asyncapi.json)', () => {
    it('is AsyncAPI 3.0 with the /ws channel, every operation referring to messages of that channel', () => {
      expect(doc).toMatchObject({ asyncapi: '3.0.0', info: { title: expect.any(String), version: expect.any(String) }, channels: { ws: { address: '/ws' } } });
      for (const operation of Object.values<Schema>(doc.operations)) {
        for (const ref of [...operation.messages, ...(operation.reply?.messages ?? [])]) {
          expect(ref.$ref).toMatch(/^#\/channels\/ws\/messages\//);
          expect(resolve(doc, resolve(doc, ref)).payload).toEqual({ $ref: expect.stringMatching(/^#\/components\/schemas\//) });
        }
      }
    });

    it('documents exactly the message types the running server handles', () => {
      const handled = server.app.get(MessageHandlers, { strict: false }).types();
      expect(handled.length).toBeGreaterThanOrEqual(18);
      expect([...inboundTypes(doc).keys()].sort()).toEqual([...handled].sort());
    });

    it('lists every error code with what it means, and every close code', () => {
      const errorCodes = resolve(doc, { $ref: '#/components/schemas/ErrorCode' }).oneOf;
      expect(errorCodes.map((c: Schema) => c.const).sort()).toEqual(Object.values(ErrorCode).sort());
      expect(errorCodes.every((c: Schema) => c.description.length > 10)).toBe(true);
      const closeCodes = resolve(doc, { $ref: '#/components/schemas/CloseCode' }).oneOf.map((c: Schema) => c.const);
      const numeric = Object.values(CloseCode).filter((v): v is number => typeof v === 'number');
      expect(closeCodes.sort()).toEqual(numeric.sort());
      for (const code of numeric) expect(doc.channels.ws.description).toContain(String(code));
    });

    it('gives each inbound message a payload the server takes, and one missing a required field is refused with INVALID_PAYLOAD', async () => {
      // An Owner passes every permission check, so what refuses a message below is the validation pipe or the business rule.
      const owner = { role: 'owner' };
      const writer = await clients.asReady('docs-writer');
      // Values no schema can know: `delete_message` needs a message that exists (an unknown id is
      // INVALID_PAYLOAD by the protocol's choice), and `refresh_token` a real token of the same user.
      let written = 0;
      const live: Record<string, () => Promise<unknown>> = {
        message_id: async () => (await writer.request({ type: 'room_message', room_id: 'general', content: `to delete, number ${++written}` })).data.id,
        token: async () => signToken({ sub: 'docs-owner', ...owner }),
      };
      const refusals: unknown[] = [];
      const seen: Frame[] = [];
      const types = inboundTypes(doc);
      for (const [type, { payload, replies }] of types) {
        expect([type, replies]).toEqual([type, expect.arrayContaining(['error'])]);
        const validate = new Ajv({ strict: false }).compile({ ...payload, properties: { ...payload.properties, request_id: {} }, components: doc.components });
        // A fresh connection per type, so that a leave or a kick of one type cannot change what the next one meets.
        const client = await clients.asReady('docs-owner', owner);
        for (const fields of ['required', 'all'] as const) {
          const message = fromSchema(payload, fields);
          for (const [name, value] of Object.entries(live)) if (name in message) message[name] = await value();
          if (!validate(message)) refusals.push({ type, fields, problem: 'the example does not match its own schema', errors: validate.errors });
          const reply = await client.request(message, 10_000);
          if (reply.type === 'error' && SHAPE_REFUSALS.includes(reply.code)) refusals.push({ type, fields, message, reply });
          if (!replies.includes(reply.type)) refusals.push({ type, fields, problem: `the reply is not one of ${replies.join(', ')}`, reply });
        }
        for (const missing of (payload.required as string[]).filter((name) => name !== 'type')) {
          const message = fromSchema(payload, 'required');
          delete message[missing];
          const reply = await client.request(message, 10_000);
          if (reply.type !== 'error' || reply.code !== ErrorCode.InvalidPayload || !detailFields(reply).includes(missing)) {
            refusals.push({ type, missing, problem: 'expected INVALID_PAYLOAD naming the field', reply });
          }
        }
        seen.push(...client.frames);
        await client.close();
      }
      expect(refusals).toEqual([]);
      expectFramesMatch(doc, [...seen, ...writer.frames]);
    });

    it('describes every frame the server sends: a scenario that makes each of them matches its schema', async () => {
      const alice = await clients.asReady('docs-alice', { role: 'owner' });
      const bob = await clients.asReady('docs-bob', { username: 'Bob <3' });
      const roomId = (await alice.request({ type: 'create_room', name: 'Docs room' })).data.room_id as string;
      await bob.request({ type: 'join_room', room_id: roomId });
      await alice.next((f) => f.type === 'user_joined' && f.room_id === roomId);
      await bob.request({ type: 'room_message', room_id: roomId, content: 'hello <b>' });
      const sent = await alice.next((f) => f.type === 'room_message' && f.room_id === roomId);
      await alice.request({ type: 'private_message', target_user_id: 'docs-bob', content: 'psst' });
      await bob.next('private_message');
      await alice.request({ type: 'set_user_role', room_id: roomId, user_id: 'docs-bob', role: 'moderator' });
      await bob.next('role_changed');
      for (const request of [{ type: 'get_history', room_id: roomId }, { type: 'list_rooms' }, { type: 'get_room_members', room_id: roomId }, { type: 'ping' }, { type: 'join_room' }]) {
        await alice.request(request);
      }
      await alice.request({ type: 'delete_message', room_id: roomId, message_id: sent.id });
      await bob.next('message_deleted');
      await alice.request({ type: 'mute_user', room_id: roomId, user_id: 'docs-bob', duration_minutes: 5 });
      await bob.next((f) => f.type === 'error' && f.code === ErrorCode.Muted);
      await alice.request({ type: 'unmute_user', room_id: roomId, user_id: 'docs-bob' });
      await bob.next('system_message');
      await alice.request({ type: 'kick_user', room_id: roomId, user_id: 'docs-bob' });
      await alice.next((f) => f.type === 'user_left' && f.room_id === roomId);
      await alice.request({ type: 'delete_room', room_id: roomId });
      await alice.next('room_deleted');

      const seen = expectFramesMatch(doc, [...alice.frames, ...bob.frames]);
      const documented = Object.values<Schema>(doc.operations)
        .filter((o) => o.action === 'send')
        .map((o) => resolve(doc, o.messages[0]).name as string);
      expect([...seen].sort()).toEqual([...documented].sort());
    });

    it('is refused as a frame type: sending an undocumented type is UNKNOWN_TYPE', async () => {
      const client = await clients.asReady('docs-unknown');
      const reply = await client.request({ type: 'not_in_the_document' });
      expect(reply).toMatchObject({ type: 'error', code: ErrorCode.UnknownType });
    });
  });

  describe('the OpenAPI document (/docs-json) and the Swagger UI (/docs)', () => {
    let openapi: Schema;
    beforeAll(async () => {
      openapi = await json(`${server.httpUrl}/docs-json`);
    });

    it('documents every HTTP route with its response', () => {
      expect(openapi.openapi).toMatch(/^3\./);
      for (const path of ['/health', '/health/live', '/health/ready', '/stats', '/metrics', '/asyncapi.json']) {
        const get = openapi.paths[path]?.get;
        expect([path, get?.responses?.['200']?.content]).toEqual([path, expect.any(Object)]);
      }
      expect(openapi.paths['/health/ready'].get.responses['503']).toBeDefined();
    });

    it('says what the routes really answer: real answers match the response schemas', async () => {
      const ajv = new Ajv({ strict: false, allErrors: true });
      for (const path of ['/stats', '/health/live', '/health/ready']) {
        const schema = openapi.paths[path].get.responses['200'].content['application/json'].schema;
        const validate = ajv.compile(schema);
        const body = await json(`${server.httpUrl}${path}`);
        expect([path, validate(body) ? 'valid' : validate.errors]).toEqual([path, 'valid']);
      }
      const health = await fetch(`${server.httpUrl}/health`);
      expect(openapi.paths['/health'].get.responses['200'].content['text/plain'].schema.enum).toEqual([await health.text()]);
      const metrics = await fetch(`${server.httpUrl}/metrics`);
      expect(Object.keys(openapi.paths['/metrics'].get.responses['200'].content)).toEqual([metrics.headers.get('content-type')!.split(';')[0]]);
    });

    it('serves the Swagger UI page and its assets from this origin, under a CSP with no inline script or eval', async () => {
      const page = await fetch(`${server.httpUrl}/docs`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await page.text();
      const csp = page.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
      // Every script of the page is a file of this origin that loads, so `script-src 'self'` lets it run.
      expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
      const assets = [...html.matchAll(/(?:src|href)=["']([^"']+)["']/g)].map((m) => m[1]).filter((url) => !url.startsWith('http'));
      expect(assets).toEqual(expect.arrayContaining(['./docs/swagger-ui-bundle.js', './docs/swagger-ui-init.js', './docs/swagger-ui.css']));
      for (const asset of assets) {
        const res = await fetch(new URL(asset, `${server.httpUrl}/docs`));
        expect([asset, res.status]).toEqual([asset, 200]);
      }
    });

    it('relaxes nothing outside the docs: other routes keep helmet’s whole policy', async () => {
      const docs = (await fetch(`${server.httpUrl}/docs`)).headers.get('content-security-policy');
      const health = (await fetch(`${server.httpUrl}/health`)).headers.get('content-security-policy');
      expect(health).toContain('upgrade-insecure-requests');
      expect(docs).not.toContain('upgrade-insecure-requests');
      // Apart from that one directive, the two policies are the same.
      expect(docs!.split(';').sort()).toEqual(health!.split(';').filter((d) => d !== 'upgrade-insecure-requests').sort());
    });
  });
});

describe('API docs turned off (RUSTY_SOCKS_API_DOCS=false)', () => {
  const { server } = serverForSuite({ RUSTY_SOCKS_API_DOCS: 'false' });

  it('serves none of the documents', async () => {
    for (const path of ['/docs', '/docs-json', '/asyncapi.json', '/docs/swagger-ui-bundle.js']) {
      expect([path, (await fetch(`${server.httpUrl}${path}`)).status]).toEqual([path, 404]);
    }
    expect((await fetch(`${server.httpUrl}/health`)).status).toBe(200);
  });
});
