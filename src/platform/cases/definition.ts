// Case types are defined in code: their states, the transitions between them and who may make each,
// their deadline clocks, escalation ladder, rating reasons, repeat-detection settings and who may see
// the submitter. The engine knows nothing about any one case type; grid events, 三问 items and
// petitions each define one and register it here.
import type { Permission } from '../auth/permissions';
import type { Tx } from '../db';
import type { ClockDuration } from './calendar';

/** Inputs a transition may demand from the person making it. */
export type TransitionRequirement = 'note' | 'rating' | 'unit' | 'attachments' | 'reason';

/**
 * What a transition does to the case besides moving its state; the engine applies these.
 * - accept: stops the accept-by clock (records accepted_at) and starts the close-by clock when it runs from acceptance
 * - dispatch: hands the case to another unit (requires 'unit'); return / re-dispatch use it too
 * - pause / resume: stop and restart the close-by clock (waiting on the resident)
 * - extend: the one extension of the close-by clock; the transition's permission is the approver's
 * - close: records closed_at (stops the clocks)
 * - rate: records the resident's rating; a "not solved" reason reopens the case
 * - reopen: clears closed_at and restarts the close-by clock
 */
export type TransitionEffect =
  | 'accept'
  | 'dispatch'
  | 'pause'
  | 'resume'
  | 'extend'
  | 'close'
  | 'rate'
  | 'reopen';

export interface StateDefinition {
  key: string;
  /** Chinese name shown to users and in error messages. */
  name: string;
  /** A final state: clocks stopped, nothing overdue. */
  final?: boolean;
}

export interface TransitionDefinition {
  action: string;
  /** Chinese name of the action (受理, 交办, 回复 …). */
  name: string;
  from: readonly string[];
  to: string;
  /** Who may make it: staff holding this permission over the case's unit, or 'resident' (the portal). */
  permission: Permission | 'resident';
  requires?: readonly TransitionRequirement[];
  effects?: readonly TransitionEffect[];
  /**
   * A case type's own condition, checked inside the transaction before anything is written: throw an
   * AppError to refuse (a staff close only some days after the reply, for instance).
   */
  guard?: (tx: Tx, current: { id: string; closedAt: Date | null; state: string }, now: Date) => Promise<void>;
}

export interface ClockDefinition {
  duration: ClockDuration;
  /** Close-by only: whether the clock starts at acceptance (default) or at intake. */
  startsAt?: 'created' | 'accepted';
}

/** Whom an escalation step reaches: the case's own unit, its parent unit, or the banner at the root. */
export type EscalationTarget = 'unit' | 'parent' | 'root';

export interface EscalationStep {
  /** 1-based; escalation level n means step n fired. */
  level: number;
  name: string;
  target: EscalationTarget;
  /** How long after the clock ran out this step fires (0 for the first step). */
  afterOverdue: ClockDuration;
}

export interface RatingDefinition {
  reasons: ReadonlyArray<{ code: string; name: string }>;
  /** The reason code meaning "not solved": it reopens the case and demands a comment. */
  notSolvedCode: string;
  /** The state a not-solved rating sends the case back to. */
  reopenTo: string;
  /** Scores at or above this count as satisfied (default 4). */
  satisfiedFrom?: number;
}

export interface RepeatSettings {
  /** Same place: within this many metres. */
  radiusMetres: number;
  /** Only cases received within this many days before the new one. */
  windowDays: number;
  /** Character-bigram Jaccard similarity from which texts count as similar (0–1). */
  minSimilarity: number;
}

