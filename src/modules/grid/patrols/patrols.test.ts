// Patrols (巡查) through HTTP on a real database: the idempotent upload from the phone app, its checks,
// scope, the patrol log, week coverage, the coverage indicator and the audit trail.
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTree,
  buildUser,
  createTestApp,
  loginAs,
  type Session,
  type TestContext,
} from '../../../../test/support/app';
import { addTestPerson, createTestGrid } from '../../../../test/support/grid';
import { users } from '../../../platform/auth/schema';
import { auditLog } from '../../../platform/audit/schema';
import { grids, patrols } from '../schema';
import { addDays } from '../../../platform/indicators/period';
import { todayInChina } from '../../../platform/time';
import { trackLength, weekStarts } from './service';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let clerkA: Session;
let clerkB: Session;
let worker: Session;
let worker2: Session;
let nobody: Session;
let stranger: Session;
let gridA: string;
let gridA2: string;
let gridOld: string;

const addPerson = (unitId: string, name: string) =>
  addTestPerson(t, { unitId, bannerId: tree.banner.id }, name);

async function workerWithPerson(username: string, name: string, personless = false): Promise<string | null> {
  const user = await buildUser(t, { username, grants: [{ role: 'gridWorker', unit: tree.gachaA }] });
  if (personless) return null;
  const personId = await addPerson(tree.gachaA.id, name);
  await t.database.db.update(users).set({ personId }).where(eq(users.id, user.id));
  return personId;
}

const makeGrid = (name: string, code: string, lng: number) =>
  createTestGrid(clerkA, { unitId: tree.gachaA.id, name, code, lng });

async function assign(grid: string, personId: string) {
  const response = await clerkA.post(`/api/grid/grids/${grid}/workers`, { personId });
  expect(response.statusCode, response.body).toBeLessThan(300);
}

const track = [
  { lat: 40.801, lng: 111.601, at: '2025-03-05T10:05:00+08:00' },
  { lat: 40.805, lng: 111.601, at: '2025-03-05T10:20:00+08:00' },
  { lat: 40.805, lng: 111.606, at: '2025-03-05T10:40:00+08:00' },
];

const patrol = (body: Record<string, unknown> = {}) => ({
  idempotencyKey: randomUUID(),
  gridId: gridA,
  startedAt: '2025-03-05T10:00:00+08:00',
  endedAt: '2025-03-05T11:00:00+08:00',
  track: [],
  ...body,
});

const rowsWithKey = async (key: string) =>
  (await t.database.db.select({ id: patrols.id }).from(patrols).where(eq(patrols.idempotencyKey, key)))
    .length;
const patrolCount = async () =>
  (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(patrols))[0]!.n;

beforeAll(async () => {
  t = await createTestApp();
  tree = await buildTree(t);
  await buildUser(t, { username: 'clerka', grants: [{ role: 'unitClerk', unit: tree.sumuA }] });
  await buildUser(t, { username: 'clerkb', grants: [{ role: 'unitClerk', unit: tree.sumuB }] });
  clerkA = await loginAs(t, 'clerka');
  clerkB = await loginAs(t, 'clerkb');
  const personId = (await workerWithPerson('worker', '其其格'))!;
  const person2 = (await workerWithPerson('worker2', '巴特尔'))!;
  await workerWithPerson('nobody', '', true);
  await workerWithPerson('stranger', '乌日娜');
  worker = await loginAs(t, 'worker');
  worker2 = await loginAs(t, 'worker2');
  nobody = await loginAs(t, 'nobody');
  stranger = await loginAs(t, 'stranger');
  gridA = await makeGrid('第一网格', 'P-01', 111.6);
  gridA2 = await makeGrid('第二网格', 'P-02', 111.62);
  gridOld = await makeGrid('撤并网格', 'P-03', 111.64);
  await assign(gridA, personId);
  await assign(gridA, person2);
  await assign(gridOld, personId);
});
afterAll(() => t?.app.close());

