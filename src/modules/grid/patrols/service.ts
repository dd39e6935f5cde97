// Use cases of patrols (巡查): a grid worker's upload from the phone (idempotent by the client's key),
// the patrol log, and patrol coverage per grid: the share of weeks of a period with at least one patrol.
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { users } from '../../../platform/auth/schema';
import { auditActorOf } from '../../../platform/auth/service';
import { recordAudit } from '../../../platform/audit/writer';
import type { DbOrTx } from '../../../platform/db';
import { AppError } from '../../../platform/errors';
import type { RequestContext } from '../../../platform/http/context';
import { escapeLike, pathCondition, type Scope } from '../../../platform/scope';
import { todayInChina } from '../../../platform/time';
import { findUnitInScope, units } from '../../orgs';
import { people } from '../../people';
import { grids, gridWorkers, patrols } from '../schema';
import { findGridInScope } from '../service';
import type {
  CoverageView,
  CreatePatrolInput,
  ListPatrolsQuery,
  PatrolSummary,
  PatrolView,
} from './contract';

const DAY = 86_400_000;
/** A phone's clock may run a little fast; later than this ahead of the server is refused. */
const CLOCK_SKEW_MS = 10 * 60_000;
const MAX_PATROL_MS = DAY;

/** The Mondays (YYYY-MM-DD) of the weeks that touch the period [from, to], in China's calendar. */
export function weekStarts(from: string, to: string): string[] {
  const start = new Date(`${from}T00:00:00Z`);
  start.setUTCDate(start.getUTCDate() - ((start.getUTCDay() + 6) % 7));
  const end = new Date(`${to}T00:00:00Z`);
  const weeks: string[] = [];
  for (let day = start; day <= end; day = new Date(day.getTime() + 7 * DAY))
    weeks.push(day.toISOString().slice(0, 10));
  return weeks;
}

/** The length of a track in metres (haversine between successive points). */
export function trackLength(track: ReadonlyArray<{ lat: number; lng: number }>): number {
  const radius = 6_371_008.8;
  const rad = (deg: number) => (deg * Math.PI) / 180;
  let metres = 0;
  for (let i = 1; i < track.length; i++) {
    const a = track[i - 1]!;
    const b = track[i]!;
    const h =
      Math.sin(rad(b.lat - a.lat) / 2) ** 2 +
      Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lng - a.lng) / 2) ** 2;
    metres += 2 * radius * Math.asin(Math.min(1, Math.sqrt(h)));
  }
  return Math.round(metres);
}

const summaryColumns = {
  patrol: patrols,
  gridName: grids.name,
  gridCode: grids.code,
  unitName: units.name,
  workerName: people.name,
};
type SummaryRow = {
  patrol: typeof patrols.$inferSelect;
  gridName: string;
  gridCode: string;
  unitName: string;
  workerName: string;
};

function summary(row: SummaryRow): PatrolSummary {
  const { patrol } = row;
  return {
    id: patrol.id,
    gridId: patrol.gridId,
    gridName: row.gridName,
    gridCode: row.gridCode,
    unitName: row.unitName,
    personId: patrol.personId,
    workerName: row.workerName,
    startedAt: patrol.startedAt.toISOString(),
    endedAt: patrol.endedAt.toISOString(),
    minutes: Math.round((patrol.endedAt.getTime() - patrol.startedAt.getTime()) / 60_000),
    distanceMetres: patrol.distanceMetres,
    points: patrol.track.length,
    note: patrol.note,
  };
}

function joined(db: DbOrTx) {
  return db
    .select(summaryColumns)
    .from(patrols)
    .innerJoin(grids, eq(grids.id, patrols.gridId))
    .innerJoin(units, eq(units.id, grids.unitId))
    .innerJoin(people, eq(people.id, patrols.personId));
}

