import { Alert, App, Form, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../web/api/client';
import type { Unit, UnitDetail, UnitSearchHit } from '../../../web/api/types';
import { useFormSubmit } from '../../../web/hooks/useFormSubmit';
import { UnitSelect } from './UnitSelect';

/** Move a unit and its whole subtree under a new parent. */
export function MoveUnitModal(props: {
  unit: UnitDetail | null;
  onClose: () => void;
  onMoved: (unit: Unit, oldParentId: string | null) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ newParentId: string | null }>();
  const [target, setTarget] = useState<UnitSearchHit | null>(null);
  const { unit } = props;

  useEffect(() => {
    if (!unit) return;
    form.resetFields();
    setTarget(null);
  }, [unit, form]);

  const { saving, submit } = useFormSubmit(form, async ({ newParentId }) => {
    if (!unit) return;
    const moved = await api.post<Unit>(`/api/orgs/${unit.id}/move`, { newParentId }, { quiet: true });
    message.success(t('orgs.moved', { name: unit.name, parent: target?.name ?? '' }));
    props.onMoved(moved, unit.parentId);
  });

  return (
    <Modal
      open={unit !== null}
      title={t('orgs.moveTitle', { name: unit?.name ?? '' })}
      okText={t('orgs.moveConfirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, disabled: !target }}
      confirmLoading={saving}
      onOk={submit}
      onCancel={props.onClose}
      forceRender
    >
      <Form form={form} layout="vertical" name="moveUnitForm">
        <Form.Item
          name="newParentId"
          label={t('orgs.newParent')}
          rules={[{ required: true, message: t('orgs.newParentRequired') }]}
        >
          <UnitSelect
            excludeIds={unit ? [unit.id, ...(unit.parentId ? [unit.parentId] : [])] : []}
            onChange={(_, hit) => {
              form.setFieldValue('newParentId', hit?.id ?? null);
              setTarget(hit);
            }}
            style={{ width: '100%' }}
            data-testid="move-target"
          />
        </Form.Item>
      </Form>
      {unit && (
        <Alert
          type="warning"
          showIcon
          title={
            target
              ? t('orgs.moveWarning', {
                  name: unit.name,
                  count: unit.descendantCount,
                  parent: target.pathNames || target.name,
                })
              : t('orgs.moveWarningNoTarget', { name: unit.name, count: unit.descendantCount })
          }
        />
      )}
    </Modal>
  );
}
