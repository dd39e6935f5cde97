// The composition of 两委 computed from post-holding records (RULES §3): 一肩挑, 交叉任职, age,
// gender and education of the committee members. Pure functions; the database only supplies the rows.
import { ageOn } from './term';
import { type Committee, collegeLevels, type Post } from './vocabulary';

/** One post held in one election, with what the composition needs to know about its holder. */
export interface PostHolding {
  /** null: the post is recorded as vacant. */
  personId: string | null;
  committee: Committee;
  post: Post;
  gender?: 'male' | 'female' | string | null;
  birthDate?: string | null;
  education?: string | null;
}

/** A committee member counted once, however many posts they hold. */
export interface CommitteeMember {
  personId: string;
  gender: string | null;
  birthDate: string | null;
  education: string | null;
}

export interface UnitComposition {
  /** Distinct people in the Party organisation committee. */
  partyCount: number;
  /** Distinct people in the villagers'/residents' committee. */
  villagersCount: number;
  /** Distinct people in both committees (交叉任职). */
  bothCount: number;
  bothPersonIds: string[];
  /** Distinct people in either committee (Party + villagers − both). */
  memberCount: number;
  /** 一肩挑: the Party secretary also chairs the villagers'/residents' committee. */
  dualRole: boolean;
  /** The same person also heads the collective economic organisation. */
  tripleRole: boolean;
  secretaryVacant: boolean;
  directorVacant: boolean;
  /** bothCount ÷ memberCount, null when nobody sits on either committee. */
  crossRate: number | null;
  /** Members of either committee, each once; education taken from the first post that records it. */
  members: CommitteeMember[];
}

function holdersOf(holdings: readonly PostHolding[], committee: Committee, post?: Post): Set<string> {
  const result = new Set<string>();
  for (const h of holdings) {
    if (h.personId && h.committee === committee && (post === undefined || h.post === post))
      result.add(h.personId);
  }
  return result;
}

/** Computes one unit's committee composition from the posts of its election. */
export function unitComposition(holdings: readonly PostHolding[]): UnitComposition {
  const party = holdersOf(holdings, 'party');
  const villagers = holdersOf(holdings, 'villagers');
  const secretaries = holdersOf(holdings, 'party', 'secretary');
  const directors = holdersOf(holdings, 'villagers', 'director');
  const heads = holdersOf(holdings, 'collective', 'head');
  const dualHolders = [...secretaries].filter((id) => directors.has(id));
  const bothIds = [...party].filter((id) => villagers.has(id));
  const both = bothIds.length;
  const members = new Map<string, CommitteeMember>();
  for (const h of holdings) {
    if (!h.personId || h.committee === 'collective') continue;
    const known = members.get(h.personId);
    if (!known) {
      members.set(h.personId, {
        personId: h.personId,
        gender: h.gender ?? null,
        birthDate: h.birthDate ?? null,
        education: h.education || null,
      });
    } else if (!known.education && h.education) {
      known.education = h.education;
    }
  }
  const memberCount = party.size + villagers.size - both;
  return {
    partyCount: party.size,
    villagersCount: villagers.size,
    bothCount: both,
    bothPersonIds: bothIds,
    memberCount,
    dualRole: dualHolders.length > 0,
    tripleRole: dualHolders.some((id) => heads.has(id)),
    secretaryVacant: secretaries.size === 0,
    directorVacant: directors.size === 0,
    crossRate: memberCount > 0 ? both / memberCount : null,
    members: [...members.values()],
  };
}

/** A share as a percentage with one decimal, or null when there is nothing to divide by. */
export function percent(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((part / whole) * 1000) / 10;
}

/** One unit as the aggregates see it: its composition, or null when no committee is on record. */
export interface UnitCommittee {
  unitId: string;
  electionId: string | null;
  composition: UnitComposition | null;
}

export interface CompositionSummary {
  /** Units considered. */
  units: number;
  /** Units with a committee on record. */
  withCommittee: number;
  dualRoleCount: number;
  /** 一肩挑 units ÷ units with a committee, in %. */
  dualRoleRate: number | null;
  bothCount: number;
  memberCount: number;
  /** Σ people in both ÷ Σ people in either committee, in %. */
  crossRate: number | null;
  /** Distinct people across the units (a person in two units' committees counts once). */
  people: number;
  women: number;
  womenShare: number | null;
  /** Mean age in years (one decimal) of the people whose birth date is known. */
  averageAge: number | null;
  college: number;
  collegeShare: number | null;
  /** People by education level ('' = not recorded). */
  education: Map<string, number>;
}

/** Adds up the compositions of many units (a 苏木镇, a banner); ages are taken on `asOf`. */
export function summarise(unitsList: readonly UnitCommittee[], asOf: string): CompositionSummary {
  let withCommittee = 0;
  let dualRoleCount = 0;
  let bothCount = 0;
  let memberCount = 0;
  const people = new Map<string, CommitteeMember>();
  for (const unit of unitsList) {
    const c = unit.composition;
    if (!c) continue;
    withCommittee += 1;
    if (c.dualRole) dualRoleCount += 1;
    bothCount += c.bothCount;
    memberCount += c.memberCount;
    for (const m of c.members) if (!people.has(m.personId)) people.set(m.personId, m);
  }
  let women = 0;
  let college = 0;
  let ageSum = 0;
  let aged = 0;
  const education = new Map<string, number>();
  for (const m of people.values()) {
    if (m.gender === 'female') women += 1;
    if (m.education && collegeLevels.includes(m.education)) college += 1;
    if (m.birthDate) {
      ageSum += ageOn(m.birthDate, asOf);
      aged += 1;
    }
    const level = m.education ?? '';
    education.set(level, (education.get(level) ?? 0) + 1);
  }
  return {
    units: unitsList.length,
    withCommittee,
    dualRoleCount,
    dualRoleRate: percent(dualRoleCount, withCommittee),
    bothCount,
    memberCount,
    crossRate: percent(bothCount, memberCount),
    people: people.size,
    women,
    womenShare: percent(women, people.size),
    averageAge: aged > 0 ? Math.round((ageSum / aged) * 10) / 10 : null,
    college,
    collegeShare: percent(college, people.size),
    education,
  };
}
