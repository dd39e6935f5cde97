import { ArrowLeftOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Select,
  Space,
  Spin,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../../web/api/client';
import { useFormSubmit } from '../../../web/hooks/useFormSubmit';
import { useAccess } from '../../../web/session';
import { UnitSelect } from '../../orgs/web';
import { centerUnitTypes, evidenceKinds, type StandardView } from './types';

interface StandardForm {
  unitId?: string;
  name: string;
  description: string;
  unitTypes: string[];
  active: boolean;
  items: Array<{ id?: string; title: string; description: string; evidenceKind: string }>;
}

function StandardModal({
  open,
  standard,
  onClose,
  onSaved,
}: {
  open: boolean;
  standard: StandardView | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<StandardForm>();
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (standard) form.setFieldsValue({ ...standard });
  }, [open, standard, form]);
  const { saving, submit } = useFormSubmit(form, async (values) => {
    const body = {
      name: values.name,
      description: values.description ?? '',
      unitTypes: values.unitTypes,
      items: (values.items ?? []).map((item) => ({ ...item, description: item.description ?? '' })),
    };
    if (standard) {
      await api.put(
        `/api/centers/standards/${standard.id}`,
        { ...body, active: values.active },
        { quiet: true },
      );
    } else {
      await api.post('/api/centers/standards', { ...body, unitId: values.unitId }, { quiet: true });
    }
    onSaved();
  });
  const required = (field: string) => [{ required: true, message: t('centers.form.required', { field }) }];
  return (
    <Modal
      open={open}
      title={standard ? t('centers.standards.editTitle') : t('centers.standards.createTitle')}
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
        initialValues={{
          unitTypes: ['gacha', 'community'],
          active: true,
          items: [{ evidenceKind: 'photo' }],
        }}
      >
        {!standard && (
          <Form.Item
            name="unitId"
            label={t('centers.standards.owner')}
            rules={required(t('centers.standards.owner'))}
          >
            <UnitSelect />
          </Form.Item>
        )}
        <Form.Item
          name="name"
          label={t('centers.standards.name')}
          rules={required(t('centers.standards.name'))}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="description" label={t('centers.standards.description')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item
            name="unitTypes"
            label={t('centers.standards.unitTypes')}
            rules={required(t('centers.standards.unitTypes'))}
          >
            <Checkbox.Group
              options={centerUnitTypes.map((type) => ({ value: type, label: t(`centers.types.${type}`) }))}
            />
          </Form.Item>
          {standard && (
            <Form.Item name="active" label={t('centers.standards.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          )}
        </Space>
        <Typography.Text strong>{t('centers.standards.items')}</Typography.Text>
        <Form.List name="items">
          {(fields, { add, remove, move }) => (
            <div style={{ marginTop: 8 }}>
              {fields.map((field, index) => (
                <Space key={field.key} align="baseline" style={{ display: 'flex' }} wrap>
                  <Typography.Text type="secondary" style={{ width: 20 }}>
                    {index + 1}
                  </Typography.Text>
                  <Form.Item name={[field.name, 'title']} rules={required(t('centers.standards.itemTitle'))}>
                    <Input placeholder={t('centers.standards.itemTitle')} style={{ width: 200 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'description']}>
                    <Input placeholder={t('centers.standards.itemDescription')} style={{ width: 300 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'evidenceKind']}>
                    <Select
                      style={{ width: 120 }}
                      options={evidenceKinds.map((k) => ({
                        value: k,
                        label: t(`centers.evidenceKinds.${k}`),
                      }))}
                    />
                  </Form.Item>
                  <Button
                    type="text"
                    size="small"
                    disabled={index === 0}
                    onClick={() => move(index, index - 1)}
                  >
                    ↑
                  </Button>
                  <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ evidenceKind: 'photo' })}>
                {t('centers.standards.addItem')}
              </Button>
            </div>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

/** /centers/standards: the checklists reaching the user's scope; editable with centers.configure. */
export default function StandardsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const access = useAccess();
  const { message } = App.useApp();
  const [standards, setStandards] = useState<StandardView[] | null>(null);
  const [editing, setEditing] = useState<StandardView | null | undefined>(undefined);
  const load = useCallback(async () => {
    try {
      setStandards(await api.get<StandardView[]>('/api/centers/standards'));
    } catch {
      setStandards([]);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <Card
      title={
        <Space>
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/centers')} />
          {t('centers.standards.title')}
        </Space>
      }
      extra={
        access.canConfigureCenters && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
            {t('centers.standards.create')}
          </Button>
        )
      }
    >
      <Alert type="info" showIcon title={t('centers.standards.hint')} style={{ marginBottom: 16 }} />
      {standards === null ? (
        <Spin />
      ) : standards.length === 0 ? (
        <Empty description={t('centers.standards.empty')} />
      ) : (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {standards.map((standard) => (
            <Card
              key={standard.id}
              size="small"
              data-testid="standard-card"
              title={
                <Space wrap>
                  {standard.name}
                  {!standard.active && <Tag>{t('centers.standards.inactive')}</Tag>}
                  {standard.unitTypes.map((type) => (
                    <Tag key={type} color="blue">
                      {t(`centers.types.${type}`)}
                    </Tag>
                  ))}
                </Space>
              }
              extra={
                standard.editable && access.canConfigureCenters ? (
                  <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(standard)}>
                    {t('centers.standards.edit')}
                  </Button>
                ) : (
                  <Typography.Text type="secondary">{t('centers.standards.readOnly')}</Typography.Text>
                )
              }
            >
              <Typography.Paragraph type="secondary">
                {standard.unitName} · {t('centers.standards.itemCount', { count: standard.items.length })}
                {standard.description && ` · ${standard.description}`}
              </Typography.Paragraph>
              <List
                size="small"
                dataSource={standard.items}
                renderItem={(item, index) => (
                  <List.Item>
                    <Space>
                      <Typography.Text type="secondary">{index + 1}.</Typography.Text>
                      <Typography.Text strong>{item.title}</Typography.Text>
                      <Typography.Text type="secondary">{item.description}</Typography.Text>
                    </Space>
                    <Tag>{t(`centers.evidenceKinds.${item.evidenceKind}`)}</Tag>
                  </List.Item>
                )}
              />
            </Card>
          ))}
        </Space>
      )}
      <StandardModal
        open={editing !== undefined}
        standard={editing ?? null}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined);
          message.success(t('centers.standards.saved'));
          void load();
        }}
      />
    </Card>
  );
}
