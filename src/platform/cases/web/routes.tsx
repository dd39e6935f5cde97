import { CalendarOutlined } from '@ant-design/icons';
import { modulePage } from '../../../web/components/modulePage';
import type { AppRoute } from '../../../web/routes';

/** Screens of the case engine: the holiday calendar every working-day deadline counts on. */
export const caseRoutes: AppRoute[] = [
  {
    path: 'holidays',
    menuPath: '/holidays',
    labelKey: 'menu.holidays',
    icon: <CalendarOutlined />,
    access: 'canConfigureCases',
    page: modulePage(() => import('./HolidaysPage')),
  },
];
