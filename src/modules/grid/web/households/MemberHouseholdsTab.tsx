import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Empty, Form, Input, List, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../../web/api/client';
import { useFormSubmit } from '../../../../web/hooks/useFormSubmit';
import { useAccess } from '../../../../web/session';
import type { GridOption, HouseholdView } from './HouseholdsPage';

interface MemberHouseholdView {
  id: string;
  gridId: string;
  gridName: string;
  partyMemberId: string;
  memberName: string;
  note: string;
  households: Array<{ id: string; address: string; headName: string }>;
}

/** The households of one grid, as select options. */
function useGridHouseholds(gridId: string | undefined) {
  const [options, setOptions] = useState<Array<{ value: string; label: string }>>([]);
  useEffect(() => {
    if (!gridId) {
      setOptions([]);
      return;
    }
    api
      .get<{ items: HouseholdView[] }>('/api/grid/households', { query: { gridId, pageSize: 100 } })
      .then((page) =>
        setOptions(page.items.map((h) => ({ value: h.id, label: `${h.headName}户 · ${h.address}` }))),
      )
      .catch(() => setOptions([]));
  }, [gridId]);
  return options;
}

function MemberSelect(props: { value?: string; onChange?: (value: string) => void }) {
  const { t } = useTranslation();
  const [options, setOptions] = useState<Array<{ value: string; label: string }>>([]);
  const search = useCallback((q: string) => {
    api
      .get<{ items: Array<{ id: string; name: string; unitName?: string }> }>('/api/members', {
        query: { q: q || undefined, pageSize: 20 },
      })
      .then((page) =>
        setOptions(
          page.items.map((m) => ({ value: m.id, label: m.unitName ? `${m.name}（${m.unitName}）` : m.name })),
        ),
      )
      .catch(() => setOptions([]));
  }, []);
  useEffect(() => search(''), [search]);
  return (
    <Select
      showSearch
      filterOption={false}
      onSearch={search}
      placeholder={t('grid.work.memberHouseholds.memberSearch')}
      options={options}
      value={props.value}
      onChange={props.onChange}
      data-testid="member-household-member"
    />
  );
}

interface FormValues {
  gridId: string;
  partyMemberId: string;
  householdIds?: string[];
  note?: string;
}

