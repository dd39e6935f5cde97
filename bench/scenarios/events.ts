// Grid events for a grid worker: the worker's own list ("mine": events in my grids or reported by me),
// one page of 20, and one event's timeline (the case with every transition) — each against a bare route
// running the same queries.
import { latencyRow } from '../harness';
import { baselineUrl, type Scenario } from './context';

export const eventsScenario: Scenario = {
  name: 'events',
  title: 'grid events of a grid worker',
  async run(ctx) {
    const worker = await ctx.session('grid');
    const { grid, gridUserId } = ctx.fixtures;
    const page = await worker.get<{ total: number; items: Array<{ id: string }> }>(
      '/api/grid/events?mine=true&page=1&pageSize=20',
    );
    const eventId = page.items[0]?.id;
    if (!eventId) throw new Error('the grid worker has no events to list');

    const [list, listBare] = await ctx.loadPair(
      { url: `${ctx.jiceng.baseUrl}/api/grid/events?mine=true&page=1&pageSize=20`, headers: worker.headers },
      { url: `${baselineUrl(ctx)}/events?scope=${encodeURIComponent(grid.unitPath)}&user=${gridUserId}` },
    );
    const [timeline, timelineBare] = await ctx.loadPair(
      { url: `${ctx.jiceng.baseUrl}/api/grid/events/${eventId}`, headers: worker.headers },
      { url: `${baselineUrl(ctx)}/timeline/${eventId}` },
    );
    return [
      latencyRow({
        scenario: 'events',
        key: 'events.list',
        title: `a grid worker's event list (${page.total} events), page of 20`,
        figure: list,
        baseline: listBare,
        limitMs: 80,
      }),
      latencyRow({
        scenario: 'events',
        key: 'events.timeline',
        title: 'one event with its timeline',
        figure: timeline,
        baseline: timelineBare,
        limitMs: 80,
      }),
    ];
  },
};
