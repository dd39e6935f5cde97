import { BarChartOutlined, DashboardOutlined, FileTextOutlined, FormOutlined } from '@ant-design/icons';
import { modulePage } from '../../../web/components/modulePage';
import type { AppRoute } from '../../../web/routes';

/** Pages of the reports module in the logged-in app. */
export const reportsRoutes: AppRoute[] = [
  {
    path: 'reports/dashboard',
    menuPath: '/reports/dashboard',
    labelKey: 'menu.reportsDashboard',
    icon: <DashboardOutlined />,
    access: 'canReadReports',
    page: modulePage(() => import('./DashboardPage')),
  },
  {
    path: 'reports/indicators',
    menuPath: '/reports/indicators',
    labelKey: 'menu.reports',
    icon: <BarChartOutlined />,
    access: 'canReadReports',
    page: modulePage(() => import('./IndicatorBrowserPage')),
  },
  {
    path: 'reports/duty/:id?',
    menuPath: '/reports/duty',
    labelKey: 'menu.reportsDuty',
    icon: <FileTextOutlined />,
    access: 'canReadReports',
    page: modulePage(() => import('./DutyReportsPage')),
  },
  {
    path: 'reports/duty-templates/:id?',
    menuPath: '/reports/duty-templates',
    labelKey: 'menu.reportsTemplates',
    icon: <FormOutlined />,
    access: 'canSnapshotReports',
    page: modulePage(() => import('./TemplateEditorPage')),
  },
];
