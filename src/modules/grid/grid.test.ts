import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  buildTree,
  buildUnit,
  buildUser,
  createTestApp,
  loginAs,
  type Session,
  type TestContext,
} from '../../../test/support/app';
import { addTestPerson, squareBoundary } from '../../../test/support/grid';
import { auditLog } from '../../platform/audit/schema';
import { users } from '../../platform/auth/schema';
import { runEscalationTick, transition } from '../../platform/cases';
import { caseEvents, cases } from '../../platform/cases/schema';
import { storeFile } from '../../platform/files';
import { findGridAt, pointInBoundary } from './geo';
import { gridShape } from './contract';
import { gridEvents } from './schema';

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
let clerkB: Session;
let worker: Session;
let handler: Session;
let leader: Session;
let gridA: { id: string };
let gridA2: { id: string };
let workerPersonId: string;

const addPerson = (unitId: string, name: string) =>
  addTestPerson(t, { unitId, bannerId: tree.banner.id }, name);

beforeAll(async () => {
  t = await createTestApp();
  tree = await buildTree(t);
  agency = await buildUnit(t, tree.banner, { name: '旗住建局', type: 'agency' });
  await buildUser(t, { username: 'staff', grants: [{ role: 'orgStaff', unit: tree.banner }] });
  await buildUser(t, { username: 'clerka', grants: [{ role: 'unitClerk', unit: tree.sumuA }] });
  await buildUser(t, { username: 'clerkb', grants: [{ role: 'unitClerk', unit: tree.sumuB }] });
  await buildUser(t, { username: 'leader', grants: [{ role: 'leader', unit: tree.banner }] });
  await buildUser(t, { username: 'handler', grants: [{ role: 'departmentHandler', unit: agency }] });
  const workerUser = await buildUser(t, {
    username: 'worker',
    grants: [{ role: 'gridWorker', unit: tree.gachaA }],
  });
  workerPersonId = await addPerson(tree.gachaA.id, '其其格');
  await t.database.db.update(users).set({ personId: workerPersonId }).where(eq(users.id, workerUser.id));
  staff = await loginAs(t, 'staff');
  clerkA = await loginAs(t, 'clerka');
  clerkB = await loginAs(t, 'clerkb');
  leader = await loginAs(t, 'leader');
  handler = await loginAs(t, 'handler');
  worker = await loginAs(t, 'worker');
});
afterAll(() => t?.app.close());

