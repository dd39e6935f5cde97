// Upgrade (提档升级) progress maths, kept pure so the rules are tested apart from the database.
import type { ProgressView } from './contract';

/** Where a centre stands on one standard that applies to it. */
export interface StandardStanding {
  /** Items the standard has today (used while it has never been assessed). */
  activeItems: number;
  /** Counts of the latest assessment against this standard, or null when never assessed. */
  latest: { items: number; met: number; partly: number; assessedOn: string } | null;
}

/**
 * A centre's progress over every standard that applies to it: the share of items met on each
 * standard's latest assessment. A standard never assessed counts all its items as not met; a centre
 * with no assessment at all has no share (null, "未评估", never shown as 0). It meets the standard
 * only when every applicable standard was assessed and every item was met.
 */
export function centreProgress(standings: readonly StandardStanding[]): ProgressView {
  let itemCount = 0;
  let metCount = 0;
  let partlyCount = 0;
  let lastAssessedOn: string | null = null;
  let assessedAny = false;
  let allMet = standings.length > 0;
  for (const standing of standings) {
    if (!standing.latest) {
      itemCount += standing.activeItems;
      allMet = false;
      continue;
    }
    assessedAny = true;
    itemCount += standing.latest.items;
    metCount += standing.latest.met;
    partlyCount += standing.latest.partly;
    if (standing.latest.met < standing.latest.items) allMet = false;
    if (!lastAssessedOn || standing.latest.assessedOn > lastAssessedOn)
      lastAssessedOn = standing.latest.assessedOn;
  }
  return {
    itemCount,
    metCount,
    partlyCount,
    share: assessedAny && itemCount > 0 ? metCount / itemCount : null,
    meetsStandard: allMet && assessedAny,
    lastAssessedOn,
  };
}

/** Average of the known shares (nulls left out); null when none is known. */
export function averageShare(shares: readonly (number | null)[]): number | null {
  const known = shares.filter((share): share is number => share !== null);
  if (known.length === 0) return null;
  return known.reduce((sum, share) => sum + share, 0) / known.length;
}

/** A share 0–1 as a percentage with one decimal (0.8333 → 83.3); null stays null. */
export function asPercent(share: number | null): number | null {
  return share === null ? null : Math.round(share * 1000) / 10;
}

/** A ratio rounded to one decimal, or null when there is nothing to divide by. */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : Math.round((numerator / denominator) * 10) / 10;
}
