// The pure heart of the case engine: which transition an action means from a state, what it demands,
// and what it does to a case's state and clocks; when an overdue case climbs its escalation ladder.
// No database here: service.ts loads, calls these, and writes the result in one transaction.
import { AppError } from '../errors';
import { afterDeadline, computeDeadline, type HolidayCalendar, type PauseInterval } from './calendar';
import {
  type CaseTypeDefinition,
  type EscalationStep,
  stateName,
  type TransitionDefinition,
} from './definition';

/** The fields of a case the state machine reads and writes. */
export interface CaseClocks {
  state: string;
  unitId: string;
  createdAt: Date;
  acceptBy: Date | null;
  acceptedAt: Date | null;
  closeClockStart: Date | null;
  closeBy: Date | null;
  closedAt: Date | null;
  pausedSince: Date | null;
  pauses: PauseInterval[];
  extended: boolean;
  escalationLevel: number;
  cycle: number;
  rating: number | null;
  ratingReasons: string[] | null;
  ratedAt: Date | null;
  reopenedCount: number;
}

export interface TransitionInput {
  action: string;
  note?: string | null;
  attachmentIds?: readonly string[];
  /** Target unit of a dispatch / return / re-dispatch. */
  unitId?: string | null;
  rating?: { score: number; reasons?: readonly string[] } | null;
}

export interface TransitionPlan {
  transition: TransitionDefinition;
  from: string;
  to: string;
  next: CaseClocks;
  /** True when a "not solved" rating sent the case back. */
  reopened: boolean;
}

/** The transitions of a type that start from a state. */
export function availableTransitions(type: CaseTypeDefinition, state: string): TransitionDefinition[] {
  return type.transitions.filter((t) => t.from.includes(state));
}

/** The transition an action means from a state; a clear Chinese error when there is none. */
export function findTransition(
  type: CaseTypeDefinition,
  state: string,
  action: string,
): TransitionDefinition {
  const named = type.transitions.filter((t) => t.action === action);
  if (named.length === 0) throw new AppError('CASE_UNKNOWN_ACTION', { params: { type: type.name, action } });
  const transition = named.find((t) => t.from.includes(state));
  if (!transition) {
    const allowed = availableTransitions(type, state).map((t) => `“${t.name}”`);
    throw new AppError('CASE_ILLEGAL_TRANSITION', {
      params: {
        state: stateName(type, state),
        action: named[0]!.name,
        allowed: allowed.length > 0 ? `当前可以执行：${allowed.join('、')}。` : '该状态下已不能再办理。',
      },
    });
  }
  return transition;
}

const hasText = (value: string | null | undefined) => !!value && value.trim().length > 0;

/** The close-by deadline from the clock's start, its pauses and the extension when granted. */
export function closeDeadline(
  type: CaseTypeDefinition,
  clocks: CaseClocks,
  calendar: HolidayCalendar,
): Date | null {
  const clock = type.clocks.closeBy;
  if (!clock || !clocks.closeClockStart) return null;
  const durations = [clock.duration, ...(clocks.extended && type.extension ? [type.extension] : [])];
  return computeDeadline({ start: clocks.closeClockStart, durations, calendar, pauses: clocks.pauses });
}

/** The clocks of a new case received at `now`. */
export function initialClocks(
  type: CaseTypeDefinition,
  unitId: string,
  now: Date,
  calendar: HolidayCalendar,
): CaseClocks {
  const clocks: CaseClocks = {
    state: type.initialState,
    unitId,
    createdAt: now,
    acceptBy: type.clocks.acceptBy
      ? computeDeadline({ start: now, durations: [type.clocks.acceptBy.duration], calendar })
      : null,
    acceptedAt: null,
    closeClockStart: type.clocks.closeBy?.startsAt === 'created' ? now : null,
    closeBy: null,
    closedAt: null,
    pausedSince: null,
    pauses: [],
    extended: false,
    escalationLevel: 0,
    cycle: 0,
    rating: null,
    ratingReasons: null,
    ratedAt: null,
    reopenedCount: 0,
  };
  clocks.closeBy = closeDeadline(type, clocks, calendar);
  return clocks;
}

function restartCloseClock(type: CaseTypeDefinition, next: CaseClocks, now: Date, calendar: HolidayCalendar) {
  next.closeClockStart = now;
  next.pauses = [];
  next.pausedSince = null;
  next.extended = false;
  next.closeBy = closeDeadline(type, next, calendar);
}

