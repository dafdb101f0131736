import { AUTH_FAILED_FRAME, expectError, nextError, refusedUpgrade, serverForSuite, userUrl } from '../support';
import { Exposition, labelValues, scrape, valueOf } from './prometheus-text';

/** Every inbound message type of PROTOCOL.md §4, each a `type` label of `rusty_socks_messages_received_total`. */
const INBOUND_TYPES = [
  'ban_user', 'create_room', 'delete_message', 'delete_room', 'get_history', 'get_room_members', 'join_room', 'kick_user', 'leave_room',
  'list_rooms', 'mute_user', 'ping', 'private_message', 'refresh_token', 'room_message', 'set_user_role', 'unban_user', 'unmute_user',
];
const REFUSAL_REASONS = ['auth_failed', 'draining', 'max_conn', 'not_ready', 'origin', 'per_ip', 'per_user', 'pool'];
const RATE_LIMIT_KINDS = ['chat', 'create_room', 'global', 'moderation', 'private', 'rooms'];

/** How much each of `series` (name and labels) moved between two scrapes. */
function moved(before: Exposition, after: Exposition, series: [string, Record<string, string>?][]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, labels = {}] of series) out[`${name}${JSON.stringify(labels)}`] = valueOf(after, name, labels) - valueOf(before, name, labels);
  return out;
}

/**
 * `GET /metrics` after real traffic: each series an operator alerts on is there with its labels from
 * the start, and moves by exactly what the clients did.
 */
