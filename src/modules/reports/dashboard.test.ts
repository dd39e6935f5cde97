import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, createTestApp, loginAs, type Session, type TestContext } from '../../../test/support/app';
import { loadDemoData } from '../../demo/load';
import { units } from '../orgs';

// The dashboard routes over the small demo banner: every trend point and every comparison column must
// equal the registered indicator computed alone for that period or unit.

let t: TestContext;
let staff: Session;
let clerkA: Session;
type UnitRow = typeof units.$inferSelect;
let banner: UnitRow;
let sumuA: UnitRow;
let sumuB: UnitRow;

beforeAll(async () => {
  t = await createTestApp();
  await loadDemoData(t.database, { cipher: t.cipher, size: 'small' });
  const [root] = await t.database.db.select().from(units).where(isNull(units.parentId));
  banner = root!;
  const sumus = await t.database.db
    .select()
    .from(units)
    .where(and(eq(units.parentId, banner.id), inArray(units.type, ['sumu', 'town'])))
    .orderBy(asc(units.sortOrder), asc(units.name));
  expect(sumus.length).toBeGreaterThanOrEqual(2);
  [sumuA, sumuB] = sumus as [UnitRow, UnitRow];
  await buildUser(t, { username: 'dashStaff', grants: [{ role: 'orgStaff', unit: banner }] });
  await buildUser(t, { username: 'dashClerkA', grants: [{ role: 'unitClerk', unit: sumuA }] });
  staff = await loginAs(t, 'dashStaff');
  clerkA = await loginAs(t, 'dashClerkA');
}, 120_000);
afterAll(async () => t?.close());

interface SeriesJson {
  key: string;
  step: string;
  periods: Array<{ from: string; to: string; label: string }>;
  values: Array<number | null>;
  failed: boolean[];
  groups: Array<{ key: string; label: string; values: Array<number | null> }>;
}

interface OneJson {
  value: number | null;
  breakdown?: Array<{ key: string; value: number | null }>;
}