describe('patrol upload', () => {
  it('stores a patrol once per idempotency key, with its track length and one audit row', async () => {
    const body = patrol({ track: [track[2], track[0], track[1]], note: '沿主路巡查一圈' });
    const first = await worker.post('/api/grid/patrols', body);
    expect(first.statusCode, first.body).toBe(201);
    const stored = first.json();
    expect(stored).toMatchObject({
      gridId: gridA,
      gridName: '第一网格',
      workerName: '其其格',
      minutes: 60,
      points: 3,
      note: '沿主路巡查一圈',
    });
    expect(stored.track.map((p: { at: string }) => p.at)).toEqual(track.map((p) => p.at));
    expect(stored.distanceMetres).toBe(trackLength(track));
    expect(stored.distanceMetres).toBeGreaterThan(800);
    expect(stored.distanceMetres).toBeLessThan(900);

    const again = await worker.post('/api/grid/patrols', body);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual(stored);
    expect(await rowsWithKey(body.idempotencyKey)).toBe(1);

    const audits = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'gridPatrol'), eq(auditLog.entityId, stored.id)));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.action).toBe('create');
  });

  it('keeps one row when two uploads with one key race', async () => {
    const body = patrol({ startedAt: '2025-03-06T09:00:00+08:00', endedAt: '2025-03-06T09:30:00+08:00' });
    const [a, b] = await Promise.all([
      worker.post('/api/grid/patrols', body),
      worker.post('/api/grid/patrols', body),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(a.json().id).toBe(b.json().id);
    expect(await rowsWithKey(body.idempotencyKey)).toBe(1);
    const audits = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'gridPatrol'), eq(auditLog.entityId, a.json().id)));
    expect(audits).toHaveLength(1);
  });

  it("refuses another worker's key as a conflict", async () => {
    const body = patrol({ startedAt: '2025-03-07T09:00:00+08:00', endedAt: '2025-03-07T09:30:00+08:00' });
    expect((await worker.post('/api/grid/patrols', body)).statusCode).toBe(201);
    const reused = await worker2.post('/api/grid/patrols', body);
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error.code).toBe('GRID_PATROL_KEY_REUSED');
    expect(reused.json().error.message).toMatch(/幂等键/);
    expect(await rowsWithKey(body.idempotencyKey)).toBe(1);
  });

  it('refuses bad times with a Chinese message and stores nothing', async () => {
    const before = await patrolCount();
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [
        { startedAt: '2025-03-05T11:00:00+08:00', endedAt: '2025-03-05T10:00:00+08:00' },
        /结束时间早于开始时间/,
      ],
      [{ startedAt: new Date().toISOString(), endedAt: future }, /晚于当前时间/],
      [{ startedAt: '2025-03-05T10:00:00+08:00', endedAt: '2025-03-06T10:00:01+08:00' }, /24 小时/],
      [{ startedAt: '昨天' }, /开始时间格式不正确/],
    ];
    for (const [times, message] of cases) {
      const response = await worker.post('/api/grid/patrols', patrol(times));
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error.message).toMatch(message);
    }
    expect(await patrolCount()).toBe(before);
  });

  it('refuses a user without a person record and a worker not assigned to the grid', async () => {
    const before = await patrolCount();
    const personless = await nobody.post('/api/grid/patrols', patrol());
    expect(personless.statusCode).toBe(403);
    expect(personless.json().error).toMatchObject({ code: 'GRID_PATROL_NO_PERSON' });
    expect(personless.json().error.message).toMatch(/关联人员/);
    const outsider = await stranger.post('/api/grid/patrols', patrol());
    expect(outsider.statusCode).toBe(403);
    expect(outsider.json().error).toMatchObject({ code: 'GRID_EVENT_NOT_ASSIGNED' });
    expect(outsider.json().error.message).toContain('第一网格');
    const unassignedGrid = await worker.post('/api/grid/patrols', patrol({ gridId: gridA2 }));
    expect(unassignedGrid.statusCode).toBe(403);
    expect(await patrolCount()).toBe(before);
  });

  it('hides a patrol outside the reader’s scope', async () => {
    const list = (await clerkA.get(`/api/grid/patrols?gridId=${gridA}`)).json();
    const id = list.items[0].id;
    expect((await clerkA.get(`/api/grid/patrols/${id}`)).statusCode).toBe(200);
    const hidden = await clerkB.get(`/api/grid/patrols/${id}`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().error.code).toBe('NOT_FOUND');
    expect((await clerkB.get('/api/grid/patrols')).json()).toEqual({ total: 0, items: [] });
  });
});

