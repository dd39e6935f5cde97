import { Button, Form, InputNumber, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSettingsForm } from '../../../../web/hooks/useSettingsForm';

interface Rules {
  reportWithinHours: number;
  closeUnratedAfterDays: number;
}

/** The grid event rules: reporting time limit and the resident's rating period. */
export function RulesTab() {
  const { t } = useTranslation();
  const { form, loaded, busy, save } = useSettingsForm<Rules>(
    '/api/grid/event-settings',
    t('gridEvents.rules.saved'),
  );

  if (!loaded) return <Skeleton active />;
  return (
    <Form form={form} layout="vertical" style={{ maxWidth: 420 }}>
      <Form.Item
        name="reportWithinHours"
        label={t('gridEvents.rules.reportWithinHours')}
        extra={t('gridEvents.rules.reportWithinHoursHelp')}
        rules={[{ required: true }]}
      >
        <InputNumber min={1} max={720} precision={0} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item
        name="closeUnratedAfterDays"
        label={t('gridEvents.rules.closeUnratedAfterDays')}
        extra={t('gridEvents.rules.closeUnratedAfterDaysHelp')}
        rules={[{ required: true }]}
      >
        <InputNumber min={1} max={90} precision={0} style={{ width: 160 }} />
      </Form.Item>
      <Button type="primary" onClick={save} loading={busy}>
        {t('gridEvents.rules.save')}
      </Button>
    </Form>
  );
}
