// Co-building units (共驻共建) through HTTP over a real database: registration and pairing with 嘎查/社区,
// the needs / resources / projects lists with project status and progress, scope, the indicators and
// the audit trail.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTree,
  buildUnit,
  buildUser,
  createTestApp,
  loginAs,
  type Session,
  type TestContext,
} from '../../../../test/support/app';
import { auditLog } from '../../../platform/audit/schema';
import { todayInChina } from '../../../platform/time';
import { coBuildingItems, coBuildingUnits } from '../schema';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let agency: Awaited<ReturnType<typeof buildUnit>>;
let staff: Session;
let clerkA: Session;
let clerkB: Session;

const auditsOf = async (entity: string, entityId: string) =>
  (
    await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, entity), eq(auditLog.entityId, entityId)))
  ).map((a) => a.action);
const unitCount = async () => (await t.database.db.select().from(coBuildingUnits)).length;
const itemCount = async () => (await t.database.db.select().from(coBuildingItems)).length;

const unitBody = (patch: Record<string, unknown> = {}) => ({
  unitId: tree.sumuA.id,
  name: '旗第一中学',
  kind: 'school',
  contactName: '张老师',
  contactPhone: '0477-8123456',
  pairedUnitIds: [tree.gachaA.id],
  ...patch,
});

beforeAll(async () => {
  t = await createTestApp();
  tree = await buildTree(t);
  agency = await buildUnit(t, tree.banner, { name: '旗教育局', type: 'agency' });
  await buildUser(t, { username: 'staff', grants: [{ role: 'orgStaff', unit: tree.banner }] });
  await buildUser(t, { username: 'clerka', grants: [{ role: 'unitClerk', unit: tree.sumuA }] });
  await buildUser(t, { username: 'clerkb', grants: [{ role: 'unitClerk', unit: tree.sumuB }] });
  staff = await loginAs(t, 'staff');
  clerkA = await loginAs(t, 'clerka');
  clerkB = await loginAs(t, 'clerkb');
});
afterAll(() => t?.close());

describe('co-building units', () => {
  it('registers a unit paired with a 嘎查, lists, searches and edits it, auditing each write', async () => {
    const created = await clerkA.post('/api/grid/co-building-units', unitBody());
    expect(created.statusCode, created.body).toBe(201);
    const unit = created.json();
    expect(unit).toMatchObject({
      name: '旗第一中学',
      kind: 'school',
      unitName: '巴彦苏木',
      pairs: [{ id: tree.gachaA.id, name: '乌兰嘎查' }],
      counts: { need: 0, resource: 0, project: 0, done: 0 },
      items: [],
    });
    const listed = (await clerkA.get(`/api/grid/co-building-units?q=${encodeURIComponent('一中')}`)).json();
    expect(listed.total).toBe(1);
    expect(
      (await clerkA.get(`/api/grid/co-building-units?q=${encodeURIComponent('医院')}`)).json().total,
    ).toBe(0);
    const edited = await clerkA.patch(`/api/grid/co-building-units/${unit.id}`, {
      name: '旗第一中学党支部',
      contactPhone: '13900002222',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({
      name: '旗第一中学党支部',
      contactName: '张老师',
      contactPhone: '13900002222',
      pairs: [{ id: tree.gachaA.id, name: '乌兰嘎查' }],
    });
    expect((await auditsOf('coBuildingUnit', unit.id)).sort()).toEqual(['create', 'update']);

    // Paging.
    for (const name of ['甲企业', '乙企业', '丙企业'])
      await clerkA.post('/api/grid/co-building-units', unitBody({ name, kind: 'enterprise' }));
    const page = (await clerkA.get('/api/grid/co-building-units?pageSize=2&page=2')).json();
    expect(page.total).toBe(4);
    expect(page.items).toHaveLength(2);
  });

  it('refuses bad input in Chinese naming the field, and a pair that is not a 嘎查/社区', async () => {
    const before = await unitCount();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: '' }, '共建单位名称'],
      [{ kind: 'bank' }, '单位类别'],
      [{ contactPhone: '123' }, '联系电话'],
      [{ pairedUnitIds: [] }, '结对嘎查/社区'],
    ];
    for (const [patch, text] of cases) {
      const response = await clerkA.post('/api/grid/co-building-units', unitBody(patch));
      expect(response.statusCode, JSON.stringify(patch)).toBe(400);
      expect(response.json().error.message, JSON.stringify(patch)).toContain(text);
    }
    const sumu = await staff.post(
      '/api/grid/co-building-units',
      unitBody({ pairedUnitIds: [tree.sumuB.id] }),
    );
    expect(sumu.statusCode).toBeGreaterThanOrEqual(400);
    expect(sumu.json().error.message).toContain('好腰苏木');
    // A 嘎查 out of the clerk's scope cannot be paired.
    const far = await clerkA.post(
      '/api/grid/co-building-units',
      unitBody({ pairedUnitIds: [tree.gachaB.id] }),
    );
    expect(far.statusCode).toBe(404);
    expect(await unitCount()).toBe(before);
  });

  it('is visible where its registering or a paired unit is in scope, and 404 elsewhere', async () => {
    const created = await staff.post(
      '/api/grid/co-building-units',
      unitBody({
        unitId: agency.id,
        name: '旗教育局机关党委',
        kind: 'agency',
        pairedUnitIds: [tree.gachaB.id],
      }),
    );
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    expect((await clerkB.get(`/api/grid/co-building-units/${id}`)).statusCode).toBe(200);
    expect((await clerkA.get(`/api/grid/co-building-units/${id}`)).statusCode).toBe(404);
    expect((await clerkA.patch(`/api/grid/co-building-units/${id}`, { name: 'x' })).statusCode).toBe(404);
    const item = await clerkA.post(`/api/grid/co-building-units/${id}/items`, { kind: 'need', title: 'x' });
    expect(item.statusCode).toBe(404);
    const names = (await clerkA.get('/api/grid/co-building-units?pageSize=100'))
      .json()
      .items.map((u: { name: string }) => u.name);
    expect(names).not.toContain('旗教育局机关党委');
    // Re-pairing with 乌兰嘎查 brings it into the clerk's view.
    const repaired = await staff.patch(`/api/grid/co-building-units/${id}`, {
      pairedUnitIds: [tree.gachaA.id, tree.gachaB.id],
    });
    expect(
      repaired
        .json()
        .pairs.map((p: { name: string }) => p.name)
        .sort(),
    ).toEqual(['乌兰嘎查', '哈日嘎查']);
    expect((await clerkA.get(`/api/grid/co-building-units/${id}`)).statusCode).toBe(200);
  });
});

