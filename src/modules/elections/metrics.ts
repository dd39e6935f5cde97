// The figures of the elections module over a set of units, and targets on them. One function computes
// a figure for any set of units, so a banner, a 苏木镇 and a single 嘎查 are measured the same way
// (a target's per-unit check is the same figure over one unit). Pure: the facts come from facts.ts.
import { type CompositionSummary, percent, summarise, type UnitComposition } from './composition';
import type { ElectionUnitType } from './vocabulary';

/** What is known about one 嘎查/社区 for the figures. */
export interface UnitFact {
  unitId: string;
  unitName: string;
  unitType: ElectionUnitType;
  /** Materialised path, for evaluating a target inside its owner's subtree. */
  unitPath: string;
  /** Pinyin key of the unit name, for search. */
  pinyin: string;
  /** The 苏木镇 above the unit, or null for a unit directly under the banner. */
  townshipId: string | null;
  townshipName: string | null;
  /** The election whose committee is in office (the latest one up to the reference date). */
  electionId: string | null;
  electionDate: string | null;
  termEnd: string | null;
  /** The unit's election in the current round, if held. */
  roundElectionId: string | null;
  composition: UnitComposition | null;
}

/** The figures a target may be set on: indicator key → name and unit. */
export const targetMetrics = {
  'elections.completed': { name: '换届完成率', unit: '%' },
  'elections.dualRole.rate': { name: '一肩挑比例', unit: '%' },
  'elections.crossAppointment.rate': { name: '交叉任职比例', unit: '%' },
  'elections.committee.womenShare': { name: '两委成员女性比例', unit: '%' },
  'elections.committee.collegeShare': { name: '两委成员大专及以上学历比例', unit: '%' },
  'elections.committee.averageAge': { name: '两委成员平均年龄', unit: '岁' },
} as const;
export type TargetMetric = keyof typeof targetMetrics;
export const targetMetricKeys = Object.keys(targetMetrics) as TargetMetric[];

export const comparators = ['gte', 'lte', 'eq'] as const;
export type Comparator = (typeof comparators)[number];
export const comparatorSymbols: Record<Comparator, string> = { gte: '≥', lte: '≤', eq: '=' };

/** The composition summary of a set of units. */
export function summaryOf(facts: readonly UnitFact[], asOf: string): CompositionSummary {
  return summarise(
    facts.map((f) => ({ unitId: f.unitId, electionId: f.electionId, composition: f.composition })),
    asOf,
  );
}

/** One figure over a set of units; null when there is nothing to measure (never shown as 0). */
export function metricValue(metric: TargetMetric, facts: readonly UnitFact[], asOf: string): number | null {
  if (metric === 'elections.completed') {
    return percent(facts.filter((f) => f.roundElectionId).length, facts.length);
  }
  const summary = summaryOf(facts, asOf);
  switch (metric) {
    case 'elections.dualRole.rate':
      return summary.dualRoleRate;
    case 'elections.crossAppointment.rate':
      return summary.crossRate;
    case 'elections.committee.womenShare':
      return summary.womenShare;
    case 'elections.committee.collegeShare':
      return summary.collegeShare;
    case 'elections.committee.averageAge':
      return summary.averageAge;
  }
}

/** Whether a value meets a threshold; a missing value never does. */
export function meets(value: number | null, comparator: Comparator, threshold: number): boolean {
  if (value === null) return false;
  if (comparator === 'gte') return value >= threshold;
  if (comparator === 'lte') return value <= threshold;
  return Math.abs(value - threshold) < 1e-9;
}

export interface TargetRule {
  indicatorKey: TargetMetric;
  comparator: Comparator;
  threshold: number;
  unitTypes: readonly ElectionUnitType[];
}

export interface TargetResult {
  value: number | null;
  met: boolean;
  /** Units the target applies to. */
  units: number;
  /** Units whose own figure misses the threshold (value null: no committee or election on record). */
  missing: Array<{ fact: UnitFact; value: number | null }>;
}

/** Evaluates a target over the units of its types: the overall figure and each unit that misses it. */
export function evaluateTarget(rule: TargetRule, facts: readonly UnitFact[], asOf: string): TargetResult {
  const applicable = facts.filter((f) => rule.unitTypes.includes(f.unitType));
  const value = metricValue(rule.indicatorKey, applicable, asOf);
  const missing = applicable
    .map((fact) => ({ fact, value: metricValue(rule.indicatorKey, [fact], asOf) }))
    .filter((u) => !meets(u.value, rule.comparator, rule.threshold));
  return {
    value,
    met: applicable.length > 0 && meets(value, rule.comparator, rule.threshold),
    units: applicable.length,
    missing,
  };
}
