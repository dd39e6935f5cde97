// The scale seeding (`npm run seed:scale`): the demo banner or league, then bulk top-ups to benchmark
// size — grid events with full timelines, five years of meetings, households, 三问 items and an audit
// row for every write, its hash chain sealed — then the administrator accounts, so the server's first
// start finds a complete installation. Deterministic: the same factor, size, seed and day give the
// same data (ids of the demo's own rows aside, which the demo draws at random).
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { createDemoGridWorkerLogin } from '../../modules/grid/demoPatrols';
import { rebuildMeetingDays } from '../../modules/meetings';
import { sealAuditLog } from '../../platform/audit/sealer';
import { type CreatedAdmin, createAdminAccounts, seedRoles } from '../../platform/bootstrap';
import { loadCalendar, rebuildCaseMonthly } from '../../platform/cases';
import type { FieldCipher } from '../../platform/crypto';
import type { Database, Db } from '../../platform/db';
import * as schema from '../../platform/db/tables';
import { todayInChina } from '../../platform/time';
import { DEFAULT_DEMO_SEED, type DemoSize } from '../generate';
import { loadDemoData } from '../load';
import { AuditTrail } from './audit';
import {
  BulkWriter,
  dropForeignKeys,
  dropSecondaryIndexes,
  rebuildIndexes,
  restoreForeignKeys,
} from './bulk';
import { copyInto } from './copy';
import { seedGridEvents } from './events';
import { seedHouseholds } from './households';
import { createIdSource, type IdSource } from './ids';
import { seedMeetings } from './meetings';
import { type ProgressListener, StageProgress } from './progress';
import type { ScaleRun } from './run';
import { type ScaleSnapshot, takeSnapshot } from './snapshot';
import { chinaTime } from './time';
import { seedVoiceItems } from './voice';

export { formatProgress, grouped, type ProgressReport } from './progress';

/** Grid events per banner-sized factor: ×10 gives a million. */
export const DEFAULT_EVENTS_PER_BANNER = 100_000;

/** Tables the load writes in bulk: their secondary indexes are built, and foreign keys checked, after it. */
const BULK_TABLES = [
  'cases',
  'case_events',
  'grid_events',
  'audit_log',
  'meetings',
  'meeting_events',
  'meeting_attendance',
  'member_review_grades',
  'rectification_items',
  'grid_households',
  'voice_publications',
  'stored_files',
] as const;

/** What the final summary counts, table by table. */
const COUNTED: ReadonlyArray<readonly [string, string]> = [
  ['units', 'select count(*)::int as n from units'],
  ['people', 'select count(*)::int as n from people'],
  ['members', 'select count(*)::int as n from party_members'],
  ['elections', 'select count(*)::int as n from elections'],
  ['meetings', 'select count(*)::int as n from meetings'],
  ['grids', 'select count(*)::int as n from grids'],
  ['households', 'select count(*)::int as n from grid_households'],
  ['gridEvents', "select count(*)::int as n from cases where type = 'grid.event'"],
  ['voiceItems', "select count(*)::int as n from cases where type = 'voice.item'"],
  ['caseEvents', 'select count(*)::int as n from case_events'],
  ['auditRows', 'select count(*)::int as n from audit_log'],
];

/** 2×2 PNG standing in for the photos a reply carries. */
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGPQqzXSqzVi0Ks1OnHiBAAbJATwXnLuWwAAAABJRU5ErkJggg==',
  'base64',
);

/** The database already holds data: the scale seeding writes only into an empty one. */
export class NotEmptyError extends Error {}

export interface SeedScaleOptions {
  cipher: FieldCipher;
  /** ×1 a banner, ≥ 2 a league of round(factor) banners (×10 a league, ×50 a region). */
  factor?: number;
  size?: DemoSize;
  seed?: number;
  /** Grid events per unit of factor, the demo's own included (100,000: a million at ×10). */
  eventsPerBanner?: number;
  /** Password of the administrator accounts (JICENG_ADMIN_PASSWORD); null: generated, to be changed. */
  adminPassword?: string | null;
  onProgress?: ProgressListener;
}

