import { App, Form, Input, Modal, Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../web/api/client';
import type { Unit, UnitDetail } from '../../../web/api/types';
import { useFormSubmit } from '../../../web/hooks/useFormSubmit';
import { typeOptions, useUnitTypes } from './useUnitTypes';

interface UnitFormValues {
  name: string;
  shortName?: string;
  type: string;
  code?: string;
}

export type UnitFormMode = { kind: 'create'; parent: UnitDetail } | { kind: 'edit'; unit: UnitDetail };

/** Create a child unit under a parent, or edit a unit's name, short name, type and code. */
export function UnitFormModal(props: {
  mode: UnitFormMode | null;
  onClose: () => void;
  onSaved: (unit: Unit) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const types = useUnitTypes();
  const [form] = Form.useForm<UnitFormValues>();
  const { mode } = props;

  useEffect(() => {
    if (!mode) return;
    form.resetFields();
    if (mode.kind === 'edit') {
      form.setFieldsValue({
        name: mode.unit.name,
        shortName: mode.unit.shortName ?? undefined,
        type: mode.unit.type,
        code: mode.unit.code ?? undefined,
      });
    }
  }, [mode, form]);

  const { saving, submit } = useFormSubmit(form, async (values) => {
    if (!mode) return;
    const body = {
      name: values.name.trim(),
      shortName: values.shortName?.trim() || undefined,
      type: values.type,
      code: values.code?.trim() || undefined,
    };
    const saved =
      mode.kind === 'create'
        ? await api.post<Unit>('/api/orgs', { parentId: mode.parent.id, ...body }, { quiet: true })
        : await api.patch<Unit>(`/api/orgs/${mode.unit.id}`, body, { quiet: true });
    message.success(mode.kind === 'create' ? t('orgs.created', { name: saved.name }) : t('orgs.saved'));
    props.onSaved(saved);
  });

  const title =
    mode?.kind === 'create'
      ? t('orgs.createTitle', { parent: mode.parent.name })
      : t('orgs.editTitle', { name: mode?.unit.name ?? '' });

  return (
    <Modal
      open={mode !== null}
      title={title}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={submit}
      onCancel={props.onClose}
      forceRender
    >
      <Form<UnitFormValues> form={form} layout="vertical" name="unitForm">
        <Form.Item
          name="name"
          label={t('orgs.fieldName')}
          rules={[
            { required: true, whitespace: true, message: t('orgs.nameRequired') },
            { max: 100, message: t('orgs.nameTooLong') },
          ]}
        >
          <Input maxLength={100} autoFocus />
        </Form.Item>
        <Form.Item
          name="shortName"
          label={t('orgs.fieldShortName')}
          rules={[{ max: 50, message: t('orgs.shortNameTooLong') }]}
        >
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item
          name="type"
          label={t('orgs.fieldType')}
          rules={[{ required: true, message: t('orgs.typeRequired') }]}
        >
          <Select
            options={typeOptions(types, (category) => t(`orgs.category.${category}`))}
            placeholder={t('orgs.typePlaceholder')}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
        <Form.Item name="code" label={t('orgs.fieldCode')} extra={t('orgs.codeHint')}>
          <Input maxLength={50} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
