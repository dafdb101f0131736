/** The five roles, lowest to highest; the numeric order is the hierarchy (PROTOCOL.md §5). */
export enum Role {
  Guest = 0,
  Member = 1,
  Moderator = 2,
  Admin = 3,
  Owner = 4,
}

const WIRE_NAMES = ['Guest', 'Member', 'Moderator', 'Admin', 'Owner'] as const;

/** A role as it is written on the wire: capitalised. */
export type WireRole = (typeof WIRE_NAMES)[number];

/** The capitalised wire name of a role. */
export function roleName(role: Role): WireRole {
  return WIRE_NAMES[role];
}

/** Parses a role name in any case (`admin`, `Admin`, `ADMIN`), or returns undefined. */
export function parseRole(name: unknown): Role | undefined {
  if (typeof name !== 'string') return undefined;
  const i = WIRE_NAMES.findIndex((n) => n.toLowerCase() === name.toLowerCase());
  return i === -1 ? undefined : (i as Role);
}
