// Rows of a generated case (grid event or 三问 item): the case as its life left it, its timeline in
// case_events, and the audit rows the services write for each step (createCase, transition,
// linkRepeat, the escalation tick).
import type { AuditDraft } from './audit';
import type { CaseLife, LifeStep } from './life';

export const caseColumns = {
  id: 'uuid',
  banner_id: 'uuid',
  type: 'text',
  code: 'text',
  unit_id: 'uuid',
  state: 'text',
  submitter_name: 'text',
  submitter_index: 'text',
  submitter_contact_cipher: 'text',
  submitter_contact_masked: 'text',
  title: 'text',
  description: 'text',
  category: 'text',
  lat: 'double precision',
  lng: 'double precision',
  details: 'jsonb',
  attachment_ids: 'jsonb',
  version: 'integer',
  accept_by: 'timestamptz',
  accepted_at: 'timestamptz',
  close_clock_start: 'timestamptz',
  close_by: 'timestamptz',
  closed_at: 'timestamptz',
  paused_since: 'timestamptz',
  pauses: 'jsonb',
  extended: 'boolean',
  escalation_level: 'integer',
  cycle: 'integer',
  rating: 'integer',
  rating_reasons: 'jsonb',
  rated_at: 'timestamptz',
  reopened_count: 'integer',
  repeat_of_id: 'uuid',
  chain_id: 'uuid',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
} as const;

export const caseEventColumns = {
  id: 'uuid',
  case_id: 'uuid',
  action: 'text',
  from_state: 'text',
  to_state: 'text',
  unit_id: 'uuid',
  actor_name: 'text',
  at: 'timestamptz',
  note: 'text',
  attachment_ids: 'jsonb',
  payload: 'jsonb',
  escalation_cycle: 'integer',
  escalation_level: 'integer',
} as const;

/** What a case row needs besides its life. */
export interface CaseFacts {
  id: string;
  bannerId: string;
  type: string;
  code: string;
  title: string;
  description: string;
  category: string;
  submitter: { name: string | null; index: string | null; cipher: string | null; masked: string | null };
  lat: number | null;
  lng: number | null;
  details: Record<string, unknown>;
  attachmentIds: string[];
  repeatOfId: string | null;
  chainId: string | null;
}

const iso = (at: Date | null) => at?.toISOString() ?? null;

/** The cases row: clocks, state and version exactly as the life left them. */
export function caseRow(facts: CaseFacts, life: CaseLife) {
  const c = life.clocks;
  return {
    id: facts.id,
    banner_id: facts.bannerId,
    type: facts.type,
    code: facts.code,
    unit_id: c.unitId,
    state: c.state,
    submitter_name: facts.submitter.name,
    submitter_index: facts.submitter.index,
    submitter_contact_cipher: facts.submitter.cipher,
    submitter_contact_masked: facts.submitter.masked,
    title: facts.title,
    description: facts.description,
    category: facts.category,
    lat: facts.lat,
    lng: facts.lng,
    details: facts.details,
    attachment_ids: facts.attachmentIds,
    version: life.version,
    accept_by: iso(c.acceptBy),
    accepted_at: iso(c.acceptedAt),
    close_clock_start: iso(c.closeClockStart),
    close_by: iso(c.closeBy),
    closed_at: iso(c.closedAt),
    paused_since: iso(c.pausedSince),
    pauses: c.pauses.map((p) => ({ from: p.from.toISOString(), to: p.to.toISOString() })),
    extended: c.extended,
    escalation_level: c.escalationLevel,
    cycle: c.cycle,
    rating: c.rating,
    rating_reasons: c.ratingReasons,
    rated_at: iso(c.ratedAt),
    reopened_count: c.reopenedCount,
    repeat_of_id: facts.repeatOfId,
    chain_id: facts.chainId,
    created_at: c.createdAt.toISOString(),
    updated_at: life.updatedAt.toISOString(),
  };
}

/** The case_events rows of a life, ids ordered by time. */
export function caseEventRows(caseId: string, steps: readonly LifeStep[], uuid: (ms: number) => string) {
  return steps.map((step) => ({
    id: uuid(step.at.getTime()),
    case_id: caseId,
    action: step.action,
    from_state: step.from,
    to_state: step.to,
    unit_id: step.unitId,
    actor_name: step.actorName,
    at: step.at.toISOString(),
    note: step.note,
    attachment_ids: step.attachmentIds,
    payload: step.payload,
    escalation_cycle: step.escalationCycle,
    escalation_level: step.escalationLevel,
  }));
}

/** The audit rows the case engine writes for each step, with the same before / after shapes. */
export function caseAuditDrafts(facts: CaseFacts, steps: readonly LifeStep[]): AuditDraft[] {
  return steps.map((step): AuditDraft => {
    const base = {
      at: step.at,
      actorName: step.actorName,
      entity: 'case',
      entityId: facts.id,
      action: step.action,
    };
    switch (step.action) {
      case 'create':
        return {
          ...base,
          after: { type: facts.type, unitId: step.unitId, state: step.to, title: facts.title },
        };
      case 'escalate':
        return { ...base, after: { level: step.escalationLevel, targetUnitId: step.payload.targetUnitId } };
      case 'linkRepeat':
        return { ...base, after: { repeatOfId: step.payload.repeatOfId, chainId: step.payload.chainId } };
      default:
        return {
          ...base,
          before: step.before,
          after: { state: step.to, version: step.version, unitId: step.unitId, note: step.note },
        };
    }
  });
}
