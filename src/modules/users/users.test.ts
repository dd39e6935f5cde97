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
import { roles } from '../../platform/auth/schema';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let sysadmin: Session;
let secadmin: Session;
let secadminSumu: Session;
let roleIds: Map<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  tree = await buildTree(t);
  await buildUser(t, { username: 'sys', grants: [{ role: 'systemAdmin', unit: tree.banner }] });
  const sec = await buildUser(t, { username: 'sec', grants: [{ role: 'securityAdmin', unit: tree.banner }] });
  await buildUser(t, { username: 'secA', grants: [{ role: 'securityAdmin', unit: tree.sumuA }] });
  sysadmin = await loginAs(t, 'sys');
  secadmin = await loginAs(t, 'sec');
  secadminSumu = await loginAs(t, 'secA');
  roleIds = new Map((await t.database.db.select().from(roles)).map((r) => [r.key, r.id]));
  expect(sec.id).toBeTruthy();
});
afterAll(async () => t.close());

describe('separated administrators (三员分立)', () => {
  it('the system admin creates accounts with a generated password that must be changed, but cannot grant roles', async () => {
    const created = await sysadmin.post('/api/users', { username: 'clerk.wang', displayName: '王文书' });
    expect(created.statusCode).toBe(200);
    const { user, initialPassword } = created.json();
    expect(user.mustChangePassword).toBe(true);
    expect(initialPassword).toHaveLength(14);
    const grant = await sysadmin.post(`/api/users/${user.id}/assignments`, {
      roleId: roleIds.get('orgStaff'),
      unitId: tree.sumuA.id,
    });
    expect(grant.statusCode).toBe(403);
    const login = await loginAs(t, 'clerk.wang', initialPassword);
    expect((await login.get('/api/auth/me')).json().user.mustChangePassword).toBe(true);
  });

  it('the security admin grants roles inside their scope only, never to themselves', async () => {
    const { user } = (
      await sysadmin.post('/api/users', { username: 'clerk.li', displayName: '李干事' })
    ).json();
    const ok = await secadmin.post(`/api/users/${user.id}/assignments`, {
      roleId: roleIds.get('unitClerk'),
      unitId: tree.sumuA.id,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ roleKey: 'unitClerk', unitName: '巴彦苏木' });
    const outside = await secadminSumu.post(`/api/users/${user.id}/assignments`, {
      roleId: roleIds.get('leader'),
      unitId: tree.sumuB.id,
    });
    expect(outside.statusCode).toBe(404);
    const me = (await secadmin.get('/api/auth/me')).json();
    const self = await secadmin.post(`/api/users/${me.user.id}/assignments`, {
      roleId: roleIds.get('orgStaff'),
      unitId: tree.banner.id,
    });
    expect(self.statusCode).toBe(403);
    expect(self.json().error.message).toContain('不能给自己');
  });

  it('never lets one person hold two of the three administrator roles', async () => {
    const { user } = (await sysadmin.post('/api/users', { username: 'both', displayName: '兼任者' })).json();
    await secadmin.post(`/api/users/${user.id}/assignments`, {
      roleId: roleIds.get('auditAdmin'),
      unitId: tree.banner.id,
    });
    const second = await secadmin.post(`/api/users/${user.id}/assignments`, {
      roleId: roleIds.get('securityAdmin'),
      unitId: tree.banner.id,
    });
    expect(second.statusCode).toBe(400);
    expect(second.json().error.message).toContain('三员分立');
  });

  it('revokes a grant as a recorded state, audited', async () => {
    const { user } = (await sysadmin.post('/api/users', { username: 'temp', displayName: '临时' })).json();
    const grant = (
      await secadmin.post(`/api/users/${user.id}/assignments`, {
        roleId: roleIds.get('leader'),
        unitId: tree.sumuB.id,
      })
    ).json();
    expect((await secadmin.del(`/api/assignments/${grant.id}`)).statusCode).toBe(204);
    const rows = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, grant.id));
    expect(rows.map((r) => r.action).sort()).toEqual(['grant', 'revoke']);
    expect((await secadmin.del(`/api/assignments/${grant.id}`)).statusCode).toBe(404);
  });

  it('rejects a bad username with a Chinese message naming the field', async () => {
    const response = await sysadmin.post('/api/users', { username: '张三', displayName: '张三' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('用户名');
    const duplicate = await sysadmin.post('/api/users', { username: 'sys', displayName: '重复' });
    expect(duplicate.statusCode).toBe(409);
  });

  it('the security admin unlocks a locked account', async () => {
    const victim = await buildUser(t, { username: 'locked', grants: [{ role: 'leader', unit: tree.sumuA }] });
    for (let i = 0; i < 5; i++) {
      await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'locked', password: 'wrong' },
      });
    }
    expect((await secadmin.post(`/api/users/${victim.id}/unlock`)).statusCode).toBe(204);
    await loginAs(t, 'locked');
  });
});
