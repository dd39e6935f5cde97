// The case engine on a real database (PGlite, or PostgreSQL when DATABASE_URL is set), with a
// test-only case type: transitions, clocks, concurrency, escalation, rating, repeats, indicators.
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUnit, createTestApp, type TestContext } from '../../../test/support/app';
import { type Actor, buildActor } from '../auth/actor';
import type { Permission } from '../auth/permissions';
import { auditLog } from '../audit/schema';
import { type Database, openDatabase, queryRows } from '../db';
import { AppError, errorMessage } from '../errors';
import { storeFile } from '../files';
import { findIndicator } from '../indicators/registry';
import { scopeOf } from '../scope';
import { defineCaseType, registerCaseType } from './definition';
import { caseIndicatorKeys, computeCaseFigure, registerCaseIndicators } from './indicators';
import { foldCaseMonthly, rebuildCaseMonthly } from './monthly';
import { caseEvents, cases } from './schema';
import {
  type CaseRow,
  caseChain,
  caseTimeline,
  createCase,
  findCaseByCode,
  linkRepeat,
  removeHoliday,
  runEscalationTick,
  setHolidays,
  suggestRepeats,
  transition,
} from './service';
import { sampleCaseType } from './testing';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const at = (local: string) => new Date(`${local}+08:00`);

/** Thrown to roll a transaction back, carrying what it found. */
class Rollback extends Error {
  constructor(readonly value: number) {
    super('rollback');
  }
}

// A test-only case type: nothing about grids, 三问 or petitions.
const sample = defineCaseType(sampleCaseType);

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let clerkA: Actor; // handles cases in 巴彦苏木
let clerkB: Actor; // handles cases in 好腰苏木
let leader: Actor; // banner: reviews, dispatches, sees identities
let photo: string;

function actorAt(
  unit: { id: string; path: string; name: string },
  permissions: Permission[],
  name: string,
): Actor {
  return buildActor({
    userId: randomUUID(),
    username: name,
    displayName: name,
    sessionId: randomUUID(),
    csrfToken: 'csrf',
    ip: '127.0.0.1',
    mustChangePassword: false,
    activeAssignmentId: null,
    assignments: [
      {
        id: randomUUID(),
        roleKey: 'test',
        roleName: '测试',
        unitId: unit.id,
        unitName: unit.name,
        unitPath: unit.path,
        permissions,
      },
    ],
  });
}

