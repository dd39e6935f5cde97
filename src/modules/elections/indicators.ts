import { and, asc, eq } from 'drizzle-orm';
import {
  type Evidence,
  type IndicatorGroup,
  type IndicatorValue,
  ownPart,
  readScopeOf,
  registerIndicator,
  sharedWork,
} from '../../platform/indicators/registry';
import {
  evidenceIdsCondition,
  evidencePage,
  registerEvidenceEntity,
  totalRows,
} from '../../platform/indicators/evidence';
import { pathCondition } from '../../platform/scope';
import { todayInChina } from '../../platform/time';
import { units } from '../orgs';
import { collegeLevels as college, educationLevels } from './vocabulary';
import { currentRound, loadUnitFacts, referenceDate } from './facts';
import { metricValue, type TargetMetric, type UnitFact } from './metrics';
import { electionSettings } from './settings';
import { elections } from './schema';
import { termStatus } from './term';
import { electionUnitTypeNames, electionUnitTypes } from './vocabulary';

function uniquePeople(facts: readonly UnitFact[]) {
  const seen = new Map<string, NonNullable<UnitFact['composition']>['members'][number]>();
  for (const f of facts)
    for (const m of f.composition?.members ?? []) if (!seen.has(m.personId)) seen.set(m.personId, m);
  return [...seen.values()];
}

/** A figure by unit type: the value over all units and a group each for 嘎查 and 社区. */
function byUnitType(
  facts: readonly UnitFact[],
  value: (subset: readonly UnitFact[]) => number | null,
  evidence: (subset: readonly UnitFact[]) => Evidence,
): IndicatorValue {
  const breakdown: IndicatorGroup[] = electionUnitTypes.map((type) => {
    const subset = facts.filter((f) => f.unitType === type);
    return {
      key: type,
      label: electionUnitTypeNames[type],
      value: value(subset),
      evidence: evidence(subset),
    };
  });
  return { value: value(facts), evidence: evidence(facts), breakdown };
}

const electionsEvidence =
  (pick: (f: UnitFact) => string | null | undefined) => (subset: readonly UnitFact[]) => ({
    entity: 'election',
    ids: subset.map(pick).filter((id): id is string => Boolean(id)),
  });

function metric(key: TargetMetric) {
  return (asOf: string) => (subset: readonly UnitFact[]) => metricValue(key, subset, asOf);
}

/** The indicators of the elections module, computed from the committees in office at the period's end. */
const definitions: Array<{
  key: string;
  name: string;
  unit: string;
  description: string;
  /** Term warnings are counted on today, whatever the period. */
  onToday?: boolean;
  /** Needs the committee members' gender and birth date (see loadUnitFacts). */
  people?: true;
  /** Reads only the terms of office: not who holds which post, nor this round's elections. */
  termsOnly?: true;
  compute(facts: readonly UnitFact[], asOf: string, warningMonths: number): IndicatorValue;
}> = [
  {
    key: 'elections.completed',
    name: '换届完成率',
    unit: '%',
    description: '本轮已完成换届的嘎查（村）、社区 ÷ 应换届的嘎查（村）、社区',
    compute: (facts, asOf) =>
      byUnitType(
        facts,
        metric('elections.completed')(asOf),
        electionsEvidence((f) => f.roundElectionId),
      ),
  },
  {
    key: 'elections.dualRole.count',
    name: '一肩挑数量',
    unit: '个',
    description: '党组织书记同时担任村（居）委会主任的嘎查（村）、社区数',
    compute: (facts) =>
      byUnitType(
        facts,
        (subset) => subset.filter((f) => f.composition?.dualRole).length,
        electionsEvidence((f) => (f.composition?.dualRole ? f.electionId : null)),
      ),
  },
  {
    key: 'elections.dualRole.rate',
    name: '一肩挑比例',
    unit: '%',
    description: '一肩挑的嘎查（村）、社区 ÷ 有两委班子记录的嘎查（村）、社区',
    compute: (facts, asOf) =>
      byUnitType(
        facts,
        metric('elections.dualRole.rate')(asOf),
        electionsEvidence((f) => (f.composition?.dualRole ? f.electionId : null)),
      ),
  },
  {
    key: 'elections.crossAppointment.rate',
    name: '交叉任职比例',
    unit: '%',
    description: '两委交叉任职人数 ÷（党组织委员数 + 村（居）委会委员数 − 交叉任职人数）',
    compute: (facts, asOf) =>
      byUnitType(facts, metric('elections.crossAppointment.rate')(asOf), (subset) => ({
        entity: 'person',
        ids: [...new Set(subset.flatMap((f) => f.composition?.bothPersonIds ?? []))],
      })),
  },
  {
    key: 'elections.committee.averageAge',
    people: true,
    name: '两委成员平均年龄',
    unit: '岁',
    description: '在任两委成员（每人计一次）在统计截止日的平均年龄',
    compute: (facts, asOf) =>
      byUnitType(facts, metric('elections.committee.averageAge')(asOf), (subset) => ({
        entity: 'person',
        ids: uniquePeople(subset).map((m) => m.personId),
      })),
  },
  {
    key: 'elections.committee.womenShare',
    people: true,
    name: '两委成员女性比例',
    unit: '%',
    description: '在任两委成员中女性所占比例',
    compute: (facts, asOf) =>
      byUnitType(facts, metric('elections.committee.womenShare')(asOf), (subset) => ({
        entity: 'person',
        ids: uniquePeople(subset)
          .filter((m) => m.gender === 'female')
          .map((m) => m.personId),
      })),
  },
  {
    key: 'elections.committee.collegeShare',
    name: '两委成员大专及以上学历比例',
    unit: '%',
    description: '在任两委成员中大学专科及以上学历所占比例',
    compute: (facts, asOf) =>
      byUnitType(facts, metric('elections.committee.collegeShare')(asOf), (subset) => ({
        entity: 'person',
        ids: uniquePeople(subset)
          .filter((m) => m.education && college.includes(m.education))
          .map((m) => m.personId),
      })),
  },
  {
    key: 'elections.committee.education',
    name: '两委成员学历构成',
    unit: '人',
    description: '在任两委成员按学历分组的人数（每人计一次）',
    compute: (facts) => {
      const members = uniquePeople(facts);
      const groups = [...educationLevels, ''].map((level) => {
        const ids = members.filter((m) => (m.education ?? '') === level).map((m) => m.personId);
        return {
          key: level || 'unknown',
          label: level || '未填写',
          value: ids.length,
          evidence: { entity: 'person', ids },
        };
      });
      const known = new Set<string>(educationLevels);
      const other = members.filter((m) => m.education && !known.has(m.education)).map((m) => m.personId);
      if (other.length > 0)
        groups.push({
          key: 'other',
          label: '其他',
          value: other.length,
          evidence: { entity: 'person', ids: other },
        });
      return {
        value: members.length,
        evidence: { entity: 'person', ids: members.map((m) => m.personId) },
        breakdown: groups,
      };
    },
  },
  {
    key: 'elections.terms.due',
    name: '任期届满预警',
    unit: '个',
    description: '任期已届满或将在预警期内届满、以及无换届记录的嘎查（村）、社区（按今天计算）',
    onToday: true,
    termsOnly: true,
    compute: (facts, today, warningMonths) => {
      const groups = { expired: [] as string[], expiring: [] as string[], missing: [] as string[] };
      for (const f of facts) {
        const status = f.termEnd ? termStatus(f.termEnd, today, warningMonths) : 'missing';
        if (status !== 'current') groups[status].push(f.unitId);
      }
      const labels = { expired: '已届满', expiring: '即将届满', missing: '无换届记录' };
      return {
        value: groups.expired.length + groups.expiring.length + groups.missing.length,
        evidence: { entity: 'unit', ids: [...groups.expired, ...groups.expiring, ...groups.missing] },
        breakdown: (Object.keys(groups) as Array<keyof typeof groups>).map((key) => ({
          key,
          label: labels[key],
          value: groups[key].length,
          evidence: { entity: 'unit', ids: groups[key] },
        })),
      };
    },
  },
];

