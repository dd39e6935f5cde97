import { Alert, App, DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../web/api/client';
import { useFormSubmit } from '../../../web/hooks/useFormSubmit';
import type { MemberDetail } from './types';

interface Values {
  kind?: MemberDetail['allowedDecisions'][number];
  decidedOn?: Dayjs;
  approver?: string;
  note?: string;
  extensionMonths?: number;
}

/** Records an organisational decision; only the kinds the member's state allows are offered. */
export function DecisionModal(props: {
  open: boolean;
  member: MemberDetail;
  onClose: () => void;
  onSaved: (member: MemberDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form);

  useEffect(() => {
    if (!props.open) return;
    form.resetFields();
    form.setFieldsValue({
      kind: props.member.allowedDecisions[0],
      decidedOn: dayjs(),
      approver: t('members.decision.approverDefault'),
    });
  }, [props.open, props.member, form, t]);

  const { saving, submit } = useFormSubmit(form, async (values) => {
    const saved = await api.post<MemberDetail>(
      `/api/members/${props.member.id}/decisions`,
      {
        kind: values.kind,
        decidedOn: values.decidedOn?.format('YYYY-MM-DD'),
        approver: values.approver,
        note: values.note || null,
        extensionMonths: values.kind === 'extension' ? values.extensionMonths : null,
      },
      { quiet: true },
    );
    message.success(t('members.decision.saved'));
    props.onSaved(saved);
  });

  return (
    <Modal
      open={props.open}
      title={`${t('members.decision.title')}：${props.member.name}`}
      onCancel={props.onClose}
      onOk={submit}
      confirmLoading={saving}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      destroyOnHidden
      forceRender
    >
      {props.member.allowedDecisions.length === 0 && <Alert type="info" title={t('members.decision.none')} />}
      <Form form={form} layout="vertical" data-testid="decision-form">
        <Form.Item name="kind" label={t('members.decision.kind')} rules={[{ required: true }]}>
          <Select
            options={props.member.allowedDecisions.map((k) => ({
              value: k,
              label: t(`members.decision.kinds.${k}`),
            }))}
          />
        </Form.Item>
        {kind === 'extension' && (
          <Form.Item
            name="extensionMonths"
            label={t('members.decision.extensionMonths')}
            extra={t('members.decision.extensionHint')}
            rules={[{ required: true, type: 'integer', min: 6, max: 12 }]}
          >
            <InputNumber min={6} max={12} precision={0} style={{ width: 160 }} />
          </Form.Item>
        )}
        <Form.Item name="decidedOn" label={t('members.decision.decidedOn')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="approver"
          label={t('members.decision.approver')}
          rules={[{ required: true, min: 2, max: 100 }]}
        >
          <Input placeholder={t('members.decision.approverPlaceholder')} />
        </Form.Item>
        <Form.Item name="note" label={t('members.decision.note')}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
