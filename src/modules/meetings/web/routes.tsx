import { CalendarOutlined } from '@ant-design/icons';
import { modulePage } from '../../../web/components/modulePage';
import type { AppRoute } from '../../../web/routes';

/** Pages of the meetings module: one menu entry; records, calendar, compliance, review and rules inside. */
export const meetingsRoutes: AppRoute[] = [
  {
    path: 'meetings/*',
    menuPath: '/meetings',
    labelKey: 'menu.meetings',
    icon: <CalendarOutlined />,
    access: 'canReadMeetings',
    page: modulePage(() => import('./MeetingsPage')),
  },
];
