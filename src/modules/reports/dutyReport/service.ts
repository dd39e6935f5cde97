// Duty reports (述职报告): templates, reports with the author's posts, drafting from the indicator
// registry, text edits, locking with a frozen snapshot, and the records behind each figure.
//
// Posts are entered on the report: there is no cadres module yet. When one exists it will supply a
// person's posts (title, unit, dates, supervised units) and the form will prefill them from it.
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { recordAudit } from '../../../platform/audit/writer';
import { auditActorOf } from '../../../platform/auth/service';
import type { Db, DbOrTx } from '../../../platform/db';
import { AppError } from '../../../platform/errors';
import type { RequestContext } from '../../../platform/http/context';
import { resolveEvidence } from '../../../platform/indicators/evidence';
import type { Period } from '../../../platform/indicators/period';
import { findIndicator, type IndicatorValue } from '../../../platform/indicators/registry';
import { scopeOf, unitCondition } from '../../../platform/scope';
import { findUnitInScope, units } from '../../orgs';
import { people } from '../../people';
import type { EvidenceResult } from '../contract';
import { dutyReports, dutyReportPosts, dutyReportVersions, reportTemplates } from '../schema';
import { freezeSnapshot } from '../service';
import type {
  CreateDutyReportInput,
  DutyEvidenceQuery,
  DutyReportDetail,
  DutyReportListQuery,
  DutyReportView,
  TemplateBody,
} from './contract';
import { defaultTemplate } from './defaultTemplate';
import { applyTextEdits, type DraftEnvironment, draftContent, reportYearPeriod } from './draft';
import type { AuthorPost, DraftContent, DraftRun } from './model';
import { libreOfficeAvailable } from './pdf';

type ReportRow = typeof dutyReports.$inferSelect;

/** The shipped default template, created on first use. */
export async function ensureDefaultTemplate(db: DbOrTx) {
  const [found] = await db.select().from(reportTemplates).where(eq(reportTemplates.isDefault, true)).limit(1);
  if (found) return found;
  const template = defaultTemplate();
  const [row] = await db
    .insert(reportTemplates)
    .values({ name: template.name, title: template.title, sections: template.blocks, isDefault: true })
    .returning();
  return row!;
}

const templateViewOf = (row: typeof reportTemplates.$inferSelect) => ({
  id: row.id,
  name: row.name,
  title: row.title,
  isDefault: row.isDefault,
  sections: row.sections,
  updatedAt: row.updatedAt,
});

export async function listTemplates(ctx: RequestContext) {
  await ensureDefaultTemplate(ctx.db);
  const rows = await ctx.db
    .select()
    .from(reportTemplates)
    .orderBy(desc(reportTemplates.isDefault), asc(reportTemplates.name));
  return rows.map(templateViewOf);
}

async function findTemplate(db: DbOrTx, id: string) {
  const [row] = await db.select().from(reportTemplates).where(eq(reportTemplates.id, id));
  if (!row) throw new AppError('REPORTS_TEMPLATE_NOT_FOUND');
  return row;
}

export async function getTemplate(ctx: RequestContext, id: string) {
  return templateViewOf(await findTemplate(ctx.db, id));
}

/** Saves a template: a new one, or changes to an existing one (audited with before and after). */
export async function saveTemplate(ctx: RequestContext, body: TemplateBody, id?: string) {
  return ctx.db.transaction(async (tx) => {
    const before = id ? await findTemplate(tx, id) : null;
    const values = { name: body.name, title: body.title, sections: body.sections };
    const [row] = before
      ? await tx
          .update(reportTemplates)
          .set({ ...values, updatedAt: sql`now()` })
          .where(eq(reportTemplates.id, before.id))
          .returning()
      : await tx
          .insert(reportTemplates)
          .values({ ...values, createdBy: ctx.actor.userId })
          .returning();
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'reportTemplate',
      entityId: row!.id,
      action: before ? 'update' : 'create',
      before: before ? { name: before.name, title: before.title, sections: before.sections } : undefined,
      after: values,
    });
    return templateViewOf(row!);
  });
}

