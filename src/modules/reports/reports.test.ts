import { and, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTree,
  buildUser,
  createTestApp,
  loginAs,
  type Session,
  type TestContext,
} from '../../../test/support/app';
import { auditLog } from '../../platform/audit/schema';
import type { Actor } from '../../platform/auth/actor';
import { findEvidenceEntity, resolveEvidence } from '../../platform/indicators/evidence';
import { registerIndicator } from '../../platform/indicators/registry';
import { scopeOf, unitCondition } from '../../platform/scope';
import { makeIdNumber, people, protectIdentity } from '../people';
import { indicatorSnapshots, indicatorSnapshotValues } from './schema';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let staff: Session;
let clerkA: Session;
let leaderA: Session;
let sequence = 0;

type Unit = Awaited<ReturnType<typeof buildTree>>['banner'];

async function addPerson(unit: Unit, name: string, gender: 'male' | 'female'): Promise<string> {
  // The ID number decides the gender: an odd sequence is a man.
  sequence += 1;
  if ((sequence % 2 === 1) !== (gender === 'male')) sequence += 1;
  const idNumber = makeIdNumber({ regionCode: '152223', birthDate: '1980-05-01', sequence });
  const identity = protectIdentity(t.cipher, { idNumber });
  expect(identity.gender).toBe(gender);
  const [row] = await t.database.db
    .insert(people)
    .values({ unitId: unit.id, bannerId: tree.banner.id, name, ...identity })
    .returning({ id: people.id });
  return row!.id;
}

// Test-only indicators: people recorded in the period (grouped by gender), and one that has no data.
registerIndicator({
  key: 'test.people.recorded',
  name: '期间内登记人员',
  unit: '人',
  module: 'people',
  async compute({ db, scope, period }) {
    const rows = await db
      .select({ id: people.id, gender: people.gender })
      .from(people)
      .where(
        and(
          unitCondition(scope, people.unitId),
          sql`(${people.createdAt} at time zone 'Asia/Shanghai')::date >= ${period.from}::date`,
          sql`(${people.createdAt} at time zone 'Asia/Shanghai')::date < ${period.to}::date`,
        ),
      );
    const group = (key: string, label: string) => {
      const ids = rows.filter((r) => r.gender === key).map((r) => r.id);
      return { key, label, value: ids.length, evidence: { entity: 'person', ids } };
    };
    return {
      value: rows.length,
      evidence: { entity: 'person', ids: rows.map((r) => r.id) },
      breakdown: [group('male', '男'), group('female', '女')],
    };
  },
});
// One with more groups than a snapshot read carries (SNAPSHOT_GROUPS_SHOWN), like a figure by grid.
registerIndicator({
  key: 'test.many.groups',
  name: '分组很多的指标',
  unit: '个',
  module: 'orgs',
  async compute() {
    const breakdown = Array.from({ length: 120 }, (_, i) => ({
      key: `g${String(i).padStart(3, '0')}`,
      label: `网格${i + 1}`,
      value: i,
      evidence: { entity: 'unit', ids: [] },
    }));
    return { value: 7140, evidence: { entity: 'unit', ids: [] }, breakdown };
  },
});
registerIndicator({
  key: 'test.meetings.none',
  name: '尚无数据的指标',
  unit: '次',
  module: 'meetings',
  async compute() {
    return { value: null, evidence: { entity: 'test_unlisted', ids: [] } };
  },
});

beforeAll(async () => {
  t = await createTestApp();
  tree = await buildTree(t);
  await buildUser(t, { username: 'staff', grants: [{ role: 'orgStaff', unit: tree.banner }] });
  await buildUser(t, { username: 'clerkA', grants: [{ role: 'unitClerk', unit: tree.sumuA }] });
  await buildUser(t, { username: 'leaderA', grants: [{ role: 'leader', unit: tree.sumuA }] });
  staff = await loginAs(t, 'staff');
  clerkA = await loginAs(t, 'clerkA');
  leaderA = await loginAs(t, 'leaderA');
  await addPerson(tree.gachaA, '巴特尔', 'male');
  await addPerson(tree.gachaA, '其木格', 'female');
  await addPerson(tree.branchA, '额尔敦', 'male');
  await addPerson(tree.gachaB, '苏日娜', 'female');
  await addPerson(tree.sumuB, '朝鲁', 'male');
});
afterAll(async () => t.close());

