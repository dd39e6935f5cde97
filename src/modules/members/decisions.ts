import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/writer';
import { auditActorOf } from '../../platform/auth/service';
import { AppError } from '../../platform/errors';
import type { RequestContext } from '../../platform/http/context';
import { todayInChina } from '../../platform/time';
import type { DecisionInput, MemberDetail } from './contract';
import { partySnapshot, recordMemberEvents } from './events';
import { applyDecision } from './decisionRules';
import { findMemberInScope } from './queries';
import { refreshProbationReminders } from './reminders';
import { memberDecisions, memberTransfers, partyMembers } from './schema';
import { getMember } from './service';
import { decisionNames } from './vocabulary';

/**
 * Records an organisational decision (转正, 延长预备期, 取消预备党员资格, 停止党籍 …) and applies it:
 * the only way a member's category or status changes.
 */
export async function decideMember(
  ctx: RequestContext,
  id: string,
  input: DecisionInput,
): Promise<MemberDetail> {
  const today = todayInChina();
  return ctx.db.transaction(async (tx) => {
    const { member } = await findMemberInScope(tx, ctx.scope, id);
    if (input.decidedOn > today)
      throw new AppError('MEMBERS_DATE_IN_FUTURE', { params: { field: '决定日期' } });
    if (input.decidedOn < member.joinedOn) {
      throw new AppError('MEMBERS_DECISION_BEFORE_JOIN', { params: { joinedOn: member.joinedOn } });
    }
    const changes = applyDecision(member, input);
    if (changes.status && changes.status !== 'active') {
      const [open] = await tx
        .select({ letterNumber: memberTransfers.letterNumber })
        .from(memberTransfers)
        .where(and(eq(memberTransfers.memberId, id), eq(memberTransfers.status, 'pending')));
      if (open) throw new AppError('MEMBERS_TRANSFER_OPEN', { params: { letter: open.letterNumber } });
    }
    const before = partySnapshot(member);
    const [updated] = await tx
      .update(partyMembers)
      .set({ ...changes, updatedAt: new Date().toISOString() })
      .where(eq(partyMembers.id, id))
      .returning();
    const after = partySnapshot(updated!);
    const actor = auditActorOf(ctx.actor);
    const [decision] = await tx
      .insert(memberDecisions)
      .values({
        memberId: id,
        kind: input.kind,
        decidedOn: input.decidedOn,
        approver: input.approver,
        note: input.note || null,
        extensionMonths: input.kind === 'extension' ? (input.extensionMonths ?? null) : null,
        before,
        after,
        createdBy: actor.userId,
        createdByName: actor.displayName,
      })
      .returning({ id: memberDecisions.id });
    const summary =
      input.kind === 'extension'
        ? `${decisionNames.extension} ${input.extensionMonths} 个月（${input.approver}，${input.decidedOn}）`
        : `${decisionNames[input.kind]}（${input.approver}，${input.decidedOn}）`;
    await recordMemberEvents(tx, actor, { memberId: id, kind: 'decision', summary, before, after });
    await recordAudit(tx, actor, {
      entity: 'member',
      entityId: id,
      action: `decision.${input.kind}`,
      before,
      after: { ...after, decisionId: decision!.id, decidedOn: input.decidedOn, approver: input.approver },
    });
    // A decision settles the member's probation reminders (a later due date, after an extension, is
    // reminded again by the next tick when it comes within the window).
    await refreshProbationReminders(tx, [id], today);
    return getMember(ctx, id, tx);
  });
}
