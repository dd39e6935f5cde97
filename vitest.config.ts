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

/**
 * Files that must each start in a fresh process: the browser journeys and the tests that start servers
 * or CLI processes of their own (they register hooks in shared helpers, hold ports and child processes),
 * and the memory test, which measures the process's own heap and collections.
 */
const ownProcess = [
  'e2e/**/*.test.ts',
  'test/bench-smoke.test.ts',
  'test/startup.test.ts',
  'src/platform/memory.test.ts',
];

const timeouts = { testTimeout: 60_000, hookTimeout: 120_000 };

// The global set-up (test/globalSetup.ts) is the root's alone: a project that extended the root would
// run it again and build a second template database.
export default defineConfig({
  test: {
    globalSetup: ['test/globalSetup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    sequence: { sequencer: SlowFirstSequencer },
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: process.env.CI ? { json: 'test-results.json' } : undefined,
    projects: [
      { test: { name: 'isolated', include: ownProcess, ...timeouts } },
      {
        // The other files share a process per worker, one after another, so the application and its
        // dependencies are imported once per worker instead of once per file (each file still builds
        // its own database and app); the setup file clears what the application caches per process.
        test: {
          name: 'shared',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ownProcess,
          isolate: false,
          setupFiles: ['test/support/sharedProcess.ts'],
          ...timeouts,
        },
      },
    ],
  },
});
