import { expectAlive, Frame, serverForSuite, TestClient } from '../support';

/**
 * The INVALID_MESSAGE rules for room_message content (PROTOCOL.md §5.1, §6), on a server with a
 * 20-character limit and two blocked words. Accepted content reaches the other member; refused
 * content reaches nobody.
 */
describe('content rules of room_message (INVALID_MESSAGE)', () => {
  const { clients } = serverForSuite({
    RUSTY_SOCKS_MAX_CONN_PER_IP: '1000',
    RUSTY_SOCKS_MAX_CONTENT_LENGTH: '20',
    RUSTY_SOCKS_BLOCKED_WORDS: 'darn, heck',
    RUSTY_SOCKS_RATE_LIMIT_MSG_PER_MIN: '100000',
  });
  let sender: TestClient;
  let receiver: TestClient;
  let users = 0;

  beforeEach(async () => {
    // Fresh users per test: the repeat rule remembers contents per user for 30 s.
    const n = ++users;
    receiver = await clients.asReady(`receiver-${n}`);
    sender = await clients.asReady(`sender-${n}`);
    await receiver.next((f) => f.type === 'user_joined' && f.user_id === `sender-${n}`);
  });

  function say(content: string): Promise<Frame> {
    return sender.request({ type: 'room_message', room_id: 'general', content });
  }

  /** The content is accepted (ack) and delivered to the receiver, escaped the way §4 says. */
  async function expectDelivered(content: string, delivered = content): Promise<void> {
    const ack = await say(content);
    expect(ack).toMatchObject({ type: 'success', data: { id: expect.any(String), offset: expect.any(Number), timestamp: expect.any(String) } });
    const message = await receiver.next((f) => f.type === 'room_message' && f.id === ack.data.id, `the room_message ${JSON.stringify(content)}`);
    expect(message).toMatchObject({ room_id: 'general', sender_id: sender.frames[0].client_id, content: delivered });
  }

  /** The content is refused with INVALID_MESSAGE, the sender stays connected, and nobody receives it. */
  async function expectRefused(content: string): Promise<void> {
    const error = await say(content);
    expect(error).toEqual({ type: 'error', code: 'INVALID_MESSAGE', message: expect.any(String), request_id: expect.any(String) });
    await receiver.expectNone('room_message');
    await expectAlive(sender);
  }

  describe('empty content', () => {
    it.each([
      ['empty', ''],
      ['spaces', '   '],
      ['whitespace of several kinds', ' \t\n \n\t '],
    ])('refuses %s content', async (_what, content) => expectRefused(content));
  });

  describe('length (RUSTY_SOCKS_MAX_CONTENT_LENGTH=20)', () => {
    it('accepts 20 characters', async () => expectDelivered('abcdefghijklmnopqrst'));
    it('refuses 21 characters', async () => expectRefused('abcdefghijklmnopqrstu'));
    it('counts an emoji (two UTF-16 units) as one character: 19 letters + 😀 pass', async () => {
      expect('abcdefghijklmnopqrs😀'.length).toBe(21);
      await expectDelivered('abcdefghijklmnopqrs😀');
    });
    it('refuses 20 letters + 😀 (21 characters)', async () => expectRefused('abcdefghijklmnopqrst😀'));
    it('counts characters, not bytes: 20 accented letters pass', async () => expectDelivered('éàüöçñøåæßéàüöçñøåæß'));
    it('counts the characters sent, not their HTML escapes: 20 characters full of & < > " \' pass', async () => {
      const content = `<b>&"x"'y'</b><i>&</`;
      expect(content.length).toBe(20);
      await expectDelivered(content, '&lt;b&gt;&amp;&quot;x&quot;&#39;y&#39;&lt;/b&gt;&lt;i&gt;&amp;&lt;/');
    });
  });

  describe('dangerous Unicode', () => {
    it.each([
      ['a control character (BEL, U+0007)', 'ring\u0007ring'],
      ['a carriage return', 'line\r\nbreak'],
      ['NUL', 'nul\u0000here'],
      ['DEL', 'del\u007Fhere'],
      ['a C1 control (U+0085)', 'next\u0085line'],
      ['a bidi override (U+202E)', 'abc\u202Edef'],
      ['a bidi isolate (U+2066)', 'abc\u2066def'],
      ['a zero-width space (U+200B)', 'zero\u200Bwidth'],
      ['a byte order mark (U+FEFF)', 'bom\uFEFFhere'],
      ['a private-use character (U+E000)', 'private\uE000use'],
      ['a non-character (U+FFFF)', 'non\uFFFFchar'],
      ['a non-character (U+FDD0)', 'non\uFDD0char'],
      ['a stray zero-width joiner', 'a\u200Db'],
    ])('refuses %s', async (_what, content) => expectRefused(content));

    it.each([
      ['a tab', 'col1\tcol2'],
      ['a newline', 'line 1\nline 2'],
      ['an emoji ZWJ sequence (👩‍💻)', 'coding 👩‍💻 now'],
      ['a family ZWJ sequence (👨‍👩‍👧)', 'family 👨‍👩‍👧'],
      ['a country flag (🇫🇷)', 'vive la 🇫🇷'],
      ['a subdivision flag with tag characters (🏴󠁧󠁢󠁳󠁣󠁴󠁿)', 'hi 🏴󠁧󠁢󠁳󠁣󠁴󠁿'],
      ['a skin-tone modifier (👍🏽)', 'ok 👍🏽'],
      ['non-Latin scripts', 'привет 你好 مرحبا'],
    ])('accepts %s unchanged', async (_what, content) => expectDelivered(content));
  });

  describe('spam', () => {
    it('accepts one character 9 times in a row', async () => expectDelivered('yes' + '!'.repeat(9)));
    it('refuses one character 10 times in a row', async () => expectRefused('no' + '!'.repeat(10)));
    it('refuses a run of 10 of one emoji', async () => expectRefused('😀'.repeat(10)));

    it('refuses the same content a 4th time within 30 s, but not different content', async () => {
      await expectDelivered('same old words');
      await expectDelivered('same old words');
      await expectDelivered('same old words');
      await expectRefused('same old words');
      await expectDelivered('something new');
    });

    it('counts repeats per user across their connections', async () => {
      const sameUser = await clients.asReady(sender.frames[0].client_id);
      await expectDelivered('twin message');
      await expectDelivered('twin message');
      const third = await sameUser.request({ type: 'room_message', room_id: 'general', content: 'twin message' });
      expect(third).toMatchObject({ type: 'success' });
      await receiver.next((f) => f.type === 'room_message' && f.id === third.data.id);
      const fourth = await sameUser.request({ type: 'room_message', room_id: 'general', content: 'twin message' });
      expect(fourth).toMatchObject({ type: 'error', code: 'INVALID_MESSAGE' });
      await receiver.expectNone((f) => f.type === 'room_message' && f.content === 'twin message');
    });

    it('counts repeats per user: another user may still say it', async () => {
      for (let i = 0; i < 3; i++) await expectDelivered('echo chamber');
      await expectRefused('echo chamber');
      // The receiver says it back to the sender: its own first time.
      const ack = await receiver.request({ type: 'room_message', room_id: 'general', content: 'echo chamber' });
      expect(ack).toMatchObject({ type: 'success' });
      await expect(sender.next((f) => f.type === 'room_message' && f.id === ack.data.id)).resolves.toMatchObject({ content: 'echo chamber' });
    });
  });

  describe('blocked words (RUSTY_SOCKS_BLOCKED_WORDS=darn, heck)', () => {
    it.each([
      ['the word', 'darn'],
      ['the word with other case', 'Darn it'],
      ['the word in capitals', 'oh DARN'],
      ['the word next to punctuation', 'well, darn!'],
      ['the second listed word', 'what the heck'],
    ])('refuses %s', async (_what, content) => expectRefused(content));

    it.each([
      ['a longer word that contains it', 'darned socks'],
      ['a word that ends with it', 'undarn'],
      ['a word joined by an underscore', 'darn_it'],
    ])('accepts %s (whole words only)', async (_what, content) => expectDelivered(content));
  });

  it('refuses content of a typeless README-style frame by the same rules', async () => {
    sender.send({ id: 'x', sender: 'me', content: 'bad\u202Eidea', timestamp: 0, request_id: 'typeless-1' });
    const error = await sender.next((f) => f.request_id === 'typeless-1');
    expect(error).toMatchObject({ type: 'error', code: 'INVALID_MESSAGE' });
    await receiver.expectNone('room_message');
  });
});
