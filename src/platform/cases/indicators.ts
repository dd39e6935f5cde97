// The indicators every case type gets, registered under the type's key (`grid.event.received` …),
// scoped by unit subtree (so per unit and rolled up the tree), each with the ids of the cases counted.
// On-time rates are not gameable (RULES §7): on time ÷ (answered + still open past the deadline).
import { and, asc, type SQL, sql } from 'drizzle-orm';
import { units } from '../../modules/orgs';
import type { DbOrTx } from '../db';
import { queryRows } from '../db';
import {
  evidenceIdsCondition,
  evidencePage,
  registerEvidenceEntity,
  totalRows,
} from '../indicators/evidence';
import {
  batchKeyOf,
  type IndicatorInput,
  type IndicatorValue,
  registerIndicator,
  sharedWork,
} from '../indicators/registry';
import { dateOf, type Period } from '../indicators/period';
import { pathCondition, type Scope, unitCondition } from '../scope';
import { chinaDateOf, startOfChinaDay } from './calendar';
import type { CaseTypeDefinition } from './definition';
import { addCounts, countsOf, monthlyCounts, SCORES } from './monthly';
import { cases } from './schema';

/** A share in per cent with one decimal; null when there is nothing to divide by. */
export function percent(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((part / whole) * 1000) / 10;
}

/** The evidence entity of a case type's indicators. */
export const caseEntity = (type: CaseTypeDefinition) => `case.${type.key}`;

interface Bounds {
  start: string;
  end: string;
  /** The period's end or now, whichever is earlier: "open past deadline" is judged then. */
  asOf: string;
}

function boundsOf(period: Period, now: Date): Bounds {
  const start = startOfChinaDay(period.from);
  const end = startOfChinaDay(period.to);
  return {
    start: start.toISOString(),
    end: end.toISOString(),
    asOf: new Date(Math.min(end.getTime(), now.getTime())).toISOString(),
  };
}

/** Still open at the instant and not paused (waiting on the resident stops the clock); over cases `c`. */
const runningAt = (asOf: SQL) =>
  sql`(c.closed_at is null or c.closed_at >= ${asOf}) and c.paused_since is null`;

/** Not accepted by the instant although its accept-by deadline has passed, and still running. */
export const acceptOverdueAt = (asOf: SQL) =>
  sql`(c.accepted_at is null or c.accepted_at >= ${asOf}) and c.accept_by < ${asOf} and ${runningAt(asOf)}`;

/** Past its close-by deadline at the instant and still running. */
export const closeOverdueAt = (asOf: SQL) => sql`c.close_by < ${asOf} and ${runningAt(asOf)}`;

interface CaseFacts {
  id: string;
  created_in: boolean;
  accepted_in: boolean;
  accepted_on_time: boolean;
  accept_overdue: boolean;
  closed_in: boolean;
  closed_on_time: boolean;
  close_overdue: boolean;
  handling_days: number | null;
  rating: number | null;
  is_repeat: boolean;
}

/**
 * The cases of the type in scope that the period touches, one row each with the facts the figures
 * count (columns of CaseFacts, `is_repeat` aside from the raw repeat link); over cases `c`.
 */
function caseFactsQuery(type: CaseTypeDefinition, scope: Scope, b: Bounds, also: SQL = sql`true`): SQL {
  const start = sql`${b.start}::timestamptz`;
  const end = sql`${b.end}::timestamptz`;
  const asOf = sql`${b.asOf}::timestamptz`;
  return sql`
      select c.id, c.created_at,
        (c.created_at >= ${start} and c.created_at < ${end}) as created_in,
        (c.accepted_at >= ${start} and c.accepted_at < ${end}) as accepted_in,
        (c.accepted_at >= ${start} and c.accepted_at < ${end} and (c.accept_by is null or c.accepted_at <= c.accept_by)) as accepted_on_time,
        (${acceptOverdueAt(asOf)}) as accept_overdue,
        (c.closed_at >= ${start} and c.closed_at < ${end}) as closed_in,
        (c.closed_at >= ${start} and c.closed_at < ${end} and (c.close_by is null or c.closed_at <= c.close_by)) as closed_on_time,
        (${closeOverdueAt(asOf)}) as close_overdue,
        case when c.closed_at >= ${start} and c.closed_at < ${end}
          then extract(epoch from (c.closed_at - c.created_at)) / 86400.0 end as handling_days,
        c.rating,
        (c.repeat_of_id is not null) as is_repeat
      from cases c
      where c.type = ${type.key}
        and ${unitCondition(scope, sql`c.unit_id`)}
        and c.created_at < ${end}
        and (c.created_at >= ${start} or c.closed_at is null or c.closed_at >= ${start})
        and ${also}`;
}

