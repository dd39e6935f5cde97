import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/database';
import { registerIndicators } from '../app';
import { createFieldCipher } from '../platform/crypto';
import { type Database, queryRows } from '../platform/db';
import { computeIndicators } from '../platform/indicators/compute';
import { evidenceCountOf, listIndicators } from '../platform/indicators/registry';
import { scopeOf } from '../platform/scope';
import { generateDemoBanner } from './generate';
import { type LoadedDemo, loadDemoData } from './load';

const cipher = createFieldCipher({
  encryptionKey: randomBytes(16),
  macKey: randomBytes(32),
  indexKey: randomBytes(32),
});

describe('loadDemoData', () => {
  let database: Database;
  let loaded: LoadedDemo;
  const progress: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    loaded = await loadDemoData(database, {
      cipher,
      size: 'small',
      onProgress: (stage, done, total) => progress.push(`${stage} ${done}/${total}`),
    });
  });
  afterAll(() => database?.close());

  it('writes every generated unit and person and reports the counts', async () => {
    const expected = generateDemoBanner({ size: 'small' });
    expect(loaded.counts).toMatchObject({ units: expected.units.length, people: expected.people.length });
    const [row] = await database.query<{ units: number; people: number }>(
      'select (select count(*)::int from units) as units, (select count(*)::int from people) as people',
    );
    expect(row).toEqual({ units: loaded.counts.units, people: loaded.counts.people });
    expect(progress).toContain(`people ${expected.people.length}/${expected.people.length}`);
    // Module loaders run after units and people, each reporting when it is done.
    expect(progress.slice(-7)).toEqual([
      'members 1/1',
      'elections 1/1',
      'meetings 1/1',
      'centers 1/1',
      'voice 1/1',
      'grid 1/1',
      'reports 1/1',
    ]);
  });

  it('computes each path from its parent, depth from the root and the banner key', async () => {
    const rows = await database.query<{
      id: string;
      parent_id: string | null;
      path: string;
      depth: number;
      banner_id: string;
      type: string;
      pinyin: string;
    }>('select id, parent_id, path, depth, banner_id, type, pinyin from units');
    const byId = new Map(rows.map((r) => [r.id, r]));
    const root = byId.get(loaded.rootUnitId)!;
    expect(root).toMatchObject({
      parent_id: null,
      path: `/${root.id}/`,
      depth: 0,
      banner_id: root.id,
      type: 'banner',
    });
    for (const row of rows) {
      if (row.parent_id === null) continue;
      const parent = byId.get(row.parent_id)!;
      expect(row.path).toBe(`${parent.path}${row.id}/`);
      expect(row.depth).toBe(parent.depth + 1);
      expect(row.banner_id).toBe(root.id);
      expect(row.pinyin).not.toBe('');
    }
  });

  it('stores ID numbers encrypted, blind-indexed and masked, readable with the cipher', async () => {
    const [person] = await database.query<{
      name: string;
      id_number_cipher: string;
      id_number_index: string;
      id_number_masked: string;
    }>('select name, id_number_cipher, id_number_index, id_number_masked from people order by name limit 1');
    const idNumber = cipher.decrypt(person!.id_number_cipher);
    expect(idNumber).toMatch(/^\d{17}[\dX]$/);
    expect(person!.id_number_index).toBe(cipher.blindIndex(idNumber));
    expect(person!.id_number_masked).toBe(`${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`);
    const generated = generateDemoBanner({ size: 'small' }).people.find((p) => p.idNumber === idNumber);
    expect(generated?.name).toBe(person!.name);
  });

  it('records exactly one audit row for the load', async () => {
    const rows = await database.query<{ entity: string; action: string; after: unknown }>(
      "select entity, action, after from audit_log where entity = 'demo'",
    );
    expect(rows).toHaveLength(1);
    const after = typeof rows[0]!.after === 'string' ? JSON.parse(rows[0]!.after) : rows[0]!.after;
    expect(rows[0]!.action).toBe('load');
    expect(after).toMatchObject({ units: loaded.counts.units, people: loaded.counts.people });
  });

  it('gives every indicator the same values and evidence counts when only counts are asked for', async () => {
    registerIndicators();
    const year = { from: `${new Date().getFullYear()}-01-01`, to: `${new Date().getFullYear() + 1}-01-01` };
    // The whole tree, one 苏木镇 (split by its 嘎查/社区), and two roots (one group each).
    const sumus = await queryRows<{ path: string }>(
      database.db,
      sql`select path from units where type in ('sumu', 'town') order by path limit 2`,
    );
    expect(sumus).toHaveLength(2);
    for (const paths of [['/'], [sumus[0]!.path], sumus.map((u) => u.path)]) {
      await expectSameFigures(year, paths);
    }
  });

  async function expectSameFigures(year: { from: string; to: string }, paths: string[]) {
    const input = { db: database.db, scope: scopeOf(paths), period: year, definitions: listIndicators() };
    const [withIds, counted] = [
      await computeIndicators(input),
      await computeIndicators({ ...input, evidence: 'count' }),
    ];
    const summary = (outcome: (typeof withIds)[number]) =>
      outcome.ok
        ? {
            value: outcome.result.value,
            count: evidenceCountOf(outcome.result.evidence),
            groups: outcome.result.breakdown?.map((g) => [
              g.key,
              g.label,
              g.value,
              evidenceCountOf(g.evidence),
            ]),
          }
        : { error: String(outcome.error) };
    expect(withIds.length).toBeGreaterThan(50);
    for (const [index, outcome] of withIds.entries()) {
      expect(summary(counted[index]!), `${outcome.definition.key} in ${paths.join(', ')}`).toEqual(
        summary(outcome),
      );
    }
    // Something was counted: the comparison is not between empty figures.
    expect(withIds.filter((o) => o.ok && (o.result.value ?? 0) > 0).length).toBeGreaterThan(20);
  }
});