/** One patrol with its track, where its grid is in scope. */
export async function getPatrol(
  { db, scope }: Pick<RequestContext, 'db' | 'scope'>,
  id: string,
): Promise<PatrolView> {
  const [row] = await joined(db).where(and(eq(patrols.id, id), pathCondition(scope, units.path)));
  if (!row) throw new AppError('NOT_FOUND');
  return { ...summary(row), track: row.patrol.track };
}

function checkTimes(input: CreatePatrolInput, now: Date) {
  const started = new Date(input.startedAt);
  const ended = new Date(input.endedAt);
  const problem =
    ended < started
      ? '结束时间早于开始时间'
      : ended.getTime() > now.getTime() + CLOCK_SKEW_MS
        ? '结束时间晚于当前时间，请校准手机时间'
        : ended.getTime() - started.getTime() > MAX_PATROL_MS
          ? '一次巡查不能超过 24 小时'
          : null;
  if (problem) throw new AppError('GRID_PATROL_TIMES', { params: { reason: problem } });
  return { started, ended };
}

/** The stored patrol of a key: the same worker's answers it again, anyone else's key is a conflict. */
async function storedPatrol(db: DbOrTx, key: string, personId: string): Promise<PatrolView | null> {
  const [row] = await joined(db).where(eq(patrols.idempotencyKey, key));
  if (!row) return null;
  if (row.patrol.personId !== personId) throw new AppError('GRID_PATROL_KEY_REUSED');
  return { ...summary(row), track: row.patrol.track };
}

/**
 * Stores a patrol uploaded by the signed-in grid worker. The key is unique in the table: a retried or
 * concurrent upload with the same key answers the patrol already stored (`created: false`).
 */
export async function recordPatrol(
  ctx: RequestContext,
  input: CreatePatrolInput,
  now = new Date(),
): Promise<{ patrol: PatrolView; created: boolean }> {
  const [user] = await ctx.db
    .select({ personId: users.personId })
    .from(users)
    .where(eq(users.id, ctx.actor.userId));
  const personId = user?.personId;
  if (!personId) throw new AppError('GRID_PATROL_NO_PERSON');
  const seen = await storedPatrol(ctx.db, input.idempotencyKey, personId);
  if (seen) return { patrol: seen, created: false };
  const { started, ended } = checkTimes(input, now);
  const grid = await findGridInScope(ctx.db, ctx.scope, input.gridId);
  const [assigned] = await ctx.db
    .select({ id: gridWorkers.id })
    .from(gridWorkers)
    .where(
      and(eq(gridWorkers.gridId, grid.id), eq(gridWorkers.personId, personId), eq(gridWorkers.active, true)),
    );
  if (!assigned) throw new AppError('GRID_EVENT_NOT_ASSIGNED', { params: { grid: grid.name } });
  const track = [...input.track].sort((a, b) => a.at.localeCompare(b.at));
  const createdId = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(patrols)
      .values({
        idempotencyKey: input.idempotencyKey,
        gridId: grid.id,
        personId,
        userId: ctx.actor.userId,
        startedAt: started,
        endedAt: ended,
        track,
        distanceMetres: trackLength(track),
        note: input.note ?? '',
      })
      .onConflictDoNothing({ target: patrols.idempotencyKey })
      .returning({ id: patrols.id });
    if (!row) return null;
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'gridPatrol',
      entityId: row.id,
      action: 'create',
      after: { gridId: grid.id, startedAt: input.startedAt, endedAt: input.endedAt, points: track.length },
    });
    return row.id;
  });
  if (createdId)
    return { patrol: await getPatrol({ db: ctx.db, scope: ctx.scope }, createdId), created: true };
  // Another upload with the same key won the race: answer what it stored.
  const raced = await storedPatrol(ctx.db, input.idempotencyKey, personId);
  return { patrol: raced!, created: false };
}

async function underCondition(db: DbOrTx, scope: Scope, unitId: string | undefined) {
  if (!unitId) return undefined;
  const under = await findUnitInScope(db, scope, unitId);
  return sql`${units.path} like ${`${escapeLike(under.path)}%`}`;
}