describe('needs, resources and projects', () => {
  it('adds items, validates project status and progress, completes and removes them', async () => {
    const created = await clerkA.post(
      '/api/grid/co-building-units',
      unitBody({ name: '旗人民医院', kind: 'institution' }),
    );
    const id = created.json().id as string;
    const need = await clerkA.post(`/api/grid/co-building-units/${id}/items`, {
      kind: 'need',
      unitId: tree.gachaA.id,
      title: '牧民健康体检',
      description: '每年一次',
    });
    expect(need.statusCode, need.body).toBe(201);
    const resource = await clerkA.post(`/api/grid/co-building-units/${id}/items`, {
      kind: 'resource',
      title: '流动医疗车',
      status: 'ongoing',
      percent: 40,
    });
    expect(resource.statusCode, resource.body).toBe(201);
    const resourceItem = resource.json().items.find((i: { kind: string }) => i.kind === 'resource');
    expect(resourceItem).toMatchObject({ status: 'planned', percent: 0 });
    const before = await itemCount();
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ kind: 'wish', title: 'x' }, '清单类别'],
      [{ kind: 'project', title: '' }, '事项名称'],
      [{ kind: 'project', title: '义诊', percent: 120 }, '进度应为 0–100'],
      [{ kind: 'project', title: '义诊', percent: -1 }, '进度应为 0–100'],
      [{ kind: 'project', title: '义诊', status: 'paused' }, '项目状态'],
      [{ kind: 'project', title: '义诊', startOn: '2026-13-01' }, '开始日期'],
    ];
    for (const [body, text] of bad) {
      const response = await clerkA.post(`/api/grid/co-building-units/${id}/items`, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error.message, JSON.stringify(body)).toContain(text);
    }
    const otherUnit = await clerkA.post(`/api/grid/co-building-units/${id}/items`, {
      kind: 'project',
      title: '义诊',
      unitId: tree.sumuA.id,
    });
    expect(otherUnit.statusCode).toBeGreaterThanOrEqual(400);
    expect(otherUnit.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await itemCount()).toBe(before);

    const project = await clerkA.post(`/api/grid/co-building-units/${id}/items`, {
      kind: 'project',
      unitId: tree.gachaA.id,
      title: '送医下乡',
      status: 'ongoing',
      percent: 30,
      startOn: '2026-03-01',
      endOn: '2026-10-31',
    });
    expect(project.statusCode, project.body).toBe(201);
    const projectItem = project.json().items.find((i: { kind: string }) => i.kind === 'project');
    expect(projectItem).toMatchObject({
      unitName: '乌兰嘎查',
      status: 'ongoing',
      percent: 30,
      startOn: '2026-03-01',
      completedOn: null,
    });
    expect(project.json().counts).toEqual({ need: 1, resource: 1, project: 1, done: 0 });

    const badPatch = await clerkA.patch(`/api/grid/co-building-units/${id}/items/${projectItem.id}`, {
      percent: 101,
    });
    expect(badPatch.statusCode).toBe(400);
    expect(badPatch.json().error.message).toContain('进度');
    const progressed = await clerkA.patch(`/api/grid/co-building-units/${id}/items/${projectItem.id}`, {
      percent: 70,
    });
    expect(progressed.json().items.find((i: { id: string }) => i.id === projectItem.id).percent).toBe(70);
    // Renaming alone keeps the status, progress and dates.
    const renamed = await clerkA.patch(`/api/grid/co-building-units/${id}/items/${projectItem.id}`, {
      title: '送医下乡（第二期）',
    });
    expect(renamed.json().items.find((i: { id: string }) => i.id === projectItem.id)).toMatchObject({
      title: '送医下乡（第二期）',
      status: 'ongoing',
      percent: 70,
      startOn: '2026-03-01',
    });
    const done = await clerkA.patch(`/api/grid/co-building-units/${id}/items/${projectItem.id}`, {
      status: 'done',
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().items.find((i: { id: string }) => i.id === projectItem.id)).toMatchObject({
      status: 'done',
      percent: 100,
      completedOn: todayInChina(),
    });
    expect(done.json().counts.done).toBe(1);

    // A need has no status: a status patch leaves it as it was.
    const needId = need.json().items.find((i: { kind: string }) => i.kind === 'need').id;
    const needPatch = await clerkA.patch(`/api/grid/co-building-units/${id}/items/${needId}`, {
      status: 'done',
      title: '牧民健康体检（含儿童）',
    });
    expect(needPatch.json().items.find((i: { id: string }) => i.id === needId)).toMatchObject({
      title: '牧民健康体检（含儿童）',
      status: 'planned',
      completedOn: null,
    });

    const indicator = await staff.get(`/api/indicators/grid.coBuildingProjectsDone?unitId=${tree.banner.id}`);
    expect(indicator.statusCode, indicator.body).toBe(200);
    expect(indicator.json().value).toBe(1);
    expect(indicator.json().evidence.ids).toEqual([projectItem.id]);

    // Back to ongoing: no longer done, no completion date.
    const reopened = await clerkA.patch(`/api/grid/co-building-units/${id}/items/${projectItem.id}`, {
      status: 'ongoing',
      percent: 90,
    });
    expect(reopened.json().items.find((i: { id: string }) => i.id === projectItem.id)).toMatchObject({
      status: 'ongoing',
      percent: 90,
      completedOn: null,
    });
    expect(
      (await staff.get(`/api/indicators/grid.coBuildingProjectsDone?unitId=${tree.banner.id}`)).json().value,
    ).toBe(0);

    const removed = await clerkA.del(`/api/grid/co-building-units/${id}/items/${needId}`);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json().counts.need).toBe(0);
    expect((await clerkA.del(`/api/grid/co-building-units/${id}/items/${needId}`)).statusCode).toBe(404);
    expect((await auditsOf('coBuildingItem', projectItem.id)).sort()).toEqual([
      'create',
      'update',
      'update',
      'update',
      'update',
    ]);
    expect((await auditsOf('coBuildingItem', needId)).sort()).toEqual(['create', 'remove', 'update']);
  });

  it('counts the units visible in scope with their ids as evidence', async () => {
    const inA = (await clerkA.get('/api/grid/co-building-units?pageSize=100')).json();
    const forA = await staff.get(`/api/indicators/grid.coBuildingUnits?unitId=${tree.sumuA.id}`);
    expect(forA.statusCode, forA.body).toBe(200);
    expect(forA.json().value).toBe(inA.total);
    expect([...forA.json().evidence.ids].sort()).toEqual(inA.items.map((u: { id: string }) => u.id).sort());
    const forB = (await staff.get(`/api/indicators/grid.coBuildingUnits?unitId=${tree.sumuB.id}`)).json();
    const inB = (await clerkB.get('/api/grid/co-building-units?pageSize=100')).json();
    expect(forB.value).toBe(inB.total);
    expect(forB.value).toBe(1);
  });
});