function MemberHouseholdModal(props: {
  open: boolean;
  editing: MemberHouseholdView | null;
  grids: GridOption[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const gridId = Form.useWatch('gridId', form);
  const households = useGridHouseholds(gridId);
  const { editing } = props;
  useEffect(() => {
    if (!props.open) return;
    form.resetFields();
    if (editing)
      form.setFieldsValue({
        gridId: editing.gridId,
        partyMemberId: editing.partyMemberId,
        householdIds: editing.households.map((h) => h.id),
        note: editing.note,
      });
  }, [props.open, editing, form]);
  const { saving, submit } = useFormSubmit(form, async (values) => {
    if (editing)
      await api.patch(
        `/api/grid/member-households/${editing.id}`,
        { householdIds: values.householdIds ?? [], note: values.note ?? '' },
        { quiet: true },
      );
    else
      await api.post(
        '/api/grid/member-households',
        { ...values, householdIds: values.householdIds ?? [], note: values.note ?? '' },
        { quiet: true },
      );
    message.success(t('grid.work.memberHouseholds.saved'));
    props.onSaved();
  });
  return (
    <Modal
      open={props.open}
      title={editing ? t('grid.work.memberHouseholds.link') : t('grid.work.memberHouseholds.add')}
      onCancel={props.onClose}
      onOk={submit}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item name="gridId" label={t('grid.work.memberHouseholds.grid')} rules={[{ required: true }]}>
          <Select
            disabled={!!editing}
            showSearch
            optionFilterProp="label"
            options={props.grids.map((g) => ({ value: g.id, label: `${g.name}（${g.code}）` }))}
          />
        </Form.Item>
        <Form.Item
          name="partyMemberId"
          label={t('grid.work.memberHouseholds.member')}
          rules={[{ required: true }]}
        >
          {editing ? <Input disabled value={editing.memberName} /> : <MemberSelect />}
        </Form.Item>
        <Form.Item name="householdIds" label={t('grid.work.memberHouseholds.households')}>
          <Select mode="multiple" optionFilterProp="label" options={households} />
        </Form.Item>
        <Form.Item name="note" label={t('grid.work.memberHouseholds.note')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The 党员中心户 tab: each Party member household with the households it looks after. */
export function MemberHouseholdsTab({ grids }: { grids: GridOption[] }) {
  const { t } = useTranslation();
  const access = useAccess();
  const [gridId, setGridId] = useState<string | undefined>();
  const [rows, setRows] = useState<MemberHouseholdView[]>([]);
  const [loading, setLoading] = useState(false);
  const [modal, setModal] = useState<{ open: boolean; editing: MemberHouseholdView | null }>({
    open: false,
    editing: null,
  });
  const load = useCallback(() => {
    setLoading(true);
    api
      .get<MemberHouseholdView[]>('/api/grid/member-households', { query: { gridId } })
      .then(setRows)
      .finally(() => setLoading(false));
  }, [gridId]);
  useEffect(load, [load]);
  const unlink = async (row: MemberHouseholdView, householdId: string) => {
    await api.patch(`/api/grid/member-households/${row.id}`, {
      householdIds: row.households.filter((h) => h.id !== householdId).map((h) => h.id),
    });
    load();
  };
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('grid.work.households.allGrids')}
          style={{ width: 200 }}
          value={gridId}
          onChange={setGridId}
          options={grids.map((g) => ({ value: g.id, label: `${g.name}（${g.code}）` }))}
        />
        {access.canWriteGrid && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setModal({ open: true, editing: null })}
            data-testid="member-household-add"
          >
            {t('grid.work.memberHouseholds.add')}
          </Button>
        )}
      </Space>
      <Table<MemberHouseholdView>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={t('grid.work.memberHouseholds.empty')} /> }}
        data-testid="member-household-table"
        columns={[
          { title: t('grid.work.memberHouseholds.member'), dataIndex: 'memberName', width: 120 },
          { title: t('grid.work.memberHouseholds.grid'), dataIndex: 'gridName', width: 140 },
          {
            title: t('grid.work.memberHouseholds.households'),
            render: (_, row) => (
              <List
                size="small"
                split={false}
                header={
                  <Tag color="red">
                    {t('grid.work.memberHouseholds.count', { count: row.households.length })}
                  </Tag>
                }
                dataSource={row.households}
                renderItem={(h) => (
                  <List.Item
                    style={{ padding: '2px 0' }}
                    actions={
                      access.canWriteGrid
                        ? [
                            <Popconfirm
                              key="unlink"
                              title={t('grid.work.memberHouseholds.unlink')}
                              onConfirm={() => unlink(row, h.id)}
                            >
                              <Button type="link" size="small">
                                {t('grid.work.memberHouseholds.unlink')}
                              </Button>
                            </Popconfirm>,
                          ]
                        : []
                    }
                  >
                    {h.headName}户 · {h.address}
                  </List.Item>
                )}
              />
            ),
          },
          { title: t('grid.work.memberHouseholds.note'), dataIndex: 'note', width: 140 },
          ...(access.canWriteGrid
            ? [
                {
                  title: t('grid.work.households.actions'),
                  width: 160,
                  render: (_: unknown, row: MemberHouseholdView) => (
                    <Space size={4}>
                      <Button type="link" size="small" onClick={() => setModal({ open: true, editing: row })}>
                        {t('grid.work.memberHouseholds.link')}
                      </Button>
                      <Popconfirm
                        title={t('grid.work.memberHouseholds.endConfirm')}
                        onConfirm={async () => {
                          await api.del(`/api/grid/member-households/${row.id}`);
                          load();
                        }}
                      >
                        <Button type="link" size="small" danger>
                          {t('grid.work.memberHouseholds.end')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <MemberHouseholdModal
        open={modal.open}
        editing={modal.editing}
        grids={grids}
        onClose={() => setModal({ open: false, editing: null })}
        onSaved={() => {
          setModal({ open: false, editing: null });
          load();
        }}
      />
    </>
  );
}
