import { clientIp } from './client-ip';

const req = (peer: string, xff?: string) => ({ socket: { remoteAddress: peer }, headers: xff === undefined ? {} : { 'x-forwarded-for': xff } }) as never;

describe('clientIp', () => {
  const trusted = new Set(['10.0.0.1', '10.0.0.2']);

  it('uses the socket peer and ignores X-Forwarded-For from anyone else', () => {
    expect(clientIp(req('203.0.113.9', '1.1.1.1'), trusted)).toBe('203.0.113.9');
    expect(clientIp(req('::ffff:203.0.113.9'), trusted)).toBe('203.0.113.9');
  });

  it('behind trusted proxies, takes the right-most address that is not a proxy', () => {
    expect(clientIp(req('10.0.0.1', '198.51.100.7'), trusted)).toBe('198.51.100.7');
    expect(clientIp(req('10.0.0.1', 'spoofed, 198.51.100.7, 10.0.0.2'), trusted)).toBe('198.51.100.7');
    expect(clientIp(req('10.0.0.1'), trusted)).toBe('10.0.0.1');
  });
});
