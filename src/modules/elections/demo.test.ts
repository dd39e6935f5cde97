import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/database';
import { loadDemoData } from '../../demo/load';
import { createFieldCipher } from '../../platform/crypto';
import type { Database } from '../../platform/db';
import { queryRows } from '../../platform/db';
import { systemScope } from '../../platform/scope';
import { currentRound, loadUnitFacts } from './facts';
import { metricValue } from './metrics';

const cipher = createFieldCipher({
  encryptionKey: randomBytes(16),
  macKey: randomBytes(32),
  indexKey: randomBytes(32),
});

describe('elections demo data', () => {
  let database: Database;

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadDemoData(database, { cipher, size: 'small' });
  });
  afterAll(() => database?.close());

  it('holds the 2021 round for every 嘎查 and 社区 and the 2026 round for about two thirds of them', async () => {
    const [counts] = await queryRows<{ units: number; e2021: number; e2026: number; rounds: number }>(
      database.db,
      // Unscoped on purpose: the whole demo banner is checked.
      sql`select
        (select count(*)::int from units where type in ('gacha', 'community')) as units,
        (select count(*)::int from elections where round_year = 2021 and election_date between '2021-01-01' and '2021-12-31') as e2021,
        (select count(*)::int from elections where round_year = 2026 and election_date between '2026-01-10' and '2026-05-31') as e2026,
        (select count(distinct round_year)::int from elections) as rounds`,
    );
    expect(counts).toEqual({
      units: counts!.units,
      e2021: counts!.units,
      e2026: Math.round(counts!.units * 0.65),
      rounds: 2,
    });
    expect(counts!.e2026).toBeGreaterThan(0);
    // Each 2026 election follows its unit's 2021 election, one per unit and round, with a 5-year term.
    const [shape] = await queryRows<{ pairs: number; later: number; terms: number }>(
      database.db,
      sql`select count(*)::int as pairs,
          count(*) filter (where n.session <> o.session)::int as later,
          count(*) filter (where n.term_end = (n.election_date + interval '5 years')::date)::int as terms
        from elections n join elections o on o.unit_id = n.unit_id and o.round_year = 2021
        where n.round_year = 2026`,
    );
    expect(shape).toEqual({ pairs: counts!.e2026, later: counts!.e2026, terms: counts!.e2026 });
    const sizes = await queryRows<{ committee: string; min: number; max: number }>(
      database.db,
      sql`select committee, min(n)::int as min, max(n)::int as max from (
        select election_id, committee, count(*) as n from committee_posts group by election_id, committee) s
        group by committee order by committee`,
    );
    const byCommittee = Object.fromEntries(sizes.map((s) => [s.committee, [s.min, s.max]]));
    expect(byCommittee.party![0]).toBeGreaterThanOrEqual(3);
    expect(byCommittee.party![1]).toBeLessThanOrEqual(5);
    expect(byCommittee.villagers![0]).toBeGreaterThanOrEqual(3);
    expect(byCommittee.villagers![1]).toBeLessThanOrEqual(7);
  });

  it('re-elects most 2021 holders in 2026, with some turnover', async () => {
    const [holders] = await queryRows<{ total: number; kept: number }>(
      database.db,
      sql`select count(*)::int as total,
          count(*) filter (where exists (
            select 1 from committee_posts op join elections o on o.id = op.election_id
            where o.unit_id = n.unit_id and o.round_year = 2021 and op.person_id = h.person_id))::int as kept
        from (select distinct election_id, person_id from committee_posts) h
        join elections n on n.id = h.election_id
        where n.round_year = 2026`,
    );
    const share = holders!.kept / holders!.total;
    expect(share).toBeGreaterThan(0.5);
    expect(share).toBeLessThan(0.95);
  });

  it('has a realistic 一肩挑 rate, below 100% and higher in 2026, with cross-posting and women', async () => {
    const scope = systemScope('test of the whole demo banner');
    const facts2021 = await loadUnitFacts(database.db, scope, { asOf: '2021-12-31', round: 2021 });
    const gachas2021 = facts2021.filter((f) => f.unitType === 'gacha');
    const dual2021 = metricValue('elections.dualRole.rate', gachas2021, '2021-12-31')!;
    expect(dual2021).toBeGreaterThan(50);
    expect(dual2021).toBeLessThan(100);
    expect(metricValue('elections.crossAppointment.rate', facts2021, '2021-12-31')).toBeGreaterThan(0);
    const women = metricValue('elections.committee.womenShare', facts2021, '2021-12-31')!;
    expect(women).toBeGreaterThan(10);
    expect(women).toBeLessThan(60);
    expect(metricValue('elections.completed', facts2021, '2021-12-31')).toBe(100);

    // The current round is 2026 (set by the demo): about two thirds completed, the rest due.
    expect(await currentRound(database.db)).toBe(2026);
    const asOf = '2026-06-30';
    const facts = await loadUnitFacts(database.db, scope, { asOf, round: await currentRound(database.db) });
    const completed = metricValue('elections.completed', facts, asOf)!;
    expect(completed).toBeGreaterThanOrEqual(60);
    expect(completed).toBeLessThanOrEqual(70);
    const renewed = facts.filter((f) => f.roundElectionId);
    expect(renewed.every((f) => f.electionId === f.roundElectionId)).toBe(true);
    const dual2026 = metricValue(
      'elections.dualRole.rate',
      renewed.filter((f) => f.unitType === 'gacha'),
      asOf,
    )!;
    expect(dual2026).toBeGreaterThan(dual2021);
    expect(dual2026).toBeLessThanOrEqual(100);
    // The units not yet renewed still have their 2021 committee, whose term ends in 2026.
    const waiting = facts.filter((f) => !f.roundElectionId);
    expect(waiting.length).toBeGreaterThan(0);
    for (const f of waiting) expect(f.termEnd!.slice(0, 4)).toBe('2026');
  });

  it('labels its example targets as local settings', async () => {
    const targets = await queryRows<{ name: string; note: string }>(
      database.db,
      sql`select name, note from election_targets`,
    );
    expect(targets).toHaveLength(2);
    for (const target of targets) {
      expect(target.name).toContain('示例本地目标');
      expect(target.note).toContain('并非上级规定');
    }
  });
});
