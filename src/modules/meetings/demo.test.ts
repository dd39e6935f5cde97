import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/database';
import { loadDemoData } from '../../demo/load';
import { createFieldCipher } from '../../platform/crypto';
import type { Database } from '../../platform/db';
import { systemScope } from '../../platform/scope';
import { todayInChina } from '../../platform/time';
import { addDays, openItems, periodContaining, previousPeriod } from './compliance';
import { loadComplianceInput } from './complianceData';

const cipher = createFieldCipher({
  encryptionKey: randomBytes(16),
  macKey: randomBytes(32),
  indexKey: randomBytes(32),
});

describe('the meetings demo data', () => {
  let database: Database;
  let counts: Record<string, number>;
  beforeAll(async () => {
    database = await createTestDatabase();
    counts = (await loadDemoData(database, { cipher, size: 'small' })).counts;
  });
  afterAll(() => database?.close());

  it('records a year of meetings only for organisations with members, ending today', async () => {
    expect(counts.meetings).toBeGreaterThan(100);
    const [span] = await database.query<{ first: string; last: string; orphans: number }>(
      `select to_char(min(held_on), 'YYYY-MM-DD') as first, to_char(max(held_on), 'YYYY-MM-DD') as last,
         (select count(*)::int from meetings m join units u on u.id = m.unit_id
           where u.type <> 'partyGroup' and not exists (select 1 from party_members pm where pm.unit_id = m.unit_id)) as orphans
       from meetings`,
    );
    const today = todayInChina();
    expect(span!.last <= today).toBe(true);
    expect(span!.first >= addDays(today, -400)).toBe(true);
    expect(span!.orphans).toBe(0);
  });

  it('keeps attendance counts consistent with the named lists', async () => {
    const rows = await database.query<{ n: number }>(
      `select count(*)::int as n from meetings m
       join (select meeting_id, count(*)::int as expected, count(*) filter (where present)::int as present
             from meeting_attendance group by meeting_id) a on a.meeting_id = m.id
       where a.expected <> m.expected_full + m.expected_probationary or a.present <> m.present_full + m.present_probationary`,
    );
    expect(rows[0]!.n).toBe(0);
    const [rate] = await database.query<{ rate: number }>(
      `select sum(present_full + present_probationary)::float / nullif(sum(expected_full + expected_probationary), 0) as rate from meetings`,
    );
    expect(rate!.rate).toBeGreaterThan(0.75);
    expect(rate!.rate).toBeLessThan(0.99);
  });

  it('leaves some branches deliberately non-compliant and most compliant', async () => {
    const today = todayInChina();
    const input = await loadComplianceInput(
      database.db,
      systemScope('test'),
      { from: today, to: periodContaining('year', today).to },
      { includePrevious: true },
    );
    const overdue = openItems(input.rules, input.orgs, input.meetings, today).filter(
      (i) => i.status === 'overdue',
    );
    const lastQuarter = previousPeriod(periodContaining('quarter', today));
    const missedAssembly = overdue.filter(
      (i) => i.kind === 'branchAssembly' && i.period.from === lastQuarter.from,
    );
    const branches = input.orgs.filter((o) => o.type === 'branch').length;
    expect(overdue.length).toBeGreaterThan(0);
    expect(missedAssembly.length).toBeGreaterThan(0);
    expect(missedAssembly.length).toBeLessThan(branches / 2);
  });
});
