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
});
afterAll(() => database?.close());

describe('centres demo data', () => {
  it('gives every 苏木镇 and most 嘎查/社区 a centre', async () => {
    const rows = await database.query<{ type: string; units: number; centres: number }>(
      `select u.type, count(*)::int as units, count(sc.id)::int as centres
       from units u left join service_centers sc on sc.unit_id = u.id
       where u.type in ('sumu', 'town', 'gacha', 'community') group by u.type`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      if (row.type === 'sumu' || row.type === 'town') expect(row.centres).toBe(row.units);
      else expect(row.centres).toBeGreaterThanOrEqual(Math.floor(row.units * 0.6));
    }
    expect(counts.serviceCenters).toBe(rows.reduce((sum, r) => sum + r.centres, 0));
  });

  it('lists 8 to 25 services per centre, most of them published', async () => {
    const rows = await database.query<{ items: number; published: number }>(
      `select count(*)::int as items, (count(*) filter (where published))::int as published
       from center_service_items group by center_id`,
    );
    expect(rows.length).toBe(counts.serviceCenters);
    for (const row of rows) {
      expect(row.items).toBeGreaterThanOrEqual(8);
      expect(row.items).toBeLessThanOrEqual(25);
    }
    const published = rows.reduce((sum, r) => sum + r.published, 0);
    const total = rows.reduce((sum, r) => sum + r.items, 0);
    expect(published / total).toBeGreaterThan(0.8);
  });

  it('ships two checklists marked as local settings and a partial mix of results', async () => {
    const standards = await database.query<{ name: string }>(
      'select name from center_standards order by name',
    );
    expect(standards.map((s) => s.name)).toEqual(['“五个三”标准（本旗设置）', '两站五室一广场（本旗设置）']);
    const results = await database.query<{ result: string; n: number }>(
      'select result, count(*)::int as n from center_assessment_results group by result',
    );
    const byResult = Object.fromEntries(results.map((r) => [r.result, r.n]));
    expect(byResult.met).toBeGreaterThan(0);
    expect((byResult.notMet ?? 0) + (byResult.partly ?? 0)).toBeGreaterThan(0);
  });
});