/** Every unit the posts name must lie in the scope: nobody drafts over data they cannot see (404). */
async function requireUnits(db: DbOrTx, scope: RequestContext['scope'], ids: Iterable<string>) {
  for (const id of new Set(ids)) await findUnitInScope(db, scope, id);
}

const postUnitIds = (posts: ReadonlyArray<{ unitId: string; supervisedUnitIds: string[] }>) =>
  posts.flatMap((post) => [post.unitId, ...post.supervisedUnitIds]);

/** Creates a report for a person and a year with their posts, then drafts it (version 1). */
export async function createDutyReport(ctx: RequestContext, input: CreateDutyReportInput) {
  const unit = await findUnitInScope(ctx.db, ctx.scope, input.unitId);
  await requireUnits(ctx.db, ctx.scope, postUnitIds(input.posts));
  const [author] = await ctx.db
    .select({ id: people.id, name: people.name })
    .from(people)
    .where(and(eq(people.id, input.authorId), unitCondition(ctx.scope, people.unitId)));
  if (!author) throw new AppError('REPORTS_AUTHOR_NOT_FOUND');
  const template = input.templateId
    ? await findTemplate(ctx.db, input.templateId)
    : await ensureDefaultTemplate(ctx.db);
  const id = await ctx.db.transaction(async (tx) => {
    const [report] = await tx
      .insert(dutyReports)
      .values({
        bannerId: unit.bannerId,
        unitId: unit.id,
        authorId: author.id,
        year: input.year,
        templateId: template.id,
        createdBy: ctx.actor.userId,
      })
      .returning();
    const posts = input.posts.map((post, position) => ({
      reportId: report!.id,
      position,
      title: post.title,
      unitId: post.unitId,
      fromDate: post.from,
      toDate: post.to ?? null,
      supervisedUnitIds: [...new Set(post.supervisedUnitIds)],
    }));
    await tx.insert(dutyReportPosts).values(posts);
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'dutyReport',
      entityId: report!.id,
      action: 'create',
      after: {
        authorId: author.id,
        authorName: author.name,
        year: input.year,
        unitId: unit.id,
        posts: input.posts,
      },
    });
    return report!.id;
  });
  await draftDutyReport(ctx, id);
  return getDutyReport(ctx, id);
}

async function findReport(db: DbOrTx, scope: RequestContext['scope'], id: string): Promise<ReportRow> {
  const [row] = await db
    .select()
    .from(dutyReports)
    .where(and(eq(dutyReports.id, id), unitCondition(scope, dutyReports.unitId)));
  if (!row) throw new AppError('REPORTS_DUTY_NOT_FOUND');
  return row;
}

async function postsOf(db: DbOrTx, reportId: string): Promise<AuthorPost[]> {
  const rows = await db
    .select()
    .from(dutyReportPosts)
    .where(eq(dutyReportPosts.reportId, reportId))
    .orderBy(asc(dutyReportPosts.position));
  return rows.map((row) => ({
    title: row.title,
    unitId: row.unitId,
    from: row.fromDate,
    to: row.toDate,
    supervisedUnitIds: row.supervisedUnitIds,
  }));
}

async function latestVersion(db: DbOrTx, reportId: string) {
  const [row] = await db
    .select()
    .from(dutyReportVersions)
    .where(eq(dutyReportVersions.reportId, reportId))
    .orderBy(desc(dutyReportVersions.number))
    .limit(1);
  return row ?? null;
}

/**
 * The environment drafting runs in: indicators from the registry, computed over the subtrees of the
 * posts' units (paths looked up once), each distinct computation done once; record lists resolved
 * within what the drafting user may see.
 */
