import type { Scope } from '../scope';
import { scopeOf } from '../scope';
import type { Permission } from './permissions';

/** One role held at one unit, as the actor sees it. */
export interface ActorAssignment {
  id: string;
  roleKey: string;
  roleName: string;
  unitId: string;
  unitName: string;
  unitPath: string;
  permissions: readonly Permission[];
}

/** The logged-in user of a request: identity, assignments and the scope each permission reaches. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  sessionId: string;
  csrfToken: string;
  ip: string | null;
  mustChangePassword: boolean;
  assignments: readonly ActorAssignment[];
  activeAssignmentId: string | null;
  /** Permissions held through the active assignment (or all of them when none is chosen). */
  permissions: ReadonlySet<Permission>;
  /** The subtrees where the actor holds `permission`; empty when not held at all. */
  scopeFor(permission: Permission): Scope;
}

/** Builds an actor from its assignments, narrowed to the chosen assignment when one is active. */
export function buildActor(input: Omit<Actor, 'permissions' | 'scopeFor'>): Actor {
  const active = input.assignments.filter(
    (a) => !input.activeAssignmentId || a.id === input.activeAssignmentId,
  );
  const permissions = new Set<Permission>(active.flatMap((a) => a.permissions));
  return {
    ...input,
    permissions,
    scopeFor(permission) {
      return scopeOf(active.filter((a) => a.permissions.includes(permission)).map((a) => a.unitPath));
    },
  };
}
