import { RustySocksHttpException } from '../host/rusty-socks-http.exception';
import { ArgumentsHost } from '@nestjs/common';
import { WsException } from '@nestjs/websockets';
import { ErrorCode } from '../common/error-code';
import { ProtocolException } from '../common/protocol.exception';
import { ClientConnection } from '../connections/client-connection';
import { OutboundSender } from '../connections/outbound-sender';
import { WsProtocolExceptionFilter } from './ws-protocol-exception.filter';

describe('WsProtocolExceptionFilter', () => {
  const sent: unknown[] = [];
  const sender = { toConnection: (_c: unknown, frame: unknown) => sent.push(frame) } as unknown as OutboundSender;
  const filter = new WsProtocolExceptionFilter(sender);
  const socket = {};
  new ClientConnection('c1', { userId: 'u', username: 'u', globalRole: 1, authenticated: true }, socket as never, '127.0.0.1', { frames: 1, bytes: 1 }, 0);
  const host = (data: unknown) => ({ switchToWs: () => ({ getClient: () => socket, getData: () => data }) }) as unknown as ArgumentsHost;
  beforeEach(() => (sent.length = 0));

  it('writes a protocol refusal as its error frame, echoing the request_id', () => {
    filter.catch(new ProtocolException(ErrorCode.RoomFull, 'Room x is full'), host({ request_id: 'r1' }));
    expect(sent).toEqual([{ type: 'error', code: 'ROOM_FULL', message: 'Room x is full', request_id: 'r1' }]);
  });

  it('writes the protocol refusal behind a host-facing RustySocksHttpException (a host handler calling RustySocksService)', () => {
    filter.catch(new RustySocksHttpException(new ProtocolException(ErrorCode.RoomNotFound, 'Room x does not exist')), host({ request_id: 'r3' }));
    expect(sent).toEqual([{ type: 'error', code: 'ROOM_NOT_FOUND', message: 'Room x does not exist', request_id: 'r3' }]);
  });

  it('turns a guard refusal into FORBIDDEN', () => {
    filter.catch(new WsException('Forbidden resource'), host({}));
    expect(sent).toEqual([{ type: 'error', code: 'FORBIDDEN', message: expect.any(String) }]);
  });

  it('never leaks a bug’s internals to the client', () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    filter['logger'].error = jest.fn();
    filter.catch(new Error('ECONNREFUSED 10.1.2.3:6379 at RedisStore.query (/srv/app/dist/x.js:42)'), host({ request_id: 'r2' }));
    expect(sent).toEqual([{ type: 'error', code: 'INTERNAL_ERROR', message: 'Internal error; the request was not completed', request_id: 'r2' }]);
    expect(JSON.stringify(sent)).not.toMatch(/ECONNREFUSED|RedisStore|\/srv/);
  });
});
