import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  CopyOutlined,
  DeleteOutlined,
  EditOutlined,
  ExportOutlined,
  ImportOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import {
  App,
  Button,
  Col,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, download } from '../../../web/api/client';
import type { Page } from '../../../web/api/types';
import { ImportDialog } from '../../../web/components/ImportDialog';
import { useFormSubmit } from '../../../web/hooks/useFormSubmit';
import { useAccess } from '../../../web/session';
import {
  type CenterDetail,
  type CenterView,
  type ServiceItemView,
  serviceChannels,
  timeLimitText,
} from './types';

interface ItemForm {
  name: string;
  department: string;
  eligibility: string;
  materials: string;
  timeLimitDays: number | null;
  timeLimitKind: 'working' | 'calendar';
  fee: string;
  channels: string[];
  contactPhone: string;
  published: boolean;
}

function ItemModal({
  centerId,
  item,
  open,
  onClose,
  onSaved,
}: {
  centerId: string;
  item: ServiceItemView | null;
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ItemForm>();
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (item) form.setFieldsValue({ ...item, materials: item.materials.join('\n') });
  }, [open, item, form]);
  const { saving, submit } = useFormSubmit(form, async (values) => {
    const body = {
      ...values,
      department: values.department ?? '',
      eligibility: values.eligibility ?? '',
      fee: values.fee ?? '',
      contactPhone: values.contactPhone ?? '',
      timeLimitDays: values.timeLimitDays ?? null,
      materials: (values.materials ?? '')
        .split(/\n+/)
        .map((m) => m.trim())
        .filter(Boolean),
    };
    if (item) await api.patch(`/api/centers/${centerId}/items/${item.id}`, body, { quiet: true });
    else await api.post(`/api/centers/${centerId}/items`, body, { quiet: true });
    onSaved();
  });
  return (
    <Modal
      open={open}
      title={item ? t('centers.items.editTitle') : t('centers.items.createTitle')}
      width={720}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={saving}
      okText={t('common.save')}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ timeLimitKind: 'working', fee: '免费', channels: ['onSite'], published: true }}
        data-testid="item-form"
      >
        <Form.Item
          name="name"
          label={t('centers.items.name')}
          rules={[
            { required: true, message: t('centers.form.required', { field: t('centers.items.name') }) },
          ]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="department" label={t('centers.items.department')}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="contactPhone" label={t('centers.items.contactPhone')}>
              <Input maxLength={30} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="eligibility" label={t('centers.items.eligibility')}>
          <Input maxLength={300} />
        </Form.Item>
        <Form.Item
          name="materials"
          label={t('centers.items.materials')}
          extra={t('centers.items.materialsHint')}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item
              name="timeLimitDays"
              label={t('centers.items.timeLimitDays')}
              extra={t('centers.items.timeLimitHint')}
            >
              <InputNumber min={0} max={365} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="timeLimitKind" label={t('centers.items.timeLimitKind')}>
              <Select
                options={(['working', 'calendar'] as const).map((k) => ({
                  value: k,
                  label: t(`centers.timeLimitKinds.${k}`),
                }))}
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="fee" label={t('centers.items.fee')}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={16}>
            <Form.Item name="channels" label={t('centers.items.channels')} rules={[{ required: true }]}>
              <Select
                mode="multiple"
                options={serviceChannels.map((c) => ({ value: c, label: t(`centers.channels.${c}`) }))}
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="published" label={t('centers.items.published')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

/** Picks another centre in scope by name (GET /api/centers?q=). */
function CentreSearch({
  value,
  onChange,
  excludeId,
}: {
  value?: string;
  onChange?: (id: string) => void;
  excludeId: string;
}) {
  const [options, setOptions] = useState<Array<{ value: string; label: string }>>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const search = (q: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      try {
        const page = await api.get<Page<CenterView>>('/api/centers', { query: { q, page: 1, pageSize: 20 } });
        setOptions(
          page.items
            .filter((c) => c.id !== excludeId)
            .map((c) => ({ value: c.id, label: `${c.name}（${c.itemCount}）` })),
        );
      } catch {
        // Shown by the central handler.
      }
    }, 250);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: load the first page once, on opening.
  useEffect(() => {
    search('');
    return () => clearTimeout(timer.current);
  }, []);
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: search }}
      value={value}
      onChange={onChange}
      options={options}
      style={{ width: '100%' }}
    />
  );
}

