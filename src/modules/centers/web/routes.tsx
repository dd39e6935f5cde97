import { ShopOutlined } from '@ant-design/icons';
import { modulePage } from '../../../web/components/modulePage';
import type { AppRoute } from '../../../web/routes';

/** Pages of the centers module in the logged-in app: one menu entry, its sub-pages routed inside. */
export const centersRoutes: AppRoute[] = [
  {
    path: 'centers/*',
    menuPath: '/centers',
    labelKey: 'menu.centers',
    icon: <ShopOutlined />,
    access: 'canReadCenters',
    page: modulePage(() => import('./CentersPage')),
  },
];
