import { randomUUID } from 'node:crypto';
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/writer';
import { auditActorOf } from '../auth/service';
import type { Db } from '../db';
import { AppError, errorMessage } from '../errors';
import { releaseMemory } from '../memory';
import { type Scope, scopeOf } from '../scope';
import { getSetting } from '../settings/service';
import { type ImportJob, type ImportPreview, type ImportStatus, importStatusNames } from './contract';
import {
  getImport,
  type ImportContext,
  type ImportDefinition,
  type ImportError,
  ImportRowsChanged,
  type ParsedRow,
} from './definition';
import { checkCells, readRows } from './reader';
import { importJobs } from './schema';

/** At most this many errors are stored and shown; the message counts the rest. */
export const MAX_STORED_ERRORS = 1000;
/** Progress is written to the job row at most this often while validating. */
const PROGRESS_INTERVAL_MS = 300;

type JobRow = Omit<typeof importJobs.$inferSelect, 'userId' | 'scope' | 'rows' | 'createdAt' | 'finishedAt'>;

/**
 * Commits running in this process with their live progress: the commit's transaction hides its own
 * writes, and on PGlite no other query runs until it ends, so polling is answered from here.
 */
const liveCommits = new Map<
  string,
  { job: JobRow; userId: string; processedRows: number; message: string }
>();
/** Background validation and commit work, so tests and shutdown can wait for it. */
const running = new Map<string, Promise<void>>();

const jobColumns = {
  id: importJobs.id,
  kind: importJobs.kind,
  status: importJobs.status,
  fileName: importJobs.fileName,
  totalRows: importJobs.totalRows,
  validRows: importJobs.validRows,
  processedRows: importJobs.processedRows,
  errors: importJobs.errors,
  message: importJobs.message,
};

/**
 * Creates an import job for an uploaded file and validates it in the background: the job starts as
 * 'validating' and ends 'ready' (all rows valid), 'invalid' (every error listed) or 'failed'.
 */
export async function startImport({
  ctx,
  def,
  fileName,
  buffer,
}: {
  ctx: ImportContext;
  def: ImportDefinition;
  fileName: string;
  buffer: Buffer;
}): Promise<ImportJob> {
  const [job] = await ctx.db
    .insert(importJobs)
    .values({
      id: randomUUID(),
      kind: def.kind,
      userId: ctx.actor.userId,
      scope: [...ctx.scope.paths],
      fileName: fileName.slice(0, 200),
      status: 'validating',
      message: '正在读取文件',
    })
    .returning(jobColumns);
  track(job!.id, validateJob(ctx, def, job!.id, buffer));
  return present(job!);
}

async function validateJob(
  ctx: ImportContext,
  def: ImportDefinition,
  jobId: string,
  buffer: Buffer,
): Promise<void> {
  const progress = progressWriter(ctx.db, jobId);
  try {
    const maxRows = def.maxRows ?? (await getSetting(ctx.db, 'import.maxRows'));
    const rows = await readRows({
      input: buffer,
      columns: def.columns,
      maxRows,
      onRow: (count) => progress.set({ totalRows: count, message: `正在读取文件：已读取 ${count} 行` }),
    });
    const cellErrors: ImportError[] = [];
    const checked: ParsedRow[] = [];
    for (const row of rows) {
      const errors = checkCells(def.columns, row);
      if (errors.length > 0) cellErrors.push(...errors);
      else checked.push(row);
    }
    // Rows with bad cells are already counted as processed; only clean rows reach the module's checks.
    const offset = rows.length - checked.length;
    progress.set({ totalRows: rows.length, processedRows: offset, message: '正在校验数据' });
    const ruleErrors = await def.validate(ctx, checked, (processed) =>
      progress.set({ processedRows: offset + processed }),
    );
    await progress.close();
    const errors = [...cellErrors, ...ruleErrors];
    if (errors.length > 0) {
      await finishInvalid(ctx.db, def, jobId, rows.length, errors, '');
      return;
    }
    await ctx.db
      .update(importJobs)
      .set({
        status: 'ready',
        totalRows: rows.length,
        validRows: rows.length,
        processedRows: rows.length,
        errors: [],
        rows,
        message: `全部 ${rows.length} 行校验通过，请预览后确认导入`,
      })
      .where(eq(importJobs.id, jobId));
  } catch (error) {
    await progress.close();
    await markFailed(ctx.db, jobId, messageOf(error));
  }
}

