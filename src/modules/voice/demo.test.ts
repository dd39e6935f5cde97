// The demo 三问 items: every kind in every state over a year, timelines consistent with the state,
// replies published only where the submitter consented.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/database';
import { loadDemoData } from '../../demo/load';
import { createFieldCipher } from '../../platform/crypto';
import type { Database } from '../../platform/db';

let database: Database;
let counts: Record<string, number>;

beforeAll(async () => {
  database = await createTestDatabase();
  const cipher = createFieldCipher({
    encryptionKey: randomBytes(16),
    macKey: randomBytes(32),
    indexKey: randomBytes(32),
  });
  counts = (await loadDemoData(database, { cipher, size: 'small' })).counts;
}, 120_000);
afterAll(() => database?.close());

describe('voice demo data', () => {
  it('has every kind in every state, spread over the year', async () => {
    const rows = await database.query<{ kind: string; state: string; n: number; days: number }>(
      `select category as kind, state, count(*)::int as n,
         (extract(epoch from max(created_at) - min(created_at)) / 86400)::int as days
       from cases where type = 'voice.item' group by category, state`,
    );
    for (const kind of ['idea', 'need', 'question'])
      for (const state of ['submitted', 'handling', 'replied', 'closed', 'rejected'])
        expect(rows.find((r) => r.kind === kind && r.state === state)?.n, `${kind} ${state}`).toBeGreaterThan(
          0,
        );
    expect(counts.voiceItems).toBe(rows.reduce((sum, r) => sum + r.n, 0));
    const [span] = await database.query<{ days: number }>(
      `select (extract(epoch from max(created_at) - min(created_at)) / 86400)::int as days
       from cases where type = 'voice.item'`,
    );
    expect(span!.days).toBeGreaterThan(200);
  });

  it('keeps each item’s version, events and state in step, with ratings and reopenings', async () => {
    const broken = await database.query<{ id: string }>(
      `select c.id from cases c
       where c.type = 'voice.item'
         and (c.version <> (select count(*) from case_events e where e.case_id = c.id)
           or c.state <> (select e.to_state from case_events e where e.case_id = c.id order by e.at desc limit 1))`,
    );
    expect(broken).toEqual([]);
    const [facts] = await database.query<{ rated: number; reopened: number }>(
      `select count(*) filter (where rating is not null)::int as rated,
              count(*) filter (where reopened_count > 0)::int as reopened
       from cases where type = 'voice.item'`,
    );
    expect(facts!.rated).toBeGreaterThan(0);
    expect(facts!.reopened).toBeGreaterThan(0);
  });

  it('publishes replies only of consenting, replied items', async () => {
    const rows = await database.query<{ consent: boolean; state: string }>(
      `select (c.details->>'consentToPublish')::boolean as consent, c.state
       from voice_publications p join cases c on c.id = p.case_id`,
    );
    expect(rows.length).toBe(counts.voicePublications);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.consent).toBe(true);
      expect(['replied', 'closed']).toContain(row.state);
    }
  });
});
