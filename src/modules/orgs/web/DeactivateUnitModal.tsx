import { Alert, App, Form, Input, Modal } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../web/api/client';
import type { Unit, UnitDetail } from '../../../web/api/types';
import { useFormSubmit } from '../../../web/hooks/useFormSubmit';

/** Deactivate a unit; the reason is required and kept with the record (units are never deleted). */
export function DeactivateUnitModal(props: {
  unit: UnitDetail | null;
  onClose: () => void;
  onDone: (unit: Unit) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const { unit } = props;

  useEffect(() => {
    if (unit) form.resetFields();
  }, [unit, form]);

  const { saving, submit } = useFormSubmit(form, async ({ reason }) => {
    if (!unit) return;
    const saved = await api.post<Unit>(
      `/api/orgs/${unit.id}/deactivate`,
      { reason: reason.trim() },
      { quiet: true },
    );
    message.success(t('orgs.deactivated', { name: unit.name }));
    props.onDone(saved);
  });

  return (
    <Modal
      open={unit !== null}
      title={t('orgs.deactivateTitle', { name: unit?.name ?? '' })}
      okText={t('orgs.deactivate')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={submit}
      onCancel={props.onClose}
      forceRender
    >
      <Alert type="info" showIcon title={t('orgs.deactivateNote')} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" name="deactivateUnitForm">
        <Form.Item
          name="reason"
          label={t('orgs.deactivationReason')}
          rules={[
            { required: true, whitespace: true, message: t('orgs.reasonRequired') },
            { max: 500, message: t('orgs.reasonTooLong') },
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
