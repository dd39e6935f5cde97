import { SolutionOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { AppRoute } from '../../../web/routes';

/** Pages of the elections module in the logged-in app: one menu entry, sub-pages routed inside it. */
export const electionsRoutes: AppRoute[] = [
  {
    path: 'elections/*',
    menuPath: '/elections',
    labelKey: 'menu.elections',
    icon: <SolutionOutlined />,
    access: 'canReadElections',
    page: lazy(() => import('./ElectionsPage')),
  },
];
