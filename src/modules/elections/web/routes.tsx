import { SolutionOutlined } from '@ant-design/icons';
import { modulePage } from '../../../web/components/modulePage';
import type { AppRoute } from '../../../web/routes';

/** Pages of the elections module in the logged-in app: one menu entry, sub-pages routed inside it. */
export const electionsRoutes: AppRoute[] = [
  {
    path: 'elections/*',
    menuPath: '/elections',
    labelKey: 'menu.elections',
    icon: <SolutionOutlined />,
    access: 'canReadElections',
    page: modulePage(() => import('./ElectionsPage')),
  },
];