async function refused(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

async function eventsOf(caseId: string) {
  return t.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(caseEvents.at);
}

async function newCase(
  unitId: string,
  createdAt: Date,
  extra: Partial<Parameters<typeof createCase>[2]> = {},
): Promise<CaseRow> {
  return createCase(
    t.database.db,
    null,
    {
      type: sample.key,
      unitId,
      title: '村口路灯坏了',
      description: '晚上没有照明，老人出行不便',
      submitter: { name: '张三', index: 'idx-zhang', contactMasked: '138****0000' },
      ...extra,
    },
    { now: createdAt },
  );
}

/** Moves a case along a list of actions, each by the given actor at the given time. */
async function run(
  row: CaseRow,
  steps: Array<
    [
      Actor | null,
      Parameters<typeof transition>[2] extends infer R
        ? Omit<R & object, 'caseId' | 'expectedVersion'>
        : never,
      Date,
    ]
  >,
) {
  let current = row;
  for (const [actor, request, now] of steps)
    current = await transition(
      t.database.db,
      actor,
      { ...request, caseId: current.id, expectedVersion: current.version },
      { now },
    );
  return current;
}

beforeAll(async () => {
  registerCaseType(sample);
  registerCaseIndicators(sample);
  t = await createTestApp();
  tree = await buildTree(t);
  clerkA = actorAt(tree.sumuA, ['meetings.read', 'meetings.write'], '巴彦经办人');
  clerkB = actorAt(tree.sumuB, ['meetings.read', 'meetings.write'], '好腰经办人');
  leader = actorAt(
    tree.banner,
    ['meetings.read', 'meetings.write', 'meetings.review', 'people.read'],
    '旗领导',
  );
  photo = (
    await storeFile(t.database.db, clerkA, {
      unitId: tree.gachaA.id,
      name: '现场.png',
      content: PNG,
      isPublic: false,
    })
  ).id;
  // Test data, not the official schedule: 2026-03-09 (Mon) a holiday, 2026-03-14 (Sat) a make-up working day.
  await setHolidays(t.database.db, leader, [
    { date: '2026-03-09', isWorkday: false, name: '测试假日' },
    { date: '2026-03-14', isWorkday: true, name: '测试调休' },
  ]);
});

afterAll(async () => {
  await t?.close();
});

describe('intake and transitions', () => {
  it('receives a case with its accept-by clock, an event and an audit row', async () => {
    const row = await newCase(tree.gachaA.id, at('2026-03-06T10:00:00')); // Friday
    expect(row).toMatchObject({
      state: 'submitted',
      version: 1,
      unitId: tree.gachaA.id,
      bannerId: tree.banner.id,
    });
    // Monday 03-09 is a holiday in this calendar: accept by the end of Tuesday.
    expect(row.acceptBy).toEqual(at('2026-03-11T00:00:00'));
    expect(row.code).toMatch(/^[2-9A-Z]{12}$/);
    expect((await findCaseByCode(t.database.db, ` ${row.code.toLowerCase()} `))?.id).toBe(row.id);
    expect(await findCaseByCode(t.database.db, 'AAAAAAAAAAAA')).toBeNull();
    expect(await findCaseByCode(t.database.db, 'x')).toBeNull();
    const events = await eventsOf(row.id);
    expect(events.map((e) => [e.action, e.toState, e.actorName])).toEqual([['create', 'submitted', '群众']]);
    const audits = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, row.id));
    expect(audits.map((a) => a.action)).toEqual(['create']);
  });

  it('applies a calendar change to the very next intake', async () => {
    const friday = at('2026-05-08T10:00:00');
    // Calendars are read once every few seconds: this intake leaves the current one in memory.
    expect((await newCase(tree.gachaA.id, friday)).acceptBy).toEqual(at('2026-05-12T00:00:00'));
    await setHolidays(t.database.db, leader, [{ date: '2026-05-11', isWorkday: false, name: '测试假日' }]);
    expect((await newCase(tree.gachaA.id, friday)).acceptBy).toEqual(at('2026-05-13T00:00:00'));
    await removeHoliday(t.database.db, leader, '2026-05-11');
    expect((await newCase(tree.gachaA.id, friday)).acceptBy).toEqual(at('2026-05-12T00:00:00'));
  });

  it('accepts, dispatches, replies with evidence; every step an event, the state kept in step', async () => {
    const row = await newCase(tree.sumuA.id, at('2026-03-10T09:00:00'));
    const accepted = await run(row, [[clerkA, { action: 'accept' }, at('2026-03-10T10:00:00')]]);
    expect(accepted).toMatchObject({ state: 'handling', version: 2 });
    expect(accepted.acceptedAt).toEqual(at('2026-03-10T10:00:00'));
    // 5 working days after Tue 03-10: 11, 12, 13, 14 (make-up Saturday), 16 → end of Monday 03-16.
    expect(accepted.closeBy).toEqual(at('2026-03-17T00:00:00'));
    const dispatched = await run(accepted, [
      [
        leader,
        { action: 'dispatch', unitId: tree.gachaA.id, note: '请乌兰嘎查处理' },
        at('2026-03-10T11:00:00'),
      ],
    ]);
    expect(dispatched.unitId).toBe(tree.gachaA.id);
    const replied = await run(dispatched, [
      [clerkA, { action: 'reply', note: '已更换灯泡', attachmentIds: [photo] }, at('2026-03-11T11:00:00')],
    ]);
    expect(replied).toMatchObject({ state: 'replied', version: 4 });
    expect(replied.closedAt).toEqual(at('2026-03-11T11:00:00'));
    const timeline = await caseTimeline(t.database.db, leader, row.id);
    expect(timeline.events.map((e) => `${e.action}:${e.fromState ?? ''}→${e.toState}`)).toEqual([
      'create:→submitted',
      'accept:submitted→handling',
      'dispatch:handling→handling',
      'reply:handling→replied',
    ]);
    expect(timeline.events[2]!.payload).toMatchObject({
      fromUnitId: tree.sumuA.id,
      toUnitId: tree.gachaA.id,
    });
    expect(timeline.events[3]!.attachmentIds).toEqual([photo]);
    expect(timeline.events[3]!.actorName).toBe('巴彦经办人');
    const audits = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, row.id));
    expect(audits.map((a) => a.action).sort()).toEqual(['accept', 'create', 'dispatch', 'reply']);
    // The history cannot be rewritten, even with direct database access through the app's role.
    await expect(
      t.database.query(`update case_events set note = 'x' where case_id = '${row.id}'`),
    ).rejects.toThrow(/append-only/);
    await expect(t.database.query(`delete from case_events where case_id = '${row.id}'`)).rejects.toThrow(
      /append-only/,
    );
  });

  it('refuses an illegal transition with a Chinese message and changes nothing', async () => {
    const row = await newCase(tree.sumuA.id, at('2026-03-10T09:00:00'));
    const error = await refused(
      transition(t.database.db, clerkA, {
        caseId: row.id,
        action: 'reply',
        note: 'x',
        attachmentIds: [photo],
        expectedVersion: 1,
      }),
    );
    expect(error.code).toBe('CASE_ILLEGAL_TRANSITION');
    expect(error.status).toBe(409);
    expect(errorMessage(error.code, error.params)).toBe(
      '事项当前为“待受理”状态，不能执行“答复”操作。当前可以执行：“受理”、“不予受理”。',
    );
    const [after] = await t.database.db.select().from(cases).where(eq(cases.id, row.id));
    expect(after).toMatchObject({ state: 'submitted', version: 1 });
    expect(await eventsOf(row.id)).toHaveLength(1);
  });

  it('keeps cases outside the actor’s subtree out of reach (404) and checks each action’s permission', async () => {
    const row = await newCase(tree.gachaA.id, at('2026-03-10T09:00:00'));
    const outside = await refused(
      transition(t.database.db, clerkB, { caseId: row.id, action: 'accept', expectedVersion: 1 }),
    );
    expect(outside.code).toBe('CASE_NOT_FOUND');
    expect(outside.status).toBe(404);
    expect((await refused(caseTimeline(t.database.db, clerkB, row.id))).status).toBe(404);
    expect((await refused(caseTimeline(t.database.db, clerkB, 'not-a-uuid'))).status).toBe(404);
    // clerkA sees the case but may not dispatch it.
    const accepted = await run(row, [[clerkA, { action: 'accept' }, at('2026-03-10T10:00:00')]]);
    const forbidden = await refused(
      transition(t.database.db, clerkA, {
        caseId: row.id,
        action: 'dispatch',
        unitId: tree.sumuA.id,
        expectedVersion: accepted.version,
      }),
    );
    expect(forbidden.code).toBe('CASE_ACTION_FORBIDDEN');
    expect(errorMessage(forbidden.code, forbidden.params)).toBe('您没有对该事项执行“交办”的权限');
    // Staff cannot rate in the resident's place; the resident cannot accept.
    const replied = await run(accepted, [
      [clerkA, { action: 'reply', note: '已处理', attachmentIds: [photo] }, at('2026-03-11T10:00:00')],
    ]);
    expect(
      (
        await refused(
          transition(t.database.db, leader, {
            caseId: row.id,
            action: 'rate',
            rating: { score: 5 },
            expectedVersion: replied.version,
          }),
        )
      ).code,
    ).toBe('CASE_ACTION_FORBIDDEN');
    // A file of another unit is refused as missing, nothing changes.
    const foreign = await storeFile(t.database.db, leader, {
      unitId: tree.gachaB.id,
      name: 'b.png',
      content: PNG,
      isPublic: false,
    });
    const back = await run(replied, [
      [leader, { action: 'return', note: '答复不完整' }, at('2026-03-11T12:00:00')],
    ]);
    expect(
      (
        await refused(
          transition(t.database.db, clerkA, {
            caseId: row.id,
            action: 'reply',
            note: 'x',
            attachmentIds: [foreign.id],
            expectedVersion: back.version,
          }),
        )
      ).code,
    ).toBe('FILE_NOT_FOUND');
    const [after] = await t.database.db.select().from(cases).where(eq(cases.id, row.id));
    expect(after!.version).toBe(back.version);
  });

  it('refuses a dispatch to a unit that does not exist', async () => {
    const row = await run(await newCase(tree.sumuA.id, at('2026-03-10T09:00:00')), [
      [clerkA, { action: 'accept' }, at('2026-03-10T10:00:00')],
    ]);
    const error = await refused(
      transition(t.database.db, leader, {
        caseId: row.id,
        action: 'dispatch',
        unitId: randomUUID(),
        expectedVersion: row.version,
      }),
    );
    expect(error.code).toBe('CASE_UNIT_NOT_FOUND');
  });

  it('shows the submitter only to those allowed to see identities', async () => {
    const row = await newCase(tree.gachaA.id, at('2026-03-10T09:00:00'));
    const asClerk = (await caseTimeline(t.database.db, clerkA, row.id)).case;
    expect(asClerk).toMatchObject({
      identityVisible: false,
      submitterName: null,
      submitterContactMasked: null,
    });
    expect(asClerk).not.toHaveProperty('submitterIndex');
    const asLeader = (await caseTimeline(t.database.db, leader, row.id)).case;
    expect(asLeader).toMatchObject({
      identityVisible: true,
      submitterName: '张三',
      submitterContactMasked: '138****0000',
    });
    expect(asLeader).not.toHaveProperty('submitterContactCipher');
  });
});

