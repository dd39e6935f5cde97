import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { queryRows } from '../../platform/db';
import {
  evidenceIdsCondition,
  evidencePage,
  registerEvidenceEntity,
  totalRows,
} from '../../platform/indicators/evidence';
import {
  batchKeyOf,
  type Evidence,
  type IndicatorGroup,
  type IndicatorInput,
  ownPart,
  readScopeOf,
  registerIndicator,
  sharedWork,
} from '../../platform/indicators/registry';
import { pathCondition, type Scope } from '../../platform/scope';
import { todayInChina } from '../../platform/time';
import { units, unitTypeName } from '../orgs';
import { addDays, type Evaluation, evaluateRange, isRated } from './compliance';
import {
  countedByKind,
  countedDaysOfYear,
  countRated,
  loadRatedInput,
  openItemsCounted,
  type OrgsLoader,
  type RatedCount,
  type RatedCounts,
} from './complianceCounts';
import { loadComplianceInput, loadOrgs } from './complianceData';
import {
  countingStatuses,
  meetingKindName,
  meetingKinds,
  meetingStatusNames,
  type MeetingStatus,
} from './kinds';
import { loadComplianceRules } from './rules';
import { meetings, rectificationItems } from './schema';
import { attendanceTotals } from './service';

const percent = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((part / whole) * 1000) / 10;

/**
 * Requirements of the period that can be rated: periods lying wholly inside [from, to) that have
 * ended by today and required something. Evaluated once per batch for the scope (or for the scope it
 * is part of, then narrowed to its organisations: each organisation's requirements depend only on its
 * own meetings and those of its party groups, which lie in its subtree).
 */
async function ratedEvaluations(input: IndicatorInput) {
  const { db, period } = input;
  const whole = readScopeOf(input);
  const rated = await sharedWork(input, `complianceRated|${batchKeyOf(whole, period)}`, async () => {
    const today = todayInChina();
    const loaded = await loadComplianceInput(db, whole, period);
    const evaluations = evaluateRange(loaded.rules, loaded.orgs, loaded.meetings, period, today).filter(
      (e) => e.period.from >= period.from && e.period.to <= period.to && isRated(e),
    );
    return { evaluations, orgs: loaded.orgs };
  });
  if (!input.within) return rated;
  const orgs = ownPart(input, rated.orgs, (org) => org.path);
  const own = new Set(orgs.map((org) => org.id));
  return { evaluations: rated.evaluations.filter((e) => own.has(e.orgId)), orgs };
}

/** The organisations the counted figures of a batch read in `scope`, read once for all of them. */
function sharedOrgs(input: IndicatorInput, scope: Scope): OrgsLoader {
  return (types) =>
    sharedWork(input, `complianceOrgs|${scope.paths.join(',')}|${types.join(',')}`, () =>
      loadOrgs(input.db, scope, types),
    );
}

/**
 * The same requirements only counted, when only counts are asked for (the dashboard, the comparison,
 * the series): nothing per meeting or per requirement is built. Loaded once per batch for the scope
 * (or the scope it is part of), then counted for its own organisations.
 */
async function ratedCountsOf(input: IndicatorInput): Promise<RatedCounts> {
  const { db, period } = input;
  const whole = readScopeOf(input);
  const loaded = await sharedWork(input, `complianceRatedCounts|${batchKeyOf(whole, period)}`, async () =>
    loadRatedInput(
      db,
      whole,
      await loadComplianceRules(db),
      period,
      todayInChina(),
      sharedOrgs(input, whole),
    ),
  );
  return countRated(loaded, input.within ? input.scope : undefined);
}

/** The compliance rate of counted requirements, with the distinct meetings that met them as evidence. */
function rateOfCount(count: RatedCount) {
  return {
    value: percent(count.met, count.rated),
    evidence: { entity: 'meeting', ids: [], count: count.meetings } satisfies Evidence,
  };
}

/** Groups of counted requirements in key order, as `rateGroups` gives those evaluated. */
function countedGroups(groups: Map<string, RatedCount>, labelOf: (key: string) => string): IndicatorGroup[] {
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, count]) => ({ key, label: labelOf(key), ...rateOfCount(count) }));
}

/**
 * The compliance rate of evaluations, with the distinct meetings that met their requirements as its
 * evidence (their ids).
 */
function rateOf(evaluations: readonly Evaluation[]) {
  const ids = new Set<string>();
  let met = 0;
  for (const e of evaluations) {
    if (e.status !== 'met') continue;
    met += 1;
    for (const id of e.meetingIds) ids.add(id);
  }
  return { value: percent(met, evaluations.length), evidence: { entity: 'meeting', ids: [...ids] } };
}

