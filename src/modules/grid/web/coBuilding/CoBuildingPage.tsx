import { ArrowLeftOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Progress,
  Result,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useNavigate, useParams } from 'react-router';
import { UnitSelect } from '../../../orgs/web';
import { ApiError, api } from '../../../../web/api/client';
import { useFormSubmit } from '../../../../web/hooks/useFormSubmit';
import { usePagedList } from '../../../../web/hooks/usePagedList';
import { useAccess } from '../../../../web/session';

const itemKinds = ['need', 'resource', 'project'] as const;
const statuses = ['planned', 'ongoing', 'done', 'stopped'] as const;
const statusColour: Record<string, string> = {
  planned: 'default',
  ongoing: 'processing',
  done: 'success',
  stopped: 'error',
};

interface CoBuildingView {
  id: string;
  unitId: string;
  unitName: string;
  name: string;
  kind: string;
  contactName: string;
  contactPhone: string;
  pairs: Array<{ id: string; name: string }>;
  counts: { need: number; resource: number; project: number; done: number };
}
interface CoBuildingItem {
  id: string;
  kind: string;
  unitId: string | null;
  unitName: string | null;
  title: string;
  description: string;
  status: string;
  percent: number;
  startOn: string | null;
  endOn: string | null;
  completedOn: string | null;
}
type CoBuildingDetail = CoBuildingView & { items: CoBuildingItem[] };

function CoBuildingList() {
  const { t } = useTranslation();
  const access = useAccess();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [adding, setAdding] = useState(false);
  const filters = useMemo(() => ({ q: q || undefined }), [q]);
  const list = usePagedList<CoBuildingView>('/api/grid/co-building-units', filters);
  return (
    <Card
      size="small"
      title={t('grid.work.coBuilding.title')}
      extra={
        access.canWriteGrid && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setAdding(true)}
            data-testid="co-building-unit-add"
          >
            {t('grid.work.coBuilding.add')}
          </Button>
        )
      }
    >
      <UnitModal
        open={adding}
        editing={null}
        onClose={() => setAdding(false)}
        onSaved={(saved) => {
          setAdding(false);
          navigate(`/grid/co-building/${saved.id}`);
        }}
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('grid.work.coBuilding.search')}
          style={{ width: 240 }}
          onSearch={(value) => setQ(value.trim())}
          data-testid="co-building-search"
        />
      </Space>
      <Table<CoBuildingView>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.items}
        pagination={list.pagination}
        locale={{ emptyText: <Empty description={t('grid.work.coBuilding.empty')} /> }}
        data-testid="co-building-table"
        columns={[
          {
            title: t('grid.work.coBuilding.name'),
            dataIndex: 'name',
            render: (name: string, row) => (
              <Link to={`/grid/co-building/${row.id}`} data-testid="co-building-link">
                {name}
              </Link>
            ),
          },
          {
            title: t('grid.work.coBuilding.kind'),
            dataIndex: 'kind',
            width: 100,
            render: (kind: string) => <Tag>{t(`grid.work.kinds.${kind}`)}</Tag>,
          },
          {
            title: t('grid.work.coBuilding.pairs'),
            render: (_, row) =>
              row.pairs.map((p) => (
                <Tag key={p.id} color="blue">
                  {p.name}
                </Tag>
              )),
          },
          {
            title: t('grid.work.coBuilding.lists'),
            render: (_, row) => t('grid.work.coBuilding.counts', row.counts),
          },
          { title: t('grid.work.coBuilding.registeredBy'), dataIndex: 'unitName', width: 140 },
        ]}
      />
    </Card>
  );
}

const kinds = ['agency', 'institution', 'enterprise', 'school', 'socialOrg', 'other'] as const;

interface UnitFormValues {
  unitId?: string;
  name: string;
  kind: string;
  contactName?: string;
  contactPhone?: string;
  pairedUnitIds: string[];
}

