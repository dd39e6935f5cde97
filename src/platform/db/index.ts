import { createHash } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import * as schema from './tables';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either the database or an open transaction: repository functions accept both. */
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** The PostgreSQL connection string; null for the embedded database. */
  url: string | null;
  /**
   * Raw rows of a parameterised query. A `name` makes it a prepared statement on PostgreSQL, planned
   * once per connection: for the few queries every request runs.
   */
  query<T = Record<string, unknown>>(
    text: string,
    params?: unknown[],
    options?: { name?: string },
  ): Promise<T[]>;
  close(): Promise<void>;
}

export type DatabaseTarget = { kind: 'pglite'; dataDir: string | null } | { kind: 'postgres'; url: string };

/** Opens the embedded PGlite database (file-backed, or in memory when dataDir is null) or PostgreSQL. */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: Number(process.env.DB_POOL_SIZE ?? 10) });
    // An idle client whose connection the server closed (restart, failover, database dropped) is
    // discarded by the pool and replaced on next use; without a listener the error would end the process.
    pool.on('error', () => {});
    const db = drizzleNodePg(pool, { schema }) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      url: target.url,
      async query(text, params, options) {
        const result = await pool.query({ text, values: params as unknown[], name: options?.name });
        return result.rows;
      },
      close: () => pool.end(),
    };
  }
  const client = target.dataDir ? new PGlite(target.dataDir) : new PGlite();
  await client.waitReady;
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    url: null,
    async query(text, params) {
      const result = await client.query(text, params as unknown[]);
      return result.rows as never[];
    },
    close: () => client.close(),
  };
}

/** Checks that the database answers; used by /api/health. */
export async function ping(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}

/** Rows of a raw SQL query run through Drizzle (inside a transaction when given one). */
export async function queryRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** A built drizzle query that can run as a named prepared statement. */
interface Preparable<T> {
  toSQL(): { sql: string };
  prepare(name: string): { execute(): Promise<T> };
}

/** The name of the prepared statement for a SQL text: one per distinct text, the same in every process. */
export function statementName(text: string): string {
  return `q_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
}

/**
 * Runs a query as a named prepared statement on PostgreSQL, named after its SQL text, so each pooled
 * connection plans it once and then, as PostgreSQL's plan cache decides, reuses a generic plan instead
 * of planning on every call (planning the roster's joins cost as much as running them). Only for the
 * few hot list queries whose text varies with a handful of filters: every distinct text stays
 * prepared on each connection for its lifetime. On PGlite the name changes nothing.
 */
export function runPrepared<T>(query: Preparable<T>): Promise<T> {
  return query.prepare(statementName(query.toSQL().sql)).execute();
}
