import { FlagOutlined } from '@ant-design/icons';
import { modulePage } from '../../../web/components/modulePage';
import type { AppRoute } from '../../../web/routes';

/** Pages of the members module: one menu entry; the roster and the transfers are routed inside. */
export const membersRoutes: AppRoute[] = [
  {
    path: 'members/*',
    menuPath: '/members',
    labelKey: 'menu.members',
    icon: <FlagOutlined />,
    access: 'canReadMembers',
    page: modulePage(() => import('./MembersPage')),
  },
];
