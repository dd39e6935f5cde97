import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Drawer,
  Empty,
  Form,
  Input,
  Popconfirm,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, download } from '../../../../web/api/client';
import { ImportDialog } from '../../../../web/components/ImportDialog';
import { useFormSubmit } from '../../../../web/hooks/useFormSubmit';
import { usePagedList } from '../../../../web/hooks/usePagedList';
import { useAccess } from '../../../../web/session';
import { MemberHouseholdsTab } from './MemberHouseholdsTab';

export const careKeys = [
  'subsistence',
  'extremePoverty',
  'disabled',
  'elderly',
  'leftBehind',
  'priorityCare',
  'livingAlone',
] as const;

export interface HouseholdView {
  id: string;
  gridId: string;
  gridName: string;
  unitName: string;
  address: string;
  headPersonId: string | null;
  headName: string;
  members: Array<{ personId: string | null; name: string; relation: string }>;
  phoneMasked: string | null;
  phone: string | null;
  careCategories: string[] | null;
  sensitiveVisible: boolean;
  note: string;
  lookedAfterBy: Array<{ id: string; name: string }>;
}

export interface GridOption {
  id: string;
  name: string;
  code: string;
}

/** The grids in scope, for filters and forms. */
export function useGridOptions(): GridOption[] {
  const [grids, setGrids] = useState<GridOption[]>([]);
  useEffect(() => {
    api
      .get<{ items: GridOption[] }>('/api/grid/grids', { query: { pageSize: 500 } })
      .then((page) => setGrids(page.items))
      .catch(() => setGrids([]));
  }, []);
  return grids;
}

interface FormValues {
  gridId: string;
  address: string;
  headName: string;
  phone?: string;
  members?: Array<{ name: string; relation?: string }>;
  careCategories?: string[];
  note?: string;
}