/** China-calendar day bounds of started_at. */
function periodCondition(from: string | undefined, to: string | undefined) {
  return and(
    from ? sql`${patrols.startedAt} >= ${`${from}T00:00:00+08:00`}::timestamptz` : undefined,
    to ? sql`${patrols.startedAt} < (${`${to}T00:00:00+08:00`}::timestamptz + interval '1 day')` : undefined,
  );
}

/** The patrol log in scope, newest first, by grid, unit and period. */
export async function listPatrols(
  { db, scope }: Pick<RequestContext, 'db' | 'scope'>,
  query: ListPatrolsQuery,
): Promise<{ total: number; items: PatrolSummary[] }> {
  const where = and(
    pathCondition(scope, units.path),
    await underCondition(db, scope, query.unitId),
    query.gridId ? eq(patrols.gridId, query.gridId) : undefined,
    periodCondition(query.from, query.to),
  );
  const [{ total } = { total: 0 }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(patrols)
    .innerJoin(grids, eq(grids.id, patrols.gridId))
    .innerJoin(units, eq(units.id, grids.unitId))
    .where(where);
  const rows = await joined(db)
    .where(where)
    .orderBy(desc(patrols.startedAt), asc(patrols.id))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  return { total: Number(total), items: rows.map(summary) };
}

/**
 * Patrol coverage of the active grids in scope over [from, to] (both days included): per grid the
 * patrols, the weeks (Monday to Sunday, China time) with at least one patrol and the last patrol; overall,
 * covered grid-weeks ÷ all grid-weeks. Weeks that have not begun by `today` cannot be patrolled yet and are
 * not counted, so a year's coverage read in December is not held down by the rest of December.
 */
export async function patrolCoverage(
  db: DbOrTx,
  scope: Scope,
  query: { unitId?: string; from: string; to: string },
  today = todayInChina(),
): Promise<CoverageView & { patrolIds: string[] }> {
  const [last] = [query.to, today].sort() as [string, string];
  const weeks = last < query.from ? 0 : weekStarts(query.from, last).length;
  const rows = await db
    .select({
      gridId: grids.id,
      gridName: grids.name,
      gridCode: grids.code,
      unitName: units.name,
      patrols: sql<number>`count(${patrols.id})::int`,
      weeksCovered: sql<number>`count(distinct date_trunc('week', ${patrols.startedAt} at time zone 'Asia/Shanghai'))::int`,
      lastPatrolAt: sql<string | null>`max(${patrols.startedAt})`,
      patrolIds: sql<
        string[] | null
      >`array_agg(${patrols.id}::text) filter (where ${patrols.id} is not null)`,
    })
    .from(grids)
    .innerJoin(units, eq(units.id, grids.unitId))
    .leftJoin(patrols, and(eq(patrols.gridId, grids.id), periodCondition(query.from, query.to)))
    .where(
      and(
        eq(grids.active, true),
        pathCondition(scope, units.path),
        await underCondition(db, scope, query.unitId),
      ),
    )
    .groupBy(grids.id, grids.name, grids.code, units.name, units.path)
    .orderBy(asc(units.path), asc(grids.code));
  const covered = rows.reduce((sum, r) => sum + Number(r.weeksCovered), 0);
  return {
    from: query.from,
    to: query.to,
    weeks,
    share: rows.length === 0 || weeks === 0 ? null : covered / (rows.length * weeks),
    grids: rows.map(({ patrolIds: _ids, ...r }) => ({
      ...r,
      patrols: Number(r.patrols),
      weeksCovered: Number(r.weeksCovered),
      lastPatrolAt: r.lastPatrolAt ? new Date(r.lastPatrolAt).toISOString() : null,
    })),
    patrolIds: rows.flatMap((r) => r.patrolIds ?? []),
  };
}
