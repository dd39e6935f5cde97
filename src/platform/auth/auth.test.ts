import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  buildTree,
  buildUser,
  createTestApp,
  loginAs,
  TEST_PASSWORD,
  type TestContext,
} from '../../../test/support/app';
import { setSetting } from '../settings/service';
import { sessions, users } from './schema';
import { forgetSessions } from './service';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;

beforeAll(async () => {
  t = await createTestApp();
  tree = await buildTree(t);
});
afterAll(async () => t.close());

describe('login', () => {
  it('sets an HttpOnly session cookie and returns the user and a CSRF token', async () => {
    await buildUser(t, { username: 'clerk1', grants: [{ role: 'unitClerk', unit: tree.sumuA }] });
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'clerk1', password: TEST_PASSWORD },
    });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'jiceng_sid');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite?.toLowerCase()).toBe('strict');
    expect(response.json()).toMatchObject({ user: { username: 'clerk1', mustChangePassword: false } });
    expect(response.json().csrfToken).toMatch(/^[\w-]{20,}$/);
    const [stored] = await t.database.db.select().from(users).where(eq(users.username, 'clerk1'));
    expect(stored?.passwordHash.startsWith('$argon2id$')).toBe(true);
  });

  it('answers a wrong password and an unknown user alike, in Chinese', async () => {
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'clerk1', password: 'nope' },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'ghost', password: 'nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.message).toBe('用户名或密码错误');
    expect(unknown.json().error.message).toBe(wrong.json().error.message);
  });

  it('names the missing field on bad input', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'x' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('密码');
  });

  it('locks the account after 5 failures for 15 minutes, even for the right password', async () => {
    await buildUser(t, { username: 'victim', grants: [{ role: 'leader', unit: tree.banner }] });
    for (let i = 0; i < 4; i++) {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'victim', password: 'bad' },
      });
      expect(r.statusCode).toBe(401);
    }
    const fifth = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'victim', password: 'bad' },
    });
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().error.message).toContain('15 分钟');
    const right = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'victim', password: TEST_PASSWORD },
    });
    expect(right.statusCode).toBe(423);
    const [stored] = await t.database.db.select().from(users).where(eq(users.username, 'victim'));
    const minutes = (new Date(stored!.lockedUntil!).getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);
  });
});

