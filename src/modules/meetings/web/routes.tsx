import { CalendarOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { AppRoute } from '../../../web/routes';

/** Pages of the meetings module: one menu entry; records, calendar, compliance, review and rules inside. */
export const meetingsRoutes: AppRoute[] = [
  {
    path: 'meetings/*',
    menuPath: '/meetings',
    labelKey: 'menu.meetings',
    icon: <CalendarOutlined />,
    access: 'canReadMeetings',
    page: lazy(() => import('./MeetingsPage')),
  },
];
