// The HTTP baseline: a bare Fastify route on the same machine, and Jiceng's health check beside it.
import { describeLoad, failureNote } from '../harness';
import { baselineUrl, type Scenario } from './context';

export const pingScenario: Scenario = {
  name: 'ping',
  title: 'HTTP baseline',
  async run(ctx) {
    const [health, measured] = await ctx.loadPair(
      { url: `${ctx.jiceng.baseUrl}/api/health` },
      { url: `${baselineUrl(ctx)}/ping` },
    );
    const bare = measured!;
    return [
      {
        scenario: 'ping',
        key: 'ping.bare',
        title: 'bare Fastify GET /ping (the HTTP baseline)',
        value: bare.requestsPerSecond,
        unit: 'req/s',
        figure: describeLoad(bare),
        baseline: null,
        ratio: null,
        target: 'HTTP baseline',
        met: null,
        errors: bare.errors,
        detail: bare,
      },
      {
        scenario: 'ping',
        key: 'ping.health',
        title: 'Jiceng GET /api/health (router, hooks, one select 1)',
        value: health.requestsPerSecond,
        unit: 'req/s',
        figure: describeLoad(health),
        baseline: { value: bare.requestsPerSecond, text: describeLoad(bare) },
        ratio: health.requestsPerSecond / Math.max(1, bare.requestsPerSecond),
        target: 'informative',
        met: null,
        errors: health.errors + bare.errors,
        note: failureNote(undefined, health, bare),
        detail: health,
      },
    ];
  },
};