describe('patrol log and coverage', () => {
  beforeAll(async () => {
    // Sunday before the period; Monday 00:30 China time (still Sunday in UTC); the last week.
    for (const [startedAt, endedAt] of [
      ['2025-03-02T18:00:00+08:00', '2025-03-02T19:00:00+08:00'],
      ['2025-03-10T00:30:00+08:00', '2025-03-10T01:00:00+08:00'],
      ['2025-03-17T09:00:00+08:00', '2025-03-17T10:00:00+08:00'],
    ])
      expect((await worker.post('/api/grid/patrols', patrol({ startedAt, endedAt }))).statusCode).toBe(201);
    const old = await worker.post(
      '/api/grid/patrols',
      patrol({
        gridId: gridOld,
        startedAt: '2025-03-12T09:00:00+08:00',
        endedAt: '2025-03-12T10:00:00+08:00',
      }),
    );
    expect(old.statusCode, old.body).toBe(201);
    await t.database.db.update(grids).set({ active: false }).where(eq(grids.id, gridOld));
  });

  it('lists newest first with filters and pagination', async () => {
    const all = (await clerkA.get(`/api/grid/patrols?gridId=${gridA}`)).json();
    expect(all.total).toBe(6);
    const starts = all.items.map((p: { startedAt: string }) => p.startedAt);
    expect(starts).toEqual([...starts].sort().reverse());
    const page2 = (await clerkA.get(`/api/grid/patrols?gridId=${gridA}&pageSize=4&page=2`)).json();
    expect(page2.total).toBe(6);
    expect(page2.items.map((p: { id: string }) => p.id)).toEqual(
      all.items.slice(4).map((p: { id: string }) => p.id),
    );
    const period = (
      await clerkA.get(`/api/grid/patrols?gridId=${gridA}&from=2025-03-05&to=2025-03-06`)
    ).json();
    expect(period.total).toBe(2);
    // China-calendar days: 00:30 on 10 March belongs to 10 March, not 9 March.
    const monday = (await clerkA.get('/api/grid/patrols?from=2025-03-10&to=2025-03-10')).json();
    expect(monday.items.map((p: { startedAt: string }) => p.startedAt)).toEqual(['2025-03-09T16:30:00.000Z']);
    const byUnit = (await clerkA.get(`/api/grid/patrols?unitId=${tree.gachaA.id}`)).json();
    expect(byUnit.total).toBe(7);
    expect((await clerkB.get(`/api/grid/patrols?unitId=${tree.gachaB.id}`)).json().total).toBe(0);
    expect((await clerkA.get(`/api/grid/patrols?unitId=${tree.gachaB.id}`)).statusCode).toBe(404);
    const bad = await clerkA.get('/api/grid/patrols?from=3月');
    expect(bad.statusCode).toBe(400);
  });

  it('counts the weeks touched by a period', () => {
    expect(weekStarts('2025-03-05', '2025-03-18')).toEqual(['2025-03-03', '2025-03-10', '2025-03-17']);
    expect(weekStarts('2025-03-03', '2025-03-09')).toEqual(['2025-03-03']);
    expect(weekStarts('2025-03-09', '2025-03-10')).toEqual(['2025-03-03', '2025-03-10']);
  });

  it('computes coverage as covered grid-weeks over all grid-weeks of active grids', async () => {
    const response = await clerkA.get(
      `/api/grid/patrols/coverage?unitId=${tree.gachaA.id}&from=2025-03-05&to=2025-03-18`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const coverage = response.json();
    expect(coverage.weeks).toBe(3);
    expect(coverage.grids.map((g: { gridId: string }) => g.gridId)).toEqual([gridA, gridA2]);
    expect(coverage.grids[0]).toMatchObject({
      patrols: 5,
      weeksCovered: 3,
      lastPatrolAt: '2025-03-17T01:00:00.000Z',
    });
    expect(coverage.grids[1]).toMatchObject({ patrols: 0, weeksCovered: 0, lastPatrolAt: null });
    expect(coverage.share).toBeCloseTo(3 / 6);

    const firstWeek = (
      await clerkA.get(`/api/grid/patrols/coverage?unitId=${tree.gachaA.id}&from=2025-03-03&to=2025-03-09`)
    ).json();
    expect(firstWeek.weeks).toBe(1);
    expect(firstWeek.share).toBeCloseTo(1 / 2);
    expect(
      (await clerkB.get('/api/grid/patrols/coverage?from=2025-03-05&to=2025-03-18')).json().share,
    ).toBeNull();
  });

  it('does not count weeks that have not begun yet', async () => {
    const today = todayInChina();
    const coverage = (
      await clerkA.get(`/api/grid/patrols/coverage?from=${today}&to=${addDays(today, 40)}`)
    ).json();
    expect(coverage.weeks).toBe(1);
    expect(
      (
        await clerkA.get(`/api/grid/patrols/coverage?from=${addDays(today, 8)}&to=${addDays(today, 40)}`)
      ).json(),
    ).toMatchObject({ weeks: 0, share: null });
  });

  it('reports the coverage indicator over the half-open period, with the fully covered grids as evidence', async () => {
    // The indicator's period [03-11, 03-17) is Tuesday to Sunday of one week, and neither the patrol of
    // Monday 03-10 before it nor that of Monday 03-17 after it belongs to it.
    const response = await clerkA.get(
      `/api/indicators/grid.patrolCoverage?unitId=${tree.gachaA.id}&from=2025-03-11&to=2025-03-17`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const figure = response.json();
    const coverage = (
      await clerkA.get(`/api/grid/patrols/coverage?unitId=${tree.gachaA.id}&from=2025-03-11&to=2025-03-16`)
    ).json();
    expect(coverage.weeks).toBe(1);
    expect(coverage.grids[0]).toMatchObject({ gridId: gridA, patrols: 0, weeksCovered: 0 });
    expect(figure.value).toBe(0);
    expect(figure.evidence.ids).toEqual([]);
    const gaps = figure.breakdown.find((b: { key: string }) => b.key === 'gaps');
    expect(gaps.evidence.ids).toEqual([gridA, gridA2]);

    const whole = (
      await clerkA.get(
        `/api/indicators/grid.patrolCoverage?unitId=${tree.gachaA.id}&from=2025-03-10&to=2025-03-18`,
      )
    ).json();
    expect(whole.value).toBe(50);
    expect(whole.evidence.ids).toEqual([gridA]);
  });
});