/** Stores every error of an invalid file (sorted, capped) and writes nothing else. */
async function finishInvalid(
  db: Db,
  def: ImportDefinition,
  jobId: string,
  totalRows: number,
  errors: ImportError[],
  lead: string,
): Promise<void> {
  const order = new Map(def.columns.map((c, i) => [c.header, i]));
  errors.sort((a, b) => a.row - b.row || (order.get(a.field) ?? 999) - (order.get(b.field) ?? 999));
  const badRows = new Set(errors.map((e) => e.row)).size;
  const hidden = errors.length - MAX_STORED_ERRORS;
  const message =
    `${lead}共发现 ${errors.length} 处错误（涉及 ${badRows} 行），未写入任何数据；请按行号修改后重新上传` +
    (hidden > 0 ? `。另有 ${hidden} 处错误未列出` : '');
  await db
    .update(importJobs)
    .set({
      status: 'invalid',
      totalRows,
      validRows: totalRows - badRows,
      processedRows: totalRows,
      errors: errors.slice(0, MAX_STORED_ERRORS),
      rows: [],
      message,
      finishedAt: sql`now()`,
    })
    .where(eq(importJobs.id, jobId));
}

async function markFailed(db: Db, jobId: string, message: string): Promise<void> {
  try {
    await db
      .update(importJobs)
      .set({ status: 'failed', rows: [], message, finishedAt: sql`now()` })
      .where(eq(importJobs.id, jobId));
  } catch (error) {
    // Nothing more can be done here; failInterruptedImports() clears it at the next start.
    console.error(`import ${jobId}: could not record the failure`, error);
  }
}

/**
 * Commits a 'ready' job of the actor: re-validates (the data may have changed since the preview),
 * then writes every row and one audit row in a single transaction, in the background.
 * Returns the job as 'committing'; the web polls GET /api/imports/:id.
 */
export async function commitImport({
  ctx,
  jobId,
}: {
  ctx: ImportContext;
  jobId: string;
}): Promise<ImportJob> {
  const { job, def } = await ownJob(ctx, jobId);
  const [claimed] = await ctx.db
    .update(importJobs)
    .set({ status: 'committing', processedRows: 0, message: '正在复核数据' })
    .where(
      and(eq(importJobs.id, jobId), eq(importJobs.userId, ctx.actor.userId), eq(importJobs.status, 'ready')),
    )
    .returning(jobColumns);
  if (!claimed) {
    throw new AppError('IMPORT_NOT_READY', {
      params: { status: importStatusNames[job.status as ImportStatus] },
    });
  }
  // Never wider than what was validated at upload, nor than what the actor holds now.
  const scope = intersectScopes(ctx.actor.scopeFor(def.permission), scopeOf(job.scope));
  liveCommits.set(jobId, {
    job: claimed,
    userId: ctx.actor.userId,
    processedRows: 0,
    message: '正在复核数据',
  });
  track(jobId, runCommit({ ...ctx, scope }, def, jobId, job.fileName));
  return present(claimed);
}

