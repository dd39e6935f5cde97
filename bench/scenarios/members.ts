// Member list: the roster of one 苏木镇 (the account's scope), filtered (female full members), in the
// roster's pinyin order, one page of 20 — against a bare route running the same two queries through pg.
import { atLeast, describeLoad, failureNote, latencyRow, perSecond } from '../harness';
import type { Scenario } from './context';

export const membersScenario: Scenario = {
  name: 'members',
  title: 'member list',
  async run(ctx) {
    const clerk = await ctx.session('sumu');
    const { sumu } = ctx.fixtures;
    const [list, measured] = await ctx.loadPair(
      {
        url: `${ctx.jiceng.baseUrl}/api/members?gender=female&category=full&page=1&pageSize=20`,
        headers: clerk.headers,
      },
      ctx.baseline
        ? {
            url: `${ctx.baseline.baseUrl}/members?scope=${encodeURIComponent(sumu.path)}&gender=female&category=full`,
          }
        : null,
    );
    const latency = (baseline: typeof list | null) =>
      latencyRow({
        scenario: 'members',
        key: 'members.p95',
        title: `member list of ${sumu.name} (${sumu.members} members), filtered, page of 20`,
        figure: list,
        baseline,
        limitMs: 50,
      });
    if (!measured) return [latency(null)];
    const bare = measured;
    const share = list.requestsPerSecond / Math.max(1, bare.requestsPerSecond);
    return [
      latency(bare),
      {
        scenario: 'members',
        key: 'members.throughput',
        title: 'member list throughput against the same SQL through bare pg',
        value: list.requestsPerSecond,
        unit: 'req/s',
        figure: perSecond(list.requestsPerSecond),
        baseline: { value: bare.requestsPerSecond, text: describeLoad(bare) },
        ratio: share,
        target: '≥ 50% of baseline',
        met: list.errors === 0 && atLeast(share, 0.5),
        errors: list.errors + bare.errors,
        note: failureNote(undefined, list, bare),
        detail: { figure: list, baseline: bare },
      },
    ];
  },
};
