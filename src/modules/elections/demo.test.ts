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

  it('holds the 2021 round for every 嘎查 and 社区 with committees of realistic size', async () => {
    const [counts] = await queryRows<{ units: number; elections: number; rounds: number }>(
      database.db,
      // Unscoped on purpose: the whole demo banner is checked.
      sql`select
        (select count(*)::int from units where type in ('gacha', 'community')) as units,
        (select count(*)::int from elections where round_year = 2021 and election_date between '2021-01-01' and '2021-12-31') as elections,
        (select count(distinct round_year)::int from elections) as rounds`,
    );
    expect(counts).toEqual({ units: counts!.units, elections: counts!.units, rounds: 1 });
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

  it('has a realistic 一肩挑 rate, below 100%, with cross-posting and women on the committees', async () => {
    const scope = systemScope('test of the whole demo banner');
    const facts = await loadUnitFacts(database.db, scope, {
      asOf: '2021-12-31',
      round: await currentRound(database.db),
    });
    const gachas = facts.filter((f) => f.unitType === 'gacha');
    const dual = metricValue('elections.dualRole.rate', gachas, '2021-12-31')!;
    expect(dual).toBeGreaterThan(50);
    expect(dual).toBeLessThan(100);
    expect(metricValue('elections.crossAppointment.rate', facts, '2021-12-31')).toBeGreaterThan(0);
    const women = metricValue('elections.committee.womenShare', facts, '2021-12-31')!;
    expect(women).toBeGreaterThan(10);
    expect(women).toBeLessThan(60);
    expect(metricValue('elections.completed', facts, '2021-12-31')).toBe(100);
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
