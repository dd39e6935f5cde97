import { MessageOutlined } from '@ant-design/icons';
import { modulePage } from '../../../web/components/modulePage';
import type { AppRoute } from '../../../web/routes';

/** Pages of the voice (三问) module: one menu entry; the list, an item and the published replies inside. */
export const voiceRoutes: AppRoute[] = [
  {
    path: 'voice/*',
    menuPath: '/voice',
    labelKey: 'menu.voice',
    icon: <MessageOutlined />,
    access: 'canReadVoice',
    page: modulePage(() => import('./VoicePage')),
  },
];
