// Shapes of the meetings API as the web sees them (inferred from the shared zod contract).
import type { z } from 'zod';
import type {
  matrixView,
  meetingDetail,
  meetingsPage,
  openItemView,
  rectificationsPage,
  rosterView,
  ruleView,
  unitComplianceView,
} from '../contract';

export type MeetingDetail = z.infer<typeof meetingDetail>;
export type MeetingRow = z.infer<typeof meetingsPage>['items'][number];
export type MatrixView = z.infer<typeof matrixView>;
export type OpenItem = z.infer<typeof openItemView>;
export type RosterView = z.infer<typeof rosterView>;
export type RuleView = z.infer<typeof ruleView>;
export type UnitStanding = z.infer<typeof unitComplianceView>;
export type RectificationRow = z.infer<typeof rectificationsPage>['items'][number];

export { meetingKinds, meetingStatuses, rectificationStatuses, reviewGrades } from '../kinds';
export type { MeetingKind } from '../kinds';

/** antd Tag colours of the compliance statuses (green met, amber due soon, red overdue …). */
export const complianceColors: Record<string, string> = {
  met: 'success',
  warning: 'warning',
  overdue: 'error',
  pending: 'processing',
  notRequired: 'default',
  notStarted: 'default',
};

/** antd Tag colours of the review states. */
export const statusColors: Record<string, string> = {
  submitted: 'processing',
  approved: 'success',
  returned: 'error',
  voided: 'default',
};

export interface PartyOrg {
  id: string;
  name: string;
  type: string;
  typeName: string;
  pathNames: string;
}
