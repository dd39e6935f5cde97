import { ApartmentOutlined, AuditOutlined, SafetyCertificateOutlined, TeamOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { centersRoutes } from '../modules/centers/web/routes';
import { electionsRoutes } from '../modules/elections/web/routes';
import { gridRoutes } from '../modules/grid/web/routes';
import { gridEventSettingsRoutes } from '../modules/grid/web/events/routes';
import { caseRoutes } from '../platform/cases/web/routes';
import { meetingsRoutes } from '../modules/meetings/web/routes';
import { membersRoutes } from '../modules/members/web/routes';
import { reportsRoutes } from '../modules/reports/web/routes';
import { voiceRoutes } from '../modules/voice/web/routes';
import type { Access, AccessFlag } from './access';
import { appPage, type PageComponent } from './components/modulePage';

/** A page of the logged-in app: its path, the access flag it needs, and its side-menu entry. */
export interface AppRoute {
  /** react-router path pattern. */
  path: string;
  /** Where the menu entry points (the path without parameters). */
  menuPath: string;
  /** i18n key of the menu label. */
  labelKey: string;
  icon: ReactNode;
  access: AccessFlag;
  page: PageComponent;
}

// Each page is its own chunk: the login page never downloads the tree or the audit table.
export const appRoutes: AppRoute[] = [
  {
    path: 'orgs/:id?',
    menuPath: '/orgs',
    labelKey: 'menu.orgs',
    icon: <ApartmentOutlined />,
    access: 'canReadOrgs',
    page: appPage(() => import('../modules/orgs/web/OrgsPage')),
  },
  {
    path: 'people',
    menuPath: '/people',
    labelKey: 'menu.people',
    icon: <TeamOutlined />,
    access: 'canReadPeople',
    page: appPage(() => import('../modules/people/web/PeoplePage')),
  },
  ...membersRoutes,
  ...electionsRoutes,
  ...meetingsRoutes,
  ...centersRoutes,
  ...gridRoutes,
  ...gridEventSettingsRoutes,
  ...voiceRoutes,
  ...reportsRoutes,
  ...caseRoutes,
  {
    path: 'audit',
    menuPath: '/audit',
    labelKey: 'menu.audit',
    icon: <AuditOutlined />,
    access: 'canReadAudit',
    page: appPage(() => import('../modules/audit/web/AuditPage')),
  },
  {
    path: 'users',
    menuPath: '/users',
    labelKey: 'menu.users',
    icon: <SafetyCertificateOutlined />,
    access: 'canManageUsers',
    page: appPage(() => import('../modules/users/web/UsersPage')),
  },
];

/**
 * The page a signed-in user lands on at `pathname`: the first page they may open for `/` (where the
 * app redirects them), else the page whose menu entry the address is under.
 */
export function landingRoute(pathname: string, access: Access): AppRoute | undefined {
  if (pathname === '/') return appRoutes.find((route) => access[route.access]);
  return appRoutes.find(
    (route) =>
      access[route.access] && (pathname === route.menuPath || pathname.startsWith(`${route.menuPath}/`)),
  );
}
