import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { Database } from './index';

export const migrationsFolder = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../drizzle',
);

/**
 * Applies the SQL migrations kept in ./drizzle that the database has not seen yet (`folder`: another
 * set, so a test can bring a database to an earlier version first).
 */
export async function applyMigrations(database: Database, folder = migrationsFolder): Promise<void> {
  if (database.kind === 'pglite') {
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder: folder });
  } else {
    // Several app instances may start at once: one migrates, the others wait on the session lock,
    // which lives on one dedicated connection.
    const client = new pg.Client({ connectionString: database.url! });
    await client.connect();
    try {
      await client.query('select pg_advisory_lock(7231001)');
      await migrateNodePg(drizzle(client), { migrationsFolder: folder });
    } finally {
      await client.end();
    }
  }
}
