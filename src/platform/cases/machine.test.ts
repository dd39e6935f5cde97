import { describe, expect, it } from 'vitest';
import { AppError, errorMessage } from '../errors';
import { calendarOf } from './calendar';
import { type CaseTypeDefinition, defineCaseType, validateCaseType } from './definition';
import {
  availableTransitions,
  type CaseClocks,
  dueEscalation,
  initialClocks,
  overdueSince,
  planTransition,
} from './machine';
import { sampleCaseType, wd } from './testing';

// The engine's test case type with its own key and a three-step ladder (handler, unit head, parent).
const sample = defineCaseType({
  ...sampleCaseType,
  key: 'test.machine',
  escalationLadder: sampleCaseType.escalationLadder.slice(0, 3),
});

const calendar = calendarOf([]);
const at = (local: string) => new Date(`${local}+08:00`);

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

/** A case in `state` with plausible clocks, for the table of transitions. */
function caseIn(state: string): CaseClocks {
  const clocks = initialClocks(sample, 'unit-1', at('2026-03-02T09:00:00'), calendar);
  return { ...clocks, state, pausedSince: state === 'waiting' ? at('2026-03-03T09:00:00') : null };
}

const fullInput = {
  note: '说明',
  unitId: 'unit-2',
  attachmentIds: ['f1'],
  rating: { score: 5, reasons: ['fast'] },
};

describe('case type definitions', () => {
  it('refuses a definition naming an unknown state or a dispatch without a unit', () => {
    const broken = (patch: Partial<CaseTypeDefinition>) => () => validateCaseType({ ...sample, ...patch });
    expect(broken({ initialState: 'nowhere' })).toThrow(/initial state/);
    expect(
      broken({
        transitions: [
          { action: 'x', name: 'x', from: ['submitted'], to: 'limbo', permission: 'meetings.write' },
        ],
      }),
    ).toThrow(/unknown state limbo/);
    expect(
      broken({
        transitions: [
          {
            action: 'd',
            name: 'd',
            from: ['submitted'],
            to: 'handling',
            permission: 'meetings.write',
            effects: ['dispatch'],
          },
        ],
      }),
    ).toThrow(/require a unit/);
    expect(
      broken({ escalationLadder: [{ level: 2, name: 'x', target: 'unit', afterOverdue: wd(0) }] }),
    ).toThrow(/levels/);
  });
});

describe('the state machine', () => {
  const actions = [...new Set(sample.transitions.map((t) => t.action))];

  it('refuses every illegal transition with a Chinese message naming the state and the action', () => {
    let refused = 0;
    for (const state of sample.states) {
      const legal = new Set(availableTransitions(sample, state.key).map((t) => t.action));
      for (const action of actions) {
        const run = () =>
          planTransition(
            sample,
            caseIn(state.key),
            { action, ...fullInput },
            at('2026-03-04T09:00:00'),
            calendar,
          );
        if (legal.has(action)) {
          expect(run().to).toBe(
            sample.transitions.find((t) => t.action === action && t.from.includes(state.key))!.to,
          );
          continue;
        }
        const error = errorOf(run);
        expect(error.code).toBe('CASE_ILLEGAL_TRANSITION');
        const actionName = sample.transitions.find((t) => t.action === action)!.name;
        const message = errorMessage(error.code, error.params);
        expect(message).toContain(`“${state.name}”`);
        expect(message).toContain(`“${actionName}”`);
        refused++;
      }
    }
    // 6 states × 10 actions, 11 legal (state, action) pairs.
    const legalPairs = sample.transitions.reduce((sum, t) => sum + t.from.length, 0);
    expect(legalPairs).toBe(11);
    expect(refused).toBe(sample.states.length * actions.length - legalPairs);
  });

  it('tells which actions are possible, or that none are', () => {
    const error = errorOf(() =>
      planTransition(sample, caseIn('submitted'), { action: 'reply', ...fullInput }, new Date(), calendar),
    );
    expect(errorMessage(error.code, error.params)).toBe(
      '事项当前为“待受理”状态，不能执行“答复”操作。当前可以执行：“受理”、“不予受理”。',
    );
    const final = errorOf(() =>
      planTransition(sample, caseIn('closed'), { action: 'accept' }, new Date(), calendar),
    );
    expect(errorMessage(final.code, final.params)).toContain('该状态下已不能再办理');
  });

  it('refuses an unknown action', () => {
    expect(
      errorOf(() => planTransition(sample, caseIn('handling'), { action: 'fly' }, new Date(), calendar)).code,
    ).toBe('CASE_UNKNOWN_ACTION');
  });

  it('demands what a transition requires', () => {
    const now = at('2026-03-04T09:00:00');
    const plan = (state: string, input: Parameters<typeof planTransition>[2]) =>
      errorOf(() => planTransition(sample, caseIn(state), input, now, calendar)).code;
    expect(plan('submitted', { action: 'reject', note: '  ' })).toBe('CASE_NOTE_REQUIRED');
    expect(plan('handling', { action: 'dispatch' })).toBe('CASE_UNIT_REQUIRED');
    expect(plan('handling', { action: 'reply', note: '已修好' })).toBe('CASE_ATTACHMENTS_REQUIRED');
    expect(plan('replied', { action: 'rate' })).toBe('CASE_RATING_REQUIRED');
    expect(plan('replied', { action: 'rate', rating: { score: 6 } })).toBe('CASE_RATING_REQUIRED');
    expect(plan('replied', { action: 'rate', rating: { score: 2.5 } })).toBe('CASE_RATING_REQUIRED');
    expect(plan('replied', { action: 'rate', rating: { score: 3, reasons: ['rude'] } })).toBe(
      'CASE_RATING_REASON_UNKNOWN',
    );
    expect(plan('replied', { action: 'rate', rating: { score: 1, reasons: ['notSolved'] } })).toBe(
      'CASE_REOPEN_COMMENT_REQUIRED',
    );
  });
});

