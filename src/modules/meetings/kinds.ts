// The vocabulary of organisational life: kinds of activity, record states, appraisal grades.
// Names follow shared/domain/GLOSSARY.md.

/** Every kind of activity a meeting record can be. */
export const meetingKinds = [
  'branchAssembly',
  'committeeMeeting',
  'groupMeeting',
  'partyLecture',
  'themeDay',
  'lifeMeeting',
  'memberReview',
  'studyGroupSession',
  'reportHearing',
] as const;
export type MeetingKind = (typeof meetingKinds)[number];

interface KindSpec {
  name: string;
  en: string;
  /** The verb a warning uses: 本季度尚未「召开」支部党员大会. */
  verb: string;
  /**
   * Who is expected to attend: every member on the roster ('all'); the branch committee, i.e. members
   * holding a post ('committee', falling back to those listed when nobody holds a post); or only the
   * members the clerk lists as present or absent ('listed': a 党小组's members, a study group, the
   * committee hearing a report — the roster does not record group membership).
   */
  attendance: 'all' | 'committee' | 'listed';
}

/** Chinese and English names of each kind, and the verb its compliance warning uses. */
export const meetingKindSpecs: Record<MeetingKind, KindSpec> = {
  branchAssembly: { name: '支部党员大会', en: 'Branch general meeting', verb: '召开', attendance: 'all' },
  committeeMeeting: { name: '支委会', en: 'Branch committee meeting', verb: '召开', attendance: 'committee' },
  groupMeeting: { name: '党小组会', en: 'Party group meeting', verb: '召开', attendance: 'listed' },
  partyLecture: { name: '党课', en: 'Party lecture', verb: '开展', attendance: 'all' },
  themeDay: { name: '主题党日', en: 'Theme party day', verb: '开展', attendance: 'all' },
  lifeMeeting: { name: '组织生活会', en: 'Organisational life meeting', verb: '召开', attendance: 'all' },
  memberReview: {
    name: '民主评议党员',
    en: 'Democratic appraisal of members',
    verb: '开展',
    attendance: 'all',
  },
  studyGroupSession: {
    name: '中心组学习',
    en: 'Leadership study session',
    verb: '开展',
    attendance: 'listed',
  },
  reportHearing: { name: '听取汇报', en: 'Hearing of a supervised unit', verb: '开展', attendance: 'listed' },
};

/** The Chinese name of a kind (the key itself when unknown). */
export function meetingKindName(kind: string): string {
  return meetingKindSpecs[kind as MeetingKind]?.name ?? kind;
}

/** The kind whose Chinese name (or key) matches, for imports and filters. */
export function meetingKindByName(name: string): MeetingKind | undefined {
  const trimmed = name.trim();
  return meetingKinds.find((k) => k === trimmed || meetingKindSpecs[k].name === trimmed);
}

/**
 * Review states of a record: submitted (awaiting the superior organisation), approved, returned (sent
 * back with a reason, to be corrected and resubmitted) and voided (withdrawn with a reason, never
 * deleted).
 */
export const meetingStatuses = ['submitted', 'approved', 'returned', 'voided'] as const;
export type MeetingStatus = (typeof meetingStatuses)[number];

export const meetingStatusNames: Record<MeetingStatus, string> = {
  submitted: '待审核',
  approved: '已通过',
  returned: '已退回',
  voided: '已作废',
};

/**
 * States that count as "held" for compliance: a submitted record counts at once (so the clerk's warning
 * clears when the meeting is recorded), an approved one for good; a returned or voided one does not
 * count until it is corrected and resubmitted.
 */
export const countingStatuses: readonly MeetingStatus[] = ['submitted', 'approved'];

/** Grades of the democratic appraisal of members (民主评议党员). */
export const reviewGrades = ['excellent', 'qualified', 'basicallyQualified', 'unqualified'] as const;
export type ReviewGrade = (typeof reviewGrades)[number];

export const reviewGradeNames: Record<ReviewGrade, string> = {
  excellent: '优秀',
  qualified: '合格',
  basicallyQualified: '基本合格',
  unqualified: '不合格',
};

/** States of a rectification item from a 组织生活会. */
export const rectificationStatuses = ['open', 'inProgress', 'done'] as const;
export type RectificationStatus = (typeof rectificationStatuses)[number];

export const rectificationStatusNames: Record<RectificationStatus, string> = {
  open: '未开始',
  inProgress: '整改中',
  done: '已完成',
};

/** Unit types that are Party organisations and may hold meetings. */
export const partyOrgUnitTypes = [
  'partyCommittee',
  'partyWorkCommittee',
  'generalBranch',
  'branch',
  'mobileTalentBranch',
  'partyGroup',
] as const;