/** The 便民服务事项 tab: the centre's list with order, publish switch, import/export and copy. */
export function ServiceItemsTab({ centre, onChanged }: { centre: CenterDetail; onChanged: () => void }) {
  const { t } = useTranslation();
  const access = useAccess();
  const { message } = App.useApp();
  const [items, setItems] = useState<ServiceItemView[] | null>(null);
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState<ServiceItemView | null | undefined>(undefined);
  const [importing, setImporting] = useState(false);
  const [copying, setCopying] = useState(false);
  const [copySource, setCopySource] = useState<string | undefined>(undefined);
  const canWrite = access.canWriteCenters;
  const url = `/api/centers/${centre.id}/items`;

  const load = useCallback(async () => {
    try {
      setItems(await api.get<ServiceItemView[]>(url));
    } catch {
      setItems([]);
    }
  }, [url]);
  useEffect(() => {
    void load();
  }, [load]);

  const changed = () => {
    void load();
    onChanged();
  };
  const move = async (index: number, delta: number) => {
    if (!items) return;
    const ids = items.map((item) => item.id);
    const [moved] = ids.splice(index, 1);
    ids.splice(index + delta, 0, moved!);
    try {
      setItems(await api.post<ServiceItemView[]>(`${url}/reorder`, { ids }));
    } catch {
      // Shown by the central handler.
    }
  };
  const needle = query.trim().toLowerCase();
  const shown = (items ?? []).filter(
    (item) => !needle || `${item.name}${item.department}`.toLowerCase().includes(needle),
  );

  const columns: ColumnsType<ServiceItemView> = [
    {
      title: t('centers.items.name'),
      dataIndex: 'name',
      render: (name: string, item) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {item.eligibility}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('centers.items.department'), dataIndex: 'department', width: 170 },
    {
      title: t('centers.items.materials'),
      dataIndex: 'materials',
      width: 220,
      render: (materials: string[]) => materials.join('、') || '—',
    },
    {
      title: t('centers.items.timeLimit'),
      key: 'timeLimit',
      width: 110,
      render: (_, item) => timeLimitText(t, item),
    },
    { title: t('centers.items.fee'), dataIndex: 'fee', width: 80 },
    {
      title: t('centers.items.channels'),
      dataIndex: 'channels',
      width: 170,
      render: (channels: string[]) => channels.map((c) => <Tag key={c}>{t(`centers.channels.${c}`)}</Tag>),
    },
    {
      title: t('centers.items.published'),
      dataIndex: 'published',
      width: 80,
      render: (published: boolean, item) => (
        <Switch
          size="small"
          checked={published}
          disabled={!canWrite}
          onChange={async (checked) => {
            try {
              await api.patch(`${url}/${item.id}`, { published: checked });
              changed();
            } catch {
              // Shown by the central handler.
            }
          }}
        />
      ),
    },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      render: (_, item) => {
        const index = items?.indexOf(item) ?? -1;
        return (
          <Space size={0}>
            <Button
              type="text"
              size="small"
              icon={<ArrowUpOutlined />}
              title={t('centers.items.moveUp')}
              disabled={index <= 0 || needle !== ''}
              onClick={() => move(index, -1)}
            />
            <Button
              type="text"
              size="small"
              icon={<ArrowDownOutlined />}
              title={t('centers.items.moveDown')}
              disabled={index < 0 || index >= (items?.length ?? 0) - 1 || needle !== ''}
              onClick={() => move(index, 1)}
            />
            <Button
              type="text"
              size="small"
              icon={<EditOutlined />}
              title={t('common.edit')}
              onClick={() => setEditing(item)}
            />
            <Popconfirm
              title={t('centers.items.removeConfirm', { name: item.name })}
              onConfirm={async () => {
                await api.del(`${url}/${item.id}`);
                message.success(t('centers.items.removed'));
                changed();
              }}
            >
              <Button
                type="text"
                size="small"
                danger
                icon={<DeleteOutlined />}
                title={t('centers.items.remove')}
              />
            </Popconfirm>
          </Space>
        );
      },
    });
  }

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          style={{ width: 260 }}
          placeholder={t('centers.items.search')}
          onChange={(event) => setQuery(event.target.value)}
        />
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
            {t('centers.items.add')}
          </Button>
        )}
        {canWrite && (
          <Button icon={<ImportOutlined />} onClick={() => setImporting(true)}>
            {t('centers.items.import')}
          </Button>
        )}
        <Button
          icon={<ExportOutlined />}
          onClick={() => download(`${url}/export`, { fallbackName: `${centre.name}.xlsx` })}
        >
          {t('centers.items.export')}
        </Button>
        {canWrite && (
          <Button icon={<CopyOutlined />} onClick={() => setCopying(true)}>
            {t('centers.items.copy')}
          </Button>
        )}
      </Space>
      <Table<ServiceItemView>
        rowKey="id"
        size="small"
        loading={items === null}
        dataSource={shown}
        columns={columns}
        pagination={false}
        scroll={{ x: 1100 }}
        locale={{ emptyText: <Empty description={t('centers.items.empty')} /> }}
        data-testid="service-items"
      />
      <ItemModal
        centerId={centre.id}
        item={editing ?? null}
        open={editing !== undefined}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined);
          changed();
        }}
      />
      <ImportDialog
        open={importing}
        title={t('centers.items.importTitle')}
        uploadUrl={`${url}/import`}
        templateUrl="/api/centers/items/import/template"
        hint={t('centers.items.importHint')}
        onClose={() => setImporting(false)}
        onImported={changed}
      />
      <Modal
        open={copying}
        title={t('centers.items.copyTitle')}
        onCancel={() => setCopying(false)}
        okButtonProps={{ disabled: !copySource }}
        onOk={async () => {
          try {
            const result = await api.post<{ copied: number; skipped: number }>(`${url}/copy`, {
              fromCenterId: copySource,
            });
            message.success(t('centers.items.copied', result));
            setCopying(false);
            changed();
          } catch {
            // Shown by the central handler.
          }
        }}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('centers.items.copyHint')}</Typography.Paragraph>
        <Typography.Text>{t('centers.items.copySource')}</Typography.Text>
        <CentreSearch value={copySource} onChange={setCopySource} excludeId={centre.id} />
      </Modal>
    </>
  );
}
