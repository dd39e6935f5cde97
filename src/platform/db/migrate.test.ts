import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/database';
import { type Database, queryRows } from './index';
import { applyMigrations, migrationsFolder } from './migrate';

/** The migrations up to and including `last` (by index), as a folder of their own. */
function migrationsUpTo(last: number): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'jiceng-migrations-'));
  cpSync(migrationsFolder, folder, { recursive: true });
  const journalFile = path.join(folder, 'meta/_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: Array<{ idx: number }> };
  journal.entries = journal.entries.filter((entry) => entry.idx <= last);
  writeFileSync(journalFile, JSON.stringify(journal));
  return folder;
}

/**
 * A new database, not migrated, for the tests of one describe block, and a folder of the migrations up
 * to `last` (by index) to bring it to that earlier version first.
 */
function databaseBefore(last: number): { database: Database; earlier: string } {
  const context = {} as { database: Database; earlier: string };
  beforeAll(async () => {
    context.database = await createTestDatabase({ migrated: false });
    context.earlier = migrationsUpTo(last);
  });
  afterAll(async () => {
    await context.database?.close();
    if (context.earlier) rmSync(context.earlier, { recursive: true, force: true });
  });
  return context;
}

describe('migrations on a database already in use', () => {
  const t = databaseBefore(1);

  it('0002 gives snapshots frozen before it their evidence counts and groups without ids, frozen rows untouched', async () => {
    await applyMigrations(t.database, t.earlier);
    const { db } = t.database;
    const [unit] = await queryRows<{ id: string }>(
      db,
      sql`insert into units (name, type, path, depth) values ('测试旗', 'banner', '/', 1) returning id`,
    );
    await db.execute(sql`update units set path = ${`/${unit!.id}/`} where id = ${unit!.id}`);
    const [snapshot] = await queryRows<{ id: string }>(
      db,
      sql`insert into indicator_snapshots (unit_id, unit_name, period_from, period_to, label, indicator_count, created_by_name)
          values (${unit!.id}, '测试旗', '2026-01-01', '2027-01-01', '迁移前的快照', 2, '管理员') returning id`,
    );
    const breakdown = [
      { key: 'full', label: '正式党员', value: 2, evidence: { entity: 'member', ids: ['a', 'b'] } },
      { key: 'probationary', label: '预备党员', value: 1, evidence: { entity: 'member', ids: ['c'] } },
    ];
    await db.execute(sql`insert into indicator_snapshot_values (snapshot_id, key, name, measure_unit, module, value, evidence, breakdown)
      values (${snapshot!.id}, 'members.byCategory', '党员按类别', '名', 'members', 3,
              ${JSON.stringify({ entity: 'member', ids: ['a', 'b', 'c'] })}::jsonb, ${JSON.stringify(breakdown)}::jsonb),
             (${snapshot!.id}, 'members.total', '党员总数', '名', 'members', 3,
              ${JSON.stringify({ entity: 'member', ids: ['a', 'b', 'c'] })}::jsonb, null)`);

    await applyMigrations(t.database);

    const rows = await queryRows<{
      key: string;
      evidence_entity: string;
      evidence_count: number;
      groups: unknown;
    }>(
      db,
      sql`select key, evidence_entity, evidence_count, groups from indicator_snapshot_values order by key`,
    );
    const parsed = rows.map((row) => ({
      ...row,
      groups: typeof row.groups === 'string' ? JSON.parse(row.groups) : row.groups,
    }));
    expect(parsed).toEqual([
      {
        key: 'members.byCategory',
        evidence_entity: 'member',
        evidence_count: 3,
        groups: [
          { key: 'full', label: '正式党员', value: 2, entity: 'member', count: 2 },
          { key: 'probationary', label: '预备党员', value: 1, entity: 'member', count: 1 },
        ],
      },
      { key: 'members.total', evidence_entity: 'member', evidence_count: 3, groups: null },
    ]);
    // Still append-only after the migration.
    await expect(db.execute(sql`update indicator_snapshot_values set value = 4`)).rejects.toThrow();
  });
});

describe('0005 on a database that already holds cases', () => {
  const t = databaseBefore(4);

  it('builds the monthly roll-up from the cases there, each counted in its China month', async () => {
    await applyMigrations(t.database, t.earlier);
    const { db } = t.database;
    const [unit] = await queryRows<{ id: string }>(
      db,
      sql`insert into units (name, type, path, depth) values ('测试嘎查', 'gacha', '/', 1) returning id`,
    );
    // Received 31 May 23:30 in China (15:30 UTC): May. Accepted on time and closed late in June, rated 5.
    // Received 1 June; open. Received in June and closed on time in July, rated 2.
    await db.execute(sql`insert into cases (type, code, unit_id, state, title, created_at, accept_by, accepted_at,
        close_by, closed_at, rating) values
      ('grid.event', 'A1', ${unit!.id}, 'closed', '一', '2026-05-31T23:30:00+08:00', '2026-06-02T00:00:00+08:00',
        '2026-06-01T09:00:00+08:00', '2026-06-08T00:00:00+08:00', '2026-06-10T23:30:00+08:00', 5),
      ('grid.event', 'A2', ${unit!.id}, 'submitted', '二', '2026-06-01T00:10:00+08:00', null, null, null, null, null),
      ('grid.event', 'A3', ${unit!.id}, 'closed', '三', '2026-06-20T08:00:00+08:00', null, '2026-06-20T09:00:00+08:00',
        '2026-07-05T00:00:00+08:00', '2026-07-01T08:00:00+08:00', 2)`);

    await applyMigrations(t.database);

    const rows = await t.database.query<Record<string, unknown>>(
      `select month::text as month, received, accepted, accepted_on_time, closed, closed_on_time,
         handled_seconds::float8 as handled_seconds, rated_2, rated_5
       from case_monthly order by month`,
    );
    expect(rows).toEqual([
      {
        month: '2026-05-01',
        received: 1,
        accepted: 0,
        accepted_on_time: 0,
        closed: 0,
        closed_on_time: 0,
        handled_seconds: 0,
        rated_2: 0,
        rated_5: 0,
      },
      {
        month: '2026-06-01',
        received: 2,
        accepted: 2,
        accepted_on_time: 2,
        closed: 1,
        closed_on_time: 0,
        handled_seconds: 864_000,
        rated_2: 0,
        rated_5: 1,
      },
      {
        month: '2026-07-01',
        received: 0,
        accepted: 0,
        accepted_on_time: 0,
        closed: 1,
        closed_on_time: 1,
        handled_seconds: 950_400,
        rated_2: 1,
        rated_5: 0,
      },
    ]);
    const [pending] = await t.database.query<{ n: number }>(
      'select count(*)::int as n from case_monthly_changes',
    );
    expect(pending!.n).toBe(0);
  });
});
