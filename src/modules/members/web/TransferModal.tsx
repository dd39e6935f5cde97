import { Alert, Checkbox, DatePicker, Form, Input, Modal, Radio } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../web/api/client';
import { useFormSubmit } from '../../../web/hooks/useFormSubmit';
import { PartyUnitSelect } from './PartyUnitSelect';
import type { MemberDetail, TransferView } from './types';

interface Values {
  kind: 'internal' | 'external';
  toUnitId?: string;
  destination?: string;
  outsideProvince?: boolean;
  reason?: string;
  requestedOn?: Dayjs;
}

/** Starts a transfer of the member's organisational relationship (the sending side). */
export function TransferModal(props: {
  open: boolean;
  member: MemberDetail;
  onClose: () => void;
  onSent: (transfer: TransferView) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form);

  useEffect(() => {
    if (!props.open) return;
    form.resetFields();
    form.setFieldsValue({ kind: 'internal', requestedOn: dayjs(), outsideProvince: false });
  }, [props.open, form]);

  const { saving, submit } = useFormSubmit(form, async (values) => {
    const sent = await api.post<TransferView>(
      `/api/members/${props.member.id}/transfers`,
      {
        toUnitId: values.kind === 'internal' ? values.toUnitId : null,
        destination: values.kind === 'external' ? values.destination : null,
        outsideProvince: values.kind === 'external' && !!values.outsideProvince,
        reason: values.reason,
        requestedOn: values.requestedOn?.format('YYYY-MM-DD'),
      },
      { quiet: true },
    );
    props.onSent(sent);
  });

  return (
    <Modal
      open={props.open}
      title={`${t('members.transfer.title')}：${props.member.name}`}
      onCancel={props.onClose}
      onOk={submit}
      confirmLoading={saving}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      destroyOnHidden
      forceRender
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('members.transfer.note')} />
      <Form form={form} layout="vertical" data-testid="transfer-form">
        <Form.Item name="kind" label={t('members.transfer.kind')}>
          <Radio.Group
            options={[
              { value: 'internal', label: t('members.transfer.internal') },
              { value: 'external', label: t('members.transfer.external') },
            ]}
          />
        </Form.Item>
        {kind === 'external' ? (
          <>
            <Form.Item
              name="destination"
              label={t('members.transfer.destination')}
              rules={[{ required: true, max: 100 }]}
            >
              <Input />
            </Form.Item>
            <Form.Item name="outsideProvince" valuePropName="checked">
              <Checkbox>{t('members.transfer.outsideProvince')}</Checkbox>
            </Form.Item>
          </>
        ) : (
          <Form.Item name="toUnitId" label={t('members.transfer.toUnit')} rules={[{ required: true }]}>
            <PartyUnitSelect
              source="/api/members/transfer-targets"
              placeholder={t('members.transfer.toUnitPlaceholder')}
              excludeIds={[props.member.unitId]}
            />
          </Form.Item>
        )}
        <Form.Item
          name="reason"
          label={t('members.transfer.reason')}
          rules={[{ required: true, min: 2, max: 200 }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="requestedOn" label={t('members.transfer.requestedOn')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