function HouseholdDrawer(props: {
  open: boolean;
  household: HouseholdView | null;
  grids: GridOption[];
  canSeeSensitive: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const { household } = props;
  useEffect(() => {
    if (!props.open) return;
    form.resetFields();
    if (household)
      form.setFieldsValue({
        gridId: household.gridId,
        address: household.address,
        headName: household.headName,
        phone: household.phone ?? undefined,
        members: household.members.map((m) => ({ name: m.name, relation: m.relation })),
        careCategories: household.careCategories ?? [],
        note: household.note,
      });
  }, [props.open, household, form]);
  const { saving, submit } = useFormSubmit(form, async (values) => {
    const body: Record<string, unknown> = {
      gridId: values.gridId,
      address: values.address ?? '',
      headName: values.headName ?? '',
      members: (values.members ?? []).map((m) => ({ name: m.name ?? '', relation: m.relation ?? '' })),
      note: values.note ?? '',
    };
    // Without the permission the phone field holds nothing known; leave the stored value alone.
    if (props.canSeeSensitive || !household) body.phone = values.phone ?? '';
    if (props.canSeeSensitive) body.careCategories = values.careCategories ?? [];
    if (household) await api.patch(`/api/grid/households/${household.id}`, body, { quiet: true });
    else await api.post('/api/grid/households', body, { quiet: true });
    message.success(t('grid.work.households.saved'));
    props.onSaved();
  });
  return (
    <Drawer
      open={props.open}
      width={520}
      title={household ? t('grid.work.households.edit') : t('grid.work.households.add')}
      onClose={props.onClose}
      destroyOnHidden
      extra={
        <Button type="primary" loading={saving} onClick={submit} data-testid="household-save">
          {t('common.save')}
        </Button>
      }
    >
      <Form form={form} layout="vertical" data-testid="household-form">
        <Form.Item name="gridId" label={t('grid.work.households.grid')} rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={props.grids.map((g) => ({ value: g.id, label: `${g.name}（${g.code}）` }))}
            data-testid="household-grid"
          />
        </Form.Item>
        <Form.Item name="address" label={t('grid.work.households.address')} rules={[{ required: true }]}>
          <Input maxLength={120} data-testid="household-address" />
        </Form.Item>
        <Form.Item name="headName" label={t('grid.work.households.headName')} rules={[{ required: true }]}>
          <Input maxLength={40} data-testid="household-head" />
        </Form.Item>
        {(props.canSeeSensitive || !household) && (
          <Form.Item
            name="phone"
            label={t('grid.work.households.phone')}
            extra={t('grid.work.households.phoneHint')}
          >
            <Input maxLength={11} data-testid="household-phone" />
          </Form.Item>
        )}
        <Form.List name="members">
          {(fields, { add, remove }) => (
            <Form.Item label={t('grid.work.households.members')}>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" style={{ display: 'flex' }}>
                  <Form.Item name={[field.name, 'name']} rules={[{ required: true }]}>
                    <Input placeholder={t('grid.work.households.memberName')} style={{ width: 160 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'relation']}>
                    <Input placeholder={t('grid.work.households.relation')} style={{ width: 140 }} />
                  </Form.Item>
                  <Button type="link" danger onClick={() => remove(field.name)}>
                    ×
                  </Button>
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', relation: '' })}>
                {t('grid.work.households.addMember')}
              </Button>
            </Form.Item>
          )}
        </Form.List>
        {props.canSeeSensitive && (
          <Form.Item name="careCategories" label={t('grid.work.households.care')}>
            <Select
              mode="multiple"
              options={careKeys.map((key) => ({ value: key, label: t(`grid.work.care.${key}`) }))}
            />
          </Form.Item>
        )}
        <Form.Item name="note" label={t('grid.work.households.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Typography.Text type="secondary">{t('grid.work.households.sensitiveNote')}</Typography.Text>
      </Form>
    </Drawer>
  );
}

function HouseholdsTab({ grids }: { grids: GridOption[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const access = useAccess();
  const [params] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const [gridId, setGridId] = useState<string | undefined>(params.get('gridId') ?? undefined);
  const filters = useMemo(() => ({ q: q || undefined, gridId }), [q, gridId]);
  const list = usePagedList<HouseholdView>('/api/grid/households', filters);
  const [editing, setEditing] = useState<HouseholdView | null>(null);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [importing, setImporting] = useState(false);
  const canSeeSensitive = list.items.some((h) => h.sensitiveVisible);

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          defaultValue={q}
          placeholder={t('grid.work.households.search')}
          style={{ width: 240 }}
          onSearch={(value) => setQ(value.trim())}
          data-testid="household-search"
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('grid.work.households.allGrids')}
          style={{ width: 200 }}
          value={gridId}
          onChange={setGridId}
          options={grids.map((g) => ({ value: g.id, label: `${g.name}（${g.code}）` }))}
          data-testid="household-grid-filter"
        />
        {access.canWriteGrid && (
          <>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => {
                setEditing(null);
                setDrawerOpen(true);
              }}
              data-testid="household-add"
            >
              {t('grid.work.households.add')}
            </Button>
            <Button
              icon={<UploadOutlined />}
              onClick={() => setImporting(true)}
              data-testid="household-import"
            >
              {t('grid.work.households.import')}
            </Button>
          </>
        )}
        <Button
          icon={<DownloadOutlined />}
          onClick={() =>
            download('/api/grid/households/export', { query: filters, fallbackName: '网格住户.xlsx' })
          }
          data-testid="household-export"
        >
          {t('grid.work.households.export')}
        </Button>
      </Space>
      <Table<HouseholdView>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.items}
        pagination={list.pagination}
        scroll={{ x: 900 }}
        locale={{ emptyText: <Empty description={t('grid.work.households.empty')} /> }}
        data-testid="household-table"
        columns={[
          { title: t('grid.work.households.headName'), dataIndex: 'headName', width: 110 },
          { title: t('grid.work.households.address'), dataIndex: 'address' },
          {
            title: t('grid.work.households.grid'),
            render: (_, row) => `${row.unitName} · ${row.gridName}`,
          },
          {
            title: t('grid.work.households.phone'),
            width: 130,
            render: (_, row) => row.phone ?? row.phoneMasked ?? '—',
          },
          {
            title: t('grid.work.households.members'),
            width: 80,
            render: (_, row) => row.members.length + 1,
          },
          {
            title: t('grid.work.households.care'),
            render: (_, row) =>
              row.careCategories === null ? (
                <Typography.Text type="secondary">{t('grid.work.households.careHidden')}</Typography.Text>
              ) : (
                row.careCategories.map((key) => (
                  <Tag key={key} color="orange">
                    {t(`grid.work.care.${key}`)}
                  </Tag>
                ))
              ),
          },
          {
            title: t('grid.work.households.lookedAfterBy'),
            render: (_, row) => row.lookedAfterBy.map((by) => <Tag key={by.id}>{by.name}</Tag>),
          },
          ...(access.canWriteGrid
            ? [
                {
                  title: t('grid.work.households.actions'),
                  width: 120,
                  render: (_: unknown, row: HouseholdView) => (
                    <Space size={4}>
                      <Button
                        type="link"
                        size="small"
                        onClick={() => {
                          setEditing(row);
                          setDrawerOpen(true);
                        }}
                      >
                        {t('grid.work.households.edit')}
                      </Button>
                      <Popconfirm
                        title={t('grid.work.households.removeConfirm')}
                        onConfirm={async () => {
                          await api.del(`/api/grid/households/${row.id}`);
                          message.success(t('grid.work.households.removed'));
                          list.reload();
                        }}
                      >
                        <Button type="link" size="small" danger>
                          {t('grid.work.households.remove')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <HouseholdDrawer
        open={drawerOpen}
        household={editing}
        grids={grids}
        canSeeSensitive={canSeeSensitive || !editing}
        onClose={() => setDrawerOpen(false)}
        onSaved={() => {
          setDrawerOpen(false);
          list.reload();
        }}
      />
      <ImportDialog
        open={importing}
        title={t('grid.work.households.importTitle')}
        uploadUrl="/api/grid/households/import"
        templateUrl="/api/grid/households/import/template"
        templateFileName="网格住户导入模板.xlsx"
        hint={t('grid.work.households.importHint')}
        onClose={() => setImporting(false)}
        onImported={() => list.reload()}
      />
    </>
  );
}

/** /grid/households: the households register and the 党员中心户 with the households they look after. */
export default function HouseholdsPage() {
  const { t } = useTranslation();
  const grids = useGridOptions();
  return (
    <Card size="small" title={t('grid.work.households.title')}>
      <Tabs
        items={[
          {
            key: 'households',
            label: t('grid.work.tab'),
            children: <HouseholdsTab grids={grids} />,
          },
          {
            key: 'memberHouseholds',
            label: t('grid.work.memberHouseholds.tab'),
            children: <MemberHouseholdsTab grids={grids} />,
          },
        ]}
      />
    </Card>
  );
}
