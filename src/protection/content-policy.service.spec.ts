import { ManualClock } from '../common/clock';
import { ErrorCode } from '../common/error-code';
import { resolveOptions } from '../config/options.resolver';
import { ContentPolicyService } from './content-policy.service';

describe('ContentPolicyService', () => {
  let clock: ManualClock;
  let policy: ContentPolicyService;
  beforeEach(() => {
    clock = new ManualClock(1_000_000);
    policy = new ContentPolicyService(resolveOptions({ maxContentLength: 10, blockedWords: ['darn', 'a.b'] }), clock);
  });
  afterEach(() => policy.onModuleDestroy());

  const refusal = (content: string, user = 'u') => {
    try {
      policy.check(user, content);
      return null;
    } catch (err) {
      return (err as { code: ErrorCode }).code;
    }
  };

  it('escapes the five HTML characters and nothing else', () => {
    expect(policy.check('u', `<a>&"'é`)).toBe('&lt;a&gt;&amp;&quot;&#39;é');
  });

  it.each([
    ['empty', ''],
    ['blank', ' \n\t '],
    ['too long', 'abcdefghijk'],
    ['a bell', 'hi\u0007'],
    ['a carriage return', 'hi\r\n'],
    ['a bidi override', 'abc\u202Edef'],
    ['a zero-width space', 'a\u200Bb'],
    ['a stray zero-width joiner', 'a\u200Db'],
    ['private use', 'x\uE000'],
    ['a non-character', 'x\uFFFF'],
    ['a character run', 'aaaaaaaaaa'],
    ['a blocked word', 'oh DARN'],
    ['a blocked word with regex characters', 'a.b'],
  ])('refuses %s', (_, content) => {
    expect(refusal(content)).toBe(ErrorCode.InvalidMessage);
  });

  it.each([
    ['tab and newline', 'a\tb\nc'],
    ['emoji joined by zero-width joiners, with modifiers and a flag', '👩‍💻👍🏽🇫🇷'],
    ['a subdivision flag made of tag characters', '🏴󠁧󠁢󠁳󠁣󠁴󠁿'],
    ['a run of nine', 'aaaaaaaaa'],
    ['a blocked word inside another word', 'darned'],
    ['regex characters that are not the blocked word', 'axb'],
  ])('accepts %s', (_, content) => {
    expect(refusal(content)).toBeNull();
  });

  it('counts characters, not UTF-16 units', () => {
    const tenEmoji = '😀😃😄😁😆😅😂🤣😊😇';
    expect(refusal(tenEmoji)).toBeNull();
    expect(refusal(tenEmoji + '🙂')).toBe(ErrorCode.InvalidMessage);
  });

  it('refuses the same content a fourth time within 30 seconds, per user', () => {
    for (let i = 0; i < 3; i++) expect(refusal('hello')).toBeNull();
    expect(refusal('hello')).toBe(ErrorCode.InvalidMessage);
    expect(refusal('hello', 'other-user')).toBeNull();
    expect(refusal('different')).toBeNull();
    clock.advance(30_000);
    expect(refusal('hello')).toBeNull();
  });
});
