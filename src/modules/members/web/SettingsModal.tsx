import { App, Form, InputNumber, Modal } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../web/api/client';
import { useFormSubmit } from '../../../web/hooks/useFormSubmit';
import type { MemberSettingsView } from './types';

const fields: { name: keyof MemberSettingsView; min: number; max: number }[] = [
  { name: 'conversionReminderDays', min: 0, max: 180 },
  { name: 'mobileAfterMonths', min: 1, max: 24 },
  { name: 'outOfContactAfterMonths', min: 1, max: 24 },
  { name: 'letterValidMonths', min: 1, max: 12 },
  { name: 'letterValidMonthsOutsideProvince', min: 1, max: 12 },
];

/** Edits the members module's local settings (banner-level organisation department only). */
export function SettingsModal(props: {
  open: boolean;
  settings: MemberSettingsView;
  onClose: () => void;
  onSaved: (settings: MemberSettingsView) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<MemberSettingsView>();
  useEffect(() => {
    if (props.open) form.setFieldsValue(props.settings);
  }, [props.open, props.settings, form]);
  const { saving, submit } = useFormSubmit(form, async (values) => {
    const saved = await api.put<MemberSettingsView>('/api/members/settings', values, { quiet: true });
    message.success(t('members.settings.saved'));
    props.onSaved(saved);
  });
  return (
    <Modal
      open={props.open}
      title={t('members.settings.title')}
      onCancel={props.onClose}
      onOk={submit}
      confirmLoading={saving}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      destroyOnHidden
      forceRender
    >
      <Form form={form} layout="vertical">
        {fields.map((field) => (
          <Form.Item
            key={field.name}
            name={field.name}
            label={t(`members.settings.${field.name}`)}
            rules={[{ required: true, type: 'integer', min: field.min, max: field.max }]}
          >
            <InputNumber min={field.min} max={field.max} precision={0} style={{ width: 160 }} />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}
