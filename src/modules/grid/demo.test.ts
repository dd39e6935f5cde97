import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/database';
import { loadDemoData } from '../../demo/load';
import { createFieldCipher } from '../../platform/crypto';
import type { Database } from '../../platform/db';
import { pointInBoundary } from './geo';
import type { GridBoundary } from './schema';

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

describe('grid demo data', () => {
  it('gives every 嘎查 and 社区 grids with boundaries that contain their centre and overlap no other', async () => {
    const villages = await database.query<{ id: string; n: number }>(
      `select u.id, (select count(*)::int from grids g where g.unit_id = u.id) as n
       from units u where u.type in ('gacha', 'community')`,
    );
    expect(villages.length).toBeGreaterThan(0);
    expect(villages.every((v) => v.n >= 2)).toBe(true);
    const grids = await database.query<{
      id: string;
      boundary: GridBoundary | string;
      center_lat: number;
      center_lng: number;
    }>('select id, boundary, center_lat, center_lng from grids');
    const shapes = grids.map((g) => ({
      ...g,
      boundary: (typeof g.boundary === 'string' ? JSON.parse(g.boundary) : g.boundary) as GridBoundary,
    }));
    for (const grid of shapes) {
      expect(pointInBoundary(grid.boundary, grid.center_lat, grid.center_lng)).toBe(true);
      const inOthers = shapes.filter(
        (other) => other.id !== grid.id && pointInBoundary(other.boundary, grid.center_lat, grid.center_lng),
      );
      expect(inOthers).toEqual([]);
    }
    expect(counts.gridWorkers).toBeGreaterThan(grids.length * 0.8);
  });

  it('holds a year of events in every state, some overdue and escalated, some repeats, rated ones', async () => {
    const states = await database.query<{ state: string; n: number }>(
      `select state, count(*)::int as n from cases where type = 'grid.event' group by state`,
    );
    expect(states.map((s) => s.state).sort()).toEqual(
      ['closed', 'handling', 'rejected', 'replied', 'submitted', 'waiting'].sort(),
    );
    const [facts] = await database.query<{
      escalated: number;
      repeats: number;
      rated: number;
      reopened: number;
      overdue: number;
    }>(
      `select count(*) filter (where escalation_level > 0)::int as escalated,
              count(*) filter (where repeat_of_id is not null)::int as repeats,
              count(*) filter (where rating is not null)::int as rated,
              count(*) filter (where reopened_count > 0)::int as reopened,
              count(*) filter (where closed_at is null and paused_since is null and close_by < now())::int as overdue
       from cases where type = 'grid.event'`,
    );
    expect(facts!.escalated).toBeGreaterThan(0);
    expect(facts!.repeats).toBeGreaterThan(0);
    expect(facts!.rated).toBeGreaterThan(0);
    expect(facts!.reopened).toBeGreaterThan(0);
    expect(facts!.overdue).toBeGreaterThan(0);
    // Every reply carries its photo, stored in the unit that replied.
    const [orphans] = await database.query<{ n: number }>(
      `select count(*)::int as n from case_events e
       join cases c on c.id = e.case_id and c.type = 'grid.event'
       where e.action = 'reply' and not exists (
         select 1 from stored_files f where f.id = (e.attachment_ids->>0)::uuid and f.unit_id = e.unit_id)`,
    );
    expect(orphans!.n).toBe(0);
  });

  it('patrols most grids most weeks over the year before today, a few much less', async () => {
    const perGrid = await database.query<{ weeks: number }>(
      `select count(distinct date_trunc('week', p.started_at at time zone 'Asia/Shanghai'))::int as weeks
       from grids g join grid_workers w on w.grid_id = g.id and w.active
       left join grid_patrols p on p.grid_id = g.id group by g.id`,
    );
    expect(counts.gridPatrols).toBeGreaterThan(0);
    const diligent = perGrid.filter((g) => g.weeks >= 35).length;
    const neglected = perGrid.filter((g) => g.weeks < 30).length;
    expect(diligent / perGrid.length).toBeGreaterThan(0.6);
    expect(neglected).toBeGreaterThan(0);
    const [late] = await database.query<{ n: number }>(
      `select count(*)::int as n from grid_patrols where started_at > now() or ended_at < started_at`,
    );
    expect(late!.n).toBe(0);
  });
});