interface FigureJson {
  key: string;
  value: number | null;
  failed: boolean;
  evidence: { entity: string; count: number };
  breakdown: Array<{ key: string; label: string; value: number | null; evidence: { count: number } }> | null;
}

const figureOf = (body: { items: FigureJson[] }, key: string) => {
  const found = body.items.find((item) => item.key === key);
  if (!found) throw new Error(`no figure ${key}`);
  return found;
};

/** Every id of a paginated drill-down, page by page. */
async function allEvidence(session: Session, url: string, pageSize = 2) {
  const ids: string[] = [];
  let first: { count: number; total: number; hidden: number } | null = null;
  for (let page = 1; page < 100; page++) {
    const response = await session.get(
      `${url}${url.includes('?') ? '&' : '?'}page=${page}&pageSize=${pageSize}`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    first ??= body;
    ids.push(...body.items.map((item: { id: string }) => item.id));
    if (page * pageSize >= body.total) break;
  }
  return { ids, ...first! };
}

describe('the indicator browser', () => {
  it('computes every registered indicator for one scope and period in one request', async () => {
    const response = await staff.get('/api/reports/indicators');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.unit).toBeNull();
    expect(body.periodLabel).toMatch(/^\d{4}年$/);
    const keys = body.items.map((item: FigureJson) => item.key);
    expect(keys).toEqual(expect.arrayContaining(['orgs.units.gacha', 'test.people.recorded']));
    // Ordered by module: the organisation figures come first.
    expect(body.items[0].module).toBe('orgs');
    expect(figureOf(body, 'orgs.units.gacha')).toMatchObject({
      value: 2,
      evidence: { entity: 'unit', count: 2 },
    });
    const recorded = figureOf(body, 'test.people.recorded');
    expect(recorded).toMatchObject({ value: 5, failed: false, evidence: { entity: 'person', count: 5 } });
    expect(recorded.breakdown).toEqual([
      { key: 'male', label: '男', value: 3, evidence: { entity: 'person', count: 3 } },
      { key: 'female', label: '女', value: 2, evidence: { entity: 'person', count: 2 } },
    ]);
    // No data is null, never 0.
    expect(figureOf(body, 'test.meetings.none')).toMatchObject({ value: null, failed: false });
    // Each figure equals the one-by-one computation of the registry route.
    for (const key of ['orgs.units.gacha', 'orgs.partyOrgs.total', 'test.people.recorded']) {
      const one = (await staff.get(`/api/indicators/${key}`)).json();
      expect(figureOf(body, key).value, key).toBe(one.value);
    }
  });

  it('narrows to a unit, a period and a list of keys', async () => {
    const body = (
      await staff.get(
        `/api/reports/indicators?unitId=${tree.sumuA.id}&keys=test.people.recorded,orgs.units.gacha`,
      )
    ).json();
    expect(body.unit).toEqual({ id: tree.sumuA.id, name: '巴彦苏木', pathNames: '测试旗/巴彦苏木' });
    expect(body.items.map((item: FigureJson) => item.key)).toEqual([
      'orgs.units.gacha',
      'test.people.recorded',
    ]);
    expect(figureOf(body, 'test.people.recorded').value).toBe(3);
    const past = (
      await staff.get('/api/reports/indicators?from=2000-01-01&to=2000-04-01&keys=test.people.recorded')
    ).json();
    expect(past.periodLabel).toBe('2000年第一季度');
    expect(figureOf(past, 'test.people.recorded').value).toBe(0);
  });

  it('refuses bad periods and unknown keys in Chinese', async () => {
    const reversed = await staff.get('/api/reports/indicators?from=2026-06-01&to=2026-06-01');
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.message).toContain('开始日期应早于结束日期');
    const half = await staff.get('/api/reports/indicators?from=2026-06-01');
    expect(half.statusCode).toBe(400);
    expect(half.json().error.message).toContain('请同时填写开始日期和结束日期');
    const badDate = await staff.get('/api/reports/indicators?from=2026-02-30&to=2026-03-01');
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().error.message).toContain('开始日期');
    const unknown = await staff.get('/api/reports/indicators?keys=orgs.units.gacha,no.such.key');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toBe('指标“no.such.key”不存在');
    const unknownEvidence = await staff.get('/api/reports/indicators/no.such.key/evidence');
    expect(unknownEvidence.statusCode).toBe(404);
    expect(unknownEvidence.json().error.message).toContain('不存在');
    const badGroup = await staff.get('/api/reports/indicators/test.people.recorded/evidence?group=nobody');
    expect(badGroup.statusCode).toBe(404);
    expect(badGroup.json().error.message).toContain('没有分组“nobody”');
    const ungrouped = await staff.get('/api/reports/indicators/orgs.units.gacha/evidence?group=x');
    expect(ungrouped.statusCode).toBe(404);
    const badPage = await staff.get('/api/reports/indicators/orgs.units.gacha/evidence?page=0');
    expect(badPage.statusCode).toBe(400);
    expect(badPage.json().error.message).toContain('页码');
  });
});

