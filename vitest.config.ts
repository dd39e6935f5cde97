import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * The files that take longest, longest first (as measured on CI): on a fresh clone vitest has no
 * timings and runs larger files first, so a short file that runs long (the bench smoke test) could start
 * last and keep one worker busy for half a minute after the other had finished. A browser journey is
 * not put first on both workers at once: the first one builds the demo banner the others copy.
 */
const slowFirst = [
  'test/bench-smoke.test.ts',
  'e2e/portal.test.ts',
  'src/platform/backup.test.ts',
  'test/startup.test.ts',
  'e2e/reports-template.test.ts',
  'e2e/grid-events.test.ts',
  'e2e/grid.test.ts',
  'e2e/reports.test.ts',
  'e2e/meetings.test.ts',
  'e2e/grid-households.test.ts',
  'e2e/orgs.test.ts',
  'e2e/members.test.ts',
  'e2e/centers.test.ts',
  'e2e/gridapp.test.ts',
];

class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const index = slowFirst.findIndex((name) => file.moduleId.endsWith(name));
      return index < 0 ? slowFirst.length : index;
    };
    // A stable sort: the other files keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'e2e/**/*.test.ts'],
    globalSetup: ['test/globalSetup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    sequence: { sequencer: SlowFirstSequencer },
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: process.env.CI ? { json: 'test-results.json' } : undefined,
  },
});