describe('session', () => {
  it('refuses state-changing requests without the CSRF token', async () => {
    const session = await loginAs(t, 'clerk1');
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/scope',
      headers: { cookie: session.cookie },
      payload: { assignmentId: null },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('CSRF_FAILED');
    const withToken = await session.post('/api/auth/scope', { assignmentId: null });
    expect(withToken.statusCode).toBe(200);
  });

  it('expires after the idle timeout', async () => {
    const session = await loginAs(t, 'clerk1');
    expect((await session.get('/api/auth/me')).statusCode).toBe(200);
    await t.database.db.update(sessions).set({ lastSeenAt: sql`now() - interval '31 minutes'` });
    forgetSessions(); // 31 minutes pass: far longer than a session is kept in memory.
    const response = await session.get('/api/auth/me');
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('SESSION_EXPIRED');
  });

  it('ends on logout', async () => {
    const session = await loginAs(t, 'clerk1');
    expect((await session.post('/api/auth/logout')).statusCode).toBe(204);
    expect((await session.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('uses the idle timeout from the settings table', async () => {
    await setSetting(t.database.db, 'security.sessionIdleMinutes', 120, null);
    const session = await loginAs(t, 'clerk1');
    await t.database.db.update(sessions).set({ lastSeenAt: sql`now() - interval '31 minutes'` });
    forgetSessions();
    expect((await session.get('/api/auth/me')).statusCode).toBe(200);
    await setSetting(t.database.db, 'security.sessionIdleMinutes', 30, null);
  });
});

describe('generated passwords', () => {
  it('must be changed before anything else, under the password policy', async () => {
    await buildUser(t, {
      username: 'fresh',
      grants: [{ role: 'orgStaff', unit: tree.banner }],
      mustChangePassword: true,
    });
    const session = await loginAs(t, 'fresh');
    const blocked = await session.get('/api/orgs/roots');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await session.get('/api/auth/me')).json().user.mustChangePassword).toBe(true);
    const weak = await session.post('/api/auth/password', {
      oldPassword: TEST_PASSWORD,
      newPassword: 'abcdefgh',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.message).toMatch(/三类|8 位/);
    const ok = await session.post('/api/auth/password', {
      oldPassword: TEST_PASSWORD,
      newPassword: 'New#Pass2026',
    });
    expect(ok.statusCode).toBe(204);
    expect((await session.get('/api/orgs/roots')).statusCode).toBe(200);
  });
});

describe('scope switching', () => {
  it('narrows what the user sees to one assignment and back', async () => {
    await buildUser(t, {
      username: 'twohats',
      grants: [
        { role: 'orgStaff', unit: tree.sumuA },
        { role: 'leader', unit: tree.sumuB },
      ],
    });
    const session = await loginAs(t, 'twohats');
    const me = (await session.get('/api/auth/me')).json();
    expect(me.assignments).toHaveLength(2);
    const roots = (await session.get('/api/orgs/roots')).json();
    expect(roots.map((u: { name: string }) => u.name).sort()).toEqual(['好腰苏木', '巴彦苏木'].sort());
    const leaderOnly = me.assignments.find((a: { roleKey: string }) => a.roleKey === 'leader');
    const switched = await session.post('/api/auth/scope', { assignmentId: leaderOnly.id });
    expect(switched.json().permissions).not.toContain('orgs.write');
    expect((await session.get('/api/orgs/roots')).json().map((u: { name: string }) => u.name)).toEqual([
      '好腰苏木',
    ]);
    const create = await session.post('/api/orgs', {
      parentId: tree.sumuB.id,
      name: '新嘎查',
      type: 'gacha',
    });
    expect(create.statusCode).toBe(403);
    const other = await session.post('/api/auth/scope', {
      assignmentId: '00000000-0000-4000-8000-000000000000',
    });
    expect(other.statusCode).toBe(404);
  });
});

describe('sessions read once for a few seconds', () => {
  it('applies a grant revoked through the API to its holder’s very next request', async () => {
    await buildUser(t, { username: 'secadm', grants: [{ role: 'securityAdmin', unit: tree.banner }] });
    await buildUser(t, { username: 'revokee', grants: [{ role: 'orgStaff', unit: tree.sumuA }] });
    const admin = await loginAs(t, 'secadm');
    const session = await loginAs(t, 'revokee');
    expect((await session.get('/api/orgs/roots')).statusCode).toBe(200);
    const [grant] = (await session.get('/api/auth/me')).json().assignments;
    expect((await admin.del(`/api/assignments/${grant.id}`)).statusCode).toBe(204);
    expect((await session.get('/api/orgs/roots')).statusCode).toBe(403);
  });

  it('reads a session once for the requests that arrive together', async () => {
    const session = await loginAs(t, 'clerk1');
    forgetSessions();
    const query = vi.spyOn(t.database, 'query');
    try {
      const answers = await Promise.all(Array.from({ length: 8 }, () => session.get('/api/auth/me')));
      expect(answers.map((a) => a.statusCode)).toEqual(Array(8).fill(200));
      const reads = query.mock.calls.filter(([, , options]) => options?.name === 'jiceng-load-session');
      expect(reads).toHaveLength(1);
    } finally {
      query.mockRestore();
    }
  });

  it('learns within two seconds of a session another app instance ended', async () => {
    const session = await loginAs(t, 'clerk1');
    expect((await session.get('/api/auth/me')).statusCode).toBe(200);
    // Another instance logs the user out: nothing in this process hears of it.
    const [user] = await t.database.db.select().from(users).where(eq(users.username, 'clerk1'));
    await t.database.db
      .update(sessions)
      .set({ endedAt: sql`now()`, endReason: 'logout' })
      .where(eq(sessions.userId, user!.id));
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 2_100);
      expect((await session.get('/api/auth/me')).statusCode).toBe(401);
    } finally {
      vi.useRealTimers();
    }
  });
});