describe('drill-down to the counted records', () => {
  it('lists exactly the records the figure counted, page by page', async () => {
    for (const key of ['orgs.units.gacha', 'orgs.partyOrgs.total', 'test.people.recorded']) {
      const computed = (await staff.get(`/api/indicators/${key}`)).json();
      const listed = await allEvidence(staff, `/api/reports/indicators/${key}/evidence`);
      expect(listed.ids.length, key).toBe(new Set(listed.ids).size);
      expect([...listed.ids].sort(), key).toEqual([...computed.evidence.ids].sort());
      expect(listed.count, key).toBe(computed.value);
      expect(listed.total, key).toBe(computed.value);
      expect(listed.hidden, key).toBe(0);
    }
  });

  it('still tells the total on a page past the last one', async () => {
    const computed = (await staff.get('/api/indicators/orgs.units.gacha')).json();
    const past = (
      await staff.get('/api/reports/indicators/orgs.units.gacha/evidence?page=999&pageSize=5')
    ).json();
    expect(past.items).toEqual([]);
    expect(past.total).toBe(computed.value);
  });

  it('lists the records of one group of a grouped figure', async () => {
    const computed = (await staff.get('/api/indicators/test.people.recorded')).json();
    for (const group of computed.breakdown) {
      const listed = await allEvidence(
        staff,
        `/api/reports/indicators/test.people.recorded/evidence?group=${group.key}`,
      );
      expect([...listed.ids].sort()).toEqual([...group.evidence.ids].sort());
      expect(listed.total).toBe(group.value);
    }
    const female = (
      await staff.get('/api/reports/indicators/test.people.recorded/evidence?group=female&pageSize=10')
    ).json();
    expect(female.group).toEqual({ key: 'female', label: '女' });
    expect(female.entityName).toBe('人员');
    // People are shown with their unit path and a masked ID number only.
    const item = female.items.find((i: { title: string }) => i.title === '其木格');
    expect(item.unitPath).toBe('测试旗/巴彦苏木/乌兰嘎查');
    expect(item.subtitle).toMatch(/^女 · \d{6}\*+\d{3}[\dX]$/);
  });

  it('shows units with their path and a link to the tree', async () => {
    const body = (await staff.get('/api/reports/indicators/orgs.units.gacha/evidence')).json();
    expect(body).toMatchObject({ entity: 'unit', entityName: '单位', resolvable: true, count: 2, total: 2 });
    expect(body.items.map((i: { title: string }) => i.title).sort()).toEqual(['乌兰嘎查', '哈日嘎查']);
    const ulan = body.items.find((i: { title: string }) => i.title === '乌兰嘎查');
    expect(ulan).toMatchObject({ unitPath: '测试旗/巴彦苏木/乌兰嘎查', link: `/orgs/${tree.gachaA.id}` });
  });

  it('says so when no module lists the kind of record yet', async () => {
    const body = (await staff.get('/api/reports/indicators/test.meetings.none/evidence')).json();
    expect(body).toMatchObject({ entity: 'test_unlisted', resolvable: false, count: 0, items: [] });
  });

  it('keeps a 苏木 clerk to their 苏木: figures, lists, and 404 outside', async () => {
    const figures = (await clerkA.get('/api/reports/indicators')).json();
    expect(figureOf(figures, 'test.people.recorded').value).toBe(3);
    const listed = await allEvidence(clerkA, '/api/reports/indicators/test.people.recorded/evidence');
    expect(listed.total).toBe(3);
    const names = (await clerkA.get('/api/reports/indicators/test.people.recorded/evidence?pageSize=10'))
      .json()
      .items.map((i: { title: string }) => i.title);
    expect(names.sort()).toEqual(['其木格', '巴特尔', '额尔敦'].sort());
    for (const unit of [tree.sumuB, tree.banner, tree.gachaB]) {
      const outside = await clerkA.get(
        `/api/reports/indicators/test.people.recorded/evidence?unitId=${unit.id}`,
      );
      expect(outside.statusCode).toBe(404);
      expect(outside.json().error.message).toContain('不在您的管理范围内');
      expect((await clerkA.get(`/api/reports/indicators?unitId=${unit.id}`)).statusCode).toBe(404);
    }
  });

  it('lists no record outside the viewer’s scope even when banner-wide ids are handed in', async () => {
    const bannerIds = (await staff.get('/api/indicators/test.people.recorded')).json().evidence
      .ids as string[];
    expect(bannerIds).toHaveLength(5);
    const person = findEvidenceEntity('person')!;
    const mine = await person.resolve(t.database.db, scopeOf([tree.sumuA.path]), bannerIds, {
      page: 1,
      pageSize: 50,
    });
    expect(mine.total).toBe(3);
    expect(mine.items.map((i) => i.title).sort()).toEqual(['其木格', '巴特尔', '额尔敦'].sort());
    // Someone computing banner-wide but allowed to read people only in one 苏木 sees that 苏木's people.
    const actor = { scopeFor: () => scopeOf([tree.sumuA.path]) } as unknown as Actor;
    const resolved = await resolveEvidence({
      db: t.database.db,
      actor,
      scope: scopeOf([tree.banner.path]),
      evidence: { entity: 'person', ids: bannerIds },
      page: { page: 1, pageSize: 50 },
    });
    expect(resolved).toMatchObject({ count: 5, total: 3 });
    const unitsOfB = await findEvidenceEntity('unit')!.resolve(
      t.database.db,
      scopeOf([tree.sumuA.path]),
      [tree.gachaB.id, tree.sumuB.id, tree.gachaA.id, 'not-a-uuid'],
      { page: 1, pageSize: 10 },
    );
    expect(unitsOfB.items.map((i) => i.title)).toEqual(['乌兰嘎查']);
  });
});

