import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../../src/platform/db';
import { applyMigrations } from '../../src/platform/db/migrate';
import { postgresUrlOf, scratchDatabasePrefix } from './scratch';

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new PostgreSQL
 * database (created here, dropped on close) when DATABASE_URL is set. Either starts from the run's
 * migrated template (test/globalSetup.ts), so the migrations find nothing left to apply. With
 * `migrated: false` it is empty, for a test that applies migrations itself.
 */
export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<Database> {
  const migrated = options.migrated ?? true;
  const url = process.env.DATABASE_URL;
  if (!url) {
    const template = migrated ? inject('pgliteTemplate') : null;
    const database = await openDatabase({
      kind: 'pglite',
      dataDir: null,
      loadDataDir: template ? new Blob([readFileSync(template)]) : undefined,
    });
    if (migrated) await applyMigrations(database);
    return database;
  }
  const scratch = await createScratchPostgres(url, {
    template: migrated ? inject('postgresTemplate') : null,
  });
  const database = await openDatabase({ kind: 'postgres', url: scratch.url });
  if (migrated) await applyMigrations(database);
  return {
    ...database,
    async close() {
      await database.close();
      await scratch.drop();
    },
  };
}

/**
 * A new PostgreSQL database on the server of `url` (empty, or a copy of `template`), for one test file
 * or one browser journey, so parallel runs never share data; `drop()` removes it (ending any connection
 * still open). Its name carries the run's id, so the run's teardown drops it if `drop()` never ran.
 */
export async function createScratchPostgres(
  url: string,
  options: { template?: string | null } = {},
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${scratchDatabasePrefix(inject('testRunId'))}${randomBytes(4).toString('hex')}`;
  await createDatabase(url, name, options.template);
  return {
    url: postgresUrlOf(url, name),
    async drop() {
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      try {
        await cleanup.query(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}

/** Creates database `name` on the server of `serverUrl`: empty, or a copy of `template`. */
export async function createDatabase(
  serverUrl: string,
  name: string,
  template?: string | null,
): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}${template ? ` template ${template}` : ''}`);
  } finally {
    await admin.end();
  }
}
