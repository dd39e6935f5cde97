// Who may do what with a meeting record. Pure functions over paths, so they are unit-tested and the
// same answers go to the UI as `allowed` flags.
import { pathInScope, type Scope } from '../../platform/scope';
import { unitType } from '../orgs';
import type { MeetingStatus } from './kinds';

/**
 * The "own level" of an organisation: the organisation itself, or — when it sits under a unit that is
 * not a Party organisation (a 嘎查, an agency, a 两新组织) — that host unit, because the host's staff
 * are the same people. A 嘎查党支部's own level is the 嘎查; a 党小组's is the 党小组 (its branch is its
 * superior).
 */
export function ownLevelPath(org: { path: string }, parent: { path: string; type: string } | null): string {
  if (!parent) return org.path;
  return unitType(parent.type)?.category === 'party' ? org.path : parent.path;
}

/**
 * A record is reviewed by the superior organisation: the reviewer must hold meetings.review at a unit
 * strictly above the organisation's own level (holding it at the same level is not enough).
 */
export function isSuperiorReviewer(reviewScope: Scope, ownLevel: string): boolean {
  return reviewScope.paths.some((root) => ownLevel.startsWith(root) && ownLevel !== root);
}

/** Records that may still be corrected by the organisation: submitted or sent back. */
export function isEditable(status: MeetingStatus | string): boolean {
  return status === 'submitted' || status === 'returned';
}

/** The actions the actor may take on a record, for the UI and the service alike. */
export function allowedActions(input: {
  status: string;
  orgPath: string;
  ownLevel: string;
  writeScope: Scope;
  reviewScope: Scope;
}): { edit: boolean; review: boolean; void: boolean } {
  const canWrite = pathInScope(input.writeScope, input.orgPath);
  return {
    edit: canWrite && isEditable(input.status),
    review: input.status === 'submitted' && isSuperiorReviewer(input.reviewScope, input.ownLevel),
    void: canWrite && isEditable(input.status),
  };
}