export interface SeedScaleResult {
  rootUnitId: string;
  /** Rows in the database afterwards, by what they are. */
  counts: Record<string, number>;
  /** What the scale stages added on top of the demo. */
  added: Record<string, number>;
  admins: CreatedAdmin[];
  /** The seeding's "now": no generated record is later. */
  until: Date;
  seconds: number;
}

/** Refuses a database that already has units or accounts, in Chinese and English. */
export async function assertEmpty(database: Database): Promise<void> {
  const [row] = await database.query<{ units: number; users: number }>(
    'select (select count(*)::int from units) as units, (select count(*)::int from users) as users',
  );
  const units = Number(row?.units ?? 0);
  const users = Number(row?.users ?? 0);
  if (units > 0 || users > 0)
    throw new NotEmptyError(
      `数据库不是空的（已有 ${units} 个单位、${users} 个账号）。seed:scale 只向全新的空数据库写入数据，不会覆盖或删除已有数据。` +
        `请换一个新的数据目录（--data-dir），或新建一个 PostgreSQL 数据库（createdb）并把 DATABASE_URL 指向它，再运行。\n` +
        `The database is not empty (${units} units, ${users} accounts). seed:scale writes into a new, empty database only: ` +
        'use another --data-dir, or create a new PostgreSQL database and point DATABASE_URL at it.',
    );
}

/**
 * Seeds an empty, migrated database at scale: the demo (loadDemoData with the factor), then the bulk
 * stages in one transaction with the heavy indexes built after them, then the administrator accounts,
 * the audit chain sealed and statistics gathered.
 */
