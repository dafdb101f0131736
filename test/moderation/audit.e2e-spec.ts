import { castRoom, moderationSuite, ok, refusal, refused, say } from './helpers';

const NONE = { kicks: 0, bans: 0, unbans: 0, mutes: 0, unmutes: 0, role_changes: 0, deleted_messages: 0 };

async function moderationStats(httpUrl: string): Promise<typeof NONE> {
  const res = await fetch(`${httpUrl}/stats`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { moderation: typeof NONE }).moderation;
}

/** The value of `rusty_socks_moderation_actions_total{action="…"}` in a scrape. */
function actionSample(text: string, action: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`rusty_socks_moderation_actions_total{action="${action}"} `));
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

/**
 * Every moderation action that takes effect is counted per action in `GET /stats` (`moderation`) and
 * `GET /metrics` (`rusty_socks_moderation_actions_total{action}`); refused attempts and no-ops are not.
 * (The structured audit log line is covered by the unit spec of `ModerationAuditService`.)
 */
describe('moderation counters', () => {
  const suite = moderationSuite();

  it('start at zero for every action, in /stats and in /metrics', async () => {
    expect(await moderationStats(suite.server.httpUrl)).toEqual(NONE);
    const text = await (await fetch(`${suite.server.httpUrl}/metrics`)).text();
    expect(text).toMatch(/^# TYPE rusty_socks_moderation_actions_total counter$/m);
    for (const action of ['kick', 'ban', 'unban', 'mute', 'unmute', 'role_change', 'delete_message']) expect(actionSample(text, action)).toBe(0);
  });

  it('count each action that took effect, and neither refusals nor no-ops', async () => {
    const before = await moderationStats(suite.server.httpUrl);
    const c = await castRoom(suite); // one role change: the Moderator's
    const messageId = await say(c.member, c.roomId, 'to be deleted');
    await ok(c.moderator, { type: 'delete_message', room_id: c.roomId, message_id: messageId });
    await ok(c.moderator, { type: 'mute_user', room_id: c.roomId, user_id: c.ids.member, duration_minutes: 10 });
    await ok(c.moderator, { type: 'unmute_user', room_id: c.roomId, user_id: c.ids.member });
    await ok(c.moderator, { type: 'unmute_user', room_id: c.roomId, user_id: c.ids.member }); // nothing to lift
    await ok(c.moderator, { type: 'kick_user', room_id: c.roomId, user_id: c.ids.guest });
    await ok(c.admin, { type: 'ban_user', room_id: c.roomId, user_id: c.ids.member });
    await c.member.next(refusal('BANNED', c.roomId));
    await ok(c.admin, { type: 'unban_user', room_id: c.roomId, user_id: c.ids.member });
    await refused(c.moderator, { type: 'ban_user', room_id: c.roomId, user_id: c.ids.member }, 'FORBIDDEN');
    await refused(c.moderator, { type: 'kick_user', room_id: c.roomId, user_id: c.ids.admin }, 'FORBIDDEN');

    const after = await moderationStats(suite.server.httpUrl);
    expect(after).toEqual({
      kicks: before.kicks + 1,
      bans: before.bans + 1,
      unbans: before.unbans + 1,
      mutes: before.mutes + 1,
      unmutes: before.unmutes + 1,
      role_changes: before.role_changes + 1,
      deleted_messages: before.deleted_messages + 1,
    });
    const text = await (await fetch(`${suite.server.httpUrl}/metrics`)).text();
    expect(actionSample(text, 'kick')).toBe(after.kicks);
    expect(actionSample(text, 'ban')).toBe(after.bans);
    expect(actionSample(text, 'unban')).toBe(after.unbans);
    expect(actionSample(text, 'mute')).toBe(after.mutes);
    expect(actionSample(text, 'unmute')).toBe(after.unmutes);
    expect(actionSample(text, 'role_change')).toBe(after.role_changes);
    expect(actionSample(text, 'delete_message')).toBe(after.deleted_messages);
  });
});