describe('grids', () => {
  it('creates grids under a 嘎查 with boundary, centre and several former networks’ codes', async () => {
    const created = await clerkA.post('/api/grid/grids', {
      unitId: tree.gachaA.id,
      name: '第一网格',
      code: '0101-01',
      networkCodes: [
        { network: '综治网格', code: 'ZZ-17' },
        { network: '城管网格', code: 'CG-3' },
      ],
      boundary: square(111.6, 40.8),
    });
    expect(created.statusCode, created.body).toBe(201);
    gridA = created.json();
    expect(created.json()).toMatchObject({
      unitName: '乌兰嘎查',
      networkCodes: [{ network: '综治网格' }, { network: '城管网格' }],
    });
    expect(created.json().centerLng).toBeCloseTo(111.605, 5);
    expect(created.json().centerLat).toBeCloseTo(40.805, 5);
    const second = await clerkA.post('/api/grid/grids', {
      unitId: tree.gachaA.id,
      name: '第二网格',
      code: '0101-02',
      boundary: square(111.61, 40.8),
    });
    expect(second.statusCode).toBe(201);
    gridA2 = second.json();
  });

  it('answers bad input with a Chinese message naming the field, changing nothing', async () => {
    const before = await t.database.query<{ n: number }>('select count(*)::int as n from grids');
    const open = await clerkA.post('/api/grid/grids', {
      unitId: tree.gachaA.id,
      name: '坏网格',
      code: '0101-09',
      boundary: {
        type: 'Polygon',
        coordinates: [
          [
            [111, 40],
            [111.1, 40],
            [111.1, 40.1],
            [111, 40.2],
          ],
        ],
      },
    });
    expect(open.statusCode).toBe(400);
    expect(open.json().error.message).toContain('未闭合');
    const range = await clerkA.post('/api/grid/grids', {
      unitId: tree.gachaA.id,
      name: '坏网格',
      code: '0101-09',
      boundary: square(190, 40),
    });
    expect(range.json().error.message).toContain('超出经纬度范围');
    const taken = await clerkA.post('/api/grid/grids', {
      unitId: tree.gachaA.id,
      name: '别的',
      code: '0101-01',
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.message).toContain('“0101-01”已被“第一网格”使用');
    const wrongUnit = await clerkA.post('/api/grid/grids', {
      unitId: tree.sumuA.id,
      name: '苏木网格',
      code: 'S-1',
    });
    expect(wrongUnit.statusCode).toBe(400);
    expect(wrongUnit.json().error.message).toContain('网格只能建在嘎查（村）或社区下');
    const badCode = await clerkA.post('/api/grid/grids', { unitId: tree.gachaA.id, name: 'x', code: '中文' });
    expect(badCode.statusCode).toBe(400);
    expect(badCode.json().error.message).toContain('网格编码');
    const after = await t.database.query<{ n: number }>('select count(*)::int as n from grids');
    expect(after).toEqual(before);
  });

  it('keeps grids to the viewer’s scope: another 苏木’s clerk gets 404, no permission gets 403', async () => {
    expect((await clerkB.get(`/api/grid/grids/${gridA.id}`)).statusCode).toBe(404);
    expect((await clerkB.patch(`/api/grid/grids/${gridA.id}`, { name: '改名' })).statusCode).toBe(404);
    expect((await clerkB.get('/api/grid/grids')).json().total).toBe(0);
    expect((await clerkA.get('/api/grid/grids')).json().total).toBe(2);
    expect(
      (await leader.post('/api/grid/grids', { unitId: tree.gachaA.id, name: 'x', code: 'X-1' })).statusCode,
    ).toBe(403);
  });

  it('imports a GeoJSON file: new codes create grids, known codes get the new boundary, a bad feature is named', async () => {
    const collection = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
    const bad = await clerkA.post('/api/grid/grids/import-geojson', {
      unitId: tree.gachaA.id,
      geojson: collection([
        {
          type: 'Feature',
          properties: { name: '第三网格', code: '0101-03' },
          geometry: square(111.62, 40.8),
        },
        { type: 'Feature', properties: { name: '第四网格' }, geometry: square(111.63, 40.8) },
      ]),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('第 2 个要素缺少');
    expect((await clerkA.get('/api/grid/grids')).json().total).toBe(2);
    const good = await clerkA.post('/api/grid/grids/import-geojson', {
      unitId: tree.gachaA.id,
      geojson: collection([
        {
          type: 'Feature',
          properties: { name: '第三网格', code: '0101-03', networks: { 综治网格: 'ZZ-20' } },
          geometry: square(111.62, 40.8),
        },
        {
          type: 'Feature',
          properties: { name: '第二网格', code: '0101-02' },
          geometry: square(111.61, 40.8, 0.02),
        },
      ]),
    });
    expect(good.json()).toEqual({ created: 1, updated: 1 });
    const updated = await clerkA.get(`/api/grid/grids/${gridA2.id}`);
    expect(updated.json().boundary.coordinates[0][2]).toEqual([111.63, 40.82]);
  });

  it('finds the grid containing a point, holes excluded', async () => {
    const withHole = {
      type: 'Polygon' as const,
      coordinates: [square(0, 0, 10).coordinates[0]!, square(4, 4, 2).coordinates[0]!],
    };
    expect(pointInBoundary(withHole, 1, 1)).toBe(true);
    expect(pointInBoundary(withHole, 5, 5)).toBe(false);
    expect(pointInBoundary(withHole, 11, 5)).toBe(false);
    expect((await findGridAt(t.database.db, 40.805, 111.605))?.id).toBe(gridA.id);
    expect(await findGridAt(t.database.db, 41.5, 111.605)).toBeNull();
  });

  it('assigns grid workers from people, and a worker sees their own grids', async () => {
    const assigned = await clerkA.post(`/api/grid/grids/${gridA.id}/workers`, {
      personId: workerPersonId,
      kind: 'fullTime',
      phone: '13800000001',
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json().workers).toMatchObject([{ name: '其其格', kind: 'fullTime' }]);
    const mine = await worker.get('/api/grid/my-grids');
    expect(mine.json().map((g: { code: string }) => g.code)).toEqual(['0101-01']);
    const otherPerson = await addPerson(tree.gachaB.id, '巴特尔');
    const outside = await clerkA.post(`/api/grid/grids/${gridA.id}/workers`, { personId: otherPerson });
    expect(outside.statusCode).toBe(404);
    expect(outside.json().error.message).toContain('重新选择网格员');
  });
});

describe('grid events', () => {
  let eventId: string;

  it('files an event once per idempotency key, even when two posts race', async () => {
    const body = {
      idempotencyKey: 'draft-0001-abcdef',
      lat: 40.805,
      lng: 111.605,
      categoryKey: 'safety.fire',
      title: '楼道堆放杂物',
      description: '三号楼楼道堆满纸箱，存在消防隐患',
      reporter: { name: '王大姐', phone: '13912345678' },
    };
    const [a, b] = await Promise.all([
      worker.post('/api/grid/events', body),
      worker.post('/api/grid/events', body),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(a.json().id).toBe(b.json().id);
    const again = await worker.post('/api/grid/events', body);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(a.json().id);
    eventId = a.json().id;
    const rows = await t.database.db.select().from(gridEvents).where(eq(gridEvents.caseId, eventId));
    expect(rows).toMatchObject([{ gridId: gridA.id, categoryKey: 'safety.fire', source: 'gridWorker' }]);
    expect((await t.database.db.select().from(cases)).length).toBe(1);
    // The case, its first event and its audit row are written with the grid's row or not at all: the
    // post that lost the race on the key left none of them behind.
    expect(await t.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, eventId))).toMatchObject(
      [{ action: 'create', toState: 'submitted' }],
    );
    expect(
      await t.database.db
        .select({ entityId: auditLog.entityId })
        .from(auditLog)
        .where(and(eq(auditLog.entity, 'case'), eq(auditLog.action, 'create'))),
    ).toEqual([{ entityId: eventId }]);
    expect(a.json()).toMatchObject({ state: 'submitted', unitId: tree.gachaA.id });
  });

  it('refuses an unknown category, a place outside every grid, and a worker reporting in someone else’s grid', async () => {
    const base = { title: '路灯不亮', description: '', categoryKey: 'infrastructure.power' };
    const category = await worker.post('/api/grid/events', {
      ...base,
      gridId: gridA.id,
      categoryKey: 'nope',
    });
    expect(category.statusCode).toBe(400);
    expect(category.json().error.message).toContain('事件分类“nope”不存在');
    const nowhere = await worker.post('/api/grid/events', { ...base, lat: 45, lng: 100 });
    expect(nowhere.statusCode).toBe(400);
    expect(nowhere.json().error.message).toContain('请选择事件所在网格');
    const other = await worker.post('/api/grid/events', { ...base, gridId: gridA2.id });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.message).toContain('您不是“第二网格”的网格员');
    const badPhone = await worker.post('/api/grid/events', {
      ...base,
      gridId: gridA.id,
      reporter: { phone: '123' },
    });
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json().error.message).toContain('报告人电话');
    expect((await t.database.db.select().from(cases)).length).toBe(1);
  });

  it('hides the reporter from roles that may not see identity', async () => {
    const list = await worker.get('/api/grid/events?mine=true');
    expect(list.json().total).toBe(1);
    const forWorker = await worker.get(`/api/grid/events/${eventId}`);
    expect(JSON.stringify(forWorker.json())).not.toContain('王大姐');
    expect(JSON.stringify(forWorker.json())).not.toContain('13912345678');
    const forStaff = await staff.get(`/api/grid/events/${eventId}`);
    expect(JSON.stringify(forStaff.json())).toContain('王大姐');
  });

  it('walks accept → dispatch → reply → rate, refusing every illegal step, scoped to where the event is', async () => {
    const detail = async (session: Session) => (await session.get(`/api/grid/events/${eventId}`)).json();
    const act = async (session: Session, action: string, extra: Record<string, unknown> = {}) => {
      const current = await staff.get(`/api/grid/events/${eventId}`);
      const version = current.json().case?.version ?? current.json().version;
      return session.post(`/api/grid/events/${eventId}/actions`, {
        action,
        expectedVersion: version,
        ...extra,
      });
    };
    // Not yet accepted: nothing but accept / reject.
    for (const action of ['dispatch', 'reply', 'supervise', 'pause', 'extend', 'redo', 'close', 'rate']) {
      const refused = await act(staff, action, { note: '试', reason: '试', unitId: agency.id });
      expect(refused.statusCode, `${action}: ${refused.body}`).toBe(409);
    }
    expect((await act(worker, 'accept')).statusCode).toBe(200);
    // The department does not see it before dispatch.
    expect((await handler.get(`/api/grid/events/${eventId}`)).statusCode).toBe(404);
    // A township clerk hands it to a department: done (204, nothing left to show), out of their sight.
    expect((await act(clerkA, 'dispatch', { unitId: agency.id, note: '请住建局处理' })).statusCode).toBe(204);
    expect((await clerkA.get(`/api/grid/events/${eventId}`)).statusCode).toBe(404);
    // The banner re-dispatches it (same department here).
    expect((await act(staff, 'dispatch', { unitId: agency.id, note: '请住建局处理' })).statusCode).toBe(200);
    expect((await handler.get('/api/grid/events')).json().total).toBe(1);
    expect((await clerkB.get(`/api/grid/events/${eventId}`)).statusCode).toBe(404);
    const noPhoto = await act(handler, 'reply', { note: '已清理' });
    expect(noPhoto.statusCode).toBe(400);
    const handlerActor = {
      userId: (await t.database.db.select().from(users).where(eq(users.username, 'handler')))[0]!.id,
    };
    const photo = await storeFile(
      t.database.db,
      { ...handlerActor, displayName: '经办人', assignments: [] } as never,
      {
        unitId: agency.id,
        name: '清理后.png',
        content: PNG,
        isPublic: false,
      },
    );
    const replied = await act(handler, 'reply', { note: '已清理楼道', attachmentIds: [photo.id] });
    expect(replied.statusCode, replied.body).toBe(200);
    expect((await detail(staff)).case?.state ?? (await detail(staff)).state).toBe('replied');
    // Staff cannot rate for the resident.
    expect((await act(staff, 'rate', { rating: { score: 5 } })).statusCode).toBe(403);
    // The resident (portal, actor null) rates "not solved": the event reopens with the comment.
    const [row] = await t.database.db.select().from(cases).where(eq(cases.id, eventId));
    const reopened = await transition(t.database.db, null, {
      caseId: eventId,
      action: 'rate',
      expectedVersion: row!.version,
      note: '纸箱又堆回来了',
      rating: { score: 1, reasons: ['notSolved'] },
    });
    expect(reopened.state).toBe('handling');
    const timeline = await t.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, eventId));
    expect(timeline.map((e) => e.action)).toEqual(
      expect.arrayContaining(['create', 'accept', 'dispatch', 'reply', 'rate']),
    );
  });

  it('a stale version gets a clear conflict message and changes nothing', async () => {
    const [row] = await t.database.db.select().from(cases).where(eq(cases.id, eventId));
    const stale = await staff.post(`/api/grid/events/${eventId}/actions`, {
      action: 'supervise',
      expectedVersion: row!.version - 1,
      note: '请加快',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toMatch(/已被他人|刷新/);
    const [after] = await t.database.db.select().from(cases).where(eq(cases.id, eventId));
    expect(after!.version).toBe(row!.version);
  });

  it('escalates an overdue event once per step, even with two ticks at the same moment', async () => {
    const filed = await worker.post('/api/grid/events', {
      gridId: gridA.id,
      categoryKey: 'environment.garbage',
      title: '垃圾点满溢',
      description: '',
    });
    const id = filed.json().id;
    const later = new Date(Date.now() + 20 * 86_400_000);
    // Pairs of instances ticking at once, more often than there are steps: the ladder has four.
    for (let round = 0; round < 6; round++)
      await Promise.all([
        runEscalationTick(t.database.db, { now: later }),
        runEscalationTick(t.database.db, { now: later }),
      ]);
    const steps = await t.database.db
      .select({ action: caseEvents.action })
      .from(caseEvents)
      .where(eq(caseEvents.caseId, id));
    const escalations = steps.filter((s) => s.action === 'escalate');
    expect(escalations.length).toBe(4);
    const notices = await t.database.query<{ n: number }>(
      `select count(*)::int as n from notifications where kind = 'grid.escalation' and link = '/grid/events/${id}'`,
    );
    expect(notices[0]!.n).toBe(4);
  });

  it('maps every grid in scope with its open and overdue events now', async () => {
    const map = (await clerkA.get('/api/grid/map')).json() as Array<{
      code: string;
      open: number;
      overdue: number;
      workers: number;
    }>;
    const first = map.find((g) => g.code === '0101-01')!;
    // Two events are open in this grid, but one was dispatched to a unit outside the clerk's subtree:
    // it has left the clerk's sight, so their map does not count it either.
    expect(first).toMatchObject({ open: 1, workers: 1 });
    expect(first.overdue).toBeGreaterThanOrEqual(0);
    expect(map.map((g) => g.code).sort()).toEqual(['0101-01', '0101-02', '0101-03']);
    expect((await clerkB.get('/api/grid/map')).json()).toEqual([]);
    expect((await clerkB.get(`/api/grid/map?unitId=${tree.gachaA.id}`)).statusCode).toBe(404);
  });

  it('colours the dashboard map from indicators that agree with the map and the case engine', async () => {
    type Computed = {
      value: number;
      evidence: { ids: string[] };
      breakdown: Array<{ key: string; value: number; evidence: { ids: string[] } }>;
    };
    const compute = async (key: string) => {
      const response = await clerkA.get(`/api/indicators/${key}?unitId=${tree.gachaA.id}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as Computed;
    };
    const map = (await clerkA.get('/api/grid/map')).json() as Array<{
      id: string;
      open: number;
      overdue: number;
    }>;
    const open = await compute('grid.event.openByGrid');
    const overdue = await compute('grid.event.overdueByGrid');
    for (const grid of map) {
      expect(open.breakdown.find((g) => g.key === grid.id)?.value ?? 0).toBe(grid.open);
      expect(overdue.breakdown.find((g) => g.key === grid.id)?.value ?? 0).toBe(grid.overdue);
    }
    // Overdue by grid counts exactly the cases the engine's "overdue now" counts.
    const engine = await compute('grid.event.overdueNow');
    expect([...overdue.evidence.ids].sort()).toEqual([...engine.evidence.ids].sort());
    expect(overdue.breakdown.flatMap((g) => g.evidence.ids).sort()).toEqual([...overdue.evidence.ids].sort());
    // The shapes are the map's grids without counts, field for field and in its order, although
    // PostgreSQL writes their JSON (boundaries included); out-of-scope units answer 404.
    const shapesResponse = await clerkA.get('/api/grid/shapes');
    expect(shapesResponse.headers['content-type']).toBe('application/json; charset=utf-8');
    const shapes = z.array(gridShape.strict()).parse(shapesResponse.json());
    expect(shapes.filter((g) => g.boundary !== null && g.centerLat !== null)).not.toHaveLength(0);
    expect(shapes).toEqual(map.map(({ open: _open, overdue: _overdue, ...shape }) => shape));
    expect(shapesResponse.json()[0]).not.toHaveProperty('open');
    const under = (await clerkA.get(`/api/grid/shapes?unitId=${tree.gachaA.id}`)).json();
    expect(under).toEqual(shapes.filter((g) => g.unitName === tree.gachaA.name));
    expect(under).not.toHaveLength(0);
    expect((await clerkB.get(`/api/grid/shapes?unitId=${tree.gachaA.id}`)).statusCode).toBe(404);
  });

  it('counts events by category for the indicator browser', async () => {
    const figure = await staff.get(`/api/indicators/grid.event.byCategory?unitId=${tree.banner.id}`);
    expect(figure.statusCode, figure.body).toBe(200);
    const value = figure.json();
    expect(value.value).toBe(2);
    expect(value.breakdown.find((g: { key: string }) => g.key === 'safety')).toMatchObject({
      label: '安全隐患',
      value: 1,
    });
  });
  it('keeps the optional base map setting: a tile template or nothing, refused in Chinese otherwise', async () => {
    expect((await staff.get('/api/grid/map-settings')).json()).toEqual({ tileUrl: '', attribution: '' });
    const bad = await staff.request('PUT', '/api/grid/map-settings', {
      tileUrl: 'https://tiles.example.gov.cn/tiles.png',
      attribution: '',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('须包含 {z}、{x}、{y}');
    expect((await staff.get('/api/grid/map-settings')).json().tileUrl).toBe('');
    const forbidden = await clerkA.request('PUT', '/api/grid/map-settings', { tileUrl: '', attribution: '' });
    expect(forbidden.statusCode).toBe(403);
    const good = { tileUrl: 'https://tiles.example.gov.cn/{z}/{x}/{y}.png', attribution: '本旗自然资源局' };
    expect((await staff.request('PUT', '/api/grid/map-settings', good)).statusCode).toBe(200);
    expect((await clerkA.get('/api/grid/map-settings')).json()).toEqual(good);
    const audit = await t.database.query<{ n: number }>(
      `select count(*)::int as n from audit_log where entity = 'settings' and entity_id = 'grid.map'`,
    );
    expect(audit[0]!.n).toBe(1);
  });
});
