import { expectAlive, serverForSuite } from '../support';

/** A frame larger than RUSTY_SOCKS_MAX_FRAME_BYTES closes its connection with 1009 (PROTOCOL.md §1). */
describe('frame size limit (RUSTY_SOCKS_MAX_FRAME_BYTES=1024)', () => {
  const LIMIT = 1024;
  const { clients } = serverForSuite({ RUSTY_SOCKS_MAX_CONN_PER_IP: '1000', RUSTY_SOCKS_MAX_FRAME_BYTES: String(LIMIT) });

  /** A ping frame of exactly `bytes` bytes (the padding field is ignored by the server). */
  function pingOfSize(bytes: number, request_id: string): string {
    const bare = JSON.stringify({ type: 'ping', request_id, pad: '' });
    const frame = JSON.stringify({ type: 'ping', request_id, pad: 'p'.repeat(bytes - bare.length) });
    expect(Buffer.byteLength(frame)).toBe(bytes);
    return frame;
  }

  it('serves a frame of exactly the limit', async () => {
    const client = await clients.asReady('size-exact');
    client.send(pingOfSize(LIMIT, 'at-limit'));
    await expect(client.next((f) => f.request_id === 'at-limit')).resolves.toMatchObject({ type: 'pong' });
  });

  it('closes with 1009 on a frame one byte over the limit, leaving other clients unaffected', async () => {
    const bystander = await clients.asReady('size-bystander');
    const offender = await clients.asReady('size-offender');
    await bystander.next((f) => f.type === 'user_joined' && f.user_id === 'size-offender');

    offender.send(pingOfSize(LIMIT + 1, 'over-limit'));
    const closed = await offender.closed;
    expect(closed.code).toBe(1009);
    expect(offender.pending((f) => f.request_id === 'over-limit')).toEqual([]);

    await expect(bystander.next((f) => f.type === 'user_left' && f.user_id === 'size-offender')).resolves.toMatchObject({ reason: 'disconnected' });
    await expectAlive(bystander);
    const ack = await bystander.request({ type: 'room_message', room_id: 'general', content: 'still here' });
    expect(ack.type).toBe('success');
  });

  it('closes with 1009 on a large room_message, which reaches nobody', async () => {
    const receiver = await clients.asReady('size-receiver');
    const sender = await clients.asReady('size-sender');
    sender.send({ type: 'room_message', room_id: 'general', content: 'x '.repeat(4000) });
    await expect(sender.closed).resolves.toMatchObject({ code: 1009 });
    await receiver.expectNone('room_message');
    // A new connection is admitted as usual.
    await clients.asReady('size-sender');
  });
});
