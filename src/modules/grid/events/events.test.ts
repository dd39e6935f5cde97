// Grid events through HTTP beyond the basic walk in grid.test.ts: every illegal transition, dispatch
// scope, return / re-dispatch, supervision, pause / resume, the one approved extension, rating that
// reopens, the staff close after the rating period, categories with their handling unit type,
// settings, the Excel export and the reporting-timeliness and by-grid indicators.
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  buildTree,
  buildUnit,
  buildUser,
  createTestApp,
  loginAs,
  type Session,
  type TestContext,
} from '../../../../test/support/app';
import { squareBoundary } from '../../../../test/support/grid';
import { randomUUID } from 'node:crypto';
import { type Actor, buildActor } from '../../../platform/auth/actor';
import type { Permission } from '../../../platform/auth/permissions';
import { availableTransitions, transition } from '../../../platform/cases';
import { cases } from '../../../platform/cases/schema';
import { storeFile } from '../../../platform/files';
import { createEvent } from './service';
import { gridEventType } from './type';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const square = squareBoundary;

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let agency: Awaited<ReturnType<typeof buildUnit>>;
let staff: Session;
let clerkA: Session;
let leader: Session;
let reporter: Session;
let handlerAgency: Session;
let handlerSumuA: Session;
let handlerSumuB: Session;
let gridId: string;

const version = async (id: string) =>
  (await t.database.db.select({ v: cases.version }).from(cases).where(eq(cases.id, id)))[0]!.v;

const act = async (session: Session, id: string, action: string, extra: Record<string, unknown> = {}) =>
  session.post(`/api/grid/events/${id}/actions`, { action, expectedVersion: await version(id), ...extra });

const file = async (id: string, body: Record<string, unknown> = {}) => {
  const response = await reporter.post('/api/grid/events', {
    gridId,
    categoryKey: 'environment.garbage',
    title: `垃圾堆放${id}`,
    description: '路边垃圾无人清运',
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
};

/** An actor holding `permissions` over the whole banner, for calls at a chosen moment. */
const bannerActor = (permissions: Permission[]): Actor =>
  buildActor({
    userId: randomUUID(),
    username: 'clock',
    displayName: '测试',
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
        unitId: tree.banner.id,
        unitName: tree.banner.name,
        unitPath: tree.banner.path,
        permissions,
      },
    ],
  });

async function photoIn(unitId: string): Promise<string> {
  return (
    await storeFile(t.database.db, bannerActor([]), {
      unitId,
      name: '现场.png',
      content: PNG,
      isPublic: false,
    })
  ).id;
}

beforeAll(async () => {
  t = await createTestApp();
  tree = await buildTree(t);
  agency = await buildUnit(t, tree.banner, { name: '旗环卫中心', type: 'agency' });
  await buildUser(t, { username: 'staff', grants: [{ role: 'orgStaff', unit: tree.banner }] });
  await buildUser(t, { username: 'clerka', grants: [{ role: 'unitClerk', unit: tree.sumuA }] });
  await buildUser(t, { username: 'leader', grants: [{ role: 'leader', unit: tree.banner }] });
  await buildUser(t, { username: 'reporter', grants: [{ role: 'gridWorker', unit: tree.gachaA }] });
  await buildUser(t, { username: 'hagency', grants: [{ role: 'departmentHandler', unit: agency }] });
  await buildUser(t, { username: 'hsumua', grants: [{ role: 'departmentHandler', unit: tree.sumuA }] });
  await buildUser(t, { username: 'hsumub', grants: [{ role: 'departmentHandler', unit: tree.sumuB }] });
  staff = await loginAs(t, 'staff');
  clerkA = await loginAs(t, 'clerka');
  leader = await loginAs(t, 'leader');
  reporter = await loginAs(t, 'reporter');
  handlerAgency = await loginAs(t, 'hagency');
  handlerSumuA = await loginAs(t, 'hsumua');
  handlerSumuB = await loginAs(t, 'hsumub');
  const grid = await staff.post('/api/grid/grids', {
    unitId: tree.gachaA.id,
    name: '第一网格',
    code: 'T-01',
    boundary: square(111.6, 40.8),
  });
  expect(grid.statusCode, grid.body).toBe(201);
  gridId = grid.json().id;
});
afterAll(() => t?.app.close());