export async function seedScale(database: Database, options: SeedScaleOptions): Promise<SeedScaleResult> {
  const started = performance.now();
  const { cipher, factor = 1, size = 'banner', seed = DEFAULT_DEMO_SEED, onProgress } = options;
  const eventsPerBanner = options.eventsPerBanner ?? DEFAULT_EVENTS_PER_BANNER;
  await assertEmpty(database);
  await seedRoles(database.db);

  const today = todayInChina();
  // Midnight (China time) starting today: already past, and the same all day, so one day gives one data set.
  const until = chinaTime(today, 0);
  const demoProgress = new StageProgress(onProgress, 'demo', 0);
  const demo = await loadDemoData(database, {
    cipher,
    size,
    factor,
    seed,
    onProgress: (stage, done, total) => {
      if (done !== total) return;
      // Units and people report rows; the module loaders report only that they are done.
      demoProgress.done += 1;
      if (total > 1) demoProgress.rows += total;
      demoProgress.report(stage, true);
    },
  });
  // The demo's audit rows are sealed first: the scale rows continue the chain from them.
  await sealAuditLog(database.db);

  const added: Record<string, number> = {};
  // On PostgreSQL the load runs on a connection of its own, so its rows can go by COPY.
  const client = database.url ? new pg.Client({ connectionString: database.url }) : null;
  await client?.connect();
  const db = client ? (drizzle(client, { schema }) as unknown as Db) : database.db;
  try {
    await db.transaction(async (tx) => {
      if (database.kind === 'postgres') await tx.execute(sql`set local maintenance_work_mem = '512MB'`);
      const snapshot = await takeSnapshot(tx);
      const dropped = await dropSecondaryIndexes(tx, BULK_TABLES);
      const foreignKeys = await dropForeignKeys(tx, BULK_TABLES);
      // The monthly case roll-up and the meetings' days are built once from the loaded rows, not row by row.
      await tx.execute(sql`alter table cases disable trigger cases_monthly_insert_delete`);
      await tx.execute(sql`alter table meetings disable trigger meetings_days_insert_delete`);
      // Room for part of a month of grid events at ×10 while the month before is written.
      const writer = new BulkWriter(tx, {
        batchRows: 5000,
        queuedBytes: 96 * 1024 * 1024,
        copy: client ? (table, columns, text) => copyInto(client, table, columns, text) : undefined,
      });
      const ids = createIdSource(seed);
      const photoOf = await seedPhotos(writer, snapshot, ids, today);
      const run: ScaleRun = {
        tx,
        writer,
        audit: await AuditTrail.open(tx, writer),
        snapshot,
        ids,
        cipher,
        calendar: await loadCalendar(tx),
        seed,
        size,
        today,
        until,
        photoOf,
        onProgress,
      };
      Object.assign(added, await seedGridEvents(run, Math.round(eventsPerBanner * factor)));
      Object.assign(added, await seedMeetings(run));
      Object.assign(added, await seedHouseholds(run));
      Object.assign(added, await seedVoiceItems(run));
      await run.audit.finish();
      await writer.drain();
      added.auditRows = run.audit.written;
      const indexes = new StageProgress(onProgress, 'indexes', dropped.length);
      await rebuildIndexes(tx, dropped, (index, done) => {
        indexes.done = done;
        indexes.report(index.name, true);
      });
      const rollUp = new StageProgress(onProgress, 'roll-ups', 0);
      await rebuildCaseMonthly(tx);
      await tx.execute(sql`alter table cases enable trigger cases_monthly_insert_delete`);
      await rebuildMeetingDays(tx);
      await tx.execute(sql`alter table meetings enable trigger meetings_days_insert_delete`);
      rollUp.report(undefined, true);
      const keys = new StageProgress(onProgress, 'foreign keys', foreignKeys.length);
      await restoreForeignKeys(tx, foreignKeys, (key, done) => {
        keys.done = done;
        keys.report(key.name, true);
      });
    });
  } finally {
    await client?.end();
  }

  const admins = await createAdminAccounts(database.db, demo.rootUnitId, options.adminPassword ?? null);
  const worker = await createDemoGridWorkerLogin(database.db, options.adminPassword ?? null);
  if (worker) admins.push(worker);
  await sealAuditLog(database.db);

  const analyse = new StageProgress(onProgress, 'analyze', 0);
  await database.query(database.kind === 'postgres' ? 'vacuum (analyze)' : 'analyze');
  analyse.report(undefined, true);

  const counts: Record<string, number> = {};
  for (const [name, query] of COUNTED) {
    const [row] = await database.query<{ n: number }>(query);
    counts[name] = Number(row?.n ?? 0);
  }
  return {
    rootUnitId: demo.rootUnitId,
    counts,
    added,
    admins,
    until,
    seconds: (performance.now() - started) / 1000,
  };
}

/** One photo per 嘎查/社区 and banner department: the attachment of their replies. */
async function seedPhotos(
  writer: BulkWriter,
  snapshot: ScaleSnapshot,
  ids: IdSource,
  today: string,
): Promise<(unitId: string) => string> {
  const owners = snapshot.units.filter(
    (u) =>
      u.type === 'gacha' ||
      u.type === 'community' ||
      (u.type === 'agency' && snapshot.unitById.get(u.parentId ?? '')?.type === 'banner'),
  );
  const at = chinaTime(today, 0).getTime() - 5 * 366 * 86_400_000;
  const sha256 = createHash('sha256').update(PHOTO).digest('hex');
  const photos = new Map(owners.map((u) => [u.id, ids.uuid(at)]));
  await writer.insert(
    'stored_files',
    {
      id: 'uuid',
      unit_id: 'uuid',
      name: 'text',
      mime: 'text',
      size: 'integer',
      sha256: 'text',
      content: 'bytea',
      created_at: 'timestamptz',
    },
    owners.map((u) => ({
      id: photos.get(u.id),
      unit_id: u.id,
      name: '处理结果.png',
      mime: 'image/png',
      size: PHOTO.length,
      sha256,
      content: `\\x${PHOTO.toString('hex')}`,
      created_at: new Date(at).toISOString(),
    })),
  );
  await writer.drain();
  return (unitId) => {
    const id = photos.get(unitId);
    if (!id) throw new Error(`no demo photo for unit ${unitId}`);
    return id;
  };
}
