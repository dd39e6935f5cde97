import { eq } from 'drizzle-orm';
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
import { units } from './schema';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let staff: Session;
let clerkA: Session;

beforeAll(async () => {
  t = await createTestApp();
  tree = await buildTree(t);
  await buildUser(t, { username: 'staff', grants: [{ role: 'orgStaff', unit: tree.banner }] });
  await buildUser(t, { username: 'clerkA', grants: [{ role: 'orgStaff', unit: tree.sumuA }] });
  staff = await loginAs(t, 'staff');
  clerkA = await loginAs(t, 'clerkA');
});
afterAll(async () => t.close());

describe('browsing the tree', () => {
  it('starts at the top of the user scope and loads children lazily', async () => {
    const roots = (await clerkA.get('/api/orgs/roots')).json();
    expect(roots).toHaveLength(1);
    expect(roots[0]).toMatchObject({ name: '巴彦苏木', typeName: '苏木', hasChildren: true, childCount: 1 });
    const children = (await clerkA.get(`/api/orgs/${tree.sumuA.id}/children`)).json();
    expect(children.map((c: { name: string }) => c.name)).toEqual(['乌兰嘎查']);
  });

  it('finds units by name, full pinyin and pinyin initials, only inside the scope', async () => {
    const byInitials = (await staff.get('/api/orgs/search?q=wlgc')).json();
    expect(byInitials.items.map((u: { name: string }) => u.name)).toContain('乌兰嘎查');
    expect(byInitials.items[0].pathNames).toBe('测试旗/巴彦苏木/乌兰嘎查');
    const byPinyin = (await staff.get('/api/orgs/search?q=hari')).json();
    expect(byPinyin.items.map((u: { name: string }) => u.name)).toContain('哈日嘎查');
    const outside = (await clerkA.get('/api/orgs/search?q=哈日')).json();
    expect(outside.total).toBe(0);
  });

  it('finds the same units by one character, by a Chinese pair, in upper case, and takes % and _ literally', async () => {
    const names = async (q: string) =>
      (
        (await staff.get(`/api/orgs/search?q=${encodeURIComponent(q)}&pageSize=100`)).json().items as {
          name: string;
        }[]
      )
        .map((u) => u.name)
        .sort();
    // One character: no pair to look up, every unit's text is tested.
    expect(await names('兰')).toEqual(['乌兰嘎查', '乌兰嘎查党支部']);
    // Pairs: the index narrows the units, the text decides.
    expect(await names('乌兰')).toEqual(['乌兰嘎查', '乌兰嘎查党支部']);
    expect(await names('兰嘎查党')).toEqual(['乌兰嘎查党支部']);
    expect(await names('WLGC')).toEqual(await names('wlgc'));
    expect(await names('兰乌')).toEqual([]);
    expect(await names('%')).toEqual([]);
    expect(await names('_嘎')).toEqual([]);
  });

  it('counts every match on each page, and on a page past the last one', async () => {
    const all = (await staff.get('/api/orgs/search?q=gc&pageSize=1')).json();
    expect(all.total).toBeGreaterThan(1);
    expect(all.items).toHaveLength(1);
    const second = (await staff.get('/api/orgs/search?q=gc&pageSize=1&page=2')).json();
    expect(second.total).toBe(all.total);
    expect(second.items[0].id).not.toBe(all.items[0].id);
    const past = (await staff.get(`/api/orgs/search?q=gc&pageSize=1&page=${all.total + 1}`)).json();
    expect(past).toMatchObject({ total: all.total, items: [] });
  });

  it('shows a unit with its ancestors', async () => {
    const detail = (await staff.get(`/api/orgs/${tree.branchA.id}`)).json();
    expect(detail.pathNames).toBe('测试旗/巴彦苏木/乌兰嘎查/乌兰嘎查党支部');
    expect(detail.ancestors.map((a: { name: string }) => a.name)).toEqual(['测试旗', '巴彦苏木', '乌兰嘎查']);
  });

  it('answers 404 for a unit outside the scope, as if it did not exist', async () => {
    const response = await clerkA.get(`/api/orgs/${tree.gachaB.id}`);
    expect(response.statusCode).toBe(404);
    expect(response.json().error.message).toContain('不在您的管理范围内');
    expect((await clerkA.get(`/api/orgs/${tree.gachaB.id}/children`)).statusCode).toBe(404);
    expect((await clerkA.patch(`/api/orgs/${tree.gachaB.id}`, { name: '改名' })).statusCode).toBe(404);
  });
});

