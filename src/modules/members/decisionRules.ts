import { AppError } from '../../platform/errors';
import type { DecisionInput } from './contract';
import { checkExtension, conversionDueDate } from './probation';
import type { partyMembers } from './schema';
import { type DecisionKind, decisionNames, type MemberStatus, statusNames } from './vocabulary';

// What an organisational decision may do to a member, as pure functions of the member's state.

type MemberRecord = typeof partyMembers.$inferSelect;

/** The decisions the member's current category and status allow (RULES §2). */
export function allowedDecisions(
  member: Pick<MemberRecord, 'category' | 'status' | 'probationExtensionMonths'>,
): DecisionKind[] {
  if (member.status === 'active' && member.category === 'probationary') {
    const kinds: DecisionKind[] = ['conversion'];
    if (!member.probationExtensionMonths) kinds.push('extension');
    kinds.push('cancellation', 'death');
    return kinds;
  }
  if (member.status === 'active') return ['suspension', 'removal', 'death'];
  if (member.status === 'suspended') return ['reinstatement', 'removal', 'death'];
  return [];
}

function refuse(kind: DecisionKind, reason: string): never {
  throw new AppError('MEMBERS_DECISION_NOT_ALLOWED', { params: { kind: decisionNames[kind], reason } });
}

/** The member's values after a decision; throws when the decision does not fit the member or its dates. */
export function applyDecision(member: MemberRecord, input: DecisionInput): Partial<MemberRecord> {
  const kind = input.kind;
  if (!allowedDecisions(member).includes(kind)) {
    if (kind === 'extension' && member.probationExtensionMonths) {
      throw new AppError('MEMBERS_EXTENSION_TWICE', { params: { months: member.probationExtensionMonths } });
    }
    const state =
      member.status === 'active'
        ? member.category === 'full'
          ? '该党员是正式党员'
          : '该党员是预备党员'
        : `该党员当前为“${statusNames[member.status as MemberStatus] ?? member.status}”`;
    refuse(kind, state);
  }
  switch (kind) {
    case 'conversion': {
      const due =
        member.conversionDueOn ?? conversionDueDate(member.joinedOn, member.probationExtensionMonths);
      if (input.decidedOn < due) throw new AppError('MEMBERS_CONVERSION_TOO_EARLY', { params: { due } });
      // 党龄 counts from the day probation ends, whatever day the meeting decided.
      return { category: 'full', fullOn: due, conversionDueOn: null };
    }
    case 'extension': {
      const months = input.extensionMonths ?? Number.NaN;
      const problem = checkExtension(months, member.probationExtensionMonths);
      if (problem === 'alreadyExtended') {
        throw new AppError('MEMBERS_EXTENSION_TWICE', {
          params: { months: member.probationExtensionMonths ?? 0 },
        });
      }
      if (problem) throw new AppError('MEMBERS_EXTENSION_RANGE');
      return {
        probationExtensionMonths: months,
        conversionDueOn: conversionDueDate(member.joinedOn, months),
      };
    }
    case 'cancellation':
      return { status: 'cancelled', conversionDueOn: null };
    case 'suspension':
      return { status: 'suspended' };
    case 'reinstatement':
      return { status: 'active' };
    case 'removal':
      return { status: 'removed', conversionDueOn: null };
    case 'death':
      return { status: 'deceased', conversionDueOn: null };
  }
}
