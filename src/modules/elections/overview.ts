// The elections overview: the registered indicators for the scope, the roll-up per 苏木镇 (the same
// figures computed over each 苏木镇's units), term warnings and targets met or missed.
import type { RequestContext } from '../../platform/http/context';
import { todayInChina } from '../../platform/time';
import type { FigureView, GroupStats, OverviewView, RollupRow } from './contract';
import { currentRound, loadUnitFacts } from './facts';
import { indicatorsFromFacts } from './indicators';
import { metricValue, summaryOf, type UnitFact } from './metrics';
import { byUrgency, narrowScope, termItemsOf } from './service';
import { electionSettings } from './settings';
import { evaluateTargets } from './targets';

/** The figures of one group of units of one type (a 苏木镇's 嘎查, the banner's 社区 …). */
export function groupStats(facts: readonly UnitFact[], asOf: string): GroupStats {
  const summary = summaryOf(facts, asOf);
  return {
    units: facts.length,
    elected: facts.filter((f) => f.roundElectionId).length,
    completedRate: metricValue('elections.completed', facts, asOf),
    withCommittee: summary.withCommittee,
    dualRoleCount: summary.dualRoleCount,
    dualRoleRate: summary.dualRoleRate,
    crossRate: summary.crossRate,
    womenShare: summary.womenShare,
    averageAge: summary.averageAge,
  };
}

function rowOf(
  townshipId: string | null,
  townshipName: string,
  facts: readonly UnitFact[],
  asOf: string,
): RollupRow {
  return {
    townshipId,
    townshipName,
    gacha: groupStats(
      facts.filter((f) => f.unitType === 'gacha'),
      asOf,
    ),
    community: groupStats(
      facts.filter((f) => f.unitType === 'community'),
      asOf,
    ),
  };
}

/** Groups units by their 苏木镇 in tree order; units directly under the banner form one last row. */
export function rollupOf(facts: readonly UnitFact[], asOf: string): RollupRow[] {
  const groups = new Map<string | null, { name: string; facts: UnitFact[] }>();
  for (const f of facts) {
    const group = groups.get(f.townshipId) ?? { name: f.townshipName ?? '旗直属', facts: [] };
    group.facts.push(f);
    groups.set(f.townshipId, group);
  }
  const rows = [...groups.entries()].map(([id, g]) => rowOf(id, g.name, g.facts, asOf));
  return [...rows.filter((r) => r.townshipId !== null), ...rows.filter((r) => r.townshipId === null)];
}

/** Everything the overview screen shows for the actor's scope (or one unit's subtree). */
export async function getOverview(ctx: RequestContext, unitId: string | undefined): Promise<OverviewView> {
  const scope = await narrowScope(ctx.db, ctx.scope, unitId);
  const today = todayInChina();
  const settings = await electionSettings(ctx.db);
  const round = await currentRound(ctx.db);
  // The overview shows the state today: what the indicators give for the current year, whose reference date is today.
  const facts = await loadUnitFacts(ctx.db, scope, { asOf: today, round });
  const figures: FigureView[] = indicatorsFromFacts(facts, today, settings.warningMonths).map((result) => ({
    key: result.key,
    name: result.name,
    unit: result.unit,
    value: result.value,
    evidence: { entity: result.evidence.entity, count: result.evidence.ids.length },
    breakdown: result.breakdown?.map((g) => ({
      key: g.key,
      label: g.label,
      value: g.value,
      evidence: { entity: g.evidence.entity, count: g.evidence.ids.length },
    })),
  }));
  const terms = termItemsOf(facts, today, settings.warningMonths);
  const counts = { current: 0, expiring: 0, expired: 0, missing: 0 };
  for (const item of terms) counts[item.status] += 1;
  return {
    asOf: today,
    today,
    currentRound: round,
    settings,
    figures,
    rollup: rollupOf(facts, today),
    total: rowOf(null, '合计', facts, today),
    terms: {
      counts,
      soonest: terms
        .filter((t) => t.status === 'expired' || t.status === 'expiring')
        .sort(byUrgency)
        .slice(0, 10),
    },
    targets: await evaluateTargets(ctx.db, ctx.actor, scope, facts, today),
  };
}