describe('changing the tree', () => {
  it('creates a unit and audits it', async () => {
    const response = await clerkA.post('/api/orgs', {
      parentId: tree.sumuA.id,
      name: '新艾力嘎查',
      type: 'gacha',
    });
    expect(response.statusCode).toBe(200);
    const created = response.json();
    expect(created.pathNames).toBe('测试旗/巴彦苏木/新艾力嘎查');
    expect(created.pinyin).toContain('xalgc');
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, created.id));
    expect(audit.map((a) => a.action)).toEqual(['create']);
    expect(audit[0]?.actorName).toBe('测试clerkA');
  });

  it('refuses bad input with a Chinese message naming the field, and writes nothing', async () => {
    const before = await t.database.db.select().from(units);
    const empty = await staff.post('/api/orgs', { parentId: tree.sumuA.id, name: '  ', type: 'gacha' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toContain('单位名称');
    const badParent = await staff.post('/api/orgs', { parentId: 'abc', name: '某', type: 'gacha' });
    expect(badParent.statusCode).toBe(400);
    expect(badParent.json().error.details[0].message).toContain('上级单位');
    const badNesting = await staff.post('/api/orgs', {
      parentId: tree.banner.id,
      name: '直属嘎查',
      type: 'gacha',
    });
    expect(badNesting.statusCode).toBe(400);
    expect(badNesting.json().error.message).toBe(
      '“旗（县）”下不能设立“嘎查（村）”，请选择正确的上级单位或类型',
    );
    const duplicate = await staff.post('/api/orgs', {
      parentId: tree.sumuA.id,
      name: '乌兰嘎查',
      type: 'gacha',
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.message).toContain('已有名为“乌兰嘎查”');
    expect(await t.database.db.select().from(units)).toHaveLength(before.length);
  });

  it('cannot create under a parent outside the scope', async () => {
    const response = await clerkA.post('/api/orgs', {
      parentId: tree.sumuB.id,
      name: '越权嘎查',
      type: 'gacha',
    });
    expect(response.statusCode).toBe(404);
  });

  it('moves a whole subtree in one transaction, rewriting every path', async () => {
    const gacha = (
      await staff.post('/api/orgs', { parentId: tree.sumuA.id, name: '迁移嘎查', type: 'gacha' })
    ).json();
    const branch = (
      await staff.post('/api/orgs', { parentId: gacha.id, name: '迁移嘎查党支部', type: 'branch' })
    ).json();
    const group = (
      await staff.post('/api/orgs', { parentId: branch.id, name: '第一党小组', type: 'partyGroup' })
    ).json();
    const moved = await staff.post(`/api/orgs/${gacha.id}/move`, { newParentId: tree.sumuB.id });
    expect(moved.statusCode).toBe(200);
    const groupAfter = (await staff.get(`/api/orgs/${group.id}`)).json();
    expect(groupAfter.pathNames).toBe('测试旗/好腰苏木/迁移嘎查/迁移嘎查党支部/第一党小组');
    expect(groupAfter.path.startsWith(tree.sumuB.path)).toBe(true);
    expect(groupAfter.depth).toBe(4);
    // The sender's clerk no longer sees the moved subtree.
    expect((await clerkA.get(`/api/orgs/${group.id}`)).statusCode).toBe(404);
  });

  it('refuses to move a unit under its own descendant', async () => {
    const response = await staff.post(`/api/orgs/${tree.sumuA.id}/move`, { newParentId: tree.gachaA.id });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('ORGS_MOVE_INTO_ITSELF');
  });

  it('deactivates with a reason instead of deleting, and can reactivate', async () => {
    const gacha = (
      await staff.post('/api/orgs', { parentId: tree.sumuB.id, name: '撤并嘎查', type: 'gacha' })
    ).json();
    const noReason = await staff.post(`/api/orgs/${gacha.id}/deactivate`, { reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.message).toContain('停用原因');
    const done = await staff.post(`/api/orgs/${gacha.id}/deactivate`, {
      reason: '行政区划调整，并入哈日嘎查',
    });
    expect(done.json()).toMatchObject({ active: false, deactivationReason: '行政区划调整，并入哈日嘎查' });
    const children = (await staff.get(`/api/orgs/${tree.sumuB.id}/children`)).json();
    expect(children.map((c: { name: string }) => c.name)).not.toContain('撤并嘎查');
    const withInactive = (await staff.get(`/api/orgs/${tree.sumuB.id}/children?includeInactive=true`)).json();
    expect(withInactive.map((c: { name: string }) => c.name)).toContain('撤并嘎查');
    expect((await staff.post(`/api/orgs/${gacha.id}/reactivate`)).json().active).toBe(true);
  });

  it('refuses to deactivate a unit that still has active children', async () => {
    const response = await staff.post(`/api/orgs/${tree.gachaA.id}/deactivate`, { reason: '测试停用' });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.message).toContain('1 个未停用的下级单位');
  });
});

describe('indicators', () => {
  it('counts units by type inside the scope with the records as evidence', async () => {
    const all = (await staff.get('/api/indicators/orgs.units.gacha')).json();
    const mine = (await clerkA.get('/api/indicators/orgs.units.gacha')).json();
    expect(mine.value).toBeLessThan(all.value);
    expect(mine.evidence.count).toBe(mine.value);
    const rows = await t.database.db
      .select({ id: units.id, path: units.path, type: units.type, active: units.active })
      .from(units);
    const expected = rows
      .filter((u) => u.type === 'gacha' && u.active && u.path.startsWith(tree.sumuA.path))
      .map((u) => u.id);
    expect(mine.evidence.ids.sort()).toEqual(expected.sort());
    const list = (await staff.get('/api/indicators')).json();
    expect(list.map((i: { key: string }) => i.key)).toContain('orgs.partyOrgs.total');
  });
});
