// Reporting grid events under load: each POST validates the body, checks the worker's grid, runs the
// case engine (deadline clocks on the working-day calendar) and writes the case, its first event, the
// grid facts and an audit row in one statement. Afterwards the audit hash chain must still verify.
import { atLeast, describeLoad, failureNote, round, sleep } from '../harness';
import { baselineUrl, type Scenario } from './context';

interface Verification {
  ok: boolean;
  checked: number;
  pending: number;
  brokenAt: number | null;
  reason: string | null;
}

export const eventCreateScenario: Scenario = {
  name: 'eventCreate',
  title: 'create grid events',
  async run(ctx) {
    const worker = await ctx.session('grid');
    const { grid, gridUserId } = ctx.fixtures;
    const categories = await worker.get<
      Array<{ active: boolean; children: Array<{ key: string; active: boolean }> }>
    >('/api/grid/event-categories');
    const categoryKey = categories.flatMap((c) => (c.active ? c.children.filter((l) => l.active) : []))[0]
      ?.key;
    if (!categoryKey) throw new Error('no active event category');
    const run = Date.now().toString(36);

    const [created, measured] = await ctx.loadPair(
      {
        url: `${ctx.jiceng.baseUrl}/api/grid/events`,
        method: 'POST',
        headers: { ...worker.headers, 'content-type': 'application/json' },
        bodyOf: (n) =>
          JSON.stringify({
            gridId: grid.id,
            categoryKey,
            title: `压测上报事件 ${run}-${n}`,
            description: '基准测试：网格员上报的事件，用于测量受理前的写入吞吐。',
          }),
      },
      {
        url: `${baselineUrl(ctx)}/events`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        bodyOf: (n) =>
          JSON.stringify({
            gridId: grid.id,
            unitId: grid.unitId,
            userId: gridUserId,
            title: `基线事件 ${run}-${n}`,
          }),
      },
    );
    const bare = measured!;

    // The sealer appends committed rows to the chain every 2 s; verification seals first, then checks all.
    const auditor = await ctx.session('audit');
    const started = performance.now();
    let verification = await auditor.post<Verification>('/api/audit/verify');
    for (let attempt = 0; verification.ok && verification.pending > 0 && attempt < 30; attempt++) {
      await sleep(1000);
      verification = await auditor.post<Verification>('/api/audit/verify');
    }
    const verifySeconds = round((performance.now() - started) / 1000, 1);
    const share = created.requestsPerSecond / Math.max(1, bare.requestsPerSecond);
    return [
      {
        scenario: 'eventCreate',
        key: 'eventCreate.rate',
        title: `grid worker reports events (validation, case engine, audit row) for ${created.seconds} s`,
        value: created.requestsPerSecond,
        unit: 'req/s',
        figure: describeLoad(created),
        baseline: { value: bare.requestsPerSecond, text: describeLoad(bare) },
        ratio: share,
        target: '≥ 500/s, no errors',
        met: created.errors === 0 && atLeast(created.requestsPerSecond, 500),
        errors: created.errors + bare.errors,
        note: failureNote(undefined, created, bare),
        detail: { figure: created, baseline: bare },
      },
      {
        scenario: 'eventCreate',
        key: 'eventCreate.auditChain',
        title: 'audit hash chain verifies after the load',
        value: verification.checked,
        unit: 'rows',
        figure: `${verification.ok && verification.pending === 0 ? 'verifies' : 'FAILS'}: ${verification.checked.toLocaleString('en-US')} rows in ${verifySeconds} s`,
        baseline: null,
        ratio: null,
        target: 'verifies, nothing pending',
        met: verification.ok && verification.pending === 0,
        errors: verification.ok ? 0 : 1,
        note: verification.ok
          ? verification.pending > 0
            ? `${verification.pending} rows still unsealed`
            : undefined
          : `broken at ${verification.brokenAt}: ${verification.reason}`,
        detail: { ...verification, seconds: verifySeconds },
      },
    ];
  },
};
