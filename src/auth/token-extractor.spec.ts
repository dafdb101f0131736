import { extractToken } from './token-extractor';

describe('extractToken', () => {
  const req = (headers: Record<string, string>, url = '/ws') => ({ headers, url });

  it('finds each source', () => {
    expect(extractToken(req({ authorization: 'Bearer aaa' }))).toEqual({ token: 'aaa', source: 'authorization' });
    expect(extractToken(req({ 'sec-websocket-protocol': 'chat, bearer.bbb' }))).toEqual({ token: 'bbb', source: 'subprotocol', protocol: 'bearer.bbb' });
    expect(extractToken(req({ 'x-auth-token': 'ccc' }))).toEqual({ token: 'ccc', source: 'x-auth-token' });
    expect(extractToken(req({}, '/ws?x=1&token=ddd'))).toEqual({ token: 'ddd', source: 'query' });
  });

  it('takes the first source in protocol order', () => {
    const all = req({ authorization: 'Bearer a', 'sec-websocket-protocol': 'bearer.b', 'x-auth-token': 'c' }, '/ws?token=d');
    expect(extractToken(all)?.token).toBe('a');
    expect(extractToken(req({ 'sec-websocket-protocol': 'bearer.b', 'x-auth-token': 'c' }, '/ws?token=d'))?.token).toBe('b');
    expect(extractToken(req({ 'x-auth-token': 'c' }, '/ws?token=d'))?.token).toBe('c');
  });

  it('ignores other authorization schemes and reports no token at all', () => {
    expect(extractToken(req({ authorization: 'Basic abc' }))).toBeUndefined();
    expect(extractToken(req({}))).toBeUndefined();
  });

  it('keeps an empty token as present, so it fails instead of passing as anonymous', () => {
    expect(extractToken(req({}, '/ws?token='))).toEqual({ token: '', source: 'query' });
    expect(extractToken(req({ authorization: 'Bearer' }))).toEqual({ token: '', source: 'authorization' });
  });
});
