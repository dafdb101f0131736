import { Role, roleName } from './role';

/** Who acts on whom, as the hierarchy rule sees it. */
export interface HierarchyCase {
  actorId: string;
  /** The actor's role in the room. */
  actorRole: Role;
  targetId: string;
  /** The target's role in the room, when the action requires outranking it. */
  targetRole?: Role;
  /** The role being given, for role changes. */
  assigned?: Role;
}

/**
 * The hierarchy rule (PROTOCOL.md §5): nobody acts on themselves, an actor acts only on users whose
 * role is strictly lower than its own, and gives only roles strictly lower than its own. Returns why
 * an action is refused, or null when it is allowed.
 */
export function hierarchyRefusal({ actorId, actorRole, targetId, targetRole, assigned }: HierarchyCase): string | null {
  if (actorId === targetId) return 'You cannot do this to yourself';
  if (targetRole !== undefined && targetRole >= actorRole) {
    return `${targetId} is ${roleName(targetRole)} here; you (${roleName(actorRole)}) can only act on users with a lower role`;
  }
  if (assigned !== undefined && assigned >= actorRole) {
    return `You (${roleName(actorRole)}) can only give roles lower than your own, not ${roleName(assigned)}`;
  }
  return null;
}