async function runCommit(
  ctx: ImportContext,
  def: ImportDefinition,
  jobId: string,
  fileName: string,
): Promise<void> {
  const live = liveCommits.get(jobId)!;
  try {
    const [stored] = await ctx.db
      .select({ rows: importJobs.rows })
      .from(importJobs)
      .where(eq(importJobs.id, jobId));
    const rows = stored?.rows ?? [];
    const changedSincePreview = '数据在预览后发生了变化：';
    if (!def.checksOnCommit) {
      const errors = await def.validate(ctx, rows, (processed) => {
        live.processedRows = processed;
      });
      if (errors.length > 0) {
        await finishInvalid(ctx.db, def, jobId, rows.length, errors, changedSincePreview);
        return;
      }
    }
    live.message = '正在写入数据';
    live.processedRows = 0;
    let counts: { created: number; updated: number };
    try {
      counts = await ctx.db.transaction(async (tx) => {
        const result = await def.commit(tx, ctx, rows, (processed) => {
          live.processedRows = processed;
        });
        await recordAudit(tx, auditActorOf(ctx.actor), {
          entity: 'import',
          entityId: jobId,
          action: 'import.commit',
          after: { kind: def.kind, fileName, created: result.created, updated: result.updated },
        });
        return result;
      });
    } catch (error) {
      if (!(error instanceof ImportRowsChanged)) throw error;
      await finishInvalid(ctx.db, def, jobId, rows.length, error.errors, changedSincePreview);
      return;
    }
    await ctx.db
      .update(importJobs)
      .set({
        status: 'done',
        processedRows: rows.length,
        rows: [], // the imported data now lives in its own tables; keep no second copy
        message: `已导入 ${rows.length} 行（新增 ${counts.created} 条，更新 ${counts.updated} 条）`,
        finishedAt: sql`now()`,
      })
      .where(eq(importJobs.id, jobId));
  } catch (error) {
    await markFailed(ctx.db, jobId, `导入失败，未写入任何数据：${messageOf(error)}`);
  } finally {
    liveCommits.delete(jobId);
  }
}

/** The actor's own import job with live commit progress; another user's job is "not found". */
export async function getImportJob({
  ctx,
  jobId,
}: {
  ctx: ImportContext;
  jobId: string;
}): Promise<ImportJob> {
  const live = liveCommits.get(jobId);
  if (live && live.userId === ctx.actor.userId) {
    const def = getImport(live.job.kind);
    if (def && !ctx.actor.permissions.has(def.permission)) throw new AppError('FORBIDDEN');
    return present(live.job);
  }
  const { job } = await ownJob(ctx, jobId);
  return present(job);
}

/** One page of the parsed rows of the actor's own job (rows are kept until the job is committed). */
export async function getImportPreview({
  ctx,
  jobId,
  page,
  pageSize,
}: {
  ctx: ImportContext;
  jobId: string;
  page: number;
  pageSize: number;
}): Promise<ImportPreview> {
  await ownJob(ctx, jobId);
  const from = (page - 1) * pageSize;
  const [result] = await ctx.db
    .select({
      total: sql<number>`jsonb_array_length(${importJobs.rows})`,
      items: sql<
        ParsedRow[]
      >`jsonb_path_query_array(${importJobs.rows}, '$[$from to $to]', jsonb_build_object('from', ${from}::int, 'to', ${from + pageSize - 1}::int))`,
    })
    .from(importJobs)
    .where(eq(importJobs.id, jobId));
  const total = Number(result?.total ?? 0);
  return { items: from < total ? (result?.items ?? []) : [], total, page, pageSize };
}

/** Loads a job of the actor and its definition; checks the actor still holds the import's permission. */
async function ownJob(ctx: ImportContext, jobId: string) {
  const [job] = await ctx.db
    .select({ ...jobColumns, scope: importJobs.scope })
    .from(importJobs)
    .where(and(eq(importJobs.id, jobId), eq(importJobs.userId, ctx.actor.userId)));
  const def = job && getImport(job.kind);
  if (!job || !def) throw new AppError('IMPORT_NOT_FOUND');
  if (!ctx.actor.permissions.has(def.permission)) throw new AppError('FORBIDDEN');
  return { job, def };
}

function present(job: JobRow): ImportJob {
  const live = liveCommits.get(job.id);
  return {
    id: job.id,
    kind: job.kind,
    status: (live ? 'committing' : job.status) as ImportStatus,
    fileName: job.fileName,
    totalRows: job.totalRows,
    validRows: job.validRows,
    processedRows: live ? live.processedRows : job.processedRows,
    errors: job.errors,
    message: live ? live.message : job.message,
  };
}

/** Waits until the background work of a job (validation or commit) has finished. */
export async function waitForImport(jobId: string): Promise<void> {
  await running.get(jobId);
}

