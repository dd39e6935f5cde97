// The server's resident memory once every other scenario has run against it (/proc/<pid>/status).
import { atMost, memoryOf, round } from '../harness';
import type { Scenario } from './context';

export const memoryScenario: Scenario = {
  name: 'memory',
  title: 'server memory',
  async run(ctx) {
    const memory = memoryOf(ctx.jiceng.pid);
    if (!memory) throw new Error(`no /proc entry for the server (pid ${ctx.jiceng.pid})`);
    const rss = round(memory.rssMiB, 0);
    return [
      {
        scenario: 'memory',
        key: 'memory.afterRun',
        title: 'server resident memory after the run (VmRSS)',
        value: rss,
        unit: 'MiB',
        figure: `${rss} MiB (peak ${round(memory.peakMiB, 0)} MiB)`,
        baseline: null,
        ratio: null,
        target: '≤ 400 MiB',
        met: atMost(rss, 400),
        errors: 0,
        detail: memory,
      },
    ];
  },
};
