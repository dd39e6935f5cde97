// Once per `vitest run`, before any test file: on PostgreSQL (DATABASE_URL set), a migrated, empty
// template database that every test file's scratch database is copied from instead of migrating its
// own; and a scratch directory where the browser journeys keep the demo banner they all copy
// (e2e/harness.ts builds it on first use). Teardown removes both, and any scratch database of this run
// a test file failed to drop. On the embedded database the template is a migrated PGlite data
// directory dumped to a file: a test worker loads it in about 1.9 s, where creating an empty cluster
// (initdb inside WebAssembly) and migrating it took 4.6 s, once for each of some sixty test databases.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/platform/db';
import { applyMigrations } from '../src/platform/db/migrate';
import { createDatabase } from './support/database';
import { newRunId, postgresUrlOf, scratchDatabasePrefix } from './support/scratch';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A directory for this run's shared test fixtures, removed after the run. */
    testRunDir: string;
    /** Names this run's scratch PostgreSQL databases, so teardown finds any left behind. */
    testRunId: string;
    /** PostgreSQL run: a migrated, empty database to create scratch databases from. */
    postgresTemplate: string | null;
    /** Embedded run: a file holding a migrated, empty PGlite data directory (an uncompressed tar). */
    pgliteTemplate: string | null;
  }
}

async function dropRunDatabases(url: string, runId: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      'select datname from pg_database where datname like $1',
      [`%${runId}%`],
    );
    for (const { datname } of rows) await admin.query(`drop database if exists "${datname}" with (force)`);
  } finally {
    await admin.end();
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'jiceng-test-run-'));
  const runId = newRunId();
  project.provide('testRunDir', runDir);
  project.provide('testRunId', runId);
  project.provide('postgresTemplate', null);
  project.provide('pgliteTemplate', null);

  const serverUrl = process.env.DATABASE_URL?.trim();
  if (!serverUrl) {
    const database = await openDatabase({ kind: 'pglite', dataDir: null });
    await applyMigrations(database);
    const dump = await database.dumpDataDir!();
    await database.close();
    const file = path.join(runDir, 'pglite-template.tar');
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    project.provide('pgliteTemplate', file);
  } else {
    const name = `${scratchDatabasePrefix(runId)}template`;
    await createDatabase(serverUrl, name);
    const database = await openDatabase({ kind: 'postgres', url: postgresUrlOf(serverUrl, name) });
    await applyMigrations(database);
    await database.close();
    project.provide('postgresTemplate', name);
  }

  return async () => {
    rmSync(runDir, { recursive: true, force: true });
    if (serverUrl) await dropRunDatabases(serverUrl, runId);
  };
}