export function environmentOf(
  db: Db,
  year: number,
  posts: AuthorPost[],
  listRecords: DraftEnvironment['listRecords'],
): DraftEnvironment {
  const paths = new Map<string, string>();
  const cache = new Map<string, Promise<IndicatorValue>>();
  const pathsOf = async (ids: readonly string[]) => {
    const unknown = ids.filter((id) => !paths.has(id));
    if (unknown.length > 0) {
      const rows = await db
        .select({ id: units.id, path: units.path })
        .from(units)
        .where(inArray(units.id, unknown));
      for (const row of rows) paths.set(row.id, row.path);
    }
    return ids.flatMap((id) => paths.get(id) ?? []);
  };
  return {
    year,
    posts,
    indicator(key) {
      const definition = findIndicator(key);
      return definition && { name: definition.name, unit: definition.unit };
    },
    compute(key, unitIds, period: Period) {
      const cacheKey = `${key}|${unitIds.join(',')}|${period.from}|${period.to}`;
      let pending = cache.get(cacheKey);
      if (!pending) {
        pending = (async () => {
          const definition = findIndicator(key);
          if (!definition) throw new Error(`indicator ${key} not registered`);
          return definition.compute({ db, scope: scopeOf(await pathsOf(unitIds)), period });
        })();
        cache.set(cacheKey, pending);
      }
      return pending;
    },
    listRecords,
  };
}

async function addVersion(
  tx: DbOrTx,
  ctx: RequestContext,
  report: ReportRow,
  kind: 'draft' | 'edit' | 'lock',
  content: DraftContent,
) {
  const [{ last } = { last: 0 }] = await tx
    .select({ last: sql<number>`coalesce(max(${dutyReportVersions.number}), 0)::int` })
    .from(dutyReportVersions)
    .where(eq(dutyReportVersions.reportId, report.id));
  const number = Number(last) + 1;
  await tx.insert(dutyReportVersions).values({
    reportId: report.id,
    number,
    kind,
    content,
    createdBy: ctx.actor.userId,
    createdByName: ctx.actor.displayName,
  });
  await tx.update(dutyReports).set({ updatedAt: sql`now()` }).where(eq(dutyReports.id, report.id));
  return number;
}

const runsOf = (content: DraftContent | null): DraftRun[] =>
  (content?.blocks ?? []).flatMap((block) =>
    block.type === 'paragraph' ? block.runs : block.type === 'recordList' ? [block.source] : [],
  );

const countsOf = (content: DraftContent | null) => {
  const runs = runsOf(content);
  return {
    figures: runs.filter((run) => run.type === 'figure').length,
    missing: runs.filter((run) => run.type === 'missing').length,
  };
};

/** Computes the draft afresh (figures recomputed, edited text kept) without saving it. */
async function computeDraft(ctx: RequestContext, report: ReportRow) {
  if (report.status === 'locked') throw new AppError('REPORTS_DUTY_LOCKED');
  const posts = await postsOf(ctx.db, report.id);
  await requireUnits(ctx.db, ctx.scope, postUnitIds(posts));
  const template = await findTemplate(ctx.db, report.templateId);
  const previous = await latestVersion(ctx.db, report.id);
  const env = environmentOf(ctx.db, report.year, posts, async (evidence, max) => {
    const resolved = await resolveEvidence({
      db: ctx.db,
      actor: ctx.actor,
      scope: ctx.scope,
      evidence,
      page: { page: 1, pageSize: max },
    });
    return {
      items: resolved.items.map((item) => ({ id: item.id, title: item.title, subtitle: item.subtitle })),
      count: resolved.count,
    };
  });
  return draftContent({ title: template.title, blocks: template.sections }, env, previous?.content);
}

/** Drafts the report again: every figure recomputed, the author's text edits kept; a new version. */
export async function draftDutyReport(ctx: RequestContext, id: string) {
  const report = await findReport(ctx.db, ctx.scope, id);
  const content = await computeDraft(ctx, report);
  await ctx.db.transaction(async (tx) => {
    const number = await addVersion(tx, ctx, report, 'draft', content);
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'dutyReport',
      entityId: report.id,
      action: 'draft',
      after: { version: number, ...countsOf(content) },
    });
  });
  return getDutyReport(ctx, id);
}

