import { decodeFrame } from './frame-decoder';

const text = (s: string) => Buffer.from(s);

describe('decodeFrame', () => {
  it('reads a typed message and its request_id', () => {
    expect(decodeFrame(text('{"type":"ping","request_id":"r1"}'), false, 'general')).toEqual({
      ok: true,
      type: 'ping',
      message: { type: 'ping', request_id: 'r1' },
      requestId: 'r1',
    });
  });

  it('takes the original README frame as a room_message to the default room', () => {
    const decoded = decodeFrame(text('{"id":"0","sender":"test_user","content":"Hello","timestamp":"2025-03-15T12:00:00Z"}'), false, 'lobby');
    expect(decoded).toMatchObject({ ok: true, type: 'room_message', message: { type: 'room_message', room_id: 'lobby', content: 'Hello' } });
  });

  it.each([
    ['binary', Buffer.from([1, 2]), true, 'UNSUPPORTED_FRAME'],
    ['not JSON', text('hello'), false, 'INVALID_JSON'],
    ['an array', text('[1]'), false, 'INVALID_JSON'],
    ['null', text('null'), false, 'INVALID_JSON'],
    ['no type', text('{"room_id":"x"}'), false, 'INVALID_PAYLOAD'],
    ['a numeric type', text('{"type":3}'), false, 'INVALID_PAYLOAD'],
    ['a long request_id', text(`{"type":"ping","request_id":"${'x'.repeat(65)}"}`), false, 'INVALID_PAYLOAD'],
  ])('refuses %s', (_, data, isBinary, code) => {
    const decoded = decodeFrame(data, isBinary, 'general');
    expect(decoded.ok).toBe(false);
    expect(!decoded.ok && decoded.error.code).toBe(code);
  });

  it('echoes a valid request_id on a payload error, never an invalid one', () => {
    const withId = decodeFrame(text('{"type":7,"request_id":"r9"}'), false, 'general');
    expect(!withId.ok && withId.error.request_id).toBe('r9');
    const badId = decodeFrame(text('{"type":"ping","request_id":5}'), false, 'general');
    expect(!badId.ok && badId.error.request_id).toBeUndefined();
  });
});