describe('concurrent edits', () => {
  it('lets one of two transitions on the same version win; the other gets CASE_CONFLICT and nothing is lost', async () => {
    const row = await run(await newCase(tree.sumuA.id, at('2026-03-10T09:00:00')), [
      [clerkA, { action: 'accept' }, at('2026-03-10T10:00:00')],
    ]);
    const results = await Promise.allSettled([
      transition(t.database.db, leader, {
        caseId: row.id,
        action: 'supervise',
        note: '请加快办理',
        expectedVersion: row.version,
      }),
      transition(t.database.db, clerkA, {
        caseId: row.id,
        action: 'pause',
        note: '等待群众补充照片',
        expectedVersion: row.version,
      }),
    ]);
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    const error = rejected[0]!.reason as AppError;
    expect(error.code).toBe('CASE_CONFLICT');
    expect(error.status).toBe(409);
    expect(errorMessage(error.code, error.params)).toMatch(
      /^该事项刚刚已被他人处理（现为“(办理中|等待群众补充)”状态），您的操作没有保存/,
    );
    const [after] = await t.database.db.select().from(cases).where(eq(cases.id, row.id));
    expect(after!.version).toBe(row.version + 1);
    const events = await eventsOf(row.id);
    expect(events.map((e) => e.action)).toHaveLength(3); // create, accept, the winner
    // The loser retries on the new version and succeeds: nothing lost.
    const winner = (fulfilled[0] as PromiseFulfilledResult<CaseRow>).value;
    const loserAction = winner.state === 'waiting' ? 'supervise' : 'pause';
    const retried = await transition(t.database.db, loserAction === 'supervise' ? leader : clerkA, {
      caseId: row.id,
      action: loserAction,
      note: '重试',
      expectedVersion: winner.version,
    });
    expect(retried.version).toBe(row.version + 2);
  });

  it('refuses a stale version even when the action would be legal', async () => {
    const row = await newCase(tree.sumuA.id, at('2026-03-10T09:00:00'));
    await run(row, [[clerkA, { action: 'accept' }, at('2026-03-10T10:00:00')]]);
    const error = await refused(
      transition(t.database.db, leader, {
        caseId: row.id,
        action: 'reject',
        note: '重复',
        expectedVersion: 1,
      }),
    );
    expect(error.code).toBe('CASE_CONFLICT');
  });
});

