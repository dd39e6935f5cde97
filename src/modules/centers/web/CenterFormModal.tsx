import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Col, Form, Input, InputNumber, Modal, Row, Select, Space, Switch, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { type AttachmentRef, AttachmentsField } from '../../../platform/files/web/AttachmentsField';
import { api } from '../../../web/api/client';
import { useFormSubmit } from '../../../web/hooks/useFormSubmit';
import { UnitSelect } from '../../orgs/web';
import { type CenterDetail, centerStatuses, upgradeStatuses } from './types';

interface FormValues {
  unitId?: string;
  name: string;
  address: string;
  areaSqm: number | null;
  openingHours: string;
  rooms: Array<{ name: string; functions: string }>;
  staff: Array<{ name: string; role: string; phone: string; phonePublic: boolean }>;
  photos: AttachmentRef[];
  status: string;
  upgradeStatus: string;
  upgradeNote: string;
}

/** Creates a centre (pick the unit) or edits one (`centre` given). */
export function CenterFormModal({
  open,
  centre,
  onClose,
  onSaved,
}: {
  open: boolean;
  centre?: CenterDetail | null;
  onClose: () => void;
  onSaved: (centre: CenterDetail) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const unitId = Form.useWatch('unitId', form) ?? centre?.unitId;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (centre) {
      form.setFieldsValue({
        name: centre.name,
        address: centre.address,
        areaSqm: centre.areaSqm,
        openingHours: centre.openingHours,
        rooms: centre.rooms,
        staff: centre.staff.map((s) => ({ ...s, phone: s.phone ?? '' })),
        photos: centre.photos,
        status: centre.status,
        upgradeStatus: centre.upgradeStatus,
        upgradeNote: centre.upgradeNote,
      });
    }
  }, [open, centre, form]);

  const { saving, submit } = useFormSubmit(form, async (values) => {
    const body = {
      name: values.name,
      address: values.address ?? '',
      areaSqm: values.areaSqm ?? null,
      openingHours: values.openingHours ?? '',
      rooms: (values.rooms ?? []).map((r) => ({ name: r.name, functions: r.functions ?? '' })),
      staff: (values.staff ?? []).map((s) => ({
        name: s.name,
        role: s.role ?? '',
        phone: s.phone ?? '',
        phonePublic: s.phonePublic ?? false,
      })),
      photoIds: (values.photos ?? []).map((p) => p.id),
      status: values.status,
      upgradeStatus: values.upgradeStatus,
      upgradeNote: values.upgradeNote ?? '',
    };
    const saved = centre
      ? await api.patch<CenterDetail>(`/api/centers/${centre.id}`, body, { quiet: true })
      : await api.post<CenterDetail>('/api/centers', { ...body, unitId: values.unitId }, { quiet: true });
    onSaved(saved);
  });

  const required = (field: string) => [{ required: true, message: t('centers.form.required', { field }) }];

  return (
    <Modal
      open={open}
      title={centre ? t('centers.form.editTitle') : t('centers.form.createTitle')}
      width={820}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={saving}
      okText={t('common.save')}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ status: 'inUse', upgradeStatus: 'none', rooms: [], staff: [], photos: [] }}
        data-testid="center-form"
      >
        {!centre && (
          <Form.Item
            name="unitId"
            label={t('centers.form.unit')}
            extra={t('centers.form.unitHint')}
            rules={required(t('centers.form.unit'))}
          >
            <UnitSelect
              onChange={(value, unit) => {
                form.setFieldValue('unitId', value);
                if (unit && !form.getFieldValue('name'))
                  form.setFieldValue('name', `${unit.name}党群服务中心`);
              }}
            />
          </Form.Item>
        )}
        <Row gutter={16}>
          <Col span={14}>
            <Form.Item name="name" label={t('centers.form.name')} rules={required(t('centers.form.name'))}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="areaSqm" label={t('centers.form.areaSqm')}>
              <InputNumber min={0} max={100000} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="address" label={t('centers.form.address')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="openingHours" label={t('centers.form.openingHours')}>
          <Input maxLength={200} placeholder={t('centers.form.openingHoursPlaceholder')} />
        </Form.Item>
        <Typography.Text strong>{t('centers.form.rooms')}</Typography.Text>
        <Form.List name="rooms">
          {(fields, { add, remove }) => (
            <div style={{ marginTop: 8, marginBottom: 16 }}>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" style={{ display: 'flex' }}>
                  <Form.Item name={[field.name, 'name']} rules={required(t('centers.form.roomName'))}>
                    <Input placeholder={t('centers.form.roomName')} style={{ width: 180 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'functions']}>
                    <Input placeholder={t('centers.form.roomFunctions')} style={{ width: 420 }} />
                  </Form.Item>
                  <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', functions: '' })}>
                {t('centers.form.addRoom')}
              </Button>
            </div>
          )}
        </Form.List>
        <Typography.Text strong>{t('centers.form.staff')}</Typography.Text>
        <Form.List name="staff">
          {(fields, { add, remove }) => (
            <div style={{ marginTop: 8, marginBottom: 16 }}>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" style={{ display: 'flex' }} wrap>
                  <Form.Item name={[field.name, 'name']} rules={required(t('centers.form.staffName'))}>
                    <Input placeholder={t('centers.form.staffName')} style={{ width: 130 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'role']}>
                    <Input placeholder={t('centers.form.staffRole')} style={{ width: 160 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'phone']}>
                    <Input placeholder={t('centers.form.staffPhone')} style={{ width: 170 }} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'phonePublic']}
                    valuePropName="checked"
                    label={t('centers.form.phonePublic')}
                  >
                    <Switch size="small" />
                  </Form.Item>
                  <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ name: '', role: '', phone: '', phonePublic: false })}
              >
                {t('centers.form.addStaff')}
              </Button>
            </div>
          )}
        </Form.List>
        <Form.Item name="photos" label={t('centers.form.photos')}>
          <AttachmentsField unitId={unitId} isPublic pictures maxCount={20} />
        </Form.Item>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="status" label={t('centers.form.status')}>
              <Select
                options={centerStatuses.map((s) => ({ value: s, label: t(`centers.statuses.${s}`) }))}
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="upgradeStatus" label={t('centers.form.upgradeStatus')}>
              <Select
                options={upgradeStatuses.map((s) => ({ value: s, label: t(`centers.upgradeStatuses.${s}`) }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="upgradeNote" label={t('centers.form.upgradeNote')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
