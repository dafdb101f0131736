import { Logger } from '@nestjs/common';
import { ModerationAuditService } from './moderation-audit.service';

describe('ModerationAuditService', () => {
  afterEach(() => jest.restoreAllMocks());

  it('logs each action as one structured object and counts it under its action', () => {
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const audit = new ModerationAuditService();
    audit.record({ action: 'ban', actor: 'alice', target: 'bob', room: 'general', duration_ms: 7_200_000, until: '2030-01-01T02:00:00.000Z' });
    audit.record({ action: 'kick', actor: 'alice', target: 'carol', room: 'general' });
    audit.record({ action: 'kick', actor: 'alice', target: 'dave', room: 'general' });

    expect(log.mock.calls[0][0]).toEqual({
      event: 'moderation.action',
      action: 'ban',
      actor: 'alice',
      target: 'bob',
      room: 'general',
      duration_ms: 7_200_000,
      until: '2030-01-01T02:00:00.000Z',
    });
    expect(audit.counters).toEqual({ kicks: 2, bans: 1, unbans: 0, mutes: 0, unmutes: 0, role_changes: 0, deleted_messages: 0 });
  });
});