describe('grid event state machine over HTTP', () => {
  it('refuses every action the current state does not allow, in every state, changing nothing', async () => {
    const reached: Record<string, string> = {};
    reached.submitted = await file('s');
    reached.rejected = await file('r');
    expect((await act(staff, reached.rejected, 'reject')).statusCode).toBe(400);
    expect((await act(staff, reached.rejected, 'reject', { note: '不属于网格事件' })).statusCode).toBe(200);
    reached.handling = await file('h');
    expect((await act(clerkA, reached.handling, 'accept')).statusCode).toBe(200);
    reached.waiting = await file('w');
    await act(clerkA, reached.waiting, 'accept');
    expect((await act(clerkA, reached.waiting, 'pause', { note: '等群众补充位置' })).statusCode).toBe(200);
    reached.replied = await file('p');
    await act(clerkA, reached.replied, 'accept');
    const photo = await photoIn(tree.gachaA.id);
    const replied = await act(clerkA, reached.replied, 'reply', { note: '已清运', attachmentIds: [photo] });
    expect(replied.statusCode, replied.body).toBe(200);
    reached.closed = await file('c');
    await act(clerkA, reached.closed, 'accept');
    await act(clerkA, reached.closed, 'reply', { note: '已清运', attachmentIds: [photo] });
    const [row] = await t.database.db.select().from(cases).where(eq(cases.id, reached.closed));
    await transition(t.database.db, null, {
      caseId: reached.closed,
      action: 'rate',
      expectedVersion: row!.version,
      rating: { score: 5, reasons: ['solved'] },
    });

    const all = [...new Set(gridEventType.transitions.map((x) => x.action))];
    for (const [state, id] of Object.entries(reached)) {
      expect((await staff.get(`/api/grid/events/${id}`)).json().case.state).toBe(state);
      const allowed = new Set(availableTransitions(gridEventType, state).map((x) => x.action));
      const before = await version(id);
      for (const action of all.filter((a) => !allowed.has(a))) {
        const refused = await act(staff, id, action, {
          note: '试',
          unitId: agency.id,
          rating: { score: 3 },
          attachmentIds: [photo],
        });
        expect(refused.statusCode, `${state} ${action}`).toBe(409);
        expect(refused.json().error.code).toBe('CASE_ILLEGAL_TRANSITION');
      }
      expect(await version(id)).toBe(before);
    }
  });

  it('shows each viewer only the actions they may take now', async () => {
    const id = await file('actions');
    const forStaff = (await staff.get(`/api/grid/events/${id}`))
      .json()
      .actions.map((a: { action: string }) => a.action);
    expect(forStaff.sort()).toEqual(['accept', 'reject']);
    await act(clerkA, id, 'accept');
    const forLeader = (await leader.get(`/api/grid/events/${id}`))
      .json()
      .actions.map((a: { action: string }) => a.action);
    expect(forLeader.sort()).toEqual(['dispatch', 'extend', 'supervise']);
  });
});

