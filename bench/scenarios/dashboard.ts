// The leaders' dashboard for the whole tree in scope (the league at ×10) and this year: the requests
// the page makes at once (key figures with the comparison across child units and the attention lists,
// trends, grid shapes), timed together; and the same year read back from a frozen snapshot.
import { describeSamples, samplesRow } from '../harness';
import { baselineUrl, chinaToday, type Scenario } from './context';

// The dashboard page's own requests (src/modules/reports/web/DashboardPage.tsx).
const CARD_KEYS = [
  'members.total',
  'members.byCategory',
  'members.mobile',
  'elections.dualRole.rate',
  'elections.completed',
  'meetings.complianceRate.byKind',
  'meetings.overdueOpen',
  'centers.meetingStandard',
  'centers.upgradeProgress',
  'orgs.partyOrgs.total',
  'orgs.units.village',
  'grid.event.closedOnTime',
  'grid.event.overdueNow',
  'grid.event.openByGrid',
  'grid.event.overdueByGrid',
].join(',');
const SERIES = 'meetings.held.byKind:month:12,members.byCategory:year:5';
const COMPARE_KEYS =
  'members.total,meetings.complianceRate.byKind,elections.dualRole.rate,centers.meetingStandard,orgs.partyOrgs.total';

interface SnapshotView {
  id: string;
  unitId: string;
  period: { from: string; to: string };
}

export const dashboardScenario: Scenario = {
  name: 'dashboard',
  title: "leaders' dashboard",
  async run(ctx) {
    const leader = await ctx.session('staff');
    const today = chinaToday();
    const year = Number(today.slice(0, 4));
    // The whole tree; the smoke run only checks the path, on one 苏木镇 (a fraction of the work).
    const unit = ctx.smoke ? ctx.fixtures.sumu : ctx.fixtures.root;
    const scope = ctx.smoke ? `unitId=${unit.id}&` : '';
    const period = `${scope}from=${year}-01-01&to=${year + 1}-01-01`;
    const requests = {
      board: `/api/reports/dashboard?${period}&keys=${CARD_KEYS}&compare=${COMPARE_KEYS}&limit=8`,
      series: `/api/reports/series?${scope}end=${today}&series=${SERIES}`,
      shapes: `/api/grid/shapes?${scope}`,
    };
    const urls = Object.values(requests);
    const page = await ctx.sample(() => Promise.all(urls.map((url) => leader.get(url))), { min: 3, max: 10 });
    // Each request once on its own, to show where the time goes.
    const alone: string[] = [];
    for (const [name, url] of Object.entries(requests)) {
      if (page.failure) break;
      const started = performance.now();
      const done = await leader.get(url).then(
        () => true,
        () => false,
      );
      alone.push(`${name} ${done ? `${Math.round(performance.now() - started)} ms` : 'failed'}`);
    }

    // A frozen snapshot of the same scope and year: reuse one from an earlier run, else freeze it now.
    const from = `${year}-01-01`;
    const to = `${year + 1}-01-01`;
    const existing = await leader.get<{ items: SnapshotView[] }>(
      `/api/reports/snapshots?unitId=${unit.id}&pageSize=100`,
    );
    let snapshot = existing.items.find(
      (s) => s.unitId === unit.id && s.period.from === from && s.period.to === to,
    );
    let freezeMs: number | null = null;
    if (!snapshot) {
      const started = performance.now();
      snapshot = await leader.post<SnapshotView>('/api/reports/snapshots', {
        unitId: unit.id,
        from,
        to,
        label: '基准测试快照',
      });
      freezeMs = Math.round(performance.now() - started);
    }
    const snapshotId = snapshot.id;
    const fromSnapshot = await ctx.sample(() => leader.get(`/api/reports/snapshots/${snapshotId}`), {
      min: 3,
      max: 10,
    });
    const bare = await ctx.sample(
      async () => {
        const response = await fetch(`${baselineUrl(ctx)}/snapshot/${snapshotId}`);
        if (!response.ok) throw new Error(`baseline snapshot: ${response.status}`);
        await response.arrayBuffer();
      },
      { min: 3, max: 10 },
    );
    return [
      samplesRow({
        scenario: 'dashboard',
        key: 'dashboard.uncached',
        title: `dashboard of ${unit.name}, ${year}: its ${urls.length} requests at once, uncached`,
        figure: page,
        limitMs: 300,
        note: alone.length ? `each alone: ${alone.join(', ')}` : undefined,
      }),
      samplesRow({
        scenario: 'dashboard',
        key: 'dashboard.snapshot',
        title: 'the same year read from its frozen snapshot (GET /api/reports/snapshots/:id)',
        figure: fromSnapshot,
        baseline: { value: bare.p95, text: `bare read of the frozen rows: ${describeSamples(bare)}` },
        limitMs: 50,
        note:
          [
            freezeMs !== null && `snapshot frozen for the run in ${freezeMs} ms`,
            bare.failure && `baseline failed: ${bare.failure}`,
          ]
            .filter(Boolean)
            .join('; ') || undefined,
      }),
    ];
  },
};