function rateGroups(
  evaluations: Evaluation[],
  keyOf: (e: Evaluation) => string,
  labelOf: (key: string) => string,
): IndicatorGroup[] {
  const groups = new Map<string, Evaluation[]>();
  for (const e of evaluations) {
    const key = keyOf(e);
    const list = groups.get(key);
    if (list) list.push(e);
    else groups.set(key, [e]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, list]) => ({ key, label: labelOf(key), ...rateOf(list) }));
}

/**
 * Registers the meetings indicators: compliance rate (by activity, by organisation type), meetings held
 * by kind, average attendance, open warnings and overdue items, open rectification items.
 */
export function registerMeetingsIndicators(): void {
  registerMeetingsEvidence();
  const complianceDescription =
    '统计期内已结束的各考核周期中，按规则应开展的组织生活（组织 × 活动 × 周期）达到要求次数的比例；' +
    '待审核和已通过的记录计入，退回和作废的不计入；期中成立的组织按剩余天数折算要求次数。';
  registerIndicator({
    key: 'meetings.complianceRate.byKind',
    name: '组织生活达标率（按活动）',
    unit: '%',
    module: 'meetings',
    description: complianceDescription,
    async compute(input) {
      if (input.evidence === 'count') {
        const counts = await ratedCountsOf(input);
        return { ...rateOfCount(counts.total), breakdown: countedGroups(counts.byKind, meetingKindName) };
      }
      const { evaluations } = await ratedEvaluations(input);
      return {
        ...rateOf(evaluations),
        breakdown: rateGroups(evaluations, (e) => e.kind, meetingKindName),
      };
    },
  });
  registerIndicator({
    key: 'meetings.complianceRate.byOrgType',
    name: '组织生活达标率（按组织类型）',
    unit: '%',
    module: 'meetings',
    description: complianceDescription,
    async compute(input) {
      if (input.evidence === 'count') {
        const counts = await ratedCountsOf(input);
        return { ...rateOfCount(counts.total), breakdown: countedGroups(counts.byOrgType, unitTypeName) };
      }
      const { evaluations, orgs } = await ratedEvaluations(input);
      const typeOf = new Map(orgs.map((o) => [o.id, o.type]));
      return {
        ...rateOf(evaluations),
        breakdown: rateGroups(evaluations, (e) => typeOf.get(e.orgId) ?? '', unitTypeName),
      };
    },
  });
  registerIndicator({
    key: 'meetings.held.byKind',
    name: '组织生活开展次数（按类型）',
    unit: '次',
    module: 'meetings',
    description: '统计期内召开的组织生活记录数（待审核和已通过），按会议类型分组',
    async compute(input) {
      const { db, scope, period, evidence } = input;
      const held = sql`from meetings m join units u on u.id = m.unit_id
        where m.status in ${[...countingStatuses]} and m.held_on >= ${period.from}::date and m.held_on < ${period.to}::date
          and ${pathCondition(scope, sql`u.path`)}`;
      if (evidence === 'count') {
        // From the counted meetings' days, each year's read once per batch (a series of 12 months).
        const counts = await countedByKind(period, (year) =>
          sharedWork(input, `meetingDaysOfYear|${scope.paths.join(',')}|${year}`, () =>
            countedDaysOfYear(db, scope, year),
          ),
        );
        const of = (kind: string) => counts.get(kind) ?? 0;
        const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
        return {
          value: total,
          evidence: { entity: 'meeting', ids: [], count: total },
          breakdown: meetingKinds.map((kind) => ({
            key: kind,
            label: meetingKindName(kind),
            value: of(kind),
            evidence: { entity: 'meeting', ids: [], count: of(kind) },
          })),
        };
      }
      const rows = await queryRows<{ id: string; kind: string }>(db, sql`select m.id, m.kind ${held}`);
      return {
        value: rows.length,
        evidence: { entity: 'meeting', ids: rows.map((r) => r.id) },
        breakdown: meetingKinds.map((kind) => {
          const ids = rows.filter((r) => r.kind === kind).map((r) => r.id);
          return {
            key: kind,
            label: meetingKindName(kind),
            value: ids.length,
            evidence: { entity: 'meeting', ids },
          };
        }),
      };
    },
  });
  registerIndicator({
    key: 'meetings.attendanceRate',
    name: '组织生活平均出席率',
    unit: '%',
    module: 'meetings',
    description: '统计期内各次会议实到党员之和 ÷ 应到党员之和（按人次加权）',
    async compute({ db, scope, period }) {
      const rows = await attendanceTotals(db, scope, period);
      const counted = rows.filter((r) => Number(r.expected) > 0);
      const present = counted.reduce((sum, r) => sum + Number(r.present), 0);
      const expected = counted.reduce((sum, r) => sum + Number(r.expected), 0);
      return {
        value: percent(present, expected),
        evidence: { entity: 'meeting', ids: counted.map((r) => r.id) },
      };
    },
  });
  const openAsOf = (period: { to: string }) => {
    const today = todayInChina();
    return period.to > today ? today : addDays(period.to, -1);
  };
  for (const status of ['overdue', 'warning'] as const) {
    registerIndicator({
      key: status === 'overdue' ? 'meetings.overdueOpen' : 'meetings.warningsOpen',
      name: status === 'overdue' ? '组织生活逾期未完成（未关闭）' : '组织生活即将到期预警',
      unit: '项',
      module: 'meetings',
      description:
        status === 'overdue'
          ? '截至今天（或统计期末），各组织上一个考核周期未达到要求次数的活动项数，补录后关闭'
          : '截至今天（或统计期末），本周期尚未达到要求且距期末不超过预警天数的活动项数',
      async compute(input) {
        const { db, scope, period } = input;
        const asOf = openAsOf(period);
        // Overdue and warning items come from one evaluation, shared by the batch.
        const open = await sharedWork(input, `complianceOpen|${scope.paths.join(',')}|${asOf}`, async () =>
          openItemsCounted(db, scope, await loadComplianceRules(db), asOf, sharedOrgs(input, scope)),
        );
        const items = open.filter((i) => i.status === status);
        const kinds = [...new Set(items.map((i) => i.kind))].sort();
        return {
          value: items.length,
          evidence: { entity: 'unit', ids: [...new Set(items.map((i) => i.orgId))] },
          breakdown: kinds.map((kind) => {
            const ids = [...new Set(items.filter((i) => i.kind === kind).map((i) => i.orgId))];
            return {
              key: kind,
              label: meetingKindName(kind),
              value: items.filter((i) => i.kind === kind).length,
              evidence: { entity: 'unit', ids },
            };
          }),
        };
      },
    });
  }
  registerIndicator({
    key: 'meetings.rectifications.open',
    name: '组织生活会整改事项未完成',
    unit: '项',
    module: 'meetings',
    description: '统计期内召开的组织生活会形成的整改事项中尚未完成的项数',
    async compute({ db, scope, period }) {
      const rows = await queryRows<{ id: string }>(
        db,
        sql`select r.id from rectification_items r join meetings m on m.id = r.meeting_id join units u on u.id = m.unit_id
            where r.status <> 'done' and m.status <> 'voided' and m.held_on >= ${period.from}::date and m.held_on < ${period.to}::date
              and ${pathCondition(scope, sql`u.path`)}`,
      );
      return { value: rows.length, evidence: { entity: 'rectificationItem', ids: rows.map((r) => r.id) } };
    },
  });
}