/** The drill-down list of the elections an indicator counted. */
function registerElectionEvidence(): void {
  registerEvidenceEntity({
    entity: 'election',
    name: '换届记录',
    permission: 'elections.read',
    resolve: (db, scope, ids, page) =>
      evidencePage(
        db,
        page,
        (limit, offset) =>
          db
            .select({
              id: elections.id,
              unitName: units.name,
              path: units.path,
              roundYear: elections.roundYear,
              electionDate: elections.electionDate,
              method: elections.method,
              total: totalRows,
            })
            .from(elections)
            .innerJoin(units, eq(units.id, elections.unitId))
            .where(and(evidenceIdsCondition(elections.id, ids), pathCondition(scope, units.path)))
            .orderBy(asc(units.path), asc(elections.id))
            .limit(limit)
            .offset(offset),
        (r) => ({
          id: r.id,
          title: `${r.unitName} ${r.roundYear} 年换届`,
          subtitle: [r.electionDate, r.method].filter(Boolean).join(' · '),
          link: `/elections/${r.id}`,
        }),
      ),
  });
}

/** Registers the elections module's indicators and the drill-down of the elections they count. */
export function registerElectionsIndicators(): void {
  registerElectionEvidence();
  for (const definition of definitions) {
    registerIndicator({
      key: definition.key,
      name: definition.name,
      unit: definition.unit,
      module: 'elections',
      description: definition.description,
      async compute(input) {
        const today = todayInChina();
        const asOf = definition.onToday ? today : referenceDate(input.period, today);
        // The term warnings read neither the posts nor the current round's elections.
        const round = definition.termsOnly ? null : await currentRound(input.db);
        // The figures of one batch on the same day read the units' facts once; each unit's facts are
        // its own, so the columns of a comparison take theirs from one read of their parent.
        const whole = readScopeOf(input);
        const people = definition.people ?? false;
        const posts = !definition.termsOnly;
        const loaded = await sharedWork(
          input,
          `electionFacts|${whole.paths.join(',')}|${asOf}|${round}|${people}|${posts}`,
          () => loadUnitFacts(input.db, whole, { asOf, round, people, posts }),
        );
        const facts = ownPart(input, loaded, (fact) => fact.unitPath);
        return definition.compute(facts, asOf, (await electionSettings(input.db)).warningMonths);
      },
    });
  }
}

/**
 * Every elections indicator computed from facts loaded once on today, for the overview: the same
 * definitions the registry computes, without loading the facts again for each figure.
 */
export function indicatorsFromFacts(
  facts: UnitFact[],
  today: string,
  warningMonths: number,
): Array<{ key: string; name: string; unit: string } & IndicatorValue> {
  return definitions.map((d) => ({
    key: d.key,
    name: d.name,
    unit: d.unit,
    ...d.compute(facts, today, warningMonths),
  }));
}
