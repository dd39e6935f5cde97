import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/platform/db';
import { applyMigrations } from '../../src/platform/db/migrate';

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new PostgreSQL
 * database (created here, dropped on close) when DATABASE_URL is set.
 */
export async function createTestDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const database = await openDatabase({ kind: 'pglite', dataDir: null });
    await applyMigrations(database);
    return database;
  }
  const scratch = await createScratchPostgres(url);
  const database = await openDatabase({ kind: 'postgres', url: scratch.url });
  await applyMigrations(database);
  return {
    ...database,
    async close() {
      await database.close();
      await scratch.drop();
    },
  };
}

/**
 * A new, empty PostgreSQL database on the server of `url`, for one test file or one browser journey,
 * so parallel runs never share data; `drop()` removes it (ending any connection still open).
 */
export async function createScratchPostgres(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `jiceng_test_${Date.now()}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    url: target.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