describe('clocks on the database', () => {
  it('stops the close-by clock while paused and extends once with approval', async () => {
    const row = await newCase(tree.sumuA.id, at('2026-03-02T09:00:00'));
    const accepted = await run(row, [[clerkA, { action: 'accept' }, at('2026-03-02T10:00:00')]]);
    // 5 working days after Mon 03-02: 3, 4, 5, 6, 10 (09 is a holiday) → end of Tuesday 03-10.
    expect(accepted.closeBy).toEqual(at('2026-03-11T00:00:00'));
    const paused = await run(accepted, [
      [clerkA, { action: 'pause', note: '等待群众提供材料' }, at('2026-03-04T10:00:00')],
    ]);
    expect(paused.pausedSince).toEqual(at('2026-03-04T10:00:00'));
    // Paused Wed 10:00 → Fri 10:00: two working days, the deadline moves from end of 03-10 to end of 03-12.
    const resumed = await run(paused, [[clerkA, { action: 'resume' }, at('2026-03-06T10:00:00')]]);
    expect(resumed.pausedSince).toBeNull();
    expect(resumed.pauses).toHaveLength(1);
    expect(resumed.closeBy).toEqual(at('2026-03-13T00:00:00'));
    // The extension needs the approver's permission, and only once: + 3 working days (13, 14 make-up, 16).
    expect(
      (
        await refused(
          transition(t.database.db, clerkA, {
            caseId: row.id,
            action: 'extend',
            note: '需协调',
            expectedVersion: resumed.version,
          }),
        )
      ).code,
    ).toBe('CASE_ACTION_FORBIDDEN');
    const extended = await run(resumed, [
      [leader, { action: 'extend', note: '需协调多部门' }, at('2026-03-06T11:00:00')],
    ]);
    expect(extended.extended).toBe(true);
    expect(extended.closeBy).toEqual(at('2026-03-17T00:00:00'));
    const again = await refused(
      transition(t.database.db, leader, {
        caseId: row.id,
        action: 'extend',
        note: '再延',
        expectedVersion: extended.version,
      }),
    );
    expect(again.code).toBe('CASE_ALREADY_EXTENDED');
    expect(errorMessage(again.code)).toBe('该事项已延期过一次，按规定只能延期一次');
    const events = await eventsOf(row.id);
    expect(events.find((e) => e.action === 'extend')!.payload).toMatchObject({
      closeBy: at('2026-03-17T00:00:00').toISOString(),
    });
  });
});

describe('escalation', () => {
  async function escalationsOf(caseId: string) {
    return t.database.db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.action, 'escalate')))
      .orderBy(caseEvents.escalationLevel);
  }

  it('escalates an overdue case one step, exactly once, with two ticks running at once', async () => {
    const row = await run(await newCase(tree.gachaA.id, at('2026-03-16T09:00:00')), [
      [clerkA, { action: 'accept' }, at('2026-03-16T10:00:00')],
    ]);
    expect(row.closeBy).toEqual(at('2026-03-24T00:00:00'));
    const now = at('2026-03-24T01:00:00');
    // A second app instance: on PostgreSQL a second connection pool to the same database.
    let second: Database | null = null;
    if (t.database.kind === 'postgres')
      second = await openDatabase({ kind: 'postgres', url: t.database.url! });
    try {
      const results = await Promise.all([
        runEscalationTick(t.database.db, { now }),
        runEscalationTick((second ?? t.database).db, { now }),
        runEscalationTick(t.database.db, { now }),
      ]);
      expect(results.reduce((sum, r) => sum + r.escalated, 0)).toBeGreaterThanOrEqual(1);
      let mine = await escalationsOf(row.id);
      expect(mine.map((e) => e.escalationLevel)).toEqual([1]);
      expect(mine[0]!.payload).toMatchObject({ step: 1, name: '承办人', targetUnitId: tree.gachaA.id });
      // Later ticks the same day do nothing more; a working day later the next step fires once.
      await Promise.all([
        runEscalationTick(t.database.db, { now }),
        runEscalationTick((second ?? t.database).db, { now }),
      ]);
      expect(await escalationsOf(row.id)).toHaveLength(1);
      const later = at('2026-03-25T00:00:00');
      await Promise.all([
        runEscalationTick(t.database.db, { now: later }),
        runEscalationTick((second ?? t.database).db, { now: later }),
      ]);
      mine = await escalationsOf(row.id);
      expect(mine.map((e) => e.escalationLevel)).toEqual([1, 2]);
      // Two steps overdue at once still climb one step per tick; the parent and the root are reached.
      await runEscalationTick(t.database.db, { now: at('2026-04-30T00:00:00') });
      await runEscalationTick(t.database.db, { now: at('2026-04-30T00:00:00') });
      mine = await escalationsOf(row.id);
      expect(
        mine.map((e) => [e.escalationLevel, (e.payload as { targetUnitId: string }).targetUnitId]),
      ).toEqual([
        [1, tree.gachaA.id],
        [2, tree.gachaA.id],
        [3, tree.sumuA.id],
        [4, tree.banner.id],
      ]);
      const [after] = await t.database.db.select().from(cases).where(eq(cases.id, row.id));
      expect(after).toMatchObject({ escalationLevel: 4, version: row.version });
    } finally {
      await second?.close();
    }
  });

  it('keeps one step unique per case even past the lock (the database refuses a duplicate)', async () => {
    const row = await newCase(tree.gachaA.id, at('2026-03-16T09:00:00'));
    const step = {
      caseId: row.id,
      action: 'escalate',
      toState: 'submitted',
      unitId: row.unitId,
      escalationCycle: 0,
      escalationLevel: 1,
    };
    await t.database.db.insert(caseEvents).values(step);
    await expect(t.database.db.insert(caseEvents).values(step)).rejects.toThrow();
    const skipped = await t.database.db.insert(caseEvents).values(step).onConflictDoNothing().returning();
    expect(skipped).toEqual([]);
  });

  it('does not escalate paused or closed cases, and escalates unaccepted ones from accept-by', async () => {
    const unaccepted = await newCase(tree.sumuB.id, at('2026-03-16T09:00:00')); // accept by end of 03-17
    const paused = await run(await newCase(tree.sumuB.id, at('2026-03-16T09:00:00')), [
      [clerkB, { action: 'accept' }, at('2026-03-16T10:00:00')],
      [clerkB, { action: 'pause', note: '等待补充材料' }, at('2026-03-16T11:00:00')],
    ]);
    await runEscalationTick(t.database.db, { now: at('2026-03-18T00:00:01') });
    expect((await escalationsOf(unaccepted.id)).map((e) => e.escalationLevel)).toEqual([1]);
    expect(await escalationsOf(paused.id)).toHaveLength(0);
  });
});

