import { expectRefused, nextEvent, recordEvents, RFC3339_MS_UTC, SdkClients, serverForSuite, uniqueId, UUID } from '../support';

/** Users are SDK clients, as an app would have; the raw client stays for the frame-level rule (no `request_id`, no ack). */
describe('private_message', () => {
  const { server, clients } = serverForSuite();
  const sdk = new SdkClients(() => server);
  afterEach(() => sdk.closeAll());

  it('reaches every connection of the target user, not the sender, and acks the sender with the message id and timestamp', async () => {
    const aliceId = uniqueId('alice');
    const alice = await sdk.as(aliceId, { username: 'Alice' });
    const bobId = uniqueId('bob');
    const bob1 = await sdk.as(bobId);
    const bob2 = await sdk.as(bobId);
    const carol = await sdk.as(uniqueId('carol'));
    const [toAlice, toBob1, toBob2, toCarol] = [alice, bob1, bob2, carol].map((c) => recordEvents(c, 'private_message'));
    const [firstArrives, secondArrives] = [bob1, bob2].map((c) => nextEvent(c, 'private_message'));

    const ack = await alice.sendPrivateMessage(bobId, 'psst, <bob>');
    const expected = {
      type: 'private_message',
      id: expect.stringMatching(UUID),
      sender_id: aliceId,
      sender_username: 'Alice',
      target_user_id: bobId,
      content: 'psst, &lt;bob&gt;',
      timestamp: expect.stringMatching(RFC3339_MS_UTC),
    };
    const first = await firstArrives;
    const second = await secondArrives;
    expect(first).toEqual(expected);
    expect(second).toEqual(first);

    expect(ack).toMatchObject({ type: 'success', message: expect.any(String), request_id: expect.any(String), data: { id: first.id, timestamp: first.timestamp } });
    // Each once, and nobody else: a pong comes after anything already sent to that connection.
    await Promise.all([alice, bob1, bob2, carol].map((c) => c.ping()));
    expect([toAlice, toBob1, toBob2, toCarol].map((got) => got.length)).toEqual([0, 1, 1, 0]);
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
    const alice = await sdk.as(uniqueId('alice'));
    const bob = await sdk.as(uniqueId('bob'));
    const toBob = recordEvents(bob, 'private_message');
    await expectRefused(alice.sendPrivateMessage(uniqueId('nobody'), 'hello?'), 'USER_NOT_FOUND');
    await bob.ping();
    expect(toBob).toEqual([]);
  });
});
