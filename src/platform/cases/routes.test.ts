// The case routes a module mounts, over HTTP with real logins: scope (404), permission (403),
// validation (400 naming the field in Chinese), conflict (409), and the identity rule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTree,
  buildUser,
  createTestApp,
  loginAs,
  type Session,
  type TestContext,
} from '../../../test/support/app';
import { authRoutes } from '../auth/routes';
import { buildApp } from '../http/app';
import { defineCaseType, registerCaseType } from './definition';
import { caseRoutes } from './routes';
import { type CaseRow, createCase } from './service';

const wd = (amount: number) => ({ amount, unit: 'day' as const, basis: 'working' as const });

// A test-only case type. unitClerk holds meetings.read/write/review and people.read; gridWorker
// holds neither meetings permission.
const routed = defineCaseType({
  key: 'test.routed',
  name: '路由测试事项',
  module: 'test',
  readPermission: 'meetings.read',
  identityVisibleTo: 'people.readIdNumber',
  states: [
    { key: 'submitted', name: '待受理' },
    { key: 'handling', name: '办理中' },
    { key: 'closed', name: '已办结', final: true },
  ],
  initialState: 'submitted',
  transitions: [
    {
      action: 'accept',
      name: '受理',
      from: ['submitted'],
      to: 'handling',
      permission: 'meetings.write',
      effects: ['accept'],
    },
    {
      action: 'close',
      name: '办结',
      from: ['handling'],
      to: 'closed',
      permission: 'meetings.configure',
      requires: ['note'],
      effects: ['close'],
    },
  ],
  clocks: { acceptBy: { duration: wd(1) }, closeBy: { duration: wd(5) } },
  escalationLadder: [],
});

let t: TestContext;
let app: TestContext['app'];
let tree: Awaited<ReturnType<typeof buildTree>>;
let clerkA: Session;
let clerkB: Session;
let staff: Session;
let caseA: CaseRow;
const base = '/api/test-cases';

beforeAll(async () => {
  registerCaseType(routed);
  t = await createTestApp();
  app = (await buildApp({
    platform: t.app.platform,
    modules: [authRoutes, caseRoutes(routed, base)],
  })) as unknown as TestContext['app'];
  await app.ready();
  const local = { ...t, app };
  tree = await buildTree(t);
  await buildUser(t, { username: 'clerk_a', grants: [{ role: 'unitClerk', unit: tree.sumuA }] });
  await buildUser(t, { username: 'clerk_b', grants: [{ role: 'unitClerk', unit: tree.sumuB }] });
  await buildUser(t, { username: 'staff', grants: [{ role: 'orgStaff', unit: tree.banner }] });
  clerkA = await loginAs(local, 'clerk_a');
  clerkB = await loginAs(local, 'clerk_b');
  staff = await loginAs(local, 'staff');
  caseA = await createCase(t.database.db, null, {
    type: routed.key,
    unitId: tree.gachaA.id,
    title: '道路积水',
    submitter: { name: '王五', contactMasked: '139****1111' },
  });
});

afterAll(async () => {
  await app?.close();
  await t?.close();
});