describe('clocks through transitions', () => {
  it('sets accept-by at intake and close-by at acceptance', () => {
    const received = initialClocks(sample, 'u', at('2026-03-06T10:00:00'), calendar); // Friday
    expect(received.acceptBy).toEqual(at('2026-03-10T00:00:00')); // end of Monday
    expect(received.closeBy).toBeNull();
    const accepted = planTransition(
      sample,
      received,
      { action: 'accept' },
      at('2026-03-09T10:00:00'),
      calendar,
    ).next;
    expect(accepted.acceptedAt).toEqual(at('2026-03-09T10:00:00'));
    expect(accepted.closeBy).toEqual(at('2026-03-17T00:00:00')); // 5 working days after Monday → Monday 16th
  });

  it('pauses, resumes with the paused time added, extends once only, closes and reopens', () => {
    let clocks = initialClocks(sample, 'u', at('2026-03-02T09:00:00'), calendar);
    clocks = planTransition(sample, clocks, { action: 'accept' }, at('2026-03-02T10:00:00'), calendar).next;
    expect(clocks.closeBy).toEqual(at('2026-03-10T00:00:00'));
    clocks = planTransition(
      sample,
      clocks,
      { action: 'pause', note: '等待群众提供材料' },
      at('2026-03-03T10:00:00'),
      calendar,
    ).next;
    expect(clocks.state).toBe('waiting');
    expect(
      errorOf(() => planTransition(sample, clocks, { action: 'pause', note: 'x' }, new Date(), calendar))
        .code,
    ).toBe('CASE_ILLEGAL_TRANSITION');
    clocks = planTransition(sample, clocks, { action: 'resume' }, at('2026-03-05T10:00:00'), calendar).next;
    expect(clocks.pauses).toHaveLength(1);
    expect(clocks.closeBy).toEqual(at('2026-03-12T00:00:00')); // two working days later
    expect(overdueSince(sample, clocks, at('2026-03-11T23:00:00'))).toBeNull();
    expect(overdueSince(sample, clocks, at('2026-03-12T00:00:00'))).toEqual(at('2026-03-12T00:00:00'));
    clocks = planTransition(
      sample,
      clocks,
      { action: 'extend', note: '需要协调' },
      at('2026-03-06T10:00:00'),
      calendar,
    ).next;
    expect(clocks.extended).toBe(true);
    expect(clocks.closeBy).toEqual(at('2026-03-17T00:00:00')); // + 3 working days
    expect(
      errorOf(() => planTransition(sample, clocks, { action: 'extend', note: '再延' }, new Date(), calendar))
        .code,
    ).toBe('CASE_ALREADY_EXTENDED');
    clocks = planTransition(
      sample,
      clocks,
      { action: 'reply', note: '已解决', attachmentIds: ['f'] },
      at('2026-03-13T10:00:00'),
      calendar,
    ).next;
    expect(clocks.closedAt).toEqual(at('2026-03-13T10:00:00'));
    const reopened = planTransition(
      sample,
      clocks,
      { action: 'rate', note: '路灯还是不亮', rating: { score: 1, reasons: ['notSolved'] } },
      at('2026-03-16T10:00:00'),
      calendar,
    );
    expect(reopened.reopened).toBe(true);
    expect(reopened.to).toBe('handling');
    expect(reopened.next).toMatchObject({
      closedAt: null,
      reopenedCount: 1,
      cycle: 1,
      extended: false,
      rating: 1,
    });
    expect(reopened.next.closeBy).toEqual(at('2026-03-24T00:00:00'));
  });

  it('closes an open pause when the case closes while paused', () => {
    let clocks = initialClocks(sample, 'u', at('2026-03-02T09:00:00'), calendar);
    clocks = {
      ...clocks,
      state: 'handling',
      acceptedAt: at('2026-03-02T09:00:00'),
      pausedSince: at('2026-03-03T09:00:00'),
    };
    const typeWithClose = defineCaseType({
      ...sample,
      key: 'test.closeWhilePaused',
      transitions: [
        {
          action: 'close',
          name: '办结',
          from: ['handling'],
          to: 'closed',
          permission: 'meetings.write',
          effects: ['close'],
        },
      ],
    });
    const next = planTransition(
      typeWithClose,
      clocks,
      { action: 'close' },
      at('2026-03-04T09:00:00'),
      calendar,
    ).next;
    expect(next.pausedSince).toBeNull();
    expect(next.pauses).toEqual([{ from: at('2026-03-03T09:00:00'), to: at('2026-03-04T09:00:00') }]);
  });
});

