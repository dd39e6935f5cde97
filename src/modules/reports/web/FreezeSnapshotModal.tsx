import { Alert, App, Descriptions, Form, Input, Modal } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Period } from '../../../platform/indicators/period';
import { api } from '../../../web/api/client';
import { useFormSubmit } from '../../../web/hooks/useFormSubmit';
import type { SnapshotView } from '../contract';

export interface FreezeTarget {
  unitId: string;
  unitName: string;
  period: Period;
  periodText: string;
}

/** Freezes every indicator for the chosen unit and period into an immutable snapshot. */
export function FreezeSnapshotModal(props: {
  target: FreezeTarget | null;
  onClose: () => void;
  onDone: (snapshot: SnapshotView) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ label?: string }>();
  const { target } = props;

  useEffect(() => {
    if (target) form.resetFields();
  }, [target, form]);

  const { saving, submit } = useFormSubmit(form, async ({ label }) => {
    if (!target) return;
    const snapshot = await api.post<SnapshotView>(
      '/api/reports/snapshots',
      { unitId: target.unitId, ...target.period, label: label?.trim() || undefined },
      { quiet: true },
    );
    message.success(t('reports.frozen', { label: snapshot.label }));
    props.onDone(snapshot);
  });

  return (
    <Modal
      open={target !== null}
      title={t('reports.freezeTitle')}
      okText={t('reports.freezeConfirm')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={submit}
      onCancel={props.onClose}
      forceRender
    >
      <Alert type="info" showIcon title={t('reports.freezeIntro')} style={{ marginBottom: 16 }} />
      <Descriptions bordered size="small" column={1} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('reports.scope')}>{target?.unitName}</Descriptions.Item>
        <Descriptions.Item label={t('reports.period')}>{target?.periodText}</Descriptions.Item>
      </Descriptions>
      <Form form={form} layout="vertical" name="freezeSnapshotForm">
        <Form.Item
          name="label"
          label={t('reports.freezeLabel')}
          rules={[{ max: 100, message: t('reports.freezeLabelTooLong') }]}
        >
          <Input
            placeholder={t('reports.freezeLabelPlaceholder')}
            maxLength={100}
            data-testid="freeze-label"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