/**
 * The rows a figure looks at: each figure counts only cases the period touches in one of these ways,
 * so reading just those gives the same figure. PostgreSQL takes the condition into the scan (the
 * cases past their deadline now are found through the open cases' index, not among every case of
 * the period).
 */
const touchedBy = {
  created: sql`f.created_in`,
  accepted: sql`f.accepted_in or f.accept_overdue`,
  closed: sql`f.closed_in`,
  closedOrOverdue: sql`f.closed_in or f.close_overdue`,
  overdue: sql`f.accept_overdue or f.close_overdue`,
} satisfies Record<string, SQL>;
type Touch = keyof typeof touchedBy;

/** One row per case of the type in scope that the period touches in the given way, with its facts. */
async function caseFacts(
  db: DbOrTx,
  type: CaseTypeDefinition,
  scope: Scope,
  b: Bounds,
  touch: Touch,
): Promise<CaseFacts[]> {
  return queryRows<CaseFacts>(
    db,
    sql`select f.* from (${caseFactsQuery(type, scope, b)}) f where ${touchedBy[touch]} order by f.created_at, f.id`,
  );
}

/** The same facts summed up in the database: what every figure needs when only counts are asked for. */
interface CaseTotals {
  received: number;
  acceptedOnTime: number;
  acceptWhole: number;
  closedOnTime: number;
  closeWhole: number;
  closed: number;
  handled: number;
  handledDays: number;
  rated: number;
  satisfied: number;
  repeats: number;
  overdue: number;
}

/**
 * The counts of the steps taken within [start, end) read from the cases themselves, for the days of a
 * period outside its whole months. The facts' query is kept whole (`offset 0`): PostgreSQL would
 * otherwise merge it into the counts and work out a fact again in every count that reads it.
 */
async function countsFromCases(db: DbOrTx, type: CaseTypeDefinition, scope: Scope, b: Bounds) {
  const [row] = await queryRows<Record<string, string | number | null>>(
    db,
    sql`
      select
        count(*) filter (where f.created_in) as "received",
        count(*) filter (where f.created_in and f.is_repeat) as "repeats",
        count(*) filter (where f.accepted_in) as "accepted",
        count(*) filter (where f.accepted_on_time) as "acceptedOnTime",
        count(*) filter (where f.closed_in) as "closed",
        count(*) filter (where f.closed_on_time) as "closedOnTime",
        coalesce(sum(f.handling_days) filter (where f.closed_in), 0) as "handledDays",
        ${sql.join(
          SCORES.map(
            (score) =>
              sql`count(*) filter (where f.closed_in and f.rating = ${score}) as ${sql.raw(`"rated_${score}"`)}`,
          ),
          sql`, `,
        )}
      from (${caseFactsQuery(type, scope, b)} offset 0) f`,
  );
  return countsOf(row);
}

/**
 * The cases past a deadline at the period's `asOf` and still running, beyond those the period's counts
 * hold already (a case accepted or closed within the period and overdue at its end counts once). Only
 * cases still open at `asOf` can be overdue, so this reads them through the open cases' index.
 */
