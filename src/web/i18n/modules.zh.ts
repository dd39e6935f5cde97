// Every module's Chinese UI text, in one chunk that loads with the first module page opened (see
// loadModuleMessages in ./index.ts): the login page and the organisation tree do not need it.
import { membersZh } from '../../modules/members/web/i18n';
import { electionsZh } from '../../modules/elections/web/i18n';
import { meetingsZh } from '../../modules/meetings/web/i18n';
import { centersZh } from '../../modules/centers/web/i18n';
import { gridZh } from '../../modules/grid/web/i18n';
import { voiceZh } from '../../modules/voice/web/i18n';
import { portalZh } from '../../modules/portal/web/i18n';
import { reportsZh } from '../../modules/reports/web/i18n';
import { gridEventsZh } from '../../modules/grid/web/events/i18n';
import { gridManageZh } from '../../modules/grid/web/manage/i18n';
import { casesZh } from '../../platform/cases/web/i18n';

export const moduleMessagesZh = {
  members: membersZh,
  elections: electionsZh,
  meetings: meetingsZh,
  centers: centersZh,
  grid: gridZh,
  voice: voiceZh,
  portal: portalZh,
  reports: reportsZh,
  gridEvents: gridEventsZh,
  gridManage: gridManageZh,
  cases: casesZh,
};