describe('snapshots', () => {
  let snapshotId: string;

  it('freezes every indicator with its groups and evidence, and audits the freeze', async () => {
    const response = await staff.post('/api/reports/snapshots', {
      unitId: tree.banner.id,
      from: '2000-01-01',
      to: '2100-01-01',
      label: '述职用',
    });
    expect(response.statusCode, response.body).toBe(200);
    const view = response.json();
    snapshotId = view.id;
    expect(view).toMatchObject({
      unitName: '测试旗',
      unitPathNames: '测试旗',
      period: { from: '2000-01-01', to: '2100-01-01' },
      periodLabel: '2000-01-01 至 2099-12-31',
      label: '述职用',
      status: 'frozen',
      createdByName: '测试staff',
    });
    const registered = (await staff.get('/api/indicators')).json();
    expect(view.indicatorCount).toBe(registered.length);
    const [stored] = await t.database.db
      .select()
      .from(indicatorSnapshotValues)
      .where(
        and(
          eq(indicatorSnapshotValues.snapshotId, snapshotId),
          eq(indicatorSnapshotValues.key, 'test.people.recorded'),
        ),
      );
    expect(stored!.value).toBe(5);
    expect(stored!.evidence.ids).toHaveLength(5);
    expect(stored!.breakdown!.map((g) => [g.key, g.value, g.evidence.ids.length])).toEqual([
      ['male', 3, 3],
      ['female', 2, 2],
    ]);
    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'indicatorSnapshot'), eq(auditLog.entityId, snapshotId)));
    expect(audit).toMatchObject({ action: 'freeze', actorName: '测试staff' });
    expect((audit!.after as { values: Record<string, number> }).values['test.people.recorded']).toBe(5);
  });

  it('keeps a frozen figure when late records arrive, and shows the live value beside it', async () => {
    const lateId = await addPerson(tree.gachaA, '晚到的记录', 'female');
    const live = (
      await staff.get('/api/reports/indicators?from=2000-01-01&to=2100-01-01&keys=test.people.recorded')
    ).json();
    expect(figureOf(live, 'test.people.recorded').value).toBe(6);
    // A plain read gives what was frozen and nothing computed; live=true adds the values as they are now.
    const plain = (await staff.get(`/api/reports/snapshots/${snapshotId}`)).json();
    expect(plain.liveComputedAt).toBeNull();
    const plainFigure = plain.values.find((v: { key: string }) => v.key === 'test.people.recorded');
    expect(plainFigure).toMatchObject({ value: 5, evidence: { count: 5 } });
    expect(plainFigure).not.toHaveProperty('live');
    expect(plainFigure.breakdown.map((g: { value: number }) => g.value)).toEqual([3, 2]);
    const detail = (await staff.get(`/api/reports/snapshots/${snapshotId}?live=true`)).json();
    expect(detail.liveComputedAt).toEqual(expect.any(String));
    const frozen = detail.values.find((v: { key: string }) => v.key === 'test.people.recorded');
    expect(frozen).toMatchObject({
      value: 5,
      evidence: { count: 5 },
      live: { value: 6, count: 6, failed: false },
    });
    expect(frozen.breakdown).toEqual([
      expect.objectContaining({ key: 'male', value: 3, live: { value: 3, count: 3, failed: false } }),
      expect.objectContaining({ key: 'female', value: 2, live: { value: 3, count: 3, failed: false } }),
    ]);
    // A read carries the first 50 groups of a figure and how many there are; the figure's own read
    // carries all of them, with their live values when asked.
    const many = plain.values.find((v: { key: string }) => v.key === 'test.many.groups');
    expect(many.groupCount).toBe(120);
    expect(many.breakdown.map((g: { key: string }) => g.key)).toEqual(
      Array.from({ length: 50 }, (_, i) => `g${String(i).padStart(3, '0')}`),
    );
    expect(plainFigure.groupCount).toBe(2);
    const whole = (
      await staff.get(`/api/reports/snapshots/${snapshotId}/figure?key=test.many.groups`)
    ).json();
    expect(whole).toMatchObject({ key: 'test.many.groups', value: 7140, groupCount: 120 });
    expect(whole.breakdown).toHaveLength(120);
    expect(whole.breakdown[119]).toMatchObject({ key: 'g119', label: '网格120', value: 119 });
    expect(whole).not.toHaveProperty('live');
    const wholeLive = (
      await staff.get(`/api/reports/snapshots/${snapshotId}/figure?key=test.many.groups&live=true`)
    ).json();
    expect(wholeLive.live).toEqual({ value: 7140, count: 0, failed: false });
    expect(wholeLive.breakdown[119].live).toEqual({ value: 119, count: 0, failed: false });
    const unknown = await staff.get(`/api/reports/snapshots/${snapshotId}/figure?key=no.such.key`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toContain('no.such.key');
    const unchanged = detail.values.find((v: { key: string }) => v.key === 'orgs.units.gacha');
    expect(unchanged.value).toBe(unchanged.live.value);
    // No data stays "no data" in the snapshot too.
    expect(detail.values.find((v: { key: string }) => v.key === 'test.meetings.none')).toMatchObject({
      value: null,
      live: { value: null },
    });
    // The frozen evidence is the frozen list: the late record is not in it.
    const listed = await allEvidence(
      staff,
      `/api/reports/snapshots/${snapshotId}/evidence?key=test.people.recorded`,
    );
    expect(listed.ids).toHaveLength(5);
    expect(listed.ids).not.toContain(lateId);
    const female = (
      await staff.get(`/api/reports/snapshots/${snapshotId}/evidence?key=test.people.recorded&group=female`)
    ).json();
    expect(female.total).toBe(2);
    // And the stored row itself is untouched.
    const [stored] = await t.database.db
      .select({ value: indicatorSnapshotValues.value })
      .from(indicatorSnapshotValues)
      .where(
        and(
          eq(indicatorSnapshotValues.snapshotId, snapshotId),
          eq(indicatorSnapshotValues.key, 'test.people.recorded'),
        ),
      );
    expect(stored!.value).toBe(5);
  });

  it('offers no way to change or delete a snapshot', async () => {
    const snapshotRoutes = t.app.routesList.filter((r) => r.url.startsWith('/api/reports/snapshots'));
    expect(snapshotRoutes.map((r) => r.method).sort()).toEqual(['GET', 'GET', 'GET', 'GET', 'GET', 'POST']);
    expect((await staff.patch(`/api/reports/snapshots/${snapshotId}`, { label: 'x' })).statusCode).toBe(404);
    expect((await staff.del(`/api/reports/snapshots/${snapshotId}`)).statusCode).toBe(404);
    const [row] = await t.database.db
      .select({ label: indicatorSnapshots.label })
      .from(indicatorSnapshots)
      .where(eq(indicatorSnapshots.id, snapshotId));
    expect(row!.label).toBe('述职用');
  });

  it('lets users freeze and read snapshots only inside their scope', async () => {
    const outside = await leaderA.post('/api/reports/snapshots', {
      unitId: tree.sumuB.id,
      from: '2025-01-01',
      to: '2026-01-01',
    });
    expect(outside.statusCode).toBe(404);
    const mine = await leaderA.post('/api/reports/snapshots', {
      unitId: tree.sumuA.id,
      from: '2025-01-01',
      to: '2025-04-01',
    });
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().label).toBe('2025年第一季度指标快照');
    // A clerk reads snapshots but does not freeze them.
    const clerkFreeze = await clerkA.post('/api/reports/snapshots', {
      unitId: tree.sumuA.id,
      from: '2025-01-01',
      to: '2026-01-01',
    });
    expect(clerkFreeze.statusCode).toBe(403);
    const list = (await clerkA.get('/api/reports/snapshots')).json();
    expect(list.items.map((s: { id: string }) => s.id)).toEqual([mine.json().id]);
    expect((await clerkA.get(`/api/reports/snapshots/${mine.json().id}`)).statusCode).toBe(200);
    for (const url of [
      `/api/reports/snapshots/${snapshotId}`,
      `/api/reports/snapshots/${snapshotId}/evidence?key=test.people.recorded`,
      `/api/reports/snapshots/${snapshotId}/figure?key=test.people.recorded`,
      `/api/reports/snapshots/${snapshotId}/export`,
    ]) {
      const response = await clerkA.get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.json().error.message).toBe('快照不存在或不在您的管理范围内');
    }
    expect((await clerkA.get(`/api/reports/snapshots?unitId=${tree.banner.id}`)).statusCode).toBe(404);
    const banner = (await staff.get(`/api/reports/snapshots?unitId=${tree.banner.id}`)).json();
    expect(banner.total).toBe(2);
    expect(banner.items[0].unitPathNames).toBe('测试旗/巴彦苏木');
  });

  it('refuses bad snapshot input in Chinese and saves nothing', async () => {
    const before = await t.database.db.select({ id: indicatorSnapshots.id }).from(indicatorSnapshots);
    const reversed = await staff.post('/api/reports/snapshots', {
      unitId: tree.banner.id,
      from: '2026-01-01',
      to: '2025-01-01',
    });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.message).toContain('开始日期应早于结束日期');
    const noUnit = await staff.post('/api/reports/snapshots', { from: '2025-01-01', to: '2026-01-01' });
    expect(noUnit.statusCode).toBe(400);
    expect(noUnit.json().error.message).toContain('统计范围（单位）');
    const longLabel = await staff.post('/api/reports/snapshots', {
      unitId: tree.banner.id,
      from: '2025-01-01',
      to: '2026-01-01',
      label: '长'.repeat(101),
    });
    expect(longLabel.statusCode).toBe(400);
    expect(longLabel.json().error.message).toContain('快照名称不能超过 100 个字');
    expect((await staff.get('/api/reports/snapshots/not-a-uuid')).statusCode).toBe(400);
    const missing = await staff.get('/api/reports/snapshots/11111111-1111-4111-8111-111111111111');
    expect(missing.statusCode).toBe(404);
    const noKey = await staff.get(`/api/reports/snapshots/${snapshotId}/evidence?key=no.such.key`);
    expect(noKey.statusCode).toBe(404);
    expect(noKey.json().error.message).toContain('该快照中没有指标“no.such.key”');
    const after = await t.database.db.select({ id: indicatorSnapshots.id }).from(indicatorSnapshots);
    expect(after).toHaveLength(before.length);
  });
});