async function overdueAt(db: DbOrTx, type: CaseTypeDefinition, scope: Scope, b: Bounds) {
  const asOf = sql`${b.asOf}::timestamptz`;
  const [row] = await queryRows<Record<string, string | number | null>>(
    db,
    sql`
      select
        count(*) filter (where f.accept_overdue and f.accepted_in is not true) as "acceptOverdue",
        count(*) filter (where f.close_overdue and f.closed_in is not true) as "closeOverdue",
        count(*) filter (where f.accept_overdue or f.close_overdue) as "overdue"
      from (${caseFactsQuery(type, scope, b, sql`(c.closed_at is null or c.closed_at >= ${asOf})`)}) f`,
  );
  return {
    acceptOverdue: Number(row?.acceptOverdue ?? 0),
    closeOverdue: Number(row?.closeOverdue ?? 0),
    overdue: Number(row?.overdue ?? 0),
  };
}

/** The first day of the month a date falls in, and of the month after. */
const monthOf = (date: string) => `${date.slice(0, 8)}01`;
const nextMonthOf = (date: string) => dateOf(Number(date.slice(0, 4)), Number(date.slice(5, 7)) + 1);

/**
 * A period's totals: its whole months from the monthly roll-up, the days before the first and after the
 * last whole month from the cases, and the cases overdue at its end (or now) from the open cases. At
 * league scale, the year's 280,000 grid events: 370 ms when every count read the cases.
 */
async function caseTotals(
  db: DbOrTx,
  type: CaseTypeDefinition,
  period: Period,
  scope: Scope,
  now: Date,
): Promise<CaseTotals> {
  const b = boundsOf(period, now);
  const firstWhole = period.from === monthOf(period.from) ? period.from : nextMonthOf(period.from);
  const lastWhole = monthOf(period.to);
  const days = (from: string, to: string) => countsFromCases(db, type, scope, boundsOf({ from, to }, now));
  const parts =
    firstWhole < lastWhole
      ? [
          monthlyCounts(db, type.key, scope, firstWhole, lastWhole),
          ...(period.from < firstWhole ? [days(period.from, firstWhole)] : []),
          ...(lastWhole < period.to ? [days(lastWhole, period.to)] : []),
        ]
      : [days(period.from, period.to)];
  const [overdue, ...counted] = await Promise.all([overdueAt(db, type, scope, b), ...parts]);
  const c = counted.reduce(addCounts);
  const satisfiedFrom = type.rating?.satisfiedFrom ?? 4;
  const rated = c.ratings.reduce((sum, n) => sum + n, 0);
  return {
    received: c.received,
    acceptedOnTime: c.acceptedOnTime,
    acceptWhole: c.accepted + overdue.acceptOverdue,
    closedOnTime: c.closedOnTime,
    closeWhole: c.closed + overdue.closeOverdue,
    closed: c.closed,
    handled: c.closed,
    handledDays: c.handledDays,
    rated,
    satisfied: c.ratings.reduce((sum, n, i) => (SCORES[i]! >= satisfiedFrom ? sum + n : sum), 0),
    repeats: c.repeats,
    overdue: overdue.overdue,
  };
}

type Figure = (facts: CaseFacts[], type: CaseTypeDefinition) => { value: number | null; ids: string[] };

const ids = (rows: CaseFacts[]) => rows.map((r) => r.id);

/** A figure from the totals: the same value and evidence count as `Figure` gives from the rows. */
type TotalsFigure = (totals: CaseTotals) => { value: number | null; count: number };

const averageDays = (days: number, count: number) =>
  count === 0 ? null : Math.round((days / count) * 10) / 10;

