import { hierarchyRefusal } from './hierarchy';
import { Role } from './role';

describe('hierarchy rule', () => {
  const base = { actorId: 'alice', targetId: 'bob' };

  it('lets an actor act only on users strictly below it', () => {
    expect(hierarchyRefusal({ ...base, actorRole: Role.Moderator, targetRole: Role.Member })).toBeNull();
    expect(hierarchyRefusal({ ...base, actorRole: Role.Owner, targetRole: Role.Admin })).toBeNull();
    expect(hierarchyRefusal({ ...base, actorRole: Role.Moderator, targetRole: Role.Moderator })).toMatch(/bob is Moderator here.*lower role/);
    expect(hierarchyRefusal({ ...base, actorRole: Role.Admin, targetRole: Role.Owner })).toMatch(/bob is Owner here/);
  });

  it('lets an actor give only roles strictly below its own', () => {
    expect(hierarchyRefusal({ ...base, actorRole: Role.Owner, targetRole: Role.Member, assigned: Role.Admin })).toBeNull();
    expect(hierarchyRefusal({ ...base, actorRole: Role.Admin, targetRole: Role.Member, assigned: Role.Admin })).toMatch(/lower than your own, not Admin/);
    expect(hierarchyRefusal({ ...base, actorRole: Role.Owner, targetRole: Role.Member, assigned: Role.Owner })).toMatch(/not Owner/);
  });

  it('refuses acting on oneself, whatever the roles', () => {
    expect(hierarchyRefusal({ actorId: 'alice', targetId: 'alice', actorRole: Role.Owner })).toMatch(/yourself/);
    expect(hierarchyRefusal({ actorId: 'alice', targetId: 'alice', actorRole: Role.Owner, targetRole: Role.Guest })).toMatch(/yourself/);
  });
});