describe('export to Excel', () => {
  async function rowsOf(body: Buffer) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const rows: string[][] = [];
    sheet.eachRow((row) => {
      rows.push(Array.from({ length: sheet.columnCount }, (_, i) => row.getCell(i + 1).text));
    });
    return rows;
  }

  it('exports the indicator table for the chosen scope and period, no data written as 无数据', async () => {
    const response = await staff.get(`/api/reports/indicators/export?unitId=${tree.sumuA.id}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toContain(encodeURIComponent('巴彦苏木'));
    const rows = await rowsOf(response.rawPayload);
    expect(rows[0]).toEqual(['模块', '指标', '分组', '数值', '计量单位', '依据记录数', '指标标识']);
    expect(rows).toContainEqual(['组织架构', '嘎查（村）数量', '', '1', '个', '1', 'orgs.units.gacha']);
    expect(rows).toContainEqual(['人员信息', '期间内登记人员', '女', '2', '人', '2', 'test.people.recorded']);
    expect(rows).toContainEqual([
      '组织生活',
      '尚无数据的指标',
      '',
      '无数据',
      '次',
      '0',
      'test.meetings.none',
    ]);
  });

  it('exports a snapshot’s frozen figures', async () => {
    const list = (await staff.get(`/api/reports/snapshots?unitId=${tree.banner.id}`)).json();
    const frozen = list.items.find((s: { label: string }) => s.label === '述职用');
    const response = await staff.get(`/api/reports/snapshots/${frozen.id}/export`);
    expect(response.statusCode).toBe(200);
    const rows = await rowsOf(response.rawPayload);
    expect(rows).toContainEqual(['人员信息', '期间内登记人员', '', '5', '人', '5', 'test.people.recorded']);
  });
});
