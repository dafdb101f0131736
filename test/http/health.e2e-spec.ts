import { serverForSuite } from '../support';

/** The health routes (PROTOCOL.md §7) and the answer to an unknown route. */
describe('health routes', () => {
  const { server } = serverForSuite({ RUSTY_SOCKS_MAX_CONN_PER_IP: '1000' });

  it('GET /health answers 200 with the text OK, as the original', async () => {
    const res = await fetch(`${server.httpUrl}/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe('OK');
  });

  it.each(['/health/live', '/health/ready'])('GET %s answers 200 JSON with status "ok"', async (path) => {
    const res = await fetch(`${server.httpUrl}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await res.json();
    expect(body).toMatchObject({ status: 'ok' });
  });

  it('answers an unknown route with 404 and a JSON body', async () => {
    const res = await fetch(`${server.httpUrl}/no/such/route`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await res.json();
    expect(body).toEqual(expect.any(Object));
    expect(body).toMatchObject({ statusCode: 404 });
  });

  it('answers a GET of /ws without an upgrade with a 4xx, not a crash', async () => {
    const res = await fetch(`${server.httpUrl}/ws`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    // The server still answers afterwards.
    expect((await fetch(`${server.httpUrl}/health`)).status).toBe(200);
  });
});