/** Drill-down lists of the records the meetings indicators count: meetings and rectification items. */
function registerMeetingsEvidence(): void {
  registerEvidenceEntity({
    entity: 'meeting',
    name: '组织生活记录',
    permission: 'meetings.read',
    resolve: (db, scope, ids, page) =>
      evidencePage(
        db,
        page,
        (limit, offset) =>
          db
            .select({
              id: meetings.id,
              kind: meetings.kind,
              topic: meetings.topic,
              heldOn: meetings.heldOn,
              status: meetings.status,
              path: units.path,
              total: totalRows,
            })
            .from(meetings)
            .innerJoin(units, eq(units.id, meetings.unitId))
            .where(and(evidenceIdsCondition(meetings.id, ids), pathCondition(scope, units.path)))
            .orderBy(desc(meetings.heldOn), asc(meetings.id))
            .limit(limit)
            .offset(offset),
        (r) => ({
          id: r.id,
          title: r.topic,
          subtitle: `${r.heldOn} ${meetingKindName(r.kind)}（${meetingStatusNames[r.status as MeetingStatus] ?? r.status}）`,
          link: `/meetings/records/${r.id}`,
        }),
      ),
  });
  registerEvidenceEntity({
    entity: 'rectificationItem',
    name: '整改事项',
    permission: 'meetings.read',
    resolve: (db, scope, ids, page) =>
      evidencePage(
        db,
        page,
        (limit, offset) =>
          db
            .select({
              id: rectificationItems.id,
              description: rectificationItems.description,
              dueOn: rectificationItems.dueOn,
              responsible: rectificationItems.responsible,
              meetingId: rectificationItems.meetingId,
              path: units.path,
              total: totalRows,
            })
            .from(rectificationItems)
            .innerJoin(meetings, eq(meetings.id, rectificationItems.meetingId))
            .innerJoin(units, eq(units.id, meetings.unitId))
            .where(and(evidenceIdsCondition(rectificationItems.id, ids), pathCondition(scope, units.path)))
            .orderBy(asc(rectificationItems.dueOn), asc(rectificationItems.id))
            .limit(limit)
            .offset(offset),
        (r) => ({
          id: r.id,
          title: r.description,
          subtitle: `责任人 ${r.responsible}，时限 ${r.dueOn}`,
          link: `/meetings/records/${r.meetingId}`,
        }),
      ),
  });
}