const figures: Array<{
  key: string;
  name: string;
  unit: string;
  description: string;
  /** The only cases `figure` looks at. */
  touches: Touch;
  figure: Figure;
  fromTotals: TotalsFigure;
}> = [
  {
    key: 'received',
    name: '受理量（收到件数）',
    unit: '件',
    description: '统计期内收到的件数',
    touches: 'created',
    figure: (facts) => {
      const rows = facts.filter((f) => f.created_in);
      return { value: rows.length, ids: ids(rows) };
    },
    fromTotals: (t) => ({ value: t.received, count: t.received }),
  },
  {
    key: 'acceptedOnTime',
    name: '及时受理率',
    unit: '%',
    description:
      '期限内受理（或告知不予受理）的件数 ÷（统计期内作出受理答复的件数 + 截至期末仍未答复且已超过受理期限的件数）',
    touches: 'accepted',
    figure: (facts) => {
      const onTime = facts.filter((f) => f.accepted_on_time);
      const whole = facts.filter((f) => f.accepted_in || f.accept_overdue).length;
      return { value: percent(onTime.length, whole), ids: ids(onTime) };
    },
    fromTotals: (t) => ({ value: percent(t.acceptedOnTime, t.acceptWhole), count: t.acceptedOnTime }),
  },
  {
    key: 'closedOnTime',
    name: '按期办结率',
    unit: '%',
    description: '按期办结件数 ÷（统计期内办结件数 + 截至期末未办结且已超过办理期限的件数）',
    touches: 'closedOrOverdue',
    figure: (facts) => {
      const onTime = facts.filter((f) => f.closed_on_time);
      const whole = facts.filter((f) => f.closed_in || f.close_overdue).length;
      return { value: percent(onTime.length, whole), ids: ids(onTime) };
    },
    fromTotals: (t) => ({ value: percent(t.closedOnTime, t.closeWhole), count: t.closedOnTime }),
  },
  {
    key: 'averageHandlingDays',
    name: '平均办理时长',
    unit: '天',
    description: '统计期内办结的件从收到到办结的平均天数（自然日，保留一位小数）',
    touches: 'closed',
    figure: (facts) => {
      const rows = facts.filter((f) => f.closed_in && f.handling_days !== null);
      const total = rows.reduce((sum, r) => sum + Number(r.handling_days), 0);
      return { value: averageDays(total, rows.length), ids: ids(rows) };
    },
    fromTotals: (t) => ({ value: averageDays(t.handledDays, t.handled), count: t.handled }),
  },
  {
    key: 'ratedShare',
    name: '群众参评率',
    unit: '%',
    description: '统计期内办结的件中群众作出评价的比例',
    touches: 'closed',
    figure: (facts) => {
      const closed = facts.filter((f) => f.closed_in);
      const rated = closed.filter((f) => f.rating !== null);
      return { value: percent(rated.length, closed.length), ids: ids(rated) };
    },
    fromTotals: (t) => ({ value: percent(t.rated, t.closed), count: t.rated }),
  },
  {
    key: 'satisfied',
    name: '参评满意率',
    unit: '%',
    description: '统计期内办结并参评的件中评价为满意（默认 4 分及以上）的比例',
    touches: 'closed',
    figure: (facts, type) => {
      const from = type.rating?.satisfiedFrom ?? 4;
      const rated = facts.filter((f) => f.closed_in && f.rating !== null);
      const satisfied = rated.filter((f) => Number(f.rating) >= from);
      return { value: percent(satisfied.length, rated.length), ids: ids(satisfied) };
    },
    fromTotals: (t) => ({ value: percent(t.satisfied, t.rated), count: t.satisfied }),
  },
  {
    key: 'repeats',
    name: '重复件数',
    unit: '件',
    description: '统计期内收到、已关联为重复件的件数',
    touches: 'created',
    figure: (facts) => {
      const rows = facts.filter((f) => f.created_in && f.is_repeat);
      return { value: rows.length, ids: ids(rows) };
    },
    fromTotals: (t) => ({ value: t.repeats, count: t.repeats }),
  },
  {
    key: 'overdueNow',
    name: '超期未办结件数',
    unit: '件',
    description: '截至期末（或当前）仍未办结、已超过受理或办理期限且未暂停计时的件数',
    touches: 'overdue',
    figure: (facts) => {
      const rows = facts.filter((f) => f.accept_overdue || f.close_overdue);
      return { value: rows.length, ids: ids(rows) };
    },
    fromTotals: (t) => ({ value: t.overdue, count: t.overdue }),
  },
];

