import { Button, Form, Input, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSettingsForm } from '../../../../web/hooks/useSettingsForm';
import { forgetMapSettings } from '../baseLayer';

interface MapSettings {
  tileUrl: string;
  attribution: string;
}

const k = 'gridManage.map';

/** The optional base map: a tile URL template drawn beneath the grids (none by default). */
export function MapSettingsTab() {
  const { t } = useTranslation();
  const { form, loaded, busy, save } = useSettingsForm<MapSettings>(
    '/api/grid/map-settings',
    t(`${k}.saved`),
    forgetMapSettings,
  );

  if (!loaded) return <Skeleton active />;
  return (
    <Form form={form} layout="vertical" style={{ maxWidth: 640 }}>
      <Form.Item name="tileUrl" label={t(`${k}.tileUrl`)} extra={t(`${k}.tileUrlHint`)}>
        <Input maxLength={500} placeholder="https://…/{z}/{x}/{y}.png" data-testid="map-tile-url" />
      </Form.Item>
      <Form.Item name="attribution" label={t(`${k}.attribution`)}>
        <Input maxLength={200} />
      </Form.Item>
      <Button type="primary" onClick={save} loading={busy} data-testid="map-settings-save">
        {t('common.save')}
      </Button>
    </Form>
  );
}
