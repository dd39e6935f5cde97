// The server's resident memory once every other scenario has run against it (/proc/<pid>/status),
// judged right after the last scenario; and, for information, again once it has stood idle for 10 s
// (an idle server gives back what a full collection frees: src/platform/memory.ts).
import { atMost, memoryOf, round } from '../harness';
import type { Scenario } from './context';

const IDLE_SECONDS = 10;

export const memoryScenario: Scenario = {
  name: 'memory',
  title: 'server memory',
  async run(ctx) {
    const memory = memoryOf(ctx.jiceng.pid);
    if (!memory) throw new Error(`no /proc entry for the server (pid ${ctx.jiceng.pid})`);
    const rss = round(memory.rssMiB, 0);
    await new Promise((resolve) => setTimeout(resolve, (ctx.smoke ? 0.1 : IDLE_SECONDS) * 1000));
    const idle = memoryOf(ctx.jiceng.pid);
    const idleRss = idle ? round(idle.rssMiB, 0) : null;
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
        note:
          idleRss === null
            ? undefined
            : `${idleRss} MiB after ${ctx.smoke ? 0.1 : IDLE_SECONDS} s more without requests (not judged)`,
        detail: { ...memory, idleRssMiB: idleRss },
      },
    ];
  },
};