describe('rating', () => {
  it('closes on a good rating and reopens on "not solved" with a required comment', async () => {
    const row = await run(await newCase(tree.gachaA.id, at('2026-03-16T09:00:00')), [
      [clerkA, { action: 'accept' }, at('2026-03-16T10:00:00')],
      [clerkA, { action: 'reply', note: '已修复', attachmentIds: [photo] }, at('2026-03-17T10:00:00')],
    ]);
    const rate = (rating: { score: number; reasons?: string[] }, note?: string) =>
      transition(
        t.database.db,
        null,
        { caseId: row.id, action: 'rate', rating, note, expectedVersion: row.version },
        { now: at('2026-03-18T10:00:00') },
      );
    expect((await refused(rate({ score: 0 }))).code).toBe('CASE_RATING_REQUIRED');
    expect((await refused(rate({ score: 3, reasons: ['rude'] }))).code).toBe('CASE_RATING_REASON_UNKNOWN');
    const noComment = await refused(rate({ score: 1, reasons: ['notSolved'] }));
    expect(noComment.code).toBe('CASE_REOPEN_COMMENT_REQUIRED');
    expect(errorMessage(noComment.code)).toBe('选择“问题未解决”时，请写明哪些问题还没有解决');
    const reopened = await rate({ score: 1, reasons: ['notSolved'] }, '灯修好后第二天又不亮了');
    expect(reopened).toMatchObject({
      state: 'handling',
      reopenedCount: 1,
      closedAt: null,
      rating: 1,
      cycle: 1,
    });
    // A fresh close-by clock from the reopening: 5 working days after Wed 03-18 → end of Wed 03-25.
    expect(reopened.closeBy).toEqual(at('2026-03-26T00:00:00'));
    const events = await eventsOf(row.id);
    expect(events.at(-1)).toMatchObject({
      action: 'rate',
      fromState: 'replied',
      toState: 'handling',
      note: '灯修好后第二天又不亮了',
    });
    expect(events.at(-1)!.payload).toMatchObject({ rating: 1, reasons: ['notSolved'], reopened: true });
    const closed = await run(reopened, [
      [clerkA, { action: 'reply', note: '更换了线路', attachmentIds: [photo] }, at('2026-03-19T10:00:00')],
      [
        null,
        { action: 'rate', rating: { score: 5, reasons: ['fast', 'attitude'] } },
        at('2026-03-20T10:00:00'),
      ],
    ]);
    expect(closed).toMatchObject({
      state: 'closed',
      rating: 5,
      ratingReasons: ['fast', 'attitude'],
      reopenedCount: 1,
    });
    expect(closed.closedAt).toEqual(at('2026-03-19T10:00:00'));
  });
});