export interface CaseTypeDefinition {
  /** Stable key, also the prefix of the type's indicators (`grid.event`). */
  key: string;
  name: string;
  /** The module whose indicators these are (for the indicator browser). */
  module: string;
  /** Who may see cases of this type at all (list, timeline). */
  readPermission: Permission;
  states: readonly StateDefinition[];
  initialState: string;
  transitions: readonly TransitionDefinition[];
  clocks: { acceptBy?: ClockDefinition; closeBy?: ClockDefinition };
  /** Length of the one extension the close-by clock may get. */
  extension?: ClockDuration;
  escalationLadder: readonly EscalationStep[];
  /** Who sees the submitter's name and contact; everyone else sees the matter only. */
  identityVisibleTo: Permission;
  rating?: RatingDefinition;
  repeat?: RepeatSettings;
  /** Where one case opens in the web app (`/grid/events` → `/grid/events/<id>`), for drill-down links. */
  webPath?: string;
  /** Who may link a case as a repeat of another (over both cases' units); the read permission by default. */
  linkPermission?: Permission;
  /**
   * Called inside the escalation tick's transaction after a step fired (to notify the people of the
   * target unit, for instance).
   */
  onEscalate?: (tx: Tx, escalation: EscalationFired) => Promise<void>;
}

/** An escalation step that has just fired. */
export interface EscalationFired {
  caseId: string;
  title: string;
  step: EscalationStep;
  /** The unit the step reaches (the case's unit, its parent, or the root of its tree). */
  targetUnitId: string;
  overdueSince: Date;
}

const registry = new Map<string, CaseTypeDefinition>();

/** Checks a case type for mistakes a test would otherwise find late; throws with the first one. */
export function validateCaseType(type: CaseTypeDefinition): void {
  const states = new Set(type.states.map((s) => s.key));
  const fail = (why: string) => {
    throw new Error(`case type ${type.key}: ${why}`);
  };
  if (states.size !== type.states.length) fail('duplicate state');
  if (!states.has(type.initialState)) fail(`unknown initial state ${type.initialState}`);
  const actions = new Set<string>();
  for (const t of type.transitions) {
    for (const s of [...t.from, t.to])
      if (!states.has(s)) fail(`transition ${t.action} names unknown state ${s}`);
    const effects = t.effects ?? [];
    if (effects.includes('dispatch') && !(t.requires ?? []).includes('unit'))
      fail(`transition ${t.action} dispatches but does not require a unit`);
    if (effects.includes('rate') && !(t.requires ?? []).includes('rating'))
      fail(`transition ${t.action} rates but does not require a rating`);
    if (effects.includes('rate') && !type.rating)
      fail(`transition ${t.action} rates but the type has no rating`);
    if (effects.includes('extend') && !type.extension)
      fail(`transition ${t.action} extends but no extension is set`);
    for (const from of t.from) {
      const key = `${t.action}@${from}`;
      if (actions.has(key)) fail(`transition ${t.action} defined twice from ${from}`);
      actions.add(key);
    }
  }
  if (type.rating && !states.has(type.rating.reopenTo)) fail(`unknown reopen state ${type.rating.reopenTo}`);
  type.escalationLadder.forEach((step, index) => {
    if (step.level !== index + 1) fail('escalation levels must be 1, 2, 3 … in order');
  });
}

/** Defines (validates) a case type; register it with registerCaseType to make the engine accept it. */
export function defineCaseType<T extends CaseTypeDefinition>(type: T): T {
  validateCaseType(type);
  return type;
}

/** Makes a case type known to the engine; registering the same key twice is a mistake. */
export function registerCaseType(type: CaseTypeDefinition): void {
  const existing = registry.get(type.key);
  if (existing === type) return;
  if (existing) throw new Error(`case type ${type.key} registered twice`);
  validateCaseType(type);
  registry.set(type.key, type);
}

/** The registered case type of a key, or undefined. */
export function findCaseType(key: string): CaseTypeDefinition | undefined {
  return registry.get(key);
}

/** Every registered case type, sorted by key. */
export function listCaseTypes(): CaseTypeDefinition[] {
  return [...registry.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** The Chinese name of a state (the key when unknown). */
export function stateName(type: CaseTypeDefinition, state: string): string {
  return type.states.find((s) => s.key === state)?.name ?? state;
}
