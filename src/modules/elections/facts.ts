// Loads the facts the figures are computed from: every 嘎查/社区 in scope, the election whose committee
// is in office on the reference date, its posts, and the unit's election in the current round.
import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../platform/db';
import { pathCondition, type Scope } from '../../platform/scope';
import { type PostHolding, unitComposition } from './composition';
import type { UnitFact } from './metrics';
import { electionSettings } from './settings';
import { dayBefore } from './term';
import type { Committee, ElectionUnitType, Post } from './vocabulary';

/** The round "elections completed" counts: the configured one, else the latest round on record. */
export async function currentRound(db: DbOrTx): Promise<number | null> {
  const configured = (await electionSettings(db)).currentRound;
  if (configured) return configured;
  // The round is a banner-wide notion, not a record: the latest round anywhere is the current one.
  const [row] = await queryRows<{ round: number | null }>(
    db,
    sql`select max(round_year)::int as round from elections where voided_at is null`,
  );
  return row?.round ?? null;
}

/** The reference date of a period: its last day, or today when the period runs on past today. */
export function referenceDate(period: { to: string }, today: string): string {
  const last = dayBefore(period.to);
  return last < today ? last : today;
}

interface UnitRow {
  id: string;
  name: string;
  type: ElectionUnitType;
  path: string;
  pinyin: string;
  township_id: string | null;
  township_name: string | null;
}

interface ElectionRow {
  id: string;
  unit_id: string;
  election_date: string;
  term_end: string;
}

interface PostRow {
  election_id: string;
  person_id: string;
  committee: Committee;
  post: Post;
  education: string | null;
  gender: string | null;
  birth_date: string | null;
}

/**
 * Every active 嘎查/社区 in scope with its committee in office on `asOf` and its current-round election.
 * With `people: false` the committee members carry no gender or birth date (the figures of 一肩挑,
 * 交叉任职, education and terms need neither), and the posts are read without looking up each holder.
 * With `posts: false` the committees are left empty: the term warnings need only the terms of office.
 */
export async function loadUnitFacts(
  db: DbOrTx,
  scope: Scope,
  {
    asOf,
    round,
    people = true,
    posts = true,
  }: { asOf: string; round: number | null; people?: boolean; posts?: boolean },
): Promise<UnitFact[]> {
  const unitRows = await queryRows<UnitRow>(
    db,
    sql`select u.id, u.name, u.type, u.path, u.pinyin,
          case when p.type in ('sumu', 'town') then p.id end as township_id,
          case when p.type in ('sumu', 'town') then p.name end as township_name
        from units u left join units p on p.id = u.parent_id
        where u.type in ('gacha', 'community') and u.active and ${pathCondition(scope, sql`u.path`)}
        order by p.sort_order, p.name, u.sort_order, u.name`,
  );
  if (unitRows.length === 0) return [];
  const inScope = sql`e.unit_id in (select u.id from units u where u.type in ('gacha', 'community') and ${pathCondition(scope, sql`u.path`)})`;
  const inOffice = await queryRows<ElectionRow>(
    db,
    sql`select distinct on (e.unit_id) e.id, e.unit_id, e.election_date::text as election_date, e.term_end::text as term_end
        from elections e
        where e.voided_at is null and e.election_date <= ${asOf}::date and ${inScope}
        order by e.unit_id, e.election_date desc, e.created_at desc`,
  );
  const roundRows =
    round === null
      ? []
      : await queryRows<{ id: string; unit_id: string }>(
          db,
          sql`select e.id, e.unit_id from elections e
              where e.voided_at is null and e.round_year = ${round} and e.election_date <= ${asOf}::date and ${inScope}`,
        );
  const postRows =
    inOffice.length === 0 || !posts
      ? []
      : await queryRows<PostRow>(
          db,
          sql`select cp.election_id, cp.person_id, cp.committee, cp.post, cp.education,
                ${people ? sql`p.gender, p.birth_date::text as birth_date` : sql`null as gender, null as birth_date`}
              from committee_posts cp ${people ? sql`join people p on p.id = cp.person_id` : sql``}
              where cp.election_id in ${inOffice.map((e) => e.id)}`,
        );
  const holdings = new Map<string, PostHolding[]>();
  for (const p of postRows) {
    const list = holdings.get(p.election_id) ?? [];
    list.push({
      personId: p.person_id,
      committee: p.committee,
      post: p.post,
      gender: p.gender,
      birthDate: p.birth_date,
      education: p.education,
    });
    holdings.set(p.election_id, list);
  }
  // Without posts every committee is the empty one: worked out once, not once per unit.
  const empty = posts ? null : unitComposition([]);
  const officeByUnit = new Map(inOffice.map((e) => [e.unit_id, e]));
  const roundByUnit = new Map(roundRows.map((e) => [e.unit_id, e.id]));
  return unitRows.map((u) => {
    const election = officeByUnit.get(u.id);
    return {
      unitId: u.id,
      unitName: u.name,
      unitType: u.type,
      unitPath: u.path,
      pinyin: u.pinyin,
      townshipId: u.township_id,
      townshipName: u.township_name,
      electionId: election?.id ?? null,
      electionDate: election?.election_date ?? null,
      termEnd: election?.term_end ?? null,
      roundElectionId: roundByUnit.get(u.id) ?? null,
      composition: election ? (empty ?? unitComposition(holdings.get(election.id) ?? [])) : null,
    };
  });
}
