import { AimOutlined } from '@ant-design/icons';
import { modulePage } from '../../../web/components/modulePage';
import type { AppRoute } from '../../../web/routes';

/** Pages of the grid module: one menu entry; the map, the events and an event's page routed inside. */
export const gridRoutes: AppRoute[] = [
  {
    path: 'grid/*',
    menuPath: '/grid',
    labelKey: 'menu.grid',
    icon: <AimOutlined />,
    access: 'canReadGrid',
    page: modulePage(() => import('./GridPage')),
  },
];
