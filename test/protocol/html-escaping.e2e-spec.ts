import { serverForSuite } from '../support';

/**
 * `content`, `username` and room names are relayed HTML-escaped: `& < > " '` become entities and
 * nothing else is rewritten (PROTOCOL.md §4, last bullet).
 */
describe('HTML escaping of relayed text', () => {
  const { clients } = serverForSuite({ RUSTY_SOCKS_MAX_CONN_PER_IP: '1000' });

  it('escapes the five characters in room_message content, and only them', async () => {
    const alice = await clients.asReady('esc-alice');
    const bob = await clients.asReady('esc-bob');
    const ack = await alice.request({ type: 'room_message', room_id: 'general', content: `<script>&"'` });
    expect(ack.type).toBe('success');
    const message = await bob.next((f) => f.type === 'room_message' && f.id === ack.data.id);
    expect(message.content).toBe('&lt;script&gt;&amp;&quot;&#39;');

    const ack2 = await alice.request({ type: 'room_message', room_id: 'general', content: 'a&amp;b é 👩‍💻\ttab' });
    const message2 = await bob.next((f) => f.type === 'room_message' && f.id === ack2.data.id);
    expect(message2.content).toBe('a&amp;amp;b é 👩‍💻\ttab');
  });

  it('escapes a username claim in the welcome, user_joined and room_message frames', async () => {
    const watcher = await clients.asReady('esc-watcher');
    const mallory = await clients.asReady('esc-mallory', { username: `<b>Mal</b> & "co" 'x'` });
    const escaped = '&lt;b&gt;Mal&lt;/b&gt; &amp; &quot;co&quot; &#39;x&#39;';

    expect(mallory.frames[0]).toMatchObject({ type: 'connected', client_id: 'esc-mallory', username: escaped });
    await expect(watcher.next((f) => f.type === 'user_joined' && f.user_id === 'esc-mallory')).resolves.toEqual({
      type: 'user_joined',
      room_id: 'general',
      user_id: 'esc-mallory',
      username: escaped,
    });
    const ack = await mallory.request({ type: 'room_message', room_id: 'general', content: 'hello' });
    await expect(watcher.next((f) => f.type === 'room_message' && f.id === ack.data.id)).resolves.toMatchObject({
      sender_id: 'esc-mallory',
      sender_username: escaped,
      content: 'hello',
    });
    const members = await watcher.request({ type: 'get_room_members', room_id: 'general' });
    expect(members.members).toContainEqual(expect.objectContaining({ id: 'esc-mallory', username: escaped }));
  });

  it('escapes a room name in the create_room reply and in list_rooms', async () => {
    const owner = await clients.asReady('esc-owner');
    const other = await clients.asReady('esc-other');
    const created = await owner.request({ type: 'create_room', name: `<i>Tom's</i> & co` });
    const escaped = '&lt;i&gt;Tom&#39;s&lt;/i&gt; &amp; co';
    expect(created).toMatchObject({ type: 'success', data: { room_id: expect.any(String), name: escaped } });

    for (const client of [owner, other]) {
      const list = await client.request({ type: 'list_rooms' });
      expect(list.type).toBe('room_list');
      expect(list.rooms).toContainEqual(expect.objectContaining({ id: created.data.room_id, name: escaped }));
      expect(JSON.stringify(list.rooms)).not.toContain('<i>');
    }
  });
});
