import { getStats, noConnectionsLeft, serverForSuite } from '../support';

/** The value of an unlabelled sample in Prometheus text (the sum over its labels when it has some), or undefined when absent. */
function sample(text: string, name: string): number | undefined {
  const lines = text.split('\n').filter((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return lines.length === 0 ? undefined : lines.reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

/** `GET /metrics` (PROTOCOL.md §7): Prometheus text whose values are the ones `/stats` reports. */
describe('GET /metrics', () => {
  const { server, clients } = serverForSuite({ RUSTY_SOCKS_MAX_CONN_PER_IP: '1000', RUSTY_SOCKS_PASSWORD_HASH_COST: '10' });
  afterEach(async () => {
    await clients.closeAll();
    await noConnectionsLeft(server.httpUrl);
  });

  it('answers Prometheus text with HELP and TYPE for each metric', async () => {
    const res = await fetch(`${server.httpUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    for (const [name, type] of [
      ['rusty_socks_connections', 'gauge'],
      ['rusty_socks_messages_received_total', 'counter'],
      ['rusty_socks_messages_delivered_total', 'counter'],
      ['rusty_socks_rooms', 'gauge'],
      ['rusty_socks_worker_pool_queued', 'gauge'],
    ]) {
      expect(text).toMatch(new RegExp(`^# HELP ${name} \\S`, 'm'));
      expect(text).toMatch(new RegExp(`^# TYPE ${name} ${type}$`, 'm'));
      expect(sample(text, name)).toEqual(expect.any(Number));
    }
  });

  it('reports the same numbers as /stats after real activity', async () => {
    const alice = await clients.asReady('metrics-alice');
    const bob = await clients.asReady('metrics-bob');
    const ack = await alice.request({ type: 'room_message', room_id: 'general', content: 'measure me' });
    await bob.next((f) => f.type === 'room_message' && f.id === ack.data.id);
    expect((await bob.request({ type: 'create_room', name: 'Metered', password: 'pw' })).type).toBe('success');

    // Nothing happens on the sockets between these two reads.
    const stats = await getStats(server.httpUrl);
    const text = await (await fetch(`${server.httpUrl}/metrics`)).text();

    expect(stats.connections.current).toBe(2);
    expect(stats.rooms).toBe(2);
    expect(stats.messages.received).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'rusty_socks_connections')).toBe(stats.connections.current);
    expect(sample(text, 'rusty_socks_messages_received_total')).toBe(stats.messages.received);
    expect(sample(text, 'rusty_socks_messages_delivered_total')).toBe(stats.messages.delivered);
    expect(sample(text, 'rusty_socks_rooms')).toBe(stats.rooms);
    expect(sample(text, 'rusty_socks_worker_pool_queued')).toBe(stats.worker_pool.queued);
    expect(sample(text, 'rusty_socks_worker_pool_completed_total')).toBe(stats.worker_pool.completed);
    expect(sample(text, 'rusty_socks_connections_opened_total')).toBe(stats.connections.total);
  });

  it('follows the numbers when they change between scrapes', async () => {
    const first = await (await fetch(`${server.httpUrl}/metrics`)).text();
    const carol = await clients.asReady('metrics-carol');
    await carol.request({ type: 'room_message', room_id: 'general', content: 'one more' });
    const second = await (await fetch(`${server.httpUrl}/metrics`)).text();
    expect(sample(second, 'rusty_socks_messages_received_total')).toBeGreaterThan(sample(first, 'rusty_socks_messages_received_total')!);
    expect(sample(second, 'rusty_socks_connections')).toBe(sample(first, 'rusty_socks_connections')! + 1);
  });
});