/** Registers a co-building unit (or edits one): name, kind, contact and the 嘎查/社区 it pairs with. */
function UnitModal(props: {
  open: boolean;
  editing: CoBuildingView | null;
  onClose: () => void;
  onSaved: (saved: CoBuildingDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<UnitFormValues>();
  const [options, setOptions] = useState<Array<{ value: string; label: string }>>([]);
  const { editing } = props;

  useEffect(() => {
    if (!props.open) return;
    form.resetFields();
    if (editing) {
      form.setFieldsValue({
        name: editing.name,
        kind: editing.kind,
        contactName: editing.contactName,
        contactPhone: editing.contactPhone,
        pairedUnitIds: editing.pairs.map((p) => p.id),
      });
      setOptions(editing.pairs.map((p) => ({ value: p.id, label: p.name })));
    } else setOptions([]);
  }, [props.open, editing, form]);

  // 嘎查 and 社区 by name or pinyin initials, keeping the ones already chosen.
  const search = (q: string) => {
    Promise.all(
      (['gacha', 'community'] as const).map((type) =>
        api.get<{ items: Array<{ id: string; name: string; pathNames: string }> }>('/api/orgs/search', {
          query: { q: q.trim(), type, page: 1, pageSize: 20 },
          quiet: true,
        }),
      ),
    )
      .then((pages) => {
        const chosen = new Set<string>(form.getFieldValue('pairedUnitIds') ?? []);
        setOptions((current) => [
          ...current.filter((o) => chosen.has(o.value)),
          ...pages
            .flatMap((page) => page.items)
            .filter((u) => !chosen.has(u.id))
            .map((u) => ({ value: u.id, label: u.name, title: u.pathNames })),
        ]);
      })
      .catch(() => undefined);
  };

  const { saving, submit } = useFormSubmit(form, async (values) => {
    const body = {
      name: values.name,
      kind: values.kind,
      contactName: values.contactName ?? '',
      contactPhone: values.contactPhone ?? '',
      pairedUnitIds: values.pairedUnitIds ?? [],
    };
    const saved = editing
      ? await api.patch<CoBuildingDetail>(`/api/grid/co-building-units/${editing.id}`, body, { quiet: true })
      : await api.post<CoBuildingDetail>(
          '/api/grid/co-building-units',
          { ...body, unitId: values.unitId },
          { quiet: true },
        );
    message.success(t('grid.work.coBuilding.saved'));
    props.onSaved(saved);
  });

  return (
    <Modal
      open={props.open}
      title={editing ? t('grid.work.coBuilding.edit') : t('grid.work.coBuilding.add')}
      onCancel={props.onClose}
      onOk={submit}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ kind: 'agency', pairedUnitIds: [] }}>
        {!editing && (
          <Form.Item
            name="unitId"
            label={t('grid.work.coBuilding.registeredBy')}
            rules={[{ required: true, message: t('grid.work.coBuilding.registeredByRequired') }]}
          >
            <UnitSelect />
          </Form.Item>
        )}
        <Form.Item
          name="name"
          label={t('grid.work.coBuilding.name')}
          rules={[{ required: true, message: t('grid.work.coBuilding.nameRequired') }]}
        >
          <Input maxLength={80} data-testid="co-building-unit-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('grid.work.coBuilding.kind')} rules={[{ required: true }]}>
          <Select options={kinds.map((kind) => ({ value: kind, label: t(`grid.work.kinds.${kind}`) }))} />
        </Form.Item>
        <Space.Compact block>
          <Form.Item
            name="contactName"
            label={t('grid.work.coBuilding.contactName')}
            style={{ width: '45%' }}
          >
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item
            name="contactPhone"
            label={t('grid.work.coBuilding.contactPhone')}
            style={{ width: '55%' }}
          >
            <Input maxLength={20} />
          </Form.Item>
        </Space.Compact>
        <Form.Item
          name="pairedUnitIds"
          label={t('grid.work.coBuilding.pairs')}
          rules={[{ required: true, message: t('grid.work.coBuilding.pairsRequired') }]}
        >
          <Select
            mode="multiple"
            showSearch={{ filterOption: false, onSearch: search }}
            onFocus={() => search('')}
            options={options}
            placeholder={t('grid.work.coBuilding.pairsPlaceholder')}
            data-testid="co-building-unit-pairs"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface ItemFormValues {
  kind: string;
  unitId?: string | null;
  title: string;
  description?: string;
  status?: string;
  percent?: number;
  startOn?: Dayjs | null;
  endOn?: Dayjs | null;
}

function ItemModal(props: {
  open: boolean;
  unit: CoBuildingDetail;
  kind: string;
  editing: CoBuildingItem | null;
  onClose: () => void;
  onSaved: (detail: CoBuildingDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ItemFormValues>();
  const { editing } = props;
  const kind = Form.useWatch('kind', form) ?? props.kind;
  useEffect(() => {
    if (!props.open) return;
    form.resetFields();
    form.setFieldsValue(
      editing
        ? {
            kind: editing.kind,
            unitId: editing.unitId,
            title: editing.title,
            description: editing.description,
            status: editing.status,
            percent: editing.percent,
            startOn: editing.startOn ? dayjs(editing.startOn) : null,
            endOn: editing.endOn ? dayjs(editing.endOn) : null,
          }
        : { kind: props.kind, status: 'planned', percent: 0 },
    );
  }, [props.open, editing, props.kind, form]);
  const { saving, submit } = useFormSubmit(form, async (values) => {
    const body = {
      unitId: values.unitId ?? null,
      title: values.title ?? '',
      description: values.description ?? '',
      ...(values.kind === 'project' ? { status: values.status, percent: values.percent ?? 0 } : {}),
      startOn: values.startOn ? values.startOn.format('YYYY-MM-DD') : null,
      endOn: values.endOn ? values.endOn.format('YYYY-MM-DD') : null,
    };
    const base = `/api/grid/co-building-units/${props.unit.id}/items`;
    const detail = editing
      ? await api.patch<CoBuildingDetail>(`${base}/${editing.id}`, body, { quiet: true })
      : await api.post<CoBuildingDetail>(base, { ...body, kind: values.kind }, { quiet: true });
    message.success(t('grid.work.coBuilding.saved'));
    props.onSaved(detail);
  });
  return (
    <Modal
      open={props.open}
      title={editing ? t('grid.work.coBuilding.editItem') : t('grid.work.coBuilding.addItem')}
      onCancel={props.onClose}
      onOk={submit}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid="co-building-item-form">
        <Form.Item name="kind" label={t('grid.work.coBuilding.itemKind')}>
          <Select
            disabled={!!editing}
            options={itemKinds.map((value) => ({ value, label: t(`grid.work.itemKinds.${value}`) }))}
          />
        </Form.Item>
        <Form.Item name="title" label={t('grid.work.coBuilding.itemTitle')} rules={[{ required: true }]}>
          <Input maxLength={80} data-testid="co-building-item-title" />
        </Form.Item>
        <Form.Item name="unitId" label={t('grid.work.coBuilding.itemUnit')}>
          <Select allowClear options={props.unit.pairs.map((p) => ({ value: p.id, label: p.name }))} />
        </Form.Item>
        <Form.Item name="description" label={t('grid.work.coBuilding.description')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        {kind === 'project' && (
          <Space wrap>
            <Form.Item name="status" label={t('grid.work.coBuilding.status')}>
              <Select
                style={{ width: 140 }}
                options={statuses.map((value) => ({ value, label: t(`grid.work.statuses.${value}`) }))}
              />
            </Form.Item>
            <Form.Item name="percent" label={t('grid.work.coBuilding.percent')}>
              <InputNumber style={{ width: 120 }} data-testid="co-building-item-percent" />
            </Form.Item>
          </Space>
        )}
        <Space wrap>
          <Form.Item name="startOn" label={t('grid.work.coBuilding.startOn')}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="endOn" label={t('grid.work.coBuilding.endOn')}>
            <DatePicker />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

function CoBuildingDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const access = useAccess();
  const [detail, setDetail] = useState<CoBuildingDetail | null>(null);
  const [missing, setMissing] = useState(false);
  const [tab, setTab] = useState<string>('project');
  const [editingUnit, setEditingUnit] = useState(false);
  const [modal, setModal] = useState<{ open: boolean; editing: CoBuildingItem | null }>({
    open: false,
    editing: null,
  });
  const load = useCallback(() => {
    api
      .get<CoBuildingDetail>(`/api/grid/co-building-units/${id}`, { quiet: true })
      .then(setDetail)
      .catch((error) => {
        if (error instanceof ApiError && error.status === 404) setMissing(true);
      });
  }, [id]);
  useEffect(load, [load]);
  if (missing)
    return (
      <Result
        status="404"
        title={t('grid.work.coBuilding.notFound')}
        extra={<Link to="/grid/co-building">{t('grid.work.coBuilding.back')}</Link>}
      />
    );
  if (!detail) return <Card loading size="small" />;
  const remove = async (item: CoBuildingItem) =>
    setDetail(await api.del<CoBuildingDetail>(`/api/grid/co-building-units/${detail.id}/items/${item.id}`));
  const itemsOf = (kind: string) => detail.items.filter((item) => item.kind === kind);
  return (
    <Card
      size="small"
      title={
        <Space>
          <Link to="/grid/co-building">
            <ArrowLeftOutlined /> {t('grid.work.coBuilding.back')}
          </Link>
          <Typography.Text strong data-testid="co-building-name">
            {detail.name}
          </Typography.Text>
          <Tag>{t(`grid.work.kinds.${detail.kind}`)}</Tag>
        </Space>
      }
      extra={
        access.canWriteGrid && (
          <Button size="small" onClick={() => setEditingUnit(true)} data-testid="co-building-unit-edit">
            {t('grid.work.coBuilding.edit')}
          </Button>
        )
      }
    >
      <UnitModal
        open={editingUnit}
        editing={detail}
        onClose={() => setEditingUnit(false)}
        onSaved={(saved) => {
          setEditingUnit(false);
          setDetail(saved);
        }}
      />
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('grid.work.coBuilding.registeredBy')}>
          {detail.unitName}
        </Descriptions.Item>
        <Descriptions.Item label={t('grid.work.coBuilding.contactName')}>
          {detail.contactName || '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('grid.work.coBuilding.contactPhone')}>
          {detail.contactPhone || '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('grid.work.coBuilding.pairs')} span={3}>
          <Space wrap data-testid="co-building-pairs">
            {detail.pairs.map((p) => (
              <Tag key={p.id} color="blue">
                {p.name}
              </Tag>
            ))}
          </Space>
        </Descriptions.Item>
      </Descriptions>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        tabBarExtraContent={
          access.canWriteGrid && (
            <Button
              size="small"
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setModal({ open: true, editing: null })}
              data-testid="co-building-item-add"
            >
              {t('grid.work.coBuilding.addItem')}
            </Button>
          )
        }
        items={itemKinds.map((kind) => ({
          key: kind,
          label: `${t(`grid.work.itemKinds.${kind}`)}（${itemsOf(kind).length}）`,
          children: (
            <Table<CoBuildingItem>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={itemsOf(kind)}
              locale={{ emptyText: <Empty description={t('grid.work.coBuilding.noItems')} /> }}
              data-testid={`co-building-${kind}s`}
              columns={[
                {
                  title: t('grid.work.coBuilding.itemTitle'),
                  dataIndex: 'title',
                  render: (title: string, row) => (
                    <Space direction="vertical" size={0}>
                      <Typography.Text>{title}</Typography.Text>
                      {row.description && (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {row.description}
                        </Typography.Text>
                      )}
                    </Space>
                  ),
                },
                {
                  title: t('grid.work.coBuilding.itemUnit'),
                  dataIndex: 'unitName',
                  width: 120,
                  render: (name: string | null) => name ?? '—',
                },
                ...(kind === 'project'
                  ? [
                      {
                        title: t('grid.work.coBuilding.status'),
                        dataIndex: 'status',
                        width: 90,
                        render: (status: string) => (
                          <Tag color={statusColour[status]}>{t(`grid.work.statuses.${status}`)}</Tag>
                        ),
                      },
                      {
                        title: t('grid.work.coBuilding.percent'),
                        width: 180,
                        render: (_: unknown, row: CoBuildingItem) => (
                          <Progress
                            percent={row.percent}
                            size="small"
                            status={
                              row.status === 'stopped'
                                ? 'exception'
                                : row.status === 'done'
                                  ? 'success'
                                  : 'active'
                            }
                            data-testid="co-building-progress"
                          />
                        ),
                      },
                    ]
                  : []),
                {
                  title: t('grid.work.coBuilding.endOn'),
                  width: 150,
                  render: (_: unknown, row: CoBuildingItem) =>
                    row.completedOn ? (
                      <Typography.Text type="success">
                        {t('grid.work.coBuilding.completedOn')} {row.completedOn}
                      </Typography.Text>
                    ) : (
                      (row.endOn ?? '—')
                    ),
                },
                ...(access.canWriteGrid
                  ? [
                      {
                        title: t('grid.work.households.actions'),
                        width: 120,
                        render: (_: unknown, row: CoBuildingItem) => (
                          <Space size={4}>
                            <Button
                              type="link"
                              size="small"
                              onClick={() => setModal({ open: true, editing: row })}
                            >
                              {t('grid.work.coBuilding.edit')}
                            </Button>
                            <Popconfirm
                              title={t('grid.work.coBuilding.removeConfirm')}
                              onConfirm={() => remove(row)}
                            >
                              <Button type="link" size="small" danger>
                                {t('grid.work.coBuilding.removeItem')}
                              </Button>
                            </Popconfirm>
                          </Space>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          ),
        }))}
      />
      <ItemModal
        open={modal.open}
        unit={detail}
        kind={tab}
        editing={modal.editing}
        onClose={() => setModal({ open: false, editing: null })}
        onSaved={(next) => {
          setDetail(next);
          setModal({ open: false, editing: null });
        }}
      />
    </Card>
  );
}

/** /grid/co-building and /grid/co-building/:id: co-building units, their pairs and lists. */
export default function CoBuildingPage() {
  return (
    <Routes>
      <Route index element={<CoBuildingList />} />
      <Route path=":id" element={<CoBuildingDetailPage />} />
    </Routes>
  );
}
