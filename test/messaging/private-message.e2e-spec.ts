import { expectError, RFC3339_MS_UTC, serverForSuite, uniqueId, UUID } from '../support';

describe('private_message', () => {
  const { clients } = serverForSuite();

  it('reaches every connection of the target user, not the sender, and acks the sender with the message id and timestamp', async () => {
    const aliceId = uniqueId('alice');
    const alice = await clients.as(aliceId, { username: 'Alice' });
    const bobId = uniqueId('bob');
    const bob1 = await clients.as(bobId);
    const bob2 = await clients.as(bobId);
    const carol = await clients.as(uniqueId('carol'));

    const ack = await alice.request({ type: 'private_message', target_user_id: bobId, content: 'psst, <bob>' });
    const expected = {
      type: 'private_message',
      id: expect.stringMatching(UUID),
      sender_id: aliceId,
      sender_username: 'Alice',
      target_user_id: bobId,
      content: 'psst, &lt;bob&gt;',
      timestamp: expect.stringMatching(RFC3339_MS_UTC),
    };
    const first = await bob1.next('private_message');
    const second = await bob2.next('private_message');
    expect(first).toEqual(expected);
    expect(second).toEqual(first);

    expect(ack).toMatchObject({ type: 'success', message: expect.any(String), request_id: expect.any(String), data: { id: first.id, timestamp: first.timestamp } });
    await alice.expectNone('private_message');
    await carol.expectNone('private_message');
  });

  it('sends no success to a sender that gave no request_id', async () => {
    const alice = await clients.as(uniqueId('alice'));
    const bobId = uniqueId('bob');
    const bob = await clients.as(bobId);
    alice.send({ type: 'private_message', target_user_id: bobId, content: 'no ack please' });
    await expect(bob.next('private_message')).resolves.toMatchObject({ content: 'no ack please' });
    await alice.expectNone((f) => f.type === 'success' || f.type === 'error');
  });

  it('answers a target that is not connected with USER_NOT_FOUND', async () => {
    const alice = await clients.as(uniqueId('alice'));
    const bob = await clients.as(uniqueId('bob'));
    expectError(await alice.request({ type: 'private_message', target_user_id: uniqueId('nobody'), content: 'hello?' }), 'USER_NOT_FOUND');
    await bob.expectNone('private_message');
  });
});