describe('GET /metrics: the operator series', () => {
  const { server, clients } = serverForSuite({
    RUSTY_SOCKS_MAX_CONN_PER_IP: '1000',
    RUSTY_SOCKS_MAX_CONN_PER_USER: '1',
    RUSTY_SOCKS_RATE_LIMIT_MSG_PER_MIN: '3',
    RUSTY_SOCKS_ALLOWED_ORIGINS: 'https://chat.example.com',
  });

  it('lists every series with its type and every label value before anything happens', async () => {
    const m = await scrape(server.httpUrl);
    expect(Object.fromEntries([
      'rusty_socks_connections', 'rusty_socks_connections_opened_total', 'rusty_socks_connections_rejected_total',
      'rusty_socks_messages_received_total', 'rusty_socks_messages_delivered_total', 'rusty_socks_messages_dropped_total',
      'rusty_socks_delivery_latency_seconds', 'rusty_socks_rate_limited_total', 'rusty_socks_bus_latency_seconds',
      'rusty_socks_worker_pool_queued', 'rusty_socks_worker_pool_busy', 'rusty_socks_worker_pool_rejected_total',
      'rusty_socks_process_nodejs_eventloop_lag_seconds', 'rusty_socks_process_nodejs_eventloop_lag_p99_seconds',
    ].map((name) => [name, m.types.get(name)]))).toEqual({
      rusty_socks_connections: 'gauge',
      rusty_socks_connections_opened_total: 'counter',
      rusty_socks_connections_rejected_total: 'counter',
      rusty_socks_messages_received_total: 'counter',
      rusty_socks_messages_delivered_total: 'counter',
      rusty_socks_messages_dropped_total: 'counter',
      rusty_socks_delivery_latency_seconds: 'histogram',
      rusty_socks_rate_limited_total: 'counter',
      rusty_socks_bus_latency_seconds: 'histogram',
      rusty_socks_worker_pool_queued: 'gauge',
      rusty_socks_worker_pool_busy: 'gauge',
      rusty_socks_worker_pool_rejected_total: 'counter',
      rusty_socks_process_nodejs_eventloop_lag_seconds: 'gauge',
      rusty_socks_process_nodejs_eventloop_lag_p99_seconds: 'gauge',
    });
    expect(labelValues(m, 'rusty_socks_connections_rejected_total', 'reason')).toEqual(REFUSAL_REASONS);
    expect(labelValues(m, 'rusty_socks_messages_received_total', 'type')).toEqual([...INBOUND_TYPES, 'invalid', 'unknown'].sort());
    expect(labelValues(m, 'rusty_socks_messages_dropped_total', 'reason')).toEqual(['closed', 'slow_consumer']);
    expect(labelValues(m, 'rusty_socks_rate_limited_total', 'kind')).toEqual(RATE_LIMIT_KINDS);
    for (const kind of RATE_LIMIT_KINDS) expect(valueOf(m, 'rusty_socks_rate_limited_total', { kind })).toBe(0);
    // One node: the bus histogram is there, with its buckets, and empty.
    expect(valueOf(m, 'rusty_socks_bus_latency_seconds_count')).toBe(0);
    expect(valueOf(m, 'rusty_socks_bus_latency_seconds_bucket', { le: '+Inf' })).toBe(0);
    expect(labelValues(m, 'rusty_socks_delivery_latency_seconds_bucket', 'le')).toContain('0.001');
    expect(valueOf(m, 'rusty_socks_process_nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('counts a connection, a chat message, its two deliveries and one delivery-latency observation', async () => {
    const start = await scrape(server.httpUrl);
    const alice = await clients.asReady('series-alice');
    const bob = await clients.asReady('series-bob');
    await alice.next((f) => f.type === 'user_joined' && f.user_id === 'series-bob');
    const before = await scrape(server.httpUrl);
    expect(moved(start, before, [['rusty_socks_connections'], ['rusty_socks_connections_opened_total'], ['rusty_socks_messages_received_total', { type: 'ping' }]])).toEqual({
      'rusty_socks_connections{}': 2,
      'rusty_socks_connections_opened_total{}': 2,
      'rusty_socks_messages_received_total{"type":"ping"}': 2,
    });

    const ack = await alice.request({ type: 'room_message', room_id: 'general', content: 'measured' });
    await bob.next((f) => f.type === 'room_message' && f.id === ack.data.id);
    const after = await scrape(server.httpUrl);
    expect(moved(before, after, [
      ['rusty_socks_messages_received_total', { type: 'room_message' }],
      ['rusty_socks_messages_delivered_total'],
      ['rusty_socks_messages_dropped_total', { reason: 'closed' }],
      ['rusty_socks_messages_dropped_total', { reason: 'slow_consumer' }],
      ['rusty_socks_delivery_latency_seconds_count'],
      ['rusty_socks_delivery_latency_seconds_bucket', { le: '+Inf' }],
      ['rusty_socks_delivery_latency_seconds_bucket', { le: '2.5' }],
    ])).toEqual({
      'rusty_socks_messages_received_total{"type":"room_message"}': 1,
      // Bob's copy and Alice's ack.
      'rusty_socks_messages_delivered_total{}': 2,
      'rusty_socks_messages_dropped_total{"reason":"closed"}': 0,
      'rusty_socks_messages_dropped_total{"reason":"slow_consumer"}': 0,
      'rusty_socks_delivery_latency_seconds_count{}': 1,
      'rusty_socks_delivery_latency_seconds_bucket{"le":"+Inf"}': 1,
      'rusty_socks_delivery_latency_seconds_bucket{"le":"2.5"}': 1,
    });
    const took = valueOf(after, 'rusty_socks_delivery_latency_seconds_sum') - valueOf(before, 'rusty_socks_delivery_latency_seconds_sum');
    expect(took).toBeGreaterThan(0);
    expect(took).toBeLessThan(2.5);

    await bob.close();
    await alice.close();
    const gone = await scrape(server.httpUrl);
    expect(valueOf(gone, 'rusty_socks_connections')).toBe(valueOf(start, 'rusty_socks_connections'));
  });

  it('counts a chat message refused by the rate limit under kind="chat", and the three allowed as published', async () => {
    const carol = await clients.asReady('series-carol');
    const before = await scrape(server.httpUrl);
    for (let i = 1; i <= 3; i++) expect(await carol.request({ type: 'room_message', room_id: 'general', content: `burst ${i}` })).toMatchObject({ type: 'success' });
    expectError(await carol.request({ type: 'room_message', room_id: 'general', content: 'burst 4' }), 'RATE_LIMITED');
    const after = await scrape(server.httpUrl);
    expect(moved(before, after, [
      ['rusty_socks_rate_limited_total', { kind: 'chat' }],
      ['rusty_socks_rate_limited_total', { kind: 'global' }],
      ['rusty_socks_messages_received_total', { type: 'room_message' }],
      ['rusty_socks_delivery_latency_seconds_count'],
    ])).toEqual({
      'rusty_socks_rate_limited_total{"kind":"chat"}': 1,
      'rusty_socks_rate_limited_total{"kind":"global"}': 0,
      'rusty_socks_messages_received_total{"type":"room_message"}': 4,
      'rusty_socks_delivery_latency_seconds_count{}': 3,
    });
  });

  it('counts undecodable frames as type="invalid" and unhandled types as type="unknown"', async () => {
    const dave = await clients.asReady('series-dave');
    const before = await scrape(server.httpUrl);
    dave.send('this is not JSON');
    expect(await nextError(dave)).toMatchObject({ code: 'INVALID_JSON' });
    expectError(await dave.request({ type: 'teleport' }), 'UNKNOWN_TYPE');
    const after = await scrape(server.httpUrl);
    expect(moved(before, after, [
      ['rusty_socks_messages_received_total', { type: 'invalid' }],
      ['rusty_socks_messages_received_total', { type: 'unknown' }],
    ])).toEqual({
      'rusty_socks_messages_received_total{"type":"invalid"}': 1,
      'rusty_socks_messages_received_total{"type":"unknown"}': 1,
    });
  });

  it('counts refused connections by reason: a foreign Origin, a bad token, one connection too many for a user', async () => {
    const before = await scrape(server.httpUrl);
    const refusal = await refusedUpgrade(userUrl(server.wsUrl, { sub: 'series-eve' }), { headers: { Origin: 'https://evil.example.com' } });
    expect(refusal.status).toBe(403);

    const forged = await clients.connect(userUrl(server.wsUrl, { sub: 'series-mallory' }, { secret: 'not-the-server-secret-not-the-server-secret' }));
    await expect(forged.next('error')).resolves.toEqual(AUTH_FAILED_FRAME);

    await clients.as('series-frank');
    const second = await clients.connect(userUrl(server.wsUrl, { sub: 'series-frank' }));
    await expect(second.closed).resolves.toMatchObject({ code: 4429 });

    const after = await scrape(server.httpUrl);
    expect(moved(before, after, REFUSAL_REASONS.map((reason) => ['rusty_socks_connections_rejected_total', { reason }] as [string, Record<string, string>]).concat([['rusty_socks_connections_opened_total', {}]]))).toEqual({
      'rusty_socks_connections_rejected_total{"reason":"auth_failed"}': 1,
      'rusty_socks_connections_rejected_total{"reason":"draining"}': 0,
      'rusty_socks_connections_rejected_total{"reason":"max_conn"}': 0,
      'rusty_socks_connections_rejected_total{"reason":"not_ready"}': 0,
      'rusty_socks_connections_rejected_total{"reason":"origin"}': 1,
      'rusty_socks_connections_rejected_total{"reason":"per_ip"}': 0,
      'rusty_socks_connections_rejected_total{"reason":"per_user"}': 1,
      'rusty_socks_connections_rejected_total{"reason":"pool"}': 0,
      // Only frank's first connection was accepted.
      'rusty_socks_connections_opened_total{}': 1,
    });
  });
});
