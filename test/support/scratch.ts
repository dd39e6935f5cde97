import { randomBytes } from 'node:crypto';

/** A short id naming one test run's scratch databases. */
export function newRunId(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

/** Every scratch PostgreSQL database of a run starts with this, so the run's teardown can find them. */
export function scratchDatabasePrefix(runId: string): string {
  return `jiceng_test_${runId}_`;
}

/** The same PostgreSQL server's URL with another database name. */
export function postgresUrlOf(serverUrl: string, database: string): string {
  const target = new URL(serverUrl);
  target.pathname = `/${database}`;
  return target.toString();
}
