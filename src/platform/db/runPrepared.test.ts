import { and, asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/database';
import { auditLog } from '../audit/schema';
import {
  builtStatement,
  type Database,
  insertRows,
  runPrepared,
  shapeOf,
  StatementValues,
  statementName,
} from './index';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  const rows = (names: string[], entityOf: (i: number) => string) =>
    names.map((name, i) => ({ actorName: name, entity: entityOf(i), entityId: String(i), action: 'create' }));
  await insertRows(database.db, auditLog, [
    ...rows(['甲', '乙', '丙'], () => 'run-prepared-test'),
    ...rows(['甲', '乙', '丙', '丁'], (i) => (i < 2 ? 'built-a' : 'built-b')),
  ]);
});
afterAll(async () => database?.close());

describe('runPrepared', () => {
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

describe('rows of a prepared statement', () => {
  // Drizzle maps a plain query's rows itself; a prepared one's are mapped by rowMapper.
  const other = alias(auditLog, 'other');
  const query = (db: Database['db']) =>
    db
      .select({
        entry: auditLog,
        other: { name: other.actorName, at: other.at },
        total: sql<number>`count(*) over ()`.mapWith(Number),
        label: sql<string>`${auditLog.actorName} || '·' || ${auditLog.entityId}`,
      })
      .from(auditLog)
      .leftJoin(other, and(eq(other.entity, 'built-b'), eq(other.entityId, auditLog.entityId)))
      .where(eq(auditLog.entity, 'run-prepared-test'))
      .orderBy(asc(auditLog.entityId));

  it('are the objects drizzle makes: nested, decoded, a missing joined row null', async () => {
    const plain = await query(database.db);
    expect(plain.map((row) => row.other?.name ?? null)).toEqual([null, null, '丙']);
    expect(plain[2]!.other!.at).toEqual(expect.any(String));
    expect(plain[0]!.total).toBe(3);
    const prepared = await runPrepared(query(database.db));
    expect(prepared).toEqual(plain);
    // The same keys in the same order, not only equal values.
    expect(prepared.map((row) => Object.keys(row.entry))).toEqual(plain.map((row) => Object.keys(row.entry)));
    expect(Object.keys(prepared[0]!)).toEqual(Object.keys(plain[0]!));
  });
});

describe('builtStatement', () => {
  /** The rows of one entity, as a list would ask for them: the entity a placeholder. */
  function rowsOf(entity: string, builds: string[]) {
    const values = new StatementValues();
    const where = eq(auditLog.entity, values.of(entity));
    const shape = shapeOf(where);
    return builtStatement(database.db, `test\n${shape}`, () => {
      builds.push(shape);
      return database.db
        .select({ name: auditLog.actorName })
        .from(auditLog)
        .where(where)
        .orderBy(asc(auditLog.entityId));
    }).execute(values.values);
  }

  it('builds a shape once and answers each call with its own values', async () => {
    const builds: string[] = [];
    expect((await rowsOf('built-a', builds)).map((r) => r.name)).toEqual(['甲', '乙']);
    expect((await rowsOf('built-b', builds)).map((r) => r.name)).toEqual(['丙', '丁']);
    expect((await rowsOf('built-a', builds)).map((r) => r.name)).toEqual(['甲', '乙']);
    expect(builds).toHaveLength(1);
  });

  it('keys a value written into the text, so a condition with another one is built anew', () => {
    const values = new StatementValues();
    const placeholder = shapeOf(eq(auditLog.entity, values.of('built-a')));
    expect(shapeOf(eq(auditLog.entity, new StatementValues().of('built-b')))).toBe(placeholder);
    expect(shapeOf(eq(auditLog.entity, 'built-a'))).not.toBe(shapeOf(eq(auditLog.entity, 'built-b')));
    expect(shapeOf(eq(auditLog.entity, 'built-a'))).not.toBe(placeholder);
    // A value written as null is a value too, not a placeholder.
    const nullWritten = shapeOf(sql`${auditLog.entity} = ${null}`);
    expect(nullWritten).not.toBe(shapeOf(sql`${auditLog.entity} = ${new StatementValues().of(null)}`));
  });

  it("plans a statement told `plan: 'once'` once on PostgreSQL, outside a transaction; others as the planner chooses", async () => {
    const modeOf = async (db: Database['db'], shape: string, plan?: 'once') => {
      const values = new StatementValues();
      const where = eq(auditLog.entity, values.of('built-a'));
      const [row] = await builtStatement(
        db,
        `test-plan\n${shape}\n${shapeOf(where)}`,
        () =>
          db
            .select({ mode: sql<string>`current_setting('plan_cache_mode')` })
            .from(auditLog)
            .where(where)
            .limit(1),
        { plan },
      ).execute(values.values);
      return row!.mode;
    };
    const once = database.kind === 'postgres' ? 'force_generic_plan' : 'auto';
    for (let i = 0; i < 3; i++) {
      expect(await modeOf(database.db, 'once', 'once')).toBe(once);
      expect(await modeOf(database.db, 'chosen')).toBe('auto');
    }
    // In a transaction its statements run on the transaction's connection.
    await database.db.transaction(async (tx) => {
      expect(await modeOf(tx as unknown as Database['db'], 'once-in-tx', 'once')).toBe('auto');
    });
  });
});

describe('planner settings', () => {
  it('PostgreSQL connections run without JIT, without parallel workers, pricing index reads near sequential ones; the embedded database has no JIT', async () => {
    const database = await createTestDatabase({ migrated: false });
    try {
      const [row] = await database.query<{
        jit: string;
        workers: string;
        pageCost: string;
        available: boolean;
      }>(
        `select current_setting('jit') as jit, current_setting('max_parallel_workers_per_gather') as workers,
           current_setting('random_page_cost') as "pageCost", pg_jit_available() as available`,
      );
      if (database.kind === 'postgres') {
        expect(row).toMatchObject({ jit: 'off', workers: '0', pageCost: '1.1' });
      } else {
        expect(row!.available).toBe(false);
      }
    } finally {
      await database.close();
    }
  });
});
