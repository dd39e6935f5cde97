import { FlagOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { AppRoute } from '../../../web/routes';

/** Pages of the members module: one menu entry; the roster and the transfers are routed inside. */
export const membersRoutes: AppRoute[] = [
  {
    path: 'members/*',
    menuPath: '/members',
    labelKey: 'menu.members',
    icon: <FlagOutlined />,
    access: 'canReadMembers',
    page: lazy(() => import('./MembersPage')),
  },
];
