import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTree,
  buildUser,
  createTestApp,
  loginAs,
  type Session,
  type TestContext,
} from '../../../test/support/app';
import { notify, resolveNotifications } from './service';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let clerkA: Session;
let clerkB: Session;
let leader: Session;
let clerkAId: string;

beforeAll(async () => {
  t = await createTestApp();
  tree = await buildTree(t);
  clerkAId = (await buildUser(t, { username: 'clerkA', grants: [{ role: 'unitClerk', unit: tree.sumuA }] }))
    .id;
  await buildUser(t, { username: 'clerkB', grants: [{ role: 'unitClerk', unit: tree.sumuB }] });
  await buildUser(t, { username: 'leader', grants: [{ role: 'leader', unit: tree.banner }] });
  clerkA = await loginAs(t, 'clerkA');
  clerkB = await loginAs(t, 'clerkB');
  leader = await loginAs(t, 'leader');
});
afterAll(async () => t.close());

describe('the inbox', () => {
  it('shows personal notices to their user and unit notices to holders of the permission there', async () => {
    const written = await notify(t.database.db, [
      {
        userId: clerkAId,
        unitId: tree.branchA.id,
        kind: 'test.personal',
        title: '个人提醒',
        dedupeKey: 'test:1',
      },
      {
        userId: null,
        unitId: tree.gachaA.id,
        permission: 'meetings.write',
        kind: 'test.unit',
        title: '单位提醒',
        dedupeKey: 'test:2',
      },
    ]);
    expect(written).toBe(2);
    const inboxA = (await clerkA.get('/api/notifications')).json();
    expect(inboxA.items.map((n: { title: string }) => n.title).sort()).toEqual(['个人提醒', '单位提醒']);
    expect(inboxA.unread).toBe(2);
    expect((await clerkB.get('/api/notifications')).json().total).toBe(0);
    // The leader reaches the unit but does not hold meetings.write.
    expect((await leader.get('/api/notifications')).json().total).toBe(0);
  });

  it('writes a dedupe key once, and reopens it when a settled matter comes back', async () => {
    const again = {
      userId: clerkAId,
      unitId: tree.branchA.id,
      kind: 'test.personal',
      title: '个人提醒',
      dedupeKey: 'test:1',
    };
    expect(await notify(t.database.db, [again])).toBe(0);
    const [personal] = (await clerkA.get('/api/notifications'))
      .json()
      .items.filter((n: { title: string }) => n.title === '个人提醒');
    expect(await resolveNotifications(t.database.db, [personal.id])).toBe(1);
    expect((await clerkA.get('/api/notifications?unreadOnly=true')).json().total).toBe(1);
    expect(await notify(t.database.db, [again])).toBe(1);
    expect((await clerkA.get('/api/notifications?unreadOnly=true')).json().total).toBe(2);
  });

  it('marks read only what the user can see', async () => {
    const items = (await clerkA.get('/api/notifications')).json().items;
    expect((await clerkB.post(`/api/notifications/${items[0].id}/read`)).statusCode).toBe(404);
    expect((await clerkA.post(`/api/notifications/${items[0].id}/read`)).statusCode).toBe(200);
    expect((await clerkA.get('/api/notifications')).json().unread).toBe(1);
    const bad = await clerkA.post('/api/notifications/abc/read');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('提醒编号');
  });

  it('pages through notices written at one instant in a stable order, each notice on one page', async () => {
    const clerkBId = (await clerkB.get('/api/auth/me')).json().user.id;
    // One statement: every notice gets the same creation time, as a compliance check's do.
    const titles = Array.from({ length: 25 }, (_, i) => `第${String(i).padStart(2, '0')}号提醒`);
    const shuffled = titles.map((_, i) => titles[(i * 7) % titles.length]!);
    expect(new Set(shuffled).size).toBe(titles.length);
    await notify(
      t.database.db,
      shuffled.map((title) => ({
        userId: clerkBId,
        unitId: tree.sumuB.id,
        kind: 'test.batch',
        title,
        dedupeKey: `batch:${title}`,
      })),
    );
    const seen: string[] = [];
    for (const page of [1, 2, 3]) {
      const body = (await clerkB.get(`/api/notifications?page=${page}&pageSize=10`)).json();
      expect(body.total).toBe(titles.length);
      seen.push(...body.items.map((n: { title: string }) => n.title));
    }
    expect(seen).toEqual(titles);
  });
});
