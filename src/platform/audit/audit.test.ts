import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTree,
  buildUser,
  createTestApp,
  loginAs,
  type Session,
  type TestContext,
} from '../../../test/support/app';
import { queryRows } from '../db';
import { sealAuditLog, verifyAuditLog } from './sealer';
import { recordAudit } from './writer';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let auditor: Session;
let staff: Session;

beforeAll(async () => {
  t = await createTestApp();
  tree = await buildTree(t);
  await buildUser(t, { username: 'auditor', grants: [{ role: 'auditAdmin', unit: tree.banner }] });
  await buildUser(t, { username: 'staff', grants: [{ role: 'orgStaff', unit: tree.banner }] });
  auditor = await loginAs(t, 'auditor');
  staff = await loginAs(t, 'staff');
});
afterAll(async () => t.close());

describe('the audit log', () => {
  it('records every write with who, when, IP and before/after, searchable by audit admins', async () => {
    const created = (
      await staff.post('/api/orgs', { parentId: tree.sumuA.id, name: '审计嘎查', type: 'gacha' })
    ).json();
    await staff.patch(`/api/orgs/${created.id}`, { name: '审计嘎查二' });
    const page = (await auditor.get(`/api/audit?q=${created.id}`)).json();
    const actions = page.items.map((i: { action: string }) => i.action);
    expect(actions).toEqual(['update', 'create']);
    const update = page.items[0];
    expect(update).toMatchObject({ actorName: '测试staff', entity: 'unit', entityId: created.id });
    expect(update.ip).toBeTruthy();
    expect(update.before.name).toBe('审计嘎查');
    expect(update.after.name).toBe('审计嘎查二');
  });

  it('is closed to everyone else', async () => {
    expect((await staff.get('/api/audit')).statusCode).toBe(403);
  });

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    expect(await sealAuditLog(t.database.db)).toBeGreaterThan(0);
    await expect(t.database.query(`update audit_log set action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(t.database.query('delete from audit_log')).rejects.toThrow(/append-only/);
    await expect(t.database.query('truncate audit_log')).rejects.toThrow(/append-only/);
    await expect(t.database.query('delete from audit_chain')).rejects.toThrow(/append-only/);
  });

  it('chains rows in commit order and verifies clean', async () => {
    for (let i = 0; i < 30; i++) {
      await recordAudit(
        t.database.db,
        { userId: null, displayName: '测试', ip: '127.0.0.1' },
        { entity: 'x', action: `a${i}` },
      );
    }
    await sealAuditLog(t.database.db);
    const result = (await auditor.post('/api/audit/verify')).json();
    expect(result).toMatchObject({ ok: true, brokenAt: null });
    expect(result.checked).toBeGreaterThan(30);
  });

  it('is not held back by a long transaction in another database on the same server', async () => {
    // On PostgreSQL the test databases share one server with every other test file; on PGlite
    // there is no other database, and the same rows must simply be sealed.
    const url = process.env.DATABASE_URL;
    const other = url ? new pg.Client({ connectionString: url }) : null;
    await other?.connect();
    try {
      await other?.query('begin');
      await other?.query('select pg_current_xact_id()');
      await recordAudit(
        t.database.db,
        { userId: null, displayName: '测试', ip: '127.0.0.1' },
        { entity: 'x', action: 'during-other-transaction' },
      );
      await sealAuditLog(t.database.db);
      const result = await verifyAuditLog(t.database.db);
      expect(result).toMatchObject({ ok: true, pending: 0 });
    } finally {
      await other?.query('rollback');
      await other?.end();
    }
  });

  it('detects a row changed behind the application’s back', async () => {
    await sealAuditLog(t.database.db);
    const [victim] = await queryRows<{ seq: string; audit_id: string }>(
      t.database.db,
      sql`select seq::text, audit_id::text from audit_chain order by seq limit 1 offset 5`,
    );
    // Someone with database access disables the guard and edits a row.
    await t.database.query('alter table audit_log disable trigger audit_log_append_only');
    await t.database.query(`update audit_log set actor_name = '别人' where id = ${victim!.audit_id}`);
    await t.database.query('alter table audit_log enable trigger audit_log_append_only');
    const result = await verifyAuditLog(t.database.db);
    expect(result.ok).toBe(false);
    expect(result.brokenAt).toBe(Number(victim!.seq));
    expect(result.reason).toContain('内容已被修改');
    const viaApi = (await auditor.post('/api/audit/verify')).json();
    expect(viaApi).toMatchObject({ ok: false, brokenAt: Number(victim!.seq) });
  });
});
