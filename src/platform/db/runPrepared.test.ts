import { asc, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/database';
import { auditLog } from '../audit/schema';
import { type Database, insertRows, runPrepared, statementName } from './index';

describe('runPrepared', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
    await insertRows(
      database.db,
      auditLog,
      ['甲', '乙', '丙'].map((name, i) => ({
        actorName: name,
        entity: 'run-prepared-test',
        entityId: String(i),
        action: 'create',
      })),
    );
  });
  afterAll(async () => database?.close());

  const query = (db: Database['db']) =>
    db
      .select({ name: auditLog.actorName, entityId: auditLog.entityId })
      .from(auditLog)
      .where(eq(auditLog.entity, 'run-prepared-test'))
      .orderBy(asc(auditLog.entityId));

  it('answers as the query run plainly, again and again', async () => {
    const plain = await query(database.db);
    expect(plain.map((row) => row.name)).toEqual(['甲', '乙', '丙']);
    for (let i = 0; i < 3; i++) expect(await runPrepared(query(database.db))).toEqual(plain);
  });

  it('prepares the statement under the name of its SQL text', async () => {
    const name = statementName(query(database.db).toSQL().sql);
    if (database.kind === 'pglite') {
      // One database, one session: the statement is prepared once, whatever the number of calls.
      expect(await runPrepared(query(database.db))).toHaveLength(3);
      const rows = await database.query<{ name: string; statement: string }>(
        'select name, statement from pg_prepared_statements',
      );
      expect(rows.map((row) => row.name)).toEqual([name]);
      expect(rows[0]!.statement).toBe(query(database.db).toSQL().sql);
      return;
    }
    const pool = new pg.Pool({ connectionString: database.url!, max: 1 });
    try {
      const db = drizzle(pool) as unknown as Database['db'];
      expect(await runPrepared(query(db))).toHaveLength(3);
      expect(await runPrepared(query(db))).toHaveLength(3);
      const { rows } = await pool.query<{ name: string; statement: string }>(
        'select name, statement from pg_prepared_statements',
      );
      expect(rows.map((row) => row.name)).toEqual([name]);
      expect(rows[0]!.statement).toBe(query(db).toSQL().sql);
    } finally {
      await pool.end();
    }
  });
});

describe('JIT compilation', () => {
  it('never runs: off on PostgreSQL connections, not built into the embedded database', async () => {
    const database = await createTestDatabase({ migrated: false });
    try {
      const [row] = await database.query<{ jit: string; available: boolean }>(
        'select current_setting($1) as jit, pg_jit_available() as available',
        ['jit'],
      );
      if (database.kind === 'postgres') expect(row!.jit).toBe('off');
      else expect(row!.available).toBe(false);
    } finally {
      await database.close();
    }
  });
});