describe('case routes', () => {
  it('every route declares the type’s read permission and answers 401 without login', async () => {
    const mine = app.routesList.filter((r) => r.url.startsWith(base));
    expect(mine.length).toBe(6);
    for (const route of mine) expect(route.permission).toBe('meetings.read');
    const response = await app.inject({ method: 'GET', url: `${base}/${caseA.id}` });
    expect(response.statusCode).toBe(401);
  });

  it('shows the timeline and what the viewer may do, hiding the submitter from those not allowed', async () => {
    const response = await clerkA.get(`${base}/${caseA.id}`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.case).toMatchObject({
      state: 'submitted',
      stateName: '待受理',
      identityVisible: false,
      submitterName: null,
    });
    expect(body.events.map((e: { actionName: string }) => e.actionName)).toEqual(['登记']);
    expect(body.actions).toEqual([{ action: 'accept', name: '受理', requires: [] }]);
    const asStaff = (await staff.get(`${base}/${caseA.id}`)).json();
    expect(asStaff.case).toMatchObject({ identityVisible: true, submitterName: '王五' });
  });

  it('answers 404 for a case outside the actor’s subtree, also for actions', async () => {
    expect((await clerkB.get(`${base}/${caseA.id}`)).statusCode).toBe(404);
    const response = await clerkB.post(`${base}/${caseA.id}/actions`, {
      action: 'accept',
      expectedVersion: 1,
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.message).toBe('事项不存在或不在您的管理范围内');
  });

  it('refuses bad input with a Chinese message naming the field, changing nothing', async () => {
    const response = await clerkA.post(`${base}/${caseA.id}/actions`, {
      action: 'accept',
      expectedVersion: 'x',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('版本号');
    const bad = await clerkA.post(`${base}/${caseA.id}/actions`, {
      action: 'accept',
      expectedVersion: 1,
      unitId: 'nope',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('承办单位');
    expect((await clerkA.get(`${base}/${caseA.id}`)).json().case.version).toBe(1);
  });

  it('applies a transition, then answers a stale version with 409 and a Chinese message', async () => {
    const accepted = await clerkA.post(`${base}/${caseA.id}/actions`, {
      action: 'accept',
      expectedVersion: 1,
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().case).toMatchObject({ state: 'handling', version: 2 });
    const stale = await clerkA.post(`${base}/${caseA.id}/actions`, { action: 'accept', expectedVersion: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toContain('该事项刚刚已被他人处理（现为“办理中”状态）');
    const illegal = await clerkA.post(`${base}/${caseA.id}/actions`, {
      action: 'accept',
      expectedVersion: 2,
    });
    expect(illegal.statusCode).toBe(409);
    expect(illegal.json().error.message).toContain('事项当前为“办理中”状态，不能执行“受理”操作');
    // unitClerk does not hold meetings.configure: the close action is forbidden (403), and not offered.
    expect(accepted.json().actions).toEqual([]);
    const forbidden = await clerkA.post(`${base}/${caseA.id}/actions`, {
      action: 'close',
      note: '完成',
      expectedVersion: 2,
    });
    expect(forbidden.statusCode).toBe(403);
  });

  it('lists the cases in scope, filtered and paginated', async () => {
    const mine = (await clerkA.get(base)).json();
    expect(mine.total).toBe(1);
    expect(mine.items[0]).toMatchObject({ id: caseA.id, submitterName: null });
    expect((await clerkB.get(base)).json().total).toBe(0);
    expect((await clerkA.get(`${base}?q=${encodeURIComponent('积水')}`)).json().total).toBe(1);
    expect((await clerkA.get(`${base}?q=${caseA.code}`)).json().total).toBe(1);
    expect((await clerkA.get(`${base}?state=closed`)).json().total).toBe(0);
    expect((await clerkA.get(`${base}?unitId=${tree.gachaA.id}`)).json().total).toBe(1);
    expect((await staff.get(`${base}?unitId=${tree.sumuB.id}`)).json().total).toBe(0);
    expect((await clerkA.get(`${base}?overdue=false`)).json().total).toBe(1);
    const bad = await clerkA.get(`${base}?pageSize=1000`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('每页条数');
  });

  it('pages the newest first, each page with the total, and a page past the last one', async () => {
    const titles = ['路灯不亮', '井盖缺失', '垃圾未清'];
    const created: CaseRow[] = [];
    for (const [i, title] of titles.entries())
      created.push(
        await createCase(
          t.database.db,
          null,
          { type: routed.key, unitId: tree.gachaA.id, title },
          { now: new Date(Date.UTC(2030, 0, i + 1)) },
        ),
      );
    // Outside clerk A's scope: never counted.
    await createCase(t.database.db, null, { type: routed.key, unitId: tree.sumuB.id, title: '别处的事' });
    const pageOf = async (page: number) => (await clerkA.get(`${base}?pageSize=2&page=${page}`)).json();
    const first = await pageOf(1);
    expect(first.total).toBe(4);
    expect(first.items.map((c: { title: string }) => c.title)).toEqual(['垃圾未清', '井盖缺失']);
    const second = await pageOf(2);
    expect(second.total).toBe(4);
    expect(second.items.map((c: { id: string }) => c.id)).toEqual([created[0]!.id, caseA.id]);
    expect(await pageOf(3)).toMatchObject({ total: 4, items: [] });
    expect(
      (await clerkA.get(`${base}?pageSize=2&page=2&q=${encodeURIComponent('路灯')}`)).json(),
    ).toMatchObject({
      total: 1,
      items: [],
    });
  });

  it('lists repeat suggestions and the chain', async () => {
    expect((await clerkA.get(`${base}/${caseA.id}/repeats`)).json()).toEqual([]);
    const chain = (await clerkA.get(`${base}/${caseA.id}/chain`)).json();
    expect(chain.map((c: { id: string }) => c.id)).toEqual([caseA.id]);
  });
});
