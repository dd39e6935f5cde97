// Grid events at scale: five years of them (more each year, more in summer), each lived through the
// case engine from intake to wherever it stands at the seeding's "now" — rejected, accepted late,
// dispatched to the banner department for its category, returned and re-dispatched, paused for the
// resident, supervised, extended, replied on time or late, redone, rated (a "not solved" rating
// reopens it), closed unrated after the rating period, escalated step by step while overdue; about one
// in twenty repeats an earlier event of its grid and is linked into its chain. Written a month at a time,
// a month behind, so a repeat can still mark its original as the head of a chain.
import { defaultEventCategories, GRID_EVENT_TYPE, gridEventType } from '../../modules/grid';
import { apportion, createRandom, type Random } from '../random';
import {
  type CaseFacts,
  caseAuditDrafts,
  caseColumns,
  caseEventColumns,
  caseEventRows,
  caseRow,
} from './cases';
import { CaseLife } from './life';
import { StageProgress } from './progress';
import { type Resident, residentPool } from './residents';
import type { ScaleRun } from './run';
import { existingCases, type ScaleGrid, type ScaleUnit } from './snapshot';
import { chinaTime, firstOfMonthsBack, type MonthSpan, monthSpans } from './time';
import { categoryWeights, departmentFor, eventReplies, eventTitles } from './words';

const HOUR = 3_600_000;
const DAY = 86_400_000;

const gridEventColumns = {
  case_id: 'uuid',
  grid_id: 'uuid',
  category_key: 'text',
  source: 'text',
  reporter_key: 'text',
  occurred_at: 'timestamptz',
  created_at: 'timestamptz',
} as const;

interface BannerPlan {
  banner: ScaleUnit;
  grids: ScaleGrid[];
  /** Running totals of the grids' weights, for a weighted pick by binary search. */
  cumulative: number[];
  departments: ScaleUnit[];
  centreName: string;
  residents: Resident[];
  perMonth: number[];
  /** Whether this banner already has an event left stuck in the backlog window. */
  hasBacklog: boolean;
}

/** What a later repeat needs of an earlier event (kept apart from its life, which is freed once written). */
interface RecentEvent {
  facts: CaseFacts;
  created: Date;
  resident: Resident | null;
  flushed: boolean;
}

interface EventDraft {
  recent: RecentEvent;
  grid: ScaleGrid;
  source: 'gridWorker' | 'portal';
  life: CaseLife;
}

interface Leaf {
  key: string;
  handling: string | null;
  weightRural: number;
  weightTown: number;
}

/** The leaf categories with how often 嘎查 and 社区 report them. */
function leafCategories(): Leaf[] {
  return defaultEventCategories.flatMap((top) =>
    top.children.map(([key]) => {
      const weight = (categoryWeights[top.key] ?? 2) / top.children.length;
      return {
        key,
        handling: top.handlingUnitType,
        weightRural: weight,
        weightTown: top.key === 'pasture' ? weight * 0.05 : weight,
      };
    }),
  );
}

/** How many events each month gets: more every year (the grids took root), a summer peak. */
function monthWeights(spans: readonly MonthSpan[]): number[] {
  return spans.map((span, i) => {
    const growth = 0.55 + (0.9 * i) / Math.max(1, spans.length - 1);
    const season = 1 + 0.2 * Math.cos((2 * Math.PI * (span.monthOfYear - 7)) / 12);
    return span.days * growth * season;
  });
}

function pickWeighted<T>(random: Random, items: readonly T[], cumulative: readonly number[]): T {
  const roll = random.next() * cumulative[cumulative.length - 1]!;
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (cumulative[mid]! > roll) high = mid;
    else low = mid + 1;
  }
  return items[low]!;
}