/** Saves the author's changes to free text as a new version; figures cannot be edited (400). */
export async function editDutyReportText(
  ctx: RequestContext,
  id: string,
  edits: Array<{ runId: string; text: string }>,
) {
  const report = await findReport(ctx.db, ctx.scope, id);
  if (report.status === 'locked') throw new AppError('REPORTS_DUTY_LOCKED');
  const latest = await latestVersion(ctx.db, report.id);
  if (!latest) throw new AppError('REPORTS_DUTY_NOT_DRAFTED');
  const { content, rejected } = applyTextEdits(latest.content, edits);
  if (rejected.length > 0) {
    throw new AppError('REPORTS_DUTY_RUN_NOT_EDITABLE', { params: { runs: rejected.join('、') } });
  }
  await ctx.db.transaction(async (tx) => {
    const number = await addVersion(tx, ctx, report, 'edit', content);
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'dutyReport',
      entityId: report.id,
      action: 'editText',
      before: { version: latest.number },
      after: { version: number, edits },
    });
  });
  return getDutyReport(ctx, id);
}

/**
 * Locks the report: drafts it a last time (edits kept), freezes an indicator snapshot of the report's
 * unit for the report year (the snapshot service), and stores the final content — every figure with the
 * ids of the records it counted — as the lock version. A locked report reads from that version only:
 * late records change neither its figures nor its evidence, and it can no longer be drafted or edited.
 */
export async function lockDutyReport(ctx: RequestContext, id: string) {
  const report = await findReport(ctx.db, ctx.scope, id);
  const content = await computeDraft(ctx, report);
  const snapshot = await freezeSnapshot(ctx, {
    unitId: report.unitId,
    ...reportYearPeriod(report.year),
    label: `${report.year}年度述职报告锁定快照`,
  });
  await ctx.db.transaction(async (tx) => {
    // Locked only once, even when two people press the button together.
    const locked = await tx
      .update(dutyReports)
      .set({ status: 'locked', snapshotId: snapshot.id, lockedAt: sql`now()`, updatedAt: sql`now()` })
      .where(and(eq(dutyReports.id, report.id), eq(dutyReports.status, 'draft')))
      .returning({ id: dutyReports.id });
    if (locked.length === 0) throw new AppError('REPORTS_DUTY_LOCKED');
    const number = await addVersion(tx, ctx, report, 'lock', content);
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'dutyReport',
      entityId: report.id,
      action: 'lock',
      after: { version: number, snapshotId: snapshot.id, ...countsOf(content) },
    });
  });
  return getDutyReport(ctx, id);
}

async function viewsOf(db: DbOrTx, rows: ReportRow[]): Promise<DutyReportView[]> {
  if (rows.length === 0) return [];
  const unitIds = [...new Set(rows.map((row) => row.unitId))];
  const unitNames = new Map(
    (await db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, unitIds))).map(
      (row) => [row.id, row.name],
    ),
  );
  const authors = new Map(
    (
      await db
        .select({ id: people.id, name: people.name })
        .from(people)
        .where(inArray(people.id, [...new Set(rows.map((row) => row.authorId))]))
    ).map((row) => [row.id, row.name]),
  );
  const templates = new Map(
    (
      await db
        .select({ id: reportTemplates.id, name: reportTemplates.name })
        .from(reportTemplates)
        .where(inArray(reportTemplates.id, [...new Set(rows.map((row) => row.templateId))]))
    ).map((row) => [row.id, row.name]),
  );
  const views: DutyReportView[] = [];
  for (const row of rows) {
    const latest = await latestVersion(db, row.id);
    views.push({
      id: row.id,
      unitId: row.unitId,
      unitName: unitNames.get(row.unitId) ?? '',
      authorId: row.authorId,
      authorName: authors.get(row.authorId) ?? '',
      year: row.year,
      templateId: row.templateId,
      templateName: templates.get(row.templateId) ?? '',
      status: row.status,
      snapshotId: row.snapshotId,
      lockedAt: row.lockedAt,
      updatedAt: row.updatedAt,
      ...countsOf(latest?.content ?? null),
    });
  }
  return views;
}