/**
 * What an action does to a case at `now`: checks the transition is legal from the current state and
 * that its requirements are met (permission is the service's job), then returns the new state and
 * clocks. Throws an AppError with a Chinese message for anything refused.
 */
export function planTransition(
  type: CaseTypeDefinition,
  current: CaseClocks,
  input: TransitionInput,
  now: Date,
  calendar: HolidayCalendar,
): TransitionPlan {
  const transition = findTransition(type, current.state, input.action);
  const requires = transition.requires ?? [];
  const effects = transition.effects ?? [];
  const actionName = transition.name;
  if ((requires.includes('note') || requires.includes('reason')) && !hasText(input.note))
    throw new AppError('CASE_NOTE_REQUIRED', { params: { action: actionName } });
  if (requires.includes('unit') && !input.unitId) throw new AppError('CASE_UNIT_REQUIRED');
  if (requires.includes('attachments') && (input.attachmentIds ?? []).length === 0)
    throw new AppError('CASE_ATTACHMENTS_REQUIRED', { params: { action: actionName } });

  const next: CaseClocks = { ...current, pauses: [...current.pauses] };
  let to = transition.to;
  let reopened = false;

  if (effects.includes('rate')) {
    const rating = type.rating!;
    const score = input.rating?.score;
    if (!input.rating || !Number.isInteger(score) || score! < 1 || score! > 5)
      throw new AppError('CASE_RATING_REQUIRED');
    const reasons = [...new Set(input.rating.reasons ?? [])];
    for (const reason of reasons)
      if (!rating.reasons.some((r) => r.code === reason))
        throw new AppError('CASE_RATING_REASON_UNKNOWN', { params: { reason } });
    next.rating = score!;
    next.ratingReasons = reasons;
    next.ratedAt = now;
    if (reasons.includes(rating.notSolvedCode)) {
      if (!hasText(input.note)) throw new AppError('CASE_REOPEN_COMMENT_REQUIRED');
      to = rating.reopenTo;
      reopened = true;
    }
  }
  if (effects.includes('accept')) {
    next.acceptedAt = now;
    if (type.clocks.closeBy && type.clocks.closeBy.startsAt !== 'created')
      restartCloseClock(type, next, now, calendar);
  }
  if (effects.includes('dispatch')) next.unitId = input.unitId!;
  if (effects.includes('pause')) {
    if (current.pausedSince) throw new AppError('CASE_ALREADY_PAUSED');
    next.pausedSince = now;
  }
  if (effects.includes('resume')) {
    if (!current.pausedSince) throw new AppError('CASE_NOT_PAUSED');
    next.pauses.push({ from: current.pausedSince, to: now });
    next.pausedSince = null;
    next.closeBy = closeDeadline(type, next, calendar);
  }
  if (effects.includes('extend')) {
    if (current.extended) throw new AppError('CASE_ALREADY_EXTENDED');
    next.extended = true;
    next.closeBy = closeDeadline(type, next, calendar);
  }
  if (effects.includes('close') && !reopened) {
    if (next.pausedSince) {
      next.pauses.push({ from: next.pausedSince, to: now });
      next.pausedSince = null;
    }
    next.closedAt = now;
  }
  if (effects.includes('reopen') || reopened) {
    next.closedAt = null;
    next.reopenedCount = current.reopenedCount + 1;
    next.cycle = current.cycle + 1;
    next.escalationLevel = 0;
    restartCloseClock(type, next, now, calendar);
  }
  next.state = to;
  return { transition, from: current.state, to, next, reopened };
}

/** The deadline a case has missed at `now`, or null when nothing is overdue (closed, paused, in time). */
export function overdueSince(type: CaseTypeDefinition, clocks: CaseClocks, now: Date): Date | null {
  if (clocks.closedAt || clocks.pausedSince) return null;
  if (type.states.find((s) => s.key === clocks.state)?.final) return null;
  if (!clocks.acceptedAt && clocks.acceptBy && clocks.acceptBy <= now) return clocks.acceptBy;
  if (clocks.closeBy && clocks.closeBy <= now) return clocks.closeBy;
  return null;
}

/** The next escalation step due at `now` (one step at a time), or null. */
export function dueEscalation(
  type: CaseTypeDefinition,
  clocks: CaseClocks,
  now: Date,
  calendar: HolidayCalendar,
): EscalationStep | null {
  const missed = overdueSince(type, clocks, now);
  if (!missed) return null;
  const step = type.escalationLadder[clocks.escalationLevel];
  if (!step) return null;
  return afterDeadline(missed, step.afterOverdue, calendar) <= now ? step : null;
}
