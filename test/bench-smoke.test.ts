// Keeps the benchmark suite from rotting: every scenario of `npm run bench` runs once at ×1 against the
// real server (PGlite, or a scratch PostgreSQL database when DATABASE_URL is set) and must produce a
// figure without errors. Timings are not asserted: they belong to `npm run bench`, not to the tests.
import { describe, expect, it } from 'vitest';
import { EMBEDDED, runSuite, scenarioNames } from '../bench/suite';
import { createScratchPostgres } from './support/database';

describe('benchmark suite smoke run', () => {
  it('runs every scenario once and each produces a figure without errors', async () => {
    const serverUrl = process.env.DATABASE_URL?.trim() || null;
    const scratch = serverUrl ? await createScratchPostgres(serverUrl) : null;
    const log: string[] = [];
    try {
      const result = await runSuite({
        factor: 1,
        databaseUrl: scratch?.url ?? null,
        inPlace: true,
        postgresServer: null,
        seconds: 1,
        connections: 1,
        only: [],
        smoke: true,
        keep: false,
        profileDir: null,
        echo: false,
        log: (line) => log.push(line),
      });
      const context = `\n${log.join('\n')}`;
      // The embedded-database comparison needs a PostgreSQL run to compare with.
      const expected = scenarioNames.filter((name) => scratch || name !== EMBEDDED);
      expect([...new Set(result.rows.map((row) => row.scenario))].sort(), context).toEqual(
        [...expected].sort(),
      );
      for (const row of result.rows) {
        expect(row.key, `${row.key}: ${row.note ?? ''}${context}`).not.toMatch(/\.failed$/);
        expect(Number.isFinite(row.value), `${row.key} has no figure${context}`).toBe(true);
        expect(row.errors, `${row.key}: ${row.note ?? ''}${context}`).toBe(0);
      }
    } finally {
      await scratch?.drop();
    }
  }, 240_000);
});