describe('repeat detection', () => {
  it('suggests earlier cases by the same person or place with similar text, links them into a chain', async () => {
    const here = { lat: 46.08, lng: 122.05 };
    const first = await newCase(tree.gachaA.id, at('2026-02-20T09:00:00'), { position: here });
    const byOtherNear = await newCase(tree.gachaA.id, at('2026-02-25T09:00:00'), {
      title: '村口的路灯坏了',
      description: '晚上没有照明',
      submitter: { name: '李四', index: 'idx-li' },
      position: { lat: 46.0805, lng: 122.05 },
    });
    const unrelated = await newCase(tree.gachaA.id, at('2026-02-26T09:00:00'), {
      title: '草场围栏被牛撞坏',
      description: '需要维修',
      position: here,
    });
    const tooOld = await newCase(tree.gachaA.id, at('2026-01-05T09:00:00'), { position: here });
    const elsewhere = await newCase(tree.gachaB.id, at('2026-02-27T09:00:00'), { position: here }); // outside clerkA's scope
    const latest = await newCase(tree.gachaA.id, at('2026-03-01T09:00:00'), {
      position: { lat: 46.0801, lng: 122.0501 },
    });

    const suggestions = await suggestRepeats(t.database.db, clerkA, latest.id);
    const ids = suggestions.map((s) => s.id);
    expect(ids).toContain(first.id);
    expect(ids).toContain(byOtherNear.id);
    expect(ids).not.toContain(unrelated.id);
    expect(ids).not.toContain(tooOld.id);
    expect(ids).not.toContain(elsewhere.id);
    expect(suggestions.find((s) => s.id === first.id)).toMatchObject({ samePerson: true });
    expect(suggestions.find((s) => s.id === byOtherNear.id)).toMatchObject({ samePerson: false });

    const reader = actorAt(tree.sumuA, ['meetings.read'], '只读用户');
    expect(
      (await refused(linkRepeat(t.database.db, reader, { caseId: byOtherNear.id, repeatOfId: first.id })))
        .code,
    ).toBe('CASE_ACTION_FORBIDDEN');
    await linkRepeat(t.database.db, clerkA, { caseId: byOtherNear.id, repeatOfId: first.id });
    const linked = await linkRepeat(t.database.db, clerkA, { caseId: latest.id, repeatOfId: byOtherNear.id });
    expect(linked).toMatchObject({ repeatOfId: byOtherNear.id, chainId: first.id });
    const chain = await caseChain(t.database.db, clerkA, first.id);
    expect(chain.map((c) => c.id)).toEqual([first.id, byOtherNear.id, latest.id]);
    // Already in the chain: no longer suggested, and cannot be linked twice.
    expect((await suggestRepeats(t.database.db, clerkA, latest.id)).map((s) => s.id)).not.toContain(first.id);
    expect(
      (await refused(linkRepeat(t.database.db, clerkA, { caseId: latest.id, repeatOfId: first.id }))).code,
    ).toBe('CASE_ALREADY_LINKED');
    expect(
      (await refused(linkRepeat(t.database.db, clerkA, { caseId: first.id, repeatOfId: first.id }))).code,
    ).toBe('CASE_LINK_SELF');
    expect(
      (await refused(linkRepeat(t.database.db, clerkA, { caseId: first.id, repeatOfId: latest.id }))).code,
    ).toBe('CASE_LINK_CYCLE');
    expect(
      (await refused(linkRepeat(t.database.db, clerkA, { caseId: tooOld.id, repeatOfId: elsewhere.id })))
        .code,
    ).toBe('CASE_NOT_FOUND');
    const events = await eventsOf(latest.id);
    expect(events.at(-1)).toMatchObject({
      action: 'linkRepeat',
      payload: { repeatOfId: byOtherNear.id, chainId: first.id },
    });
  });
});