/** Waits for all background import work of this process, e.g. before shutting down. */
export async function drainImports(): Promise<void> {
  await Promise.all(running.values());
}

/**
 * Marks jobs left 'validating' or 'committing' by a stopped process as failed (their commit
 * transaction was rolled back). Call once at start-up of a single-instance deployment.
 */
export async function failInterruptedImports(db: Db): Promise<number> {
  const rows = await db
    .update(importJobs)
    .set({
      status: 'failed',
      rows: [],
      message: '服务重启，导入已中断，未写入任何数据；请重新上传',
      finishedAt: sql`now()`,
    })
    .where(inArray(importJobs.status, ['validating', 'committing']))
    .returning({ id: importJobs.id });
  return rows.length;
}

/** Expires 'ready' jobs never committed, so uploaded personal data does not linger in import_jobs. */
export async function expireStaleImports(db: Db, { olderThanHours = 24 } = {}): Promise<number> {
  const rows = await db
    .update(importJobs)
    .set({
      status: 'failed',
      rows: [],
      message: '导入任务已过期，未写入任何数据；请重新上传',
      finishedAt: sql`now()`,
    })
    .where(
      and(
        eq(importJobs.status, 'ready'),
        lt(importJobs.createdAt, sql`now() - make_interval(hours => ${olderThanHours}::int)`),
      ),
    )
    .returning({ id: importJobs.id });
  return rows.length;
}

function track(jobId: string, work: Promise<void>): void {
  const done = work
    .catch((error) => console.error(`import ${jobId}: unexpected failure`, error))
    .finally(() => {
      running.delete(jobId);
      // Validating or committing 100,000 rows leaves hundreds of megabytes of garbage behind.
      releaseMemory();
    });
  running.set(jobId, done);
}

/**
 * Writes progress to the job row at most every PROGRESS_INTERVAL_MS, never two writes at once; the
 * latest value is written later when it arrives too soon, so a slow step still shows where it is.
 */
function progressWriter(db: Db, jobId: string) {
  let pending: { totalRows?: number; processedRows?: number; message?: string } | null = null;
  let lastWrite = Date.now();
  let writing: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const flush = () => {
    timer = null;
    if (closed || !pending) return;
    if (writing) return schedule();
    const snapshot = pending;
    pending = null;
    writing = db
      .update(importJobs)
      .set(snapshot)
      .where(and(eq(importJobs.id, jobId), eq(importJobs.status, 'validating')))
      .then(
        () => undefined,
        () => undefined, // progress is best effort; the final write reports real failures
      )
      .finally(() => {
        writing = null;
        lastWrite = Date.now();
      });
  };
  const schedule = () => {
    timer ??= setTimeout(flush, Math.max(10, PROGRESS_INTERVAL_MS - (Date.now() - lastWrite)));
  };
  return {
    set(patch: { totalRows?: number; processedRows?: number; message?: string }) {
      if (closed) return;
      pending = { ...pending, ...patch };
      if (!writing && Date.now() - lastWrite >= PROGRESS_INTERVAL_MS) flush();
      else schedule();
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await writing;
    },
  };
}

/** The Chinese reason of a failure; unexpected errors are logged and shown generically. */
function messageOf(error: unknown): string {
  if (error instanceof AppError) {
    // What the spreadsheet library said is kept for the operator; the user sees the Chinese reason.
    if (error.cause !== undefined) console.warn(`import: ${error.code}`, error.cause);
    const detail = error.details?.[0];
    const where = detail?.row ? `第 ${detail.row} 行${detail.field ? `“${detail.field}”` : ''}：` : '';
    return detail ? `${where}${detail.message}` : errorMessage(error.code, error.params);
  }
  console.error('import failed', error);
  return errorMessage('INTERNAL');
}

/** The subtrees inside both scopes. */
export function intersectScopes(a: Scope, b: Scope): Scope {
  const inside = (path: string, scope: Scope) => scope.paths.some((root) => path.startsWith(root));
  return scopeOf([...a.paths.filter((p) => inside(p, b)), ...b.paths.filter((p) => inside(p, a))]);
}