/** Tops the grid events up to `total` (over all banners), each with its full timeline. */
export async function seedGridEvents(run: ScaleRun, total: number): Promise<{ gridEvents: number }> {
  const { snapshot, writer, ids } = run;
  const random = createRandom(run.seed ^ 0x6e7e47);
  const spans = monthSpans(firstOfMonthsBack(run.today, 59), run.today);
  const weights = monthWeights(spans);
  const leaves = leafCategories();
  const cumulativeOf = (pick: (leaf: Leaf) => number) => {
    let sum = 0;
    return leaves.map((leaf) => {
      sum += pick(leaf);
      return sum;
    });
  };
  const ruralCumulative = cumulativeOf((l) => l.weightRural);
  const townCumulative = cumulativeOf((l) => l.weightTown);
  const pathOf = (unitId: string) => snapshot.unitById.get(unitId)?.path ?? `/${unitId}/`;

  const bannersWithGrids = snapshot.banners
    .map((banner) => ({ banner, grids: snapshot.grids.filter((g) => g.bannerId === banner.id) }))
    .filter((b) => b.grids.length > 0);
  const shares = apportion(
    total,
    bannersWithGrids.map((b) => b.grids.length),
  );
  const plans: BannerPlan[] = bannersWithGrids.map(({ banner, grids }, i) => {
    const wanted = Math.max(0, shares[i]! - existingCases(snapshot, GRID_EVENT_TYPE, banner.id));
    let sum = 0;
    const cumulative = grids.map((g) => {
      sum += snapshot.unitById.get(g.unitId)?.type === 'community' ? 2.5 : 1;
      return sum;
    });
    return {
      banner,
      grids,
      cumulative,
      departments: (snapshot.childrenOf.get(banner.id) ?? []).filter((u) => u.type === 'agency'),
      centreName: `${banner.name}网格化服务管理中心`,
      residents: residentPool(random, run.cipher, Math.min(4000, Math.max(50, Math.ceil(wanted / 25)))),
      perMonth: apportion(wanted, weights),
      hasBacklog: false,
    };
  });
  const progress = new StageProgress(
    run.onProgress,
    'grid events',
    plans.reduce((sum, p) => sum + p.perMonth.reduce((a, b) => a + b, 0), 0),
  );
  const rowsBefore = writer.rows;
  const recentByGrid = new Map<string, RecentEvent[]>();

  const departmentOf = (plan: BannerPlan, category: string) => {
    const words = departmentFor[category] ?? [];
    const matching = plan.departments.filter((d) => words.some((w) => d.name.includes(w)));
    return random.pick(matching.length > 0 ? matching : plan.departments);
  };

  // Events received 14–30 days ago that some handler let slide: at "now" they are overdue and climbing
  // the escalation ladder. At least one per banner, so every scale shows a backlog.
  const backlogFrom = run.until.getTime() - 30 * DAY;
  const backlogTo = run.until.getTime() - 14 * DAY;
  const draft = (plan: BannerPlan, created: Date): EventDraft => {
    const grid = pickWeighted(random, plan.grids, plan.cumulative);
    const village = snapshot.unitById.get(grid.unitId)!;
    const town = village.type === 'community';
    const recent = (recentByGrid.get(grid.id) ?? []).filter(
      (e) => !e.flushed && created.getTime() - e.created.getTime() < gridEventType.repeat!.windowDays * DAY,
    );
    recentByGrid.set(grid.id, recent);
    const original = recent.length > 0 && random.chance(0.06) ? random.pick(recent) : null;
    const leaf = original
      ? leaves.find((l) => l.key === original.facts.category)!
      : pickWeighted(random, leaves, town ? townCumulative : ruralCumulative);
    const title = original?.facts.title ?? random.pick(eventTitles[leaf.key] ?? ['群众反映其他问题']);
    const source = random.chance(0.4) ? 'portal' : 'gridWorker';
    const resident =
      source === 'portal'
        ? original?.resident && random.chance(0.6)
          ? original.resident
          : random.pick(plan.residents)
        : null;
    const reporter = resident ? '群众' : (grid.workerName ?? `${grid.name}网格员`);
    const id = ids.uuid(created.getTime());
    const chainId = original ? (original.facts.chainId ?? original.facts.id) : null;
    if (original && !original.facts.chainId) original.facts.chainId = chainId;
    const lat = original?.facts.lat ?? grid.centerLat + (random.next() - 0.5) * 0.01;
    const lng = original?.facts.lng ?? grid.centerLng + (random.next() - 0.5) * 0.006;
    const facts: CaseFacts = {
      id,
      bannerId: plan.banner.id,
      type: GRID_EVENT_TYPE,
      code: ids.trackingCode(),
      title,
      description: `${village.name}${grid.name}${resident ? '群众反映' : '网格员巡查发现'}：${title}，请及时处理。`,
      category: leaf.key,
      submitter: {
        name: resident ? resident.calledAs : reporter,
        index: resident?.index ?? null,
        cipher: resident?.cipher ?? null,
        masked: resident?.masked ?? null,
      },
      lat: original ? lat + (random.next() - 0.5) * 0.001 : lat,
      lng: original ? lng + (random.next() - 0.5) * 0.001 : lng,
      details: { gridId: grid.id, gridName: grid.name, source },
      attachmentIds: !resident && random.chance(0.4) ? [run.photoOf(village.id)] : [],
      repeatOfId: original?.facts.id ?? null,
      chainId,
    };
    const life = new CaseLife(gridEventType, created, grid.unitId, reporter, run.calendar, run.until, pathOf);
    const recentEvent: RecentEvent = { facts, created, resident, flushed: false };
    const event: EventDraft = { recent: recentEvent, grid, source, life };
    const inBacklog = created.getTime() >= backlogFrom && created.getTime() < backlogTo;
    const stuck = inBacklog && (!plan.hasBacklog || random.chance(0.25));
    if (stuck) plan.hasBacklog = true;
    live(plan, event, leaf, village, original, stuck);
    recent.push(recentEvent);
    return event;
  };

  const live = (
    plan: BannerPlan,
    event: EventDraft,
    leaf: Leaf,
    village: ScaleUnit,
    original: RecentEvent | null,
    stuck: boolean,
  ) => {
    const { life } = event;
    if (!stuck && random.chance(0.05)) {
      life.act(
        'reject',
        random.int(1, 20),
        { note: '不属于网格事件受理范围，已告知群众向相关部门反映' },
        village.name,
      );
      life.finish();
      return;
    }
    const slow = random.chance(0.12);
    life.act('accept', slow && random.chance(0.4) ? random.int(20, 72) : random.int(1, 16), {}, village.name);
    let handler = village.name;
    const dispatchChance = leaf.handling === 'gacha' ? 0.08 : leaf.handling === null ? 0.3 : 0.6;
    if (plan.departments.length > 0 && random.chance(dispatchChance)) {
      const department = departmentOf(plan, leaf.key);
      life.act(
        'dispatch',
        random.int(1, 24),
        { unitId: department.id, note: '请按职责办理' },
        plan.centreName,
      );
      handler = `${department.name}经办人`;
      if (random.chance(0.05)) {
        life.act(
          'return',
          random.int(4, 48),
          { unitId: village.id, note: '该事项不属于本单位职责，退回重新分派' },
          handler,
        );
        const next = random.pick(plan.departments);
        life.act('dispatch', random.int(2, 24), { unitId: next.id, note: '请按职责办理' }, plan.centreName);
        handler = `${next.name}经办人`;
      }
    }
    if (original)
      life.link(random.int(1, 12), plan.centreName, {
        repeatOfId: original.facts.id,
        chainId: event.recent.facts.chainId!,
      });
    if (!stuck && random.chance(0.05)) {
      life.act('pause', random.int(4, 30), { note: '需群众补充现场照片和具体位置' }, handler);
      life.act('resume', random.int(12, 120), {}, handler);
    }
    if (slow && random.chance(0.5))
      life.act('supervise', random.int(48, 96), { note: '请加快办理进度，按期办结' }, plan.centreName);
    if (!stuck && random.chance(slow ? 0.3 : 0.03))
      life.act('extend', random.int(12, 48), { note: '情况复杂，需协调多个部门，申请延期' }, plan.centreName);
    const reply = (hours: number) =>
      life.act(
        'reply',
        hours,
        { note: random.pick(eventReplies), attachmentIds: [run.photoOf(life.clocks.unitId)] },
        handler,
      );
    reply(stuck ? random.int(24 * 45, 24 * 60) : slow ? random.int(100, 400) : random.int(6, 80));
    if (random.chance(0.03)) {
      life.act('redo', random.int(4, 48), { note: '答复不完整，退回重办' }, plan.centreName);
      reply(random.int(12, 96));
    }
    if (random.chance(0.8)) {
      if (random.chance(0.07)) {
        life.act(
          'rate',
          random.int(6, 72),
          { note: '问题又出现了，请再处理', rating: { score: random.int(1, 2), reasons: ['notSolved'] } },
          '群众',
        );
        reply(random.int(24, 150));
      }
      const score = random.weighted([
        [5, 60],
        [4, 28],
        [3, 9],
        [2, 3],
      ] as const);
      const reasons =
        score >= 4 ? [random.pick(['solved', 'fast', 'attitude'])] : score === 3 ? ['partly'] : ['slow'];
      life.act('rate', random.int(6, 96), { rating: { score, reasons } }, '群众');
    } else {
      life.act('close', 24 * 7 + random.int(1, 72), { note: '群众逾期未评价，按期归档' }, plan.centreName);
    }
    life.finish();
  };

  const flush = async (events: EventDraft[], month: string) => {
    for (const e of events) e.recent.flushed = true;
    await writer.insert(
      'cases',
      caseColumns,
      events.map((e) => caseRow(e.recent.facts, e.life)),
    );
    await writer.insert(
      'grid_events',
      gridEventColumns,
      events.map((e) => ({
        case_id: e.recent.facts.id,
        grid_id: e.grid.id,
        category_key: e.recent.facts.category,
        source: e.source,
        reporter_key: e.source === 'portal' ? 'portal' : 'demo',
        occurred_at: new Date(
          e.recent.created.getTime() - (1 + ((e.recent.created.getTime() / 60_000) % 40)) * HOUR,
        ).toISOString(),
        created_at: e.recent.created.toISOString(),
      })),
    );
    await writer.insert(
      'case_events',
      caseEventColumns,
      events.flatMap((e) => caseEventRows(e.recent.facts.id, e.life.steps, ids.uuid)),
    );
    await run.audit.write(events.flatMap((e) => caseAuditDrafts(e.recent.facts, e.life.steps)));
    progress.done += events.length;
    progress.rows = writer.rows - rowsBefore;
    progress.report(month);
  };

  let previous: { events: EventDraft[]; month: string } | null = null;
  for (const [m, span] of spans.entries()) {
    const events: EventDraft[] = [];
    for (const plan of plans) {
      const count = plan.perMonth[m]!;
      const times: number[] = [];
      for (let n = 0; n < count; n++) {
        const day = chinaTime(span.from, 0).getTime() + random.int(0, span.days - 1) * DAY;
        times.push(day + random.int(7, 21) * HOUR + random.int(1, 59) * 60_000);
      }
      times.sort((a, b) => a - b);
      for (const at of times) events.push(draft(plan, new Date(at)));
    }
    if (previous) await flush(previous.events, previous.month);
    previous = { events, month: span.month };
  }
  if (previous) await flush(previous.events, previous.month);
  await run.audit.settle();
  progress.rows = writer.rows - rowsBefore;
  progress.report('written', true);
  return { gridEvents: progress.done };
}