describe('indicators', () => {
  it('registers the case-engine indicators of the type', () => {
    for (const key of caseIndicatorKeys(sample)) expect(findIndicator(key), key).toBeDefined();
    expect(findIndicator('test.sample.closedOnTime')!.name).toBe('测试事项按期办结率');
  });

  it('computes on-time closure as closed on time ÷ (closed + open past deadline), scoped by subtree', async () => {
    // A separate 嘎查 so the figures count only these cases.
    const gacha = await buildUnit(t, tree.sumuB, { name: '指标嘎查', type: 'gacha' });
    const clerk = actorAt(gacha, ['meetings.read', 'meetings.write'], '指标经办人');
    const accept = (row: CaseRow, when: string) => run(row, [[clerk, { action: 'accept' }, at(when)]]);
    const file = (
      await storeFile(t.database.db, leader, {
        unitId: gacha.id,
        name: 'p.png',
        content: PNG,
        isPublic: false,
      })
    ).id;
    const replyWith = (row: CaseRow, when: string) =>
      run(row, [[leader, { action: 'reply', note: '已办理', attachmentIds: [file] }, at(when)]]);

    // 1: accepted on time, closed on time, rated 5.
    let onTime = await accept(await newCase(gacha.id, at('2026-06-01T09:00:00')), '2026-06-01T10:00:00');
    onTime = await replyWith(onTime, '2026-06-03T10:00:00');
    await run(onTime, [[null, { action: 'rate', rating: { score: 5 } }, at('2026-06-04T10:00:00')]]);
    // 2: accepted late, closed late (deadline end of 06-10), rated 2.
    let late = await accept(await newCase(gacha.id, at('2026-06-01T09:00:00')), '2026-06-03T10:00:00');
    late = await replyWith(late, '2026-06-12T10:00:00');
    await run(late, [[null, { action: 'rate', rating: { score: 2 } }, at('2026-06-13T10:00:00')]]);
    // 3: accepted, still open and past its deadline at the end of June.
    await accept(await newCase(gacha.id, at('2026-06-02T09:00:00')), '2026-06-02T10:00:00');
    // 4: accepted near the end of June, open but not yet due.
    await accept(await newCase(gacha.id, at('2026-06-29T09:00:00')), '2026-06-29T10:00:00');
    // 5: never accepted, past accept-by.
    await newCase(gacha.id, at('2026-06-10T09:00:00'));

    const scope = scopeOf([gacha.path]);
    const june = { from: '2026-06-01', to: '2026-07-01' };
    const figure = (key: string) => computeCaseFigure(t.database.db, sample, key, scope, june);
    expect((await figure('received')).value).toBe(5);
    // Accepted in June: 4 (1 late); unanswered past accept-by: 1 → 3 ÷ 5.
    expect((await figure('acceptedOnTime')).value).toBe(60);
    // Closed: 2 (1 on time); open past the close-by deadline at month end: case 3 → 1 ÷ 3.
    const closedOnTime = await figure('closedOnTime');
    expect(closedOnTime.value).toBe(33.3);
    expect(closedOnTime.evidence).toEqual({ entity: 'case.test.sample', ids: [onTime.id] });
    expect((await figure('averageHandlingDays')).value).toBe(6.5); // (2.04 + 11.04) / 2 days → 6.5
    expect((await figure('ratedShare')).value).toBe(100);
    expect((await figure('satisfied')).value).toBe(50);
    expect((await figure('overdueNow')).value).toBe(2);
    expect((await figure('repeats')).value).toBe(0);
    // Rolled up: the 苏木 above sees the same cases plus its own; a sibling 苏木 sees none of these.
    expect(
      (await computeCaseFigure(t.database.db, sample, 'received', scopeOf([tree.sumuA.path]), june)).value,
    ).toBe(0);
    expect(
      (await computeCaseFigure(t.database.db, sample, 'received', scopeOf([tree.sumuB.path]), june)).value,
    ).toBe(5);
    // The registered indicator computes the same figure.
    const registered = await findIndicator('test.sample.closedOnTime')!.compute({
      db: t.database.db,
      scope,
      period: june,
    });
    expect(registered.value).toBe(33.3);
    // Counts only, summed in the database and shared by a batch: the same values, and the number of
    // the records the ids would list.
    const shared = new Map<string, Promise<unknown>>();
    for (const key of caseIndicatorKeys(sample).map((k) => k.slice(`${sample.key}.`.length))) {
      const withIds = await figure(key);
      const counted = await computeCaseFigure(t.database.db, sample, key, scope, june, new Date(), {
        evidence: 'count',
        shared,
      });
      expect(counted, key).toEqual({
        value: withIds.value,
        evidence: { entity: 'case.test.sample', ids: [], count: withIds.evidence.ids.length },
      });
    }
    expect(shared.size).toBe(1);
    // With ids, each figure reads only the cases it looks at; figures that look at the same ones
    // (closed in the period: handling time, rated share, satisfied; received and repeats) read them
    // once in a batch, and every figure is what it is alone.
    const idsBatch = new Map<string, Promise<unknown>>();
    for (const key of caseIndicatorKeys(sample).map((k) => k.slice(`${sample.key}.`.length))) {
      const inBatch = await computeCaseFigure(t.database.db, sample, key, scope, june, new Date(), {
        shared: idsBatch,
      });
      expect(inBatch, key).toEqual(await figure(key));
    }
    expect(idsBatch.size).toBe(5);
    // Nothing to divide by is "no data", not 0.
    expect(
      (
        await computeCaseFigure(t.database.db, sample, 'closedOnTime', scope, {
          from: '2025-01-01',
          to: '2025-02-01',
        })
      ).value,
    ).toBeNull();
    expect(
      (
        await t.database.db
          .select({ n: sql<number>`count(*)::int` })
          .from(cases)
          .where(eq(cases.unitId, gacha.id))
      )[0]!.n,
    ).toBe(5);
  });

  it('reads whole months from the monthly roll-up and gives what the cases give, before and after folding', async () => {
    const sumu = await buildUnit(t, tree.banner, { name: '汇总苏木', type: 'sumu' });
    const north = await buildUnit(t, sumu, { name: '汇总北嘎查', type: 'gacha' });
    const south = await buildUnit(t, sumu, { name: '汇总南嘎查', type: 'gacha' });
    const clerk = actorAt(sumu, ['meetings.read', 'meetings.write', 'meetings.review'], '汇总经办人');
    const photoIn = async (unitId: string) =>
      (await storeFile(t.database.db, clerk, { unitId, name: '回复.png', content: PNG, isPublic: false })).id;
    const photos = { [north.id]: await photoIn(north.id), [south.id]: await photoIn(south.id) };
    type Step = Parameters<typeof run>[1][number];
    const reply = (when: string, unitId: string): Step => [
      clerk,
      { action: 'reply', note: '已办理', attachmentIds: [photos[unitId]!] },
      at(when),
    ];
    const rate = (score: number, when: string, reasons?: string[], note?: string): Step => [
      null,
      { action: 'rate', rating: { score, reasons }, note },
      at(when),
    ];
    // Across a month's end: received in May, accepted and closed in June, rated 4.
    await run(await newCase(north.id, at('2026-05-29T09:00:00')), [
      [clerk, { action: 'accept' }, at('2026-06-01T09:00:00')],
      reply('2026-06-03T10:00:00', north.id),
      rate(4, '2026-06-04T10:00:00'),
    ]);
    // 23:30 on 30 June in China is still June there (15:30 UTC); accepted in July, then moved south.
    await run(await newCase(north.id, at('2026-06-30T23:30:00')), [
      [clerk, { action: 'accept' }, at('2026-07-01T00:30:00')],
      [clerk, { action: 'dispatch', unitId: south.id, note: '请南嘎查处理' }, at('2026-07-02T09:00:00')],
    ]);
    // Closed in June, rated "not solved" (reopened, the rating kept), closed again in July and rated 5.
    await run(await newCase(south.id, at('2026-06-10T09:00:00')), [
      [clerk, { action: 'accept' }, at('2026-06-10T10:00:00')],
      reply('2026-06-11T10:00:00', south.id),
      rate(1, '2026-06-12T10:00:00', ['notSolved'], '还是没修好'),
      reply('2026-07-06T10:00:00', south.id),
      rate(5, '2026-07-07T10:00:00'),
    ]);
    // Refused the day it came in; never accepted and overdue; a repeat of the first June case.
    await run(await newCase(south.id, at('2026-06-15T09:00:00')), [
      [clerk, { action: 'reject', note: '不属于受理范围' }, at('2026-06-15T11:00:00')],
    ]);
    await newCase(north.id, at('2026-05-20T09:00:00'));
    const repeat = await newCase(south.id, at('2026-06-20T09:00:00'));
    const [firstJune] = await t.database.db
      .select({ id: cases.id })
      .from(cases)
      .where(and(eq(cases.unitId, south.id), eq(cases.state, 'closed')));
    await linkRepeat(t.database.db, clerk, { caseId: repeat.id, repeatOfId: firstJune!.id });

    const periods = [
      { from: '2026-06-01', to: '2026-07-01' },
      { from: '2026-04-01', to: '2026-07-01' },
      { from: '2026-01-01', to: '2027-01-01' },
      { from: '2026-05-25', to: '2026-06-20' }, // no whole month: only the cases
      { from: '2026-05-15', to: '2026-07-05' }, // June whole, the days either side from the cases
    ];
    const keys = caseIndicatorKeys(sample).map((k) => k.slice(`${sample.key}.`.length));
    const now = at('2026-07-10T12:00:00');
    const figures = async (period: { from: string; to: string }, scopePath: string, evidence?: 'count') => {
      const values: Record<string, unknown> = {};
      for (const key of keys) {
        const value = await computeCaseFigure(t.database.db, sample, key, scopeOf([scopePath]), period, now, {
          evidence,
        });
        values[key] = [value.value, value.evidence.count ?? value.evidence.ids.length];
      }
      return values;
    };
    const compare = async (stage: string) => {
      for (const period of periods)
        for (const unit of [sumu, north, south]) {
          const label = `${stage} ${period.from}…${period.to} ${unit.name}`;
          expect(await figures(period, unit.path, 'count'), label).toEqual(await figures(period, unit.path));
        }
    };
    // A key whose cases all moved away keeps a row of zeros, which counts nothing.
    const rollUp = () =>
      t.database.query(
        `select *, month::text as first_day from case_monthly where type = 'test.sample' and unit_id in ('${north.id}', '${south.id}')
           and (received, accepted, closed) <> (0, 0, 0)
         order by type, month, unit_id`,
      );
    const pending = await t.database.query<{ n: number }>(
      'select count(*)::int as n from case_monthly_changes',
    );
    expect(pending[0]!.n).toBeGreaterThan(0);
    await compare('changes only');
    expect(await figures(periods[0]!, sumu.path, 'count')).toMatchObject({
      received: [4, 4],
      repeats: [1, 1],
      satisfied: [100, 1],
    });
    expect(await foldCaseMonthly(t.database.db)).toBeGreaterThan(0);
    expect(await foldCaseMonthly(t.database.db)).toBe(0);
    await compare('folded');
    const folded = await rollUp();
    // Built again from the cases, the roll-up holds what the triggers kept (a reopened case's June
    // closing taken away, the moved case counted in the south).
    await rebuildCaseMonthly(t.database.db);
    expect(await rollUp()).toEqual(folded);
    expect(folded.filter((r) => r.unit_id === south.id && r.first_day === '2026-07-01')).toMatchObject([
      { accepted: 1, closed: 1, rated_5: 1, rated_1: 0 },
    ]);
  });

  it('empties the monthly roll-up with the cases', async () => {
    // In a transaction rolled back afterwards: the other tests' cases stay.
    const emptied = await t.database.db
      .transaction(async (tx) => {
        await tx.execute(sql`truncate cases cascade`);
        const [row] = await queryRows<{ n: number }>(
          tx,
          sql`select (select count(*) from case_monthly) + (select count(*) from case_monthly_changes) as n`,
        );
        throw new Rollback(Number(row!.n));
      })
      .catch((error) => (error instanceof Rollback ? error.value : Promise.reject(error)));
    expect(emptied).toBe(0);
    const [left] = await t.database.query<{ n: number }>(
      'select (select count(*) from case_monthly) + (select count(*) from case_monthly_changes) as n',
    );
    expect(Number(left!.n)).toBeGreaterThan(0);
  });

  it('counts linked repeats received in the period', async () => {
    const feb = { from: '2026-02-01', to: '2026-03-01' };
    const value = await computeCaseFigure(t.database.db, sample, 'repeats', scopeOf([tree.gachaA.path]), feb);
    expect(value.value).toBe(1); // byOtherNear (02-25); latest was received in March
  });
});
