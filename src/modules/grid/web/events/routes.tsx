import { SettingOutlined } from '@ant-design/icons';
import { modulePage } from '../../../../web/components/modulePage';
import type { AppRoute } from '../../../../web/routes';

/** The grid event settings: categories, rules, Open311 API keys. */
export const gridEventSettingsRoutes: AppRoute[] = [
  {
    path: 'grid-settings',
    menuPath: '/grid-settings',
    labelKey: 'menu.gridSettings',
    icon: <SettingOutlined />,
    access: 'canConfigureGrid',
    page: modulePage(() => import('./SettingsPage')),
  },
];
