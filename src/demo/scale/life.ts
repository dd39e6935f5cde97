// One case's life for the scale data, lived through the case engine's own pure state machine: every
// action is planned by planTransition (the same clocks, deadlines and rules as the running app), and
// between actions the hourly escalation tick fires each ladder step when it falls due, as
// runEscalationTick would have. Life stops at the seeding's "now": what would happen later never happens.
import {
  afterDeadline,
  type CaseClocks,
  type CaseTypeDefinition,
  type EscalationTarget,
  type HolidayCalendar,
  initialClocks,
  overdueSince,
  planTransition,
  type TransitionInput,
} from '../../platform/cases';

const HOUR = 3_600_000;

/** One row of the case's timeline, with what the audit row of the same write needs. */
export interface LifeStep {
  action: string;
  from: string | null;
  to: string;
  /** The responsible unit after the step. */
  unitId: string;
  at: Date;
  actorName: string;
  note: string | null;
  attachmentIds: string[];
  payload: Record<string, unknown>;
  escalationLevel: number | null;
  escalationCycle: number | null;
  /** State, version and unit before the step, for the audit row's `before`. */
  before: { state: string | null; version: number; unitId: string };
  version: number;
}

/** The unit a ladder step reaches, from the case unit's materialised path (as the engine does). */
export function escalationTarget(path: string, target: EscalationTarget): string {
  const ids = path.split('/').filter(Boolean);
  if (target === 'root') return ids[0]!;
  if (target === 'parent' && ids.length > 1) return ids[ids.length - 2]!;
  return ids[ids.length - 1]!;
}

/** Rounds an instant up to the next full hour (the tick runs hourly); a full hour stays. */
function nextTick(ms: number): number {
  return Math.ceil(ms / HOUR) * HOUR;
}

export class CaseLife {
  clocks: CaseClocks;
  version = 1;
  at: Date;
  /** True once an action would have happened after `until`. */
  stopped = false;
  readonly steps: LifeStep[] = [];
  /** When the last user-visible change happened (escalations do not touch updated_at). */
  updatedAt: Date;

  constructor(
    private readonly type: CaseTypeDefinition,
    created: Date,
    unitId: string,
    createdBy: string,
    private readonly calendar: HolidayCalendar,
    private readonly until: Date,
    private readonly pathOf: (unitId: string) => string,
  ) {
    this.clocks = initialClocks(type, unitId, created, calendar);
    this.at = created;
    this.updatedAt = created;
    this.steps.push({
      action: 'create',
      from: null,
      to: this.clocks.state,
      unitId,
      at: created,
      actorName: createdBy,
      note: null,
      attachmentIds: [],
      payload: {},
      escalationLevel: null,
      escalationCycle: null,
      before: { state: null, version: 0, unitId },
      version: 1,
    });
  }

  /**
   * Makes an action `hours` after the previous one, unless that moment is past `until` (then this and
   * every later action never happen). Escalation steps due before it fire first. False when stopped.
   */
  act(action: string, hours: number, input: Omit<TransitionInput, 'action'>, actorName: string): boolean {
    const moment = this.moment(hours);
    if (!moment) return false;
    this.escalateUntil(moment);
    const current = this.clocks;
    const plan = planTransition(this.type, current, { ...input, action }, moment, this.calendar);
    const next = plan.next;
    const closeByChanged = (current.closeBy?.getTime() ?? null) !== (next.closeBy?.getTime() ?? null);
    // The payload the service writes: unit moves, the rating, a reopening, a new close-by deadline.
    const payload: Record<string, unknown> = {
      ...(next.unitId !== current.unitId && { fromUnitId: current.unitId, toUnitId: next.unitId }),
      ...(input.rating && { rating: next.rating, reasons: next.ratingReasons }),
      ...(plan.reopened && { reopened: true }),
      ...(closeByChanged && { closeBy: next.closeBy?.toISOString() ?? null }),
    };
    this.record(action, plan.from, plan.to, next.unitId, moment, actorName, input, payload);
    this.clocks = next;
    return true;
  }

  /** Links the case as a repeat of an earlier one: an event that changes no clock. */
  link(hours: number, actorName: string, payload: { repeatOfId: string; chainId: string }): boolean {
    const moment = this.moment(hours);
    if (!moment) return false;
    this.escalateUntil(moment);
    const state = this.clocks.state;
    this.record('linkRepeat', state, state, this.clocks.unitId, moment, actorName, {}, payload);
    return true;
  }

  /** Lets the clock run to `until`: the escalation steps that fell due meanwhile fire. */
  finish(): void {
    this.escalateUntil(this.until);
  }

  private moment(hours: number): Date | null {
    if (this.stopped) return null;
    const moment = new Date(this.at.getTime() + Math.round(hours * HOUR));
    if (moment > this.until) {
      this.stopped = true;
      return null;
    }
    return moment;
  }

  private record(
    action: string,
    from: string,
    to: string,
    unitId: string,
    at: Date,
    actorName: string,
    input: Omit<TransitionInput, 'action'>,
    payload: Record<string, unknown>,
  ): void {
    const before = { state: from, version: this.version, unitId: this.clocks.unitId };
    this.version += 1;
    this.steps.push({
      action,
      from,
      to,
      unitId,
      at,
      actorName,
      note: input.note?.trim() || null,
      attachmentIds: [...(input.attachmentIds ?? [])],
      payload,
      escalationLevel: null,
      escalationCycle: null,
      before,
      version: this.version,
    });
    this.at = at;
    this.updatedAt = at;
  }

  /** Fires, one hourly tick at a time, every ladder step due up to `moment` (inclusive). */
  private escalateUntil(moment: Date): void {
    for (;;) {
      const missed = overdueSince(this.type, this.clocks, moment);
      if (!missed) return;
      const step = this.type.escalationLadder[this.clocks.escalationLevel];
      if (!step) return;
      const due = afterDeadline(missed, step.afterOverdue, this.calendar).getTime();
      const fired = Math.max(nextTick(due), nextTick(this.at.getTime() + 1));
      if (fired > moment.getTime()) return;
      const at = new Date(fired);
      const targetUnitId = escalationTarget(this.pathOf(this.clocks.unitId), step.target);
      this.steps.push({
        action: 'escalate',
        from: this.clocks.state,
        to: this.clocks.state,
        unitId: this.clocks.unitId,
        at,
        actorName: '系统',
        note: `已超期，升级至“${step.name}”`,
        attachmentIds: [],
        payload: { step: step.level, name: step.name, targetUnitId, overdueSince: missed.toISOString() },
        escalationLevel: step.level,
        escalationCycle: this.clocks.cycle,
        before: { state: this.clocks.state, version: this.version, unitId: this.clocks.unitId },
        version: this.version,
      });
      this.clocks = { ...this.clocks, escalationLevel: step.level };
      this.at = at;
    }
  }
}