describe('escalation', () => {
  it('climbs one step at a time as the overdue time grows, never while paused or closed', () => {
    let clocks = initialClocks(sample, 'u', at('2026-03-02T09:00:00'), calendar);
    clocks = planTransition(sample, clocks, { action: 'accept' }, at('2026-03-02T10:00:00'), calendar).next;
    const due = at('2026-03-10T00:00:00');
    expect(dueEscalation(sample, clocks, at('2026-03-09T23:59:59'), calendar)).toBeNull();
    expect(dueEscalation(sample, clocks, due, calendar)?.level).toBe(1);
    // Even long after, only the next step is due.
    expect(dueEscalation(sample, clocks, at('2026-04-30T00:00:00'), calendar)?.level).toBe(1);
    const level1 = { ...clocks, escalationLevel: 1 };
    expect(dueEscalation(sample, level1, at('2026-03-10T12:00:00'), calendar)).toBeNull();
    expect(dueEscalation(sample, level1, at('2026-03-11T00:00:00'), calendar)?.level).toBe(2);
    expect(
      dueEscalation(sample, { ...clocks, escalationLevel: 3 }, at('2026-04-30T00:00:00'), calendar),
    ).toBeNull();
    expect(
      dueEscalation(sample, { ...clocks, pausedSince: due }, at('2026-04-30T00:00:00'), calendar),
    ).toBeNull();
    expect(
      dueEscalation(sample, { ...clocks, closedAt: due }, at('2026-04-30T00:00:00'), calendar),
    ).toBeNull();
  });

  it('escalates an unaccepted case from its accept-by deadline', () => {
    const clocks = initialClocks(sample, 'u', at('2026-03-06T10:00:00'), calendar);
    expect(overdueSince(sample, clocks, at('2026-03-10T00:00:00'))).toEqual(at('2026-03-10T00:00:00'));
    expect(dueEscalation(sample, clocks, at('2026-03-10T00:00:00'), calendar)?.name).toBe('承办人');
  });
});