describe('dispatch, return, supervision, pause, extension, rating', () => {
  let id: string;
  let other: string;

  it('lets a handler see only events dispatched into their subtree; everyone else outside gets 404', async () => {
    id = await file('d', { reporter: { name: '张三', phone: '13800001111' } });
    other = await file('o');
    await act(clerkA, id, 'accept');
    await act(clerkA, other, 'accept');
    // A 苏木 handler sees what stays in their 嘎查, not what the banner sends elsewhere.
    expect((await handlerSumuA.get(`/api/grid/events/${id}`)).statusCode).toBe(200);
    const dispatched = await act(staff, id, 'dispatch', { unitId: tree.sumuB.id, note: '请好腰苏木协办' });
    expect(dispatched.statusCode, dispatched.body).toBe(200);
    expect((await handlerSumuA.get(`/api/grid/events/${id}`)).statusCode).toBe(404);
    expect((await handlerSumuA.get(`/api/grid/events/${other}`)).statusCode).toBe(200);
    expect((await handlerSumuB.get(`/api/grid/events/${id}`)).statusCode).toBe(200);
    expect((await handlerSumuB.get(`/api/grid/events/${other}`)).statusCode).toBe(404);
    expect((await handlerAgency.get(`/api/grid/events/${id}`)).statusCode).toBe(404);
    const list = (await handlerSumuB.get('/api/grid/events')).json();
    expect(list.items.map((e: { id: string }) => e.id)).toEqual([id]);
    // The clerk of 巴彦苏木 no longer acts on it either.
    expect((await act(clerkA, id, 'supervise', { note: '请加快' })).statusCode).toBe(404);
  });

  it('hides the reporter from handlers without grid.readIdentity and never shows the full phone', async () => {
    const forHandler = JSON.stringify((await handlerSumuB.get(`/api/grid/events/${id}`)).json());
    expect(forHandler).not.toContain('张三');
    expect(forHandler).not.toContain('1111');
    const forStaff = (await staff.get(`/api/grid/events/${id}`)).json().case;
    expect(forStaff).toMatchObject({ identityVisible: true, submitterName: '张三' });
    expect(forStaff.submitterContactMasked).toMatch(/^138\*+1111$/);
    expect(JSON.stringify(forStaff)).not.toContain('13800001111');
  });

  it('returns to the dispatcher with a note, is re-dispatched, supervised, paused and resumed', async () => {
    const noNote = await act(handlerSumuB, id, 'return', { unitId: tree.banner.id });
    expect(noNote.statusCode).toBe(400);
    const returned = await act(handlerSumuB, id, 'return', {
      unitId: tree.banner.id,
      note: '不属于本苏木职责',
    });
    // Done, and the event has left the handler's scope: nothing to show them.
    expect(returned.statusCode, returned.body).toBe(204);
    expect((await handlerSumuB.get(`/api/grid/events/${id}`)).statusCode).toBe(404);
    expect((await act(staff, id, 'dispatch', { unitId: agency.id, note: '请环卫中心办理' })).statusCode).toBe(
      200,
    );
    const supervised = await act(leader, id, 'supervise', { note: '群众反映强烈，请三日内办结' });
    expect(supervised.statusCode).toBe(200);
    expect((await act(handlerAgency, id, 'supervise', { note: '试' })).statusCode).toBe(403);
    expect((await act(handlerAgency, id, 'pause', { note: '请群众补充具体位置' })).statusCode).toBe(200);
    expect((await act(handlerAgency, id, 'pause', { note: '再等等' })).statusCode).toBe(409);
    expect((await act(handlerAgency, id, 'resume')).statusCode).toBe(200);
    const timeline = (await staff.get(`/api/grid/events/${id}`)).json().events;
    expect(timeline.map((e: { action: string }) => e.action)).toEqual([
      'create',
      'accept',
      'dispatch',
      'return',
      'dispatch',
      'supervise',
      'pause',
      'resume',
    ]);
    expect(timeline.find((e: { action: string }) => e.action === 'supervise')).toMatchObject({
      actionName: '督办',
      note: '群众反映强烈，请三日内办结',
    });
  });

  it('extends once, only with grid.approve', async () => {
    const before = (await staff.get(`/api/grid/events/${id}`)).json().case.closeBy;
    expect((await act(handlerAgency, id, 'extend', { note: '需协调资金' })).statusCode).toBe(403);
    const extended = await act(leader, id, 'extend', { note: '需协调资金' });
    expect(extended.statusCode, extended.body).toBe(200);
    expect(new Date(extended.json().case.closeBy).getTime()).toBeGreaterThan(new Date(before).getTime());
    const again = await act(leader, id, 'extend', { note: '再延' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('CASE_ALREADY_EXTENDED');
  });

  it('reopens on a “not solved” rating; staff close an unrated reply only after the rating period', async () => {
    const photo = await photoIn(agency.id);
    expect((await act(handlerAgency, id, 'reply', { note: '已清运' })).statusCode).toBe(400);
    expect(
      (await act(handlerAgency, id, 'reply', { note: '已清运', attachmentIds: [photo] })).statusCode,
    ).toBe(200);
    const [row] = await t.database.db.select().from(cases).where(eq(cases.id, id));
    const reopened = await transition(t.database.db, null, {
      caseId: id,
      action: 'rate',
      expectedVersion: row!.version,
      note: '又堆满了',
      rating: { score: 1, reasons: ['notSolved'] },
    });
    expect(reopened).toMatchObject({ state: 'handling', reopenedCount: 1, closedAt: null });
    expect(
      (await act(handlerAgency, id, 'reply', { note: '已彻底清运', attachmentIds: [photo] })).statusCode,
    ).toBe(200);
    const early = await act(staff, id, 'close', { note: '群众未评价' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toContain('7 天评价期');
    const [replied] = await t.database.db.select().from(cases).where(eq(cases.id, id));
    const closed = await transition(
      t.database.db,
      bannerActor(['grid.read', 'grid.accept']),
      { caseId: id, action: 'close', expectedVersion: replied!.version, note: '群众逾期未评价' },
      { now: new Date(Date.now() + 8 * 86_400_000) },
    );
    expect(closed.state).toBe('closed');
  });
});

describe('categories, settings, export, indicators', () => {
  it('edits the category tree with a handling unit type under grid.configure only', async () => {
    const tree0 = (await clerkA.get('/api/grid/event-categories')).json();
    expect(tree0.map((c: { name: string }) => c.name)).toEqual([
      '矛盾纠纷',
      '安全隐患',
      '环境卫生',
      '基础设施',
      '民生服务',
      '治安防控',
      '草原牧区',
      '其他',
    ]);
    const pasture = tree0.find((c: { key: string }) => c.key === 'pasture');
    expect(pasture.children.map((c: { name: string }) => c.name)).toEqual(
      expect.arrayContaining(['草场纠纷', '禁牧休牧']),
    );
    for (const top of tree0) expect(top.children.length).toBeGreaterThan(0);
    const body = { key: 'safety.mine', name: '矿山安全', parentKey: 'safety', handlingUnitType: 'agency' };
    expect((await clerkA.post('/api/grid/event-categories', body)).statusCode).toBe(403);
    const bad = await staff.post('/api/grid/event-categories', { ...body, handlingUnitType: 'nope' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('默认承办单位类型');
    const created = await staff.post('/api/grid/event-categories', body);
    expect(created.statusCode, created.body).toBe(201);
    const safety = created.json().find((c: { key: string }) => c.key === 'safety');
    expect(safety.children.find((c: { key: string }) => c.key === 'safety.mine')).toMatchObject({
      name: '矿山安全',
      handlingUnitType: 'agency',
      active: true,
    });
    const off = await staff.patch('/api/grid/event-categories/safety.mine', { active: false });
    expect(off.statusCode).toBe(200);
    const refused = await reporter.post('/api/grid/events', {
      gridId,
      categoryKey: 'safety.mine',
      title: '矿坑',
      description: '',
    });
    expect(refused.statusCode).toBe(400);
  });

  it('keeps the event settings editable under grid.configure only', async () => {
    expect((await clerkA.get('/api/grid/event-settings')).json()).toEqual({
      reportWithinHours: 24,
      closeUnratedAfterDays: 7,
    });
    const body = { reportWithinHours: 12, closeUnratedAfterDays: 7 };
    expect((await clerkA.request('PUT', '/api/grid/event-settings', body)).statusCode).toBe(403);
    const bad = await staff.request('PUT', '/api/grid/event-settings', { ...body, reportWithinHours: 0 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('上报时限');
    expect((await staff.request('PUT', '/api/grid/event-settings', body)).json()).toEqual(body);
  });

  it('exports the filtered list to Excel within the viewer’s scope', async () => {
    const response = await staff.get('/api/grid/events/export?state=submitted');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('查询码');
    const submitted = (await staff.get('/api/grid/events?state=submitted')).json().total;
    expect(sheet.rowCount - 1).toBe(submitted);
    expect(sheet.getRow(2).getCell(3).value).toBe('环境卫生/垃圾堆放');
    const forHandler = await handlerSumuB.get('/api/grid/events/export');
    const other = new ExcelJS.Workbook();
    await other.xlsx.load(forHandler.rawPayload as unknown as ArrayBuffer);
    expect(other.worksheets[0]!.rowCount).toBe(1);
  });

  it('measures reporting timeliness from the time of occurrence, and counts events by grid', async () => {
    const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3_600_000).toISOString();
    await file('late', { occurredAt: at(30) });
    await file('prompt', { occurredAt: at(2) });
    const timely = await staff.get(`/api/indicators/grid.event.reportedOnTime?unitId=${tree.banner.id}`);
    expect(timely.statusCode, timely.body).toBe(200);
    // Limit set to 12 hours above: one of the two dated reports is timely.
    expect(timely.json().value).toBe(50);
    const byGrid = (await staff.get(`/api/indicators/grid.event.byGrid?unitId=${tree.banner.id}`)).json();
    const total = (await staff.get('/api/grid/events')).json().total;
    expect(byGrid.value).toBe(total);
    expect(byGrid.breakdown).toEqual([expect.objectContaining({ label: '第一网格（T-01）', value: total })]);
  });
  it('lists as “mine” exactly the events in my grids or reported by me (in my scope), and filters by grid', async () => {
    const second = await staff.post('/api/grid/grids', {
      unitId: tree.gachaA.id,
      name: '第二网格',
      code: 'T-02',
      boundary: square(111.7, 40.8),
    });
    expect(second.statusCode, second.body).toBe(201);
    // A resident's report in the second grid: not reported by the grid worker, not in their grid.
    const { event: elsewhere } = await createEvent(t.database.db, t.cipher, null, {
      gridId: second.json().id,
      categoryKey: 'environment.garbage',
      title: '别人网格的事件',
      description: '不是我上报的，也不在我的网格',
      source: 'portal',
    });
    const [me] = (await t.database.query<{ id: string }>(
      "select id from users where username = 'reporter'",
    ))!;
    const expected = await t.database.query<{ id: string }>(
      `select ge.case_id as id from grid_events ge join cases c on c.id = ge.case_id
       join units cu on cu.id = c.unit_id
       where cu.path like $2 || '%' and (ge.reported_by = $1 or ge.grid_id in (
         select gw.grid_id from grid_workers gw join users u on u.person_id = gw.person_id
         where u.id = $1 and gw.active))`,
      [me!.id, tree.gachaA.path],
    );
    const mine = (await reporter.get('/api/grid/events?mine=true&pageSize=100')).json();
    expect(mine.total).toBe(expected.length);
    expect(mine.items.map((e: { id: string }) => e.id).sort()).toEqual(expected.map((e) => e.id).sort());
    expect(mine.items.map((e: { id: string }) => e.id)).not.toContain(elsewhere.id);
    const inSecond = (await staff.get(`/api/grid/events?gridId=${second.json().id}`)).json();
    expect(inSecond).toMatchObject({ total: 1, items: [{ id: elsewhere.id }] });
  });

  // Last: it ends the reporter's session.
  it('leaves the cached sessions in place when an event is reported, and drops them after other changes', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      expect((await reporter.get('/api/auth/me')).statusCode).toBe(200);
      // Another app instance ends the reporter's session: this process has it cached for 2 s.
      await t.database.query(
        "update sessions set ended_at = now(), end_reason = 'logout' where user_id = (select id from users where username = 'reporter')",
      );
      await file('（会话缓存）');
      expect((await reporter.get('/api/auth/me')).statusCode).toBe(200);
      const body = { key: 'other.cache', name: '缓存测试', parentKey: 'other' };
      expect((await staff.post('/api/grid/event-categories', body)).statusCode).toBe(201);
      expect((await reporter.get('/api/auth/me')).statusCode).toBe(401);
    } finally {
      vi.useRealTimers();
    }
  });
});
