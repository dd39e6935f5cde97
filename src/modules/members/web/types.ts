// Shapes of the members API as the web sees them (inferred from the shared zod contract).
export type { MemberDetail, MemberRow, TransferView } from '../contract';

/** One figure of the roster summary (GET /api/members/summary). */
export interface SummaryFigure {
  key: string;
  name: string;
  unit: string;
  value: number | null;
  breakdown?: { key: string; label: string; value: number | null }[];
}

export interface MemberSettingsView {
  conversionReminderDays: number;
  mobileAfterMonths: number;
  outOfContactAfterMonths: number;
  letterValidMonths: number;
  letterValidMonthsOutsideProvince: number;
}

/** Common ethnicities offered in the filter (any text is accepted on the form). */
export const commonEthnicities = [
  '蒙古族',
  '汉族',
  '满族',
  '回族',
  '达斡尔族',
  '鄂温克族',
  '鄂伦春族',
  '朝鲜族',
];

export { commonPosts, decisionKinds, educationLevels } from '../vocabulary';
export { ageBands } from '../flags';