/** Reports of units in the scope, newest year first; searchable by the author's name or pinyin. */
export async function listDutyReports(ctx: RequestContext, query: DutyReportListQuery) {
  const conditions = [unitCondition(ctx.scope, dutyReports.unitId)];
  if (query.year) conditions.push(eq(dutyReports.year, query.year));
  if (query.q) {
    const like = `%${query.q.toLowerCase()}%`;
    conditions.push(
      sql`${dutyReports.authorId} in (select id from people where name like ${like} or name_pinyin like ${like})`,
    );
  }
  const where = and(...conditions);
  const [{ total } = { total: 0 }] = await ctx.db
    .select({ total: sql<number>`count(*)::int` })
    .from(dutyReports)
    .where(where);
  const rows = await ctx.db
    .select()
    .from(dutyReports)
    .where(where)
    .orderBy(desc(dutyReports.year), desc(dutyReports.updatedAt), asc(dutyReports.id))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  return {
    items: await viewsOf(ctx.db, rows),
    total: Number(total),
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** A report with its posts, its current content (the latest version) and the list of versions. */
export async function getDutyReport(ctx: RequestContext, id: string): Promise<DutyReportDetail> {
  const report = await findReport(ctx.db, ctx.scope, id);
  const [view] = await viewsOf(ctx.db, [report]);
  const posts = await postsOf(ctx.db, report.id);
  const unitIds = [...new Set(postUnitIds(posts))];
  const names = new Map(
    (
      await ctx.db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, unitIds))
    ).map((row) => [row.id, row.name]),
  );
  const versions = await ctx.db
    .select({
      number: dutyReportVersions.number,
      kind: dutyReportVersions.kind,
      createdByName: dutyReportVersions.createdByName,
      createdAt: dutyReportVersions.createdAt,
    })
    .from(dutyReportVersions)
    .where(eq(dutyReportVersions.reportId, report.id))
    .orderBy(desc(dutyReportVersions.number));
  const latest = await latestVersion(ctx.db, report.id);
  return {
    ...view!,
    posts: posts.map((post) => ({
      title: post.title,
      unitId: post.unitId,
      unitName: names.get(post.unitId) ?? '',
      from: post.from,
      to: post.to,
      supervisedUnits: post.supervisedUnitIds.map((unitId) => ({
        id: unitId,
        name: names.get(unitId) ?? '',
      })),
    })),
    content: latest?.content ?? null,
    versions,
    pdfAvailable: libreOfficeAvailable(),
  };
}

/** The current content of a report with what the export needs (author, year). */
export async function dutyReportForExport(ctx: RequestContext, id: string) {
  const detail = await getDutyReport(ctx, id);
  if (!detail.content) throw new AppError('REPORTS_DUTY_NOT_DRAFTED');
  return { detail, content: detail.content };
}

/**
 * The records one figure of the report counted: the ids stored with the figure in the current version
 * (exactly what it counted, frozen for a locked report), limited to what the viewer may see. `part`
 * picks one post's part; without it, all parts together.
 */
export async function dutyFigureEvidence(
  ctx: RequestContext,
  id: string,
  query: DutyEvidenceQuery,
): Promise<EvidenceResult> {
  const report = await findReport(ctx.db, ctx.scope, id);
  const latest = await latestVersion(ctx.db, report.id);
  const run = runsOf(latest?.content ?? null).find((candidate) => candidate.id === query.runId);
  if (run?.type !== 'figure') throw new AppError('REPORTS_DUTY_FIGURE_NOT_FOUND');
  const parts = query.part === undefined ? run.parts : run.parts.slice(query.part, query.part + 1);
  if (parts.length === 0) throw new AppError('REPORTS_DUTY_FIGURE_NOT_FOUND');
  const evidence = {
    entity: parts[0]!.evidence.entity,
    ids: [...new Set(parts.flatMap((part) => part.evidence.ids))],
  };
  const resolved = await resolveEvidence({
    db: ctx.db,
    actor: ctx.actor,
    scope: ctx.scope,
    evidence,
    page: { page: query.page, pageSize: query.pageSize },
  });
  return {
    key: run.indicatorKey,
    name: run.indicatorName,
    group: run.group ? { key: run.group, label: run.group } : null,
    ...resolved,
    hidden: resolved.resolvable ? resolved.count - resolved.total : 0,
  };
}