async function one(session: Session, key: string, query: Record<string, string>): Promise<OneJson> {
  const response = await session.get(`/api/indicators/${key}?${new URLSearchParams(query)}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

describe('trends over consecutive periods', () => {
  it('computes several series in one request, each point equal to the indicator computed alone', async () => {
    const response = await staff.get(
      '/api/reports/series?series=meetings.held.byKind:month:12,members.byCategory:year:3,members.byEthnicity:year:3&end=2026-11-25',
    );
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as { unit: null; series: SeriesJson[] };
    expect(body.unit).toBeNull();
    const [held, members] = body.series as [SeriesJson, SeriesJson];
    expect(held.key).toBe('meetings.held.byKind');
    expect(held.periods).toHaveLength(12);
    expect(held.periods[0]).toEqual({ from: '2025-12-01', to: '2026-01-01', label: '2025年12月' });
    expect(held.periods[11]).toMatchObject({ from: '2026-11-01', to: '2026-12-01' });
    expect(members.periods.map((p) => p.label)).toEqual(['2024年', '2025年', '2026年']);
    expect(held.failed.every((failed) => !failed)).toBe(true);
    // The demo holds meetings: the trend is not all zeros.
    expect(held.values.reduce<number>((sum, v) => sum + (v ?? 0), 0)).toBeGreaterThan(0);
    for (const series of body.series) {
      for (const [index, period] of series.periods.entries()) {
        const alone = await one(staff, series.key, { from: period.from, to: period.to });
        expect(series.values[index], `${series.key} ${period.label}`).toBe(alone.value);
        for (const group of series.groups) {
          const aloneGroup = alone.breakdown?.find((g) => g.key === group.key)?.value ?? null;
          expect(group.values[index], `${series.key} ${group.key} ${period.label}`).toBe(aloneGroup);
        }
      }
    }
    expect(members.groups.map((g) => g.label)).toEqual(['正式党员', '预备党员']);
    // The member series read every year's counts at once: the years differ, as members joined.
    expect(new Set(members.values).size).toBeGreaterThan(1);
  });

  it('narrows to a unit in scope and refuses a unit outside it with 404', async () => {
    const inside = await clerkA.get(
      `/api/reports/series?series=members.total:year:2&unitId=${sumuA.id}&end=2026-06-01`,
    );
    expect(inside.statusCode, inside.body).toBe(200);
    expect(inside.json().unit.id).toBe(sumuA.id);
    const alone = await one(clerkA, 'members.total', {
      unitId: sumuA.id,
      from: '2026-01-01',
      to: '2027-01-01',
    });
    expect(inside.json().series[0].values[1]).toBe(alone.value);
    // Without a unit the clerk's whole scope is sumuA: the same figures.
    const whole = await clerkA.get('/api/reports/series?series=members.total:year:2&end=2026-06-01');
    expect(whole.json().series[0].values).toEqual(inside.json().series[0].values);
    const outside = await clerkA.get(`/api/reports/series?series=members.total:year:2&unitId=${sumuB.id}`);
    expect(outside.statusCode).toBe(404);
  });

  it('refuses bad input in Chinese', async () => {
    const cases: Array<[string, number, string]> = [
      ['/api/reports/series', 400, '趋势序列：必填'],
      ['/api/reports/series?series=members.total', 400, '趋势序列格式应为'],
      ['/api/reports/series?series=members.total:week:3', 400, '趋势序列格式应为'],
      ['/api/reports/series?series=members.total:month:0', 400, '期数应在 1 到 24 之间'],
      ['/api/reports/series?series=members.total:month:25', 400, '期数应在 1 到 24 之间'],
      [`/api/reports/series?series=${Array(7).fill('members.total:year:1').join(',')}`, 400, '最多计算 6 个'],
      ['/api/reports/series?series=members.total:year:1&end=2026-02-30', 400, '截止日期'],
      ['/api/reports/series?series=members.total:year:1&unitId=nope', 400, '单位编号格式不正确'],
      ['/api/reports/series?series=no.such.key:year:1', 404, '指标“no.such.key”不存在'],
    ];
    for (const [url, status, message] of cases) {
      const response = await staff.get(url);
      expect(response.statusCode, url).toBe(status);
      expect(response.json().error.message, url).toContain(message);
    }
  });
});

describe('comparison across the direct child units', () => {
  // The compliance rates and the elections figures are computed once for the banner and split by
  // column: the same figures.
  const keys = [
    'members.total',
    'meetings.held.byKind',
    'orgs.units.gacha',
    'meetings.complianceRate.byKind',
    'meetings.complianceRate.byOrgType',
    'elections.dualRole.rate',
    'centers.meetingStandard',
    'centers.upgradeProgress',
  ];

  it('computes the indicators for each 苏木镇 under the banner, each equal to computing it alone', async () => {
    const response = await staff.get(
      `/api/reports/compare?keys=${keys.join(',')}&from=2026-01-01&to=2027-01-01`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.unit.id).toBe(banner.id);
    expect(body.periodLabel).toBe('2026年');
    const children = await t.database.db
      .select()
      .from(units)
      .where(and(eq(units.parentId, banner.id), eq(units.active, true)));
    const areaChildren = children.filter((u) => ['sumu', 'town', 'gacha', 'community'].includes(u.type));
    expect(body.columns.map((c: { id: string }) => c.id).sort()).toEqual(
      areaChildren.map((u) => u.id).sort(),
    );
    expect(body.items.map((item: { key: string }) => item.key)).toEqual(keys);
    for (const item of body.items as Array<{ key: string; values: Array<number | null> }>) {
      for (const [index, column] of (body.columns as Array<{ id: string; name: string }>).entries()) {
        const alone = await one(staff, item.key, { unitId: column.id, from: '2026-01-01', to: '2027-01-01' });
        expect(item.values[index], `${item.key} ${column.name}`).toBe(alone.value);
      }
    }
    const rates = body.items.find((item: { key: string }) => item.key === 'meetings.complianceRate.byKind');
    expect(rates.values.filter((value: number | null) => value !== null).length).toBeGreaterThan(1);
    // Figures split from their parent's (members, the centres' standing) are not all one number.
    for (const key of ['members.total', 'centers.upgradeProgress']) {
      const item = body.items.find((candidate: { key: string }) => candidate.key === key);
      expect(new Set(item.values).size, key).toBeGreaterThan(1);
    }
  });

  it('lists for a 苏木 clerk only the children inside their 苏木, and 404 for another 苏木', async () => {
    const response = await clerkA.get(`/api/reports/compare?keys=members.total`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.unit.id).toBe(sumuA.id);
    expect(body.columns.length).toBeGreaterThan(0);
    const paths = await t.database.db.select({ id: units.id, path: units.path }).from(units);
    const pathOf = new Map(paths.map((p) => [p.id, p.path]));
    for (const column of body.columns as Array<{ id: string }>) {
      expect(pathOf.get(column.id)!.startsWith(sumuA.path)).toBe(true);
      expect(pathOf.get(column.id)).not.toBe(sumuA.path);
    }
    const outside = await clerkA.get(`/api/reports/compare?keys=members.total&unitId=${sumuB.id}`);
    expect(outside.statusCode).toBe(404);
    expect(outside.json().error.message).toContain('不存在');
  });

  it('refuses bad input in Chinese', async () => {
    const cases: Array<[string, number, string]> = [
      ['/api/reports/compare', 400, '对比指标：必填'],
      ['/api/reports/compare?keys=members.total;drop', 400, '指标标识只能包含'],
      [
        `/api/reports/compare?keys=${Array.from({ length: 9 }, (_, i) => `k${i}`).join(',')}`,
        400,
        '最多对比 8 个',
      ],
      ['/api/reports/compare?keys=members.total&from=2026-06-01', 400, '请同时填写开始日期和结束日期'],
      [
        '/api/reports/compare?keys=members.total&from=2026-06-01&to=2026-06-01',
        400,
        '开始日期应早于结束日期',
      ],
      ['/api/reports/compare?keys=no.such.key', 404, '指标“no.such.key”不存在'],
    ];
    for (const [url, status, message] of cases) {
      const response = await staff.get(url);
      expect(response.statusCode, url).toBe(status);
      expect(response.json().error.message, url).toContain(message);
    }
  });
});

describe('needs attention now', () => {
  it('lists the first records of each attention indicator, the same as its drill-down', async () => {
    const response = await staff.get('/api/reports/attention?limit=5');
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.lists.map((list: { key: string }) => list.key)).toEqual([
      'meetings.overdueOpen',
      'elections.terms.due',
      'members.conversionDueThisQuarter',
      'grid.event.overdueNow',
    ]);
    for (const list of body.lists as Array<{
      key: string;
      value: number | null;
      resolvable: boolean;
      count: number;
      total: number;
      items: Array<{ id: string; link?: string; tag?: string }>;
    }>) {
      expect(list.resolvable, list.key).toBe(true);
      const drill = await staff.get(`/api/reports/indicators/${list.key}/evidence?page=1&pageSize=5`);
      expect(drill.statusCode).toBe(200);
      expect(
        list.items.map((item) => item.id),
        list.key,
      ).toEqual(drill.json().items.map((item: { id: string }) => item.id));
      expect(list.total).toBe(drill.json().total);
      expect(list.items.length).toBeLessThanOrEqual(5);
      for (const item of list.items) expect(item.link, list.key).toBeTruthy();
    }
    // The demo leaves some branches behind with their organisational life: the list is not empty.
    expect(body.lists[0].items.length).toBeGreaterThan(0);
    // Term warnings say which kind of warning each unit has.
    for (const item of body.lists[1].items) expect(['已届满', '即将届满', '无换届记录']).toContain(item.tag);
  });

  it('stays inside the clerk’s 苏木 and refuses another 苏木', async () => {
    const response = await clerkA.get('/api/reports/attention');
    expect(response.statusCode, response.body).toBe(200);
    const sumuName = sumuA.name;
    for (const list of response.json().lists as Array<{ items: Array<{ unitPath?: string }> }>) {
      for (const item of list.items) expect(item.unitPath ?? '').toContain(sumuName);
    }
    const outside = await clerkA.get(`/api/reports/attention?unitId=${sumuB.id}`);
    expect(outside.statusCode).toBe(404);
    const bad = await staff.get('/api/reports/attention?limit=0');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('每个清单至少 1 条');
  });
});

describe('the page in one request', () => {
  // The dashboard page's own figures: the compliance year, the committees in office and the members'
  // tallies are read once for the three parts, and each part must be what its own request gives.
  const cards = [
    'members.total',
    'members.byCategory',
    'elections.dualRole.rate',
    'elections.completed',
    'meetings.complianceRate.byKind',
    'meetings.overdueOpen',
    'centers.meetingStandard',
    'grid.event.overdueNow',
    'grid.event.openByGrid',
  ].join(',');
  const compared =
    'members.total,meetings.complianceRate.byKind,elections.dualRole.rate,centers.meetingStandard';
  const withoutTimes = (body: { computedAt?: string }) => ({ ...body, computedAt: undefined });

  it('gives the figures, the comparison and the attention lists of their own requests', async () => {
    for (const [session, query] of [
      [staff, 'from=2026-01-01&to=2027-01-01'],
      [staff, `unitId=${sumuB.id}&from=2026-04-01&to=2026-07-01`],
      [clerkA, ''],
    ] as const) {
      const board = await session.get(
        `/api/reports/dashboard?${query}&keys=${cards}&compare=${compared}&limit=5`,
      );
      expect(board.statusCode, board.body).toBe(200);
      const body = board.json();
      const figures = await session.get(`/api/reports/indicators?${query}&keys=${cards}`);
      const compare = await session.get(`/api/reports/compare?${query}&keys=${compared}`);
      const attention = await session.get(`/api/reports/attention?${query}&limit=5`);
      expect(withoutTimes(body.figures), query).toEqual(withoutTimes(figures.json()));
      expect(body.compare, query).toEqual(compare.json());
      expect(body.attention, query).toEqual(attention.json());
      expect(body.figures.items.some((item: { value: number | null }) => (item.value ?? 0) > 0)).toBe(true);
      expect(body.compare.columns.length, query).toBeGreaterThan(0);
    }
  });

  it('refuses bad input in Chinese and a unit out of scope with 404', async () => {
    const cases: Array<[Session, string, number, string]> = [
      [staff, `/api/reports/dashboard?keys=${cards}`, 400, '对比指标：必填'],
      [staff, `/api/reports/dashboard?compare=${compared}&keys=a;b`, 400, '指标标识只能包含'],
      [staff, `/api/reports/dashboard?compare=${compared}&limit=0`, 400, '每个清单至少 1 条'],
      [
        staff,
        `/api/reports/dashboard?compare=${compared}&from=2026-06-01`,
        400,
        '请同时填写开始日期和结束日期',
      ],
      [clerkA, `/api/reports/dashboard?compare=${compared}&unitId=${sumuB.id}`, 404, '不存在'],
    ];
    for (const [session, url, status, message] of cases) {
      const response = await session.get(url);
      expect(response.statusCode, url).toBe(status);
      expect(response.json().error.message, url).toContain(message);
    }
  });
});
