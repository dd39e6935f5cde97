import { Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { MapSettingsTab } from '../manage/MapSettingsTab';
import { CategoriesTab } from './CategoriesTab';
import { Open311KeysTab } from './Open311KeysTab';
import { RulesTab } from './RulesTab';

/** /grid-settings: event categories, handling rules, Open311 API keys and the base map (grid.configure). */
export default function SettingsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  return (
    <Card title={t('gridEvents.title')}>
      <Tabs
        activeKey={params.get('tab') ?? 'categories'}
        onChange={(tab) => setParams({ tab })}
        items={[
          { key: 'categories', label: t('gridEvents.tabs.categories'), children: <CategoriesTab /> },
          { key: 'rules', label: t('gridEvents.tabs.rules'), children: <RulesTab /> },
          { key: 'open311', label: t('gridEvents.tabs.open311'), children: <Open311KeysTab /> },
          { key: 'map', label: t('gridManage.map.tab'), children: <MapSettingsTab /> },
        ]}
      />
    </Card>
  );
}
