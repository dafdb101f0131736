import { HttpStatus } from '@nestjs/common';
import { ErrorCode } from '../common/error-code';
import { ProtocolException } from '../common/protocol.exception';
import { asHostError, RustySocksHttpException } from './rusty-socks-http.exception';

describe('RustySocksHttpException', () => {
  it.each([
    [ErrorCode.RoomNotFound, HttpStatus.NOT_FOUND],
    [ErrorCode.UserNotFound, HttpStatus.NOT_FOUND],
    [ErrorCode.Forbidden, HttpStatus.FORBIDDEN],
    [ErrorCode.Banned, HttpStatus.FORBIDDEN],
    [ErrorCode.InvalidPayload, HttpStatus.BAD_REQUEST],
    [ErrorCode.InvalidRoomId, HttpStatus.BAD_REQUEST],
    [ErrorCode.InvalidName, HttpStatus.BAD_REQUEST],
    [ErrorCode.RoomFull, HttpStatus.CONFLICT],
    [ErrorCode.RateLimited, HttpStatus.TOO_MANY_REQUESTS],
    [ErrorCode.InternalError, HttpStatus.INTERNAL_SERVER_ERROR],
  ])('answers %s with %i', (code, status) => {
    expect(new RustySocksHttpException(new ProtocolException(code, 'm')).getStatus()).toBe(status);
  });

  it('carries the code, the message and the extras in the body, and the original as its cause', () => {
    const cause = new ProtocolException(ErrorCode.Banned, 'You are banned from room r', { room_id: 'r', until: null });
    const error = new RustySocksHttpException(cause);
    expect(error.getResponse()).toEqual({ statusCode: 403, code: 'BANNED', message: 'You are banned from room r', room_id: 'r', until: null });
    expect({ code: error.code, cause: error.cause }).toEqual({ code: 'BANNED', cause });
  });

  it('converts only protocol refusals', () => {
    const bug = new TypeError('x is undefined');
    expect(() => asHostError(bug)).toThrow(bug);
    expect(() => asHostError(new ProtocolException(ErrorCode.RoomNotFound, 'gone'))).toThrow(RustySocksHttpException);
  });
});
