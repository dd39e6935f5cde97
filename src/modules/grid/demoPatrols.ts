// Demo patrols (巡查): a year of patrols by every grid's worker, written in bulk, at most one a week. About
// half the grids are patrolled every week, most others most weeks, a few are neglected, so the coverage page and indicator show a spread. Tracks are short
// walks around the grid's centre, well inside its boundary. Also the demo grid-worker login, so the
// phone app (/m/) and patrol uploads work in the demo.
import { randomUUID } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { DemoContext } from '../../demo/context';
import { createRandom } from '../../demo/random';
import { recordAudit, systemActor } from '../../platform/audit/writer';
import { roleAssignments, roles, users } from '../../platform/auth/schema';
import type { Db, Tx } from '../../platform/db';
import { generatePassword, hashPassword } from '../../platform/password';
import { people } from '../people';
import { grids, gridWorkers, patrols } from './schema';
import { trackLength } from './patrols/service';

const BATCH = 5000;
const DAY = 86_400_000;
const WEEKS = 52;

/** The demo grid worker's login. */
export const DEMO_GRID_WORKER = { username: 'wangge', displayName: '示范网格员' } as const;

export async function loadPatrolDemo(
  tx: Tx,
  demo: DemoContext,
  gridRows: ReadonlyArray<typeof grids.$inferInsert>,
  workerRows: ReadonlyArray<typeof gridWorkers.$inferInsert>,
): Promise<{ gridPatrols: number }> {
  const random = createRandom(demo.seed ^ 0x9a7e01);
  const gridById = new Map(gridRows.map((g) => [g.id!, g]));
  // Patrols are in the days before the demo's today, between 08:00 and 19:00 China time.
  const today = new Date(`${demo.today}T00:00:00+08:00`).getTime();
  // Days since Monday (0 on a Monday) and this week's Monday, China time.
  const weekday = (new Date(`${demo.today}T00:00:00Z`).getUTCDay() + 6) % 7;
  const monday = today - weekday * DAY;
  const rows: Array<Omit<typeof patrols.$inferInsert, 'idempotencyKey'>> = [];
  for (const worker of workerRows) {
    const grid = gridById.get(worker.gridId);
    if (!grid || grid.centerLat == null || grid.centerLng == null) continue;
    // About half the workers patrol every week, most of the rest miss a week now and then, a few
    // neglect their grid.
    const kind = random.next();
    const diligence =
      kind < 0.45 ? 1 : kind < 0.85 ? 0.85 + random.next() * 0.12 : 0.25 + random.next() * 0.3;
    for (let week = 0; week < WEEKS; week++) {
      // Calendar weeks (Monday to Sunday, as coverage counts them); this week only up to yesterday.
      const lastDay = week === 0 ? weekday - 1 : 6;
      if (lastDay < 0 || !random.chance(diligence)) continue;
      {
        const start =
          monday - week * 7 * DAY + random.int(0, lastDay) * DAY + random.int(8 * 60, 17 * 60) * 60_000;
        const minutes = random.int(25, 110);
        const end = start + minutes * 60_000;
        const steps = random.int(2, 4);
        let lat = grid.centerLat + (random.next() - 0.5) * 0.01;
        let lng = grid.centerLng + (random.next() - 0.5) * 0.004;
        const track: Array<{ lat: number; lng: number; at: string }> = [];
        for (let s = 0; s <= steps; s++) {
          track.push({
            lat: Math.round(lat * 1e6) / 1e6,
            lng: Math.round(lng * 1e6) / 1e6,
            at: new Date(start + ((end - start) * s) / steps).toISOString(),
          });
          lat = Math.min(
            grid.centerLat + 0.012,
            Math.max(grid.centerLat - 0.012, lat + (random.next() - 0.5) * 0.004),
          );
          lng = Math.min(
            grid.centerLng + 0.005,
            Math.max(grid.centerLng - 0.005, lng + (random.next() - 0.5) * 0.002),
          );
        }
        rows.push({
          gridId: worker.gridId,
          personId: worker.personId,
          startedAt: new Date(start),
          endedAt: new Date(end),
          track,
          distanceMetres: trackLength(track),
          note: random.chance(0.2)
            ? random.pick(['走访农牧户', '查看草场围栏', '巡查主干道', '检查消防通道'])
            : '',
        });
      }
    }
  }
  // Each batch as one JSON parameter, expanded by the database: far faster than nine parameters per row.
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH).map((r) => ({
      idempotency_key: randomUUID(),
      grid_id: r.gridId,
      person_id: r.personId,
      started_at: (r.startedAt as Date).toISOString(),
      ended_at: (r.endedAt as Date).toISOString(),
      track: r.track,
      distance_metres: r.distanceMetres,
      note: r.note,
    }));
    await tx.execute(sql`
      insert into ${patrols} (idempotency_key, grid_id, person_id, started_at, ended_at, track, distance_metres, note)
      select idempotency_key, grid_id, person_id, started_at, ended_at, track, distance_metres, note
      from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as x(idempotency_key uuid, grid_id uuid,
        person_id uuid, started_at timestamptz, ended_at timestamptz, track jsonb, distance_metres int, note text)`);
  }
  return { gridPatrols: rows.length };
}

/**
 * The demo grid worker's login: a user linked to the worker of the first active grid (by code) with the
 * 网格员 role at its 嘎查/社区. With a given password it keeps it; otherwise a generated one that must be
 * changed at first login. Null when the demo has no grid worker or the login already exists.
 */
export async function createDemoGridWorkerLogin(
  db: Db,
  password: string | null,
): Promise<{ username: string; displayName: string; password: string; generated: boolean } | null> {
  const [worker] = await db
    .select({ personId: gridWorkers.personId, unitId: grids.unitId, name: people.name })
    .from(gridWorkers)
    .innerJoin(grids, eq(grids.id, gridWorkers.gridId))
    .innerJoin(people, eq(people.id, gridWorkers.personId))
    .where(and(eq(gridWorkers.active, true), eq(grids.active, true)))
    .orderBy(asc(grids.code))
    .limit(1);
  if (!worker) return null;
  const [existing] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.username, DEMO_GRID_WORKER.username));
  if (existing) return null;
  const [role] = await db.select({ id: roles.id }).from(roles).where(eq(roles.key, 'gridWorker'));
  if (!role) return null;
  const plain = password ?? generatePassword();
  const displayName = `${worker.name}（${DEMO_GRID_WORKER.displayName}）`;
  await db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({
        username: DEMO_GRID_WORKER.username,
        displayName,
        passwordHash: await hashPassword(plain),
        mustChangePassword: password === null,
        personId: worker.personId,
      })
      .returning({ id: users.id });
    await tx.insert(roleAssignments).values({ userId: user!.id, roleId: role.id, unitId: worker.unitId });
    await recordAudit(tx, systemActor, {
      entity: 'user',
      entityId: user!.id,
      action: 'create',
      after: { username: DEMO_GRID_WORKER.username, roles: ['gridWorker'] },
    });
  });
  return { username: DEMO_GRID_WORKER.username, displayName, password: plain, generated: password === null };
}
