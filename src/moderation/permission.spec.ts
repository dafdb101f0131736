import { Permission, roleHasPermission } from './permission';
import { parseRole, Role, roleName } from './role';

describe('permission matrix', () => {
  // PROTOCOL.md §5, row by row: Owner, Admin, Moderator, Member, Guest.
  const table: Record<Permission, [boolean, boolean, boolean, boolean, boolean]> = {
    [Permission.ManageRoom]: [true, false, false, false, false],
    [Permission.ManageRoles]: [true, true, false, false, false],
    [Permission.KickUsers]: [true, true, true, false, false],
    [Permission.BanUsers]: [true, true, false, false, false],
    [Permission.MuteUsers]: [true, true, true, false, false],
    [Permission.SendMessages]: [true, true, true, true, true],
    [Permission.DeleteMessages]: [true, true, true, false, false],
    [Permission.InviteUsers]: [true, true, false, true, false],
    [Permission.CreateRooms]: [true, true, false, true, false],
  };
  const roles = [Role.Owner, Role.Admin, Role.Moderator, Role.Member, Role.Guest];

  it.each(Object.entries(table))('%s follows the table', (permission, row) => {
    roles.forEach((role, i) => expect([roleName(role), roleHasPermission(role, permission as Permission)]).toEqual([roleName(role), row[i]]));
  });

  it('lets the operator take room creation away from Members only', () => {
    expect(roleHasPermission(Role.Member, Permission.CreateRooms, false)).toBe(false);
    expect(roleHasPermission(Role.Admin, Permission.CreateRooms, false)).toBe(true);
  });

  it('parses role names in any case and writes them capitalised', () => {
    expect(parseRole('ADMIN')).toBe(Role.Admin);
    expect(parseRole('moderator')).toBe(Role.Moderator);
    expect(parseRole('superuser')).toBeUndefined();
    expect(roleName(Role.Guest)).toBe('Guest');
  });
});
