// The fixed vocabularies of the members module with their Chinese names (export, import, indicators).
// The web shows the same keys through i18n (members.categories.*, members.educations.* …).

export const memberCategories = ['full', 'probationary'] as const;
export type MemberCategory = (typeof memberCategories)[number];
export const categoryNames: Record<MemberCategory, string> = { full: '正式党员', probationary: '预备党员' };

export const memberStatuses = [
  'active',
  'transferredOut',
  'suspended',
  'removed',
  'deceased',
  'cancelled',
] as const;
export type MemberStatus = (typeof memberStatuses)[number];
export const statusNames: Record<MemberStatus, string> = {
  active: '在册',
  transferredOut: '已转出',
  suspended: '停止党籍',
  removed: '除名/出党',
  deceased: '去世',
  cancelled: '取消预备党员资格',
};

/** Education levels as the Party statistics count them (highest completed). */
export const educationLevels = [
  'postgraduate',
  'bachelor',
  'associate',
  'secondaryVocational',
  'highSchool',
  'juniorOrBelow',
] as const;
export type EducationLevel = (typeof educationLevels)[number];
export const educationNames: Record<EducationLevel, string> = {
  postgraduate: '研究生',
  bachelor: '大学本科',
  associate: '大学专科',
  secondaryVocational: '中专',
  highSchool: '高中',
  juniorOrBelow: '初中及以下',
};

/** Party posts a member may hold in the organisation (the common list; the field stays free text). */
export const commonPosts = [
  '书记',
  '副书记',
  '组织委员',
  '宣传委员',
  '纪检委员',
  '青年委员',
  '统战委员',
  '党小组长',
] as const;

export const decisionKinds = [
  'conversion',
  'extension',
  'cancellation',
  'suspension',
  'reinstatement',
  'removal',
  'death',
] as const;
export type DecisionKind = (typeof decisionKinds)[number];
export const decisionNames: Record<DecisionKind, string> = {
  conversion: '按期转为正式党员',
  extension: '延长预备期',
  cancellation: '取消预备党员资格',
  suspension: '停止党籍',
  reinstatement: '恢复党籍',
  removal: '除名（出党）',
  death: '去世',
};

export const transferStatuses = ['pending', 'accepted', 'returned', 'cancelled'] as const;
export type TransferStatus = (typeof transferStatuses)[number];
export const transferStatusNames: Record<TransferStatus, string> = {
  pending: '待接收',
  accepted: '已接收',
  returned: '已退回',
  cancelled: '已撤回',
};

/** The unit types a member may be kept by (党员组织关系所在的党组织). */
export const memberUnitTypes = [
  'partyCommittee',
  'partyWorkCommittee',
  'generalBranch',
  'branch',
  'mobileTalentBranch',
] as const;

/** The key of a Chinese education name, accepting the key itself. */
export function educationByName(text: string): EducationLevel | undefined {
  const value = text.trim();
  return (educationLevels as readonly string[]).includes(value)
    ? (value as EducationLevel)
    : educationLevels.find((key) => educationNames[key] === value);
}
