// Compliance rules are data (meeting_rules), seeded from RULES §1 and edited by meetings.configure.
import { asc, eq, isNotNull } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/writer';
import { auditActorOf } from '../../platform/auth/service';
import type { DbOrTx } from '../../platform/db';
import { AppError } from '../../platform/errors';
import type { RequestContext } from '../../platform/http/context';
import { unitType } from '../orgs';
import type { ComplianceRule, PeriodKind } from './compliance';
import type { CreateRuleInput, RuleView, UpdateRuleInput } from './contract';
import { type MeetingKind, meetingKindName } from './kinds';
import { meetingRules } from './schema';

type RuleRow = typeof meetingRules.$inferSelect;

const branchLevel = ['branch', 'mobileTalentBranch'];

/** The defaults of RULES §1 (《中国共产党支部工作条例（试行）》), written once; local edits are kept. */
export const defaultRules: Array<{
  seedKey: string;
  kind: MeetingKind;
  period: PeriodKind;
  unitTypes: string[];
  requiresPartyGroups?: boolean;
  note: string;
}> = [
  {
    seedKey: 'branchAssembly.quarter',
    kind: 'branchAssembly',
    period: 'quarter',
    unitTypes: branchLevel,
    note: '支部党员大会一般每季度召开 1 次（条例规定）',
  },
  {
    seedKey: 'committeeMeeting.month',
    kind: 'committeeMeeting',
    period: 'month',
    unitTypes: branchLevel,
    note: '支部委员会会议一般每月召开 1 次（条例规定）；未设支委会的支部可停用或调整',
  },
  {
    seedKey: 'groupMeeting.month',
    kind: 'groupMeeting',
    period: 'month',
    unitTypes: ['branch'],
    requiresPartyGroups: true,
    note: '党小组会一般每月召开 1 次，仅适用于设有党小组的支部（记在支部或其党小组下均计入）',
  },
  {
    seedKey: 'partyLecture.quarter',
    kind: 'partyLecture',
    period: 'quarter',
    unitTypes: branchLevel,
    note: '条例要求“按期”上党课，每季度 1 次为各地通行做法（本地设置）',
  },
  {
    seedKey: 'themeDay.month',
    kind: 'themeDay',
    period: 'month',
    unitTypes: branchLevel,
    note: '主题党日每月开展 1 次，时间相对固定',
  },
  {
    seedKey: 'lifeMeeting.year',
    kind: 'lifeMeeting',
    period: 'year',
    unitTypes: branchLevel,
    note: '组织生活会一般每年召开 1 次，多在第四季度；会后形成整改清单并跟踪完成',
  },
  {
    seedKey: 'memberReview.year',
    kind: 'memberReview',
    period: 'year',
    unitTypes: branchLevel,
    note: '民主评议党员一般每年开展 1 次，可与组织生活会结合进行',
  },
];

function toView(row: RuleRow): RuleView {
  return {
    id: row.id,
    seedKey: row.seedKey,
    kind: row.kind,
    kindName: meetingKindName(row.kind),
    requiredCount: row.requiredCount,
    period: row.period,
    unitTypes: row.unitTypes,
    requiresPartyGroups: row.requiresPartyGroups,
    warningDays: row.warningDays,
    enabled: row.enabled,
    note: row.note,
    updatedAt: row.updatedAt,
  };
}

/**
 * Writes the default rules that are missing (migration-safe: existing rows, edited or not, are never
 * touched; seeded rules are never deleted, only disabled). Cheap when nothing is missing.
 */
export async function seedMeetingRules(db: DbOrTx): Promise<void> {
  const present = new Set(
    (
      await db
        .select({ seedKey: meetingRules.seedKey })
        .from(meetingRules)
        .where(isNotNull(meetingRules.seedKey))
    ).map((r) => r.seedKey),
  );
  const missing = defaultRules.filter((r) => !present.has(r.seedKey));
  if (missing.length === 0) return;
  await db
    .insert(meetingRules)
    .values(
      missing.map((r) => ({
        seedKey: r.seedKey,
        kind: r.kind,
        period: r.period,
        unitTypes: r.unitTypes,
        requiresPartyGroups: r.requiresPartyGroups ?? false,
        requiredCount: 1,
        warningDays: 15,
        enabled: true,
        note: r.note,
      })),
    )
    .onConflictDoNothing();
}

/** Every rule (seeding the defaults on first use), as stored. */
export async function loadRuleRows(db: DbOrTx): Promise<RuleRow[]> {
  await seedMeetingRules(db);
  const rows = await db
    .select()
    .from(meetingRules)
    .orderBy(asc(meetingRules.createdAt), asc(meetingRules.id));
  // The defaults in the order of RULES §1, then local rules in the order they were added.
  const rank = (row: RuleRow) => {
    const index = defaultRules.findIndex((r) => r.seedKey === row.seedKey);
    return index === -1 ? defaultRules.length : index;
  };
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => rank(a.row) - rank(b.row) || a.index - b.index)
    .map((x) => x.row);
}

/** The enabled rules as the compliance engine reads them. */
export async function loadComplianceRules(db: DbOrTx): Promise<ComplianceRule[]> {
  return (await loadRuleRows(db))
    .filter((r) => r.enabled)
    .map((r) => ({
      id: r.id,
      kind: r.kind as MeetingKind,
      requiredCount: r.requiredCount,
      period: r.period as PeriodKind,
      unitTypes: r.unitTypes,
      requiresPartyGroups: r.requiresPartyGroups,
      warningDays: r.warningDays,
      enabled: r.enabled,
    }));
}

/** The rules for the settings page. */
export async function listRules(ctx: RequestContext): Promise<RuleView[]> {
  return (await loadRuleRows(ctx.db)).map(toView);
}

function assertPartyTypes(types: readonly string[]): void {
  for (const type of types) {
    if (unitType(type)?.category !== 'party')
      throw new AppError('MEETINGS_RULE_BAD_UNIT_TYPE', { params: { type } });
  }
}

/** Adds a local rule (e.g. 中心组学习 for Party committees). */
export async function createRule(ctx: RequestContext, input: CreateRuleInput): Promise<RuleView> {
  assertPartyTypes(input.unitTypes);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(meetingRules)
      .values({ ...input, unitTypes: [...new Set(input.unitTypes)], updatedBy: ctx.actor.userId })
      .returning();
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'meetingRule',
      entityId: row!.id,
      action: 'create',
      after: row,
    });
    return toView(row!);
  });
}

/** Edits a rule: count, period, organisation types, warning days, enabled. */
export async function updateRule(ctx: RequestContext, id: string, input: UpdateRuleInput): Promise<RuleView> {
  if (input.unitTypes) assertPartyTypes(input.unitTypes);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(meetingRules).where(eq(meetingRules.id, id));
    if (!before) throw new AppError('MEETINGS_RULE_NOT_FOUND');
    const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    const [after] = await tx
      .update(meetingRules)
      .set({ ...changes, updatedBy: ctx.actor.userId, updatedAt: new Date().toISOString() })
      .where(eq(meetingRules.id, id))
      .returning();
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'meetingRule',
      entityId: id,
      action: 'update',
      before,
      after,
    });
    return toView(after!);
  });
}