/** The keys of the indicators registerCaseIndicators adds for a type. */
export function caseIndicatorKeys(type: CaseTypeDefinition): string[] {
  return figures.map((f) => `${type.key}.${f.key}`);
}

/**
 * Computes one case-type figure directly (what the registered indicator returns): from the rows of the
 * cases it looks at when the ids are asked for, from totals summed in the database when only the count
 * is. Within a batch the figures of a type read those totals once, and rows touched the same way once.
 */
export async function computeCaseFigure(
  db: DbOrTx,
  type: CaseTypeDefinition,
  figureKey: string,
  scope: Scope,
  period: Period,
  now: Date = new Date(),
  input: Pick<IndicatorInput, 'evidence' | 'shared'> = {},
): Promise<IndicatorValue> {
  const figure = figures.find((f) => f.key === figureKey);
  if (!figure) throw new Error(`no case figure ${figureKey}`);
  const entity = caseEntity(type);
  const batch = batchKeyOf(scope, period);
  if (input.evidence === 'count') {
    const totals = await sharedWork({ ...input, db }, `caseTotals|${type.key}|${batch}`, () =>
      caseTotals(db, type, period, scope, now),
    );
    const { value, count } = figure.fromTotals(totals);
    return { value, evidence: { entity, ids: [], count } };
  }
  const facts = await sharedWork({ ...input, db }, `caseFacts|${type.key}|${figure.touches}|${batch}`, () =>
    caseFacts(db, type, scope, boundsOf(period, now), figure.touches),
  );
  const { value, ids: counted } = figure.figure(facts, type);
  return { value, evidence: { entity, ids: counted } };
}

const registeredTypes = new Set<string>();

/**
 * Registers the case-engine indicators of a case type (received, on-time acceptance and closure,
 * average handling time, rated share, satisfaction, repeats, overdue now) and the evidence entity that
 * lists its cases. Calling it again for the same type does nothing.
 */
export function registerCaseIndicators(type: CaseTypeDefinition): void {
  if (registeredTypes.has(type.key)) return;
  registeredTypes.add(type.key);
  for (const figure of figures) {
    registerIndicator({
      key: `${type.key}.${figure.key}`,
      name: `${type.name}${figure.name}`,
      unit: figure.unit,
      module: type.module,
      description: figure.description,
      compute: (input) =>
        computeCaseFigure(input.db, type, figure.key, input.scope, input.period, new Date(), input),
    });
  }
  registerEvidenceEntity({
    entity: caseEntity(type),
    name: type.name,
    permission: type.readPermission,
    // One statement reads the page and, beside it, how many of the ids the viewer may see: the ids
    // travel once (the overdue grid events of a league are 7,423 of them).
    resolve: (db, scope, evidenceIds, page) =>
      evidencePage(
        db,
        page,
        (limit, offset) =>
          db
            .select({
              id: cases.id,
              title: cases.title,
              state: cases.state,
              createdAt: cases.createdAt,
              path: units.path,
              total: totalRows,
            })
            .from(cases)
            .innerJoin(units, sql`${units.id} = ${cases.unitId}`)
            .where(
              and(
                evidenceIdsCondition(cases.id, evidenceIds),
                sql`${cases.type} = ${type.key}`,
                pathCondition(scope, units.path),
              ),
            )
            .orderBy(asc(cases.createdAt), asc(cases.id))
            .limit(limit)
            .offset(offset),
        (r) => ({
          id: r.id,
          title: r.title,
          subtitle: `${type.states.find((s) => s.key === r.state)?.name ?? r.state} · ${chinaDateOf(r.createdAt)}`,
          ...(type.webPath ? { link: `${type.webPath}/${r.id}` } : {}),
        }),
      ),
  });
}
