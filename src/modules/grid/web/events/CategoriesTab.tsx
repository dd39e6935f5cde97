import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Empty, Form, Input, Modal, Select, Space, Switch, Table } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../../web/api/client';
import { showFormError } from '../../../../web/components/formErrors';

interface Category {
  key: string;
  name: string;
  active: boolean;
  handlingUnitType: string | null;
  children?: Category[];
}
interface CategoryValues {
  key: string;
  name: string;
  handlingUnitType?: string | null;
}
/** Adding under a parent (null: a top-level category), or editing an existing one. */
type Editing = { mode: 'add'; parentKey: string | null } | { mode: 'edit'; category: Category };

/** The event category tree: add, rename, set the usual handling unit type, switch on and off. */
export function CategoriesTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [tree, setTree] = useState<Category[] | null>(null);
  const [types, setTypes] = useState<Array<{ key: string; name: string }>>([]);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<CategoryValues>();

  const load = useCallback(() => {
    api.get<Category[]>('/api/grid/event-categories').then(setTree, () => setTree([]));
  }, []);
  useEffect(load, [load]);
  useEffect(() => {
    api.get<Array<{ key: string; name: string; category: string }>>('/api/orgs/types').then(
      (all) => setTypes(all.filter((type) => type.category !== 'party')),
      () => undefined,
    );
  }, []);
  const typeName = (key: string | null) => types.find((type) => type.key === key)?.name ?? key;

  const open = (next: Editing) => {
    setEditing(next);
    form.setFieldsValue(
      next.mode === 'edit'
        ? { name: next.category.name, handlingUnitType: next.category.handlingUnitType }
        : { key: next.parentKey ? `${next.parentKey}.` : '', name: '', handlingUnitType: null },
    );
  };

  const save = async () => {
    if (!editing) return;
    const values = await form.validateFields();
    setBusy(true);
    try {
      const handlingUnitType = values.handlingUnitType ?? null;
      setTree(
        editing.mode === 'edit'
          ? await api.patch<Category[]>(`/api/grid/event-categories/${editing.category.key}`, {
              name: values.name,
              handlingUnitType,
            })
          : await api.post<Category[]>('/api/grid/event-categories', {
              key: values.key,
              name: values.name,
              parentKey: editing.parentKey,
              handlingUnitType,
            }),
      );
      message.success(t('gridEvents.categories.saved'));
      setEditing(null);
    } catch (error) {
      showFormError(form, error);
    } finally {
      setBusy(false);
    }
  };

  const toggle = async (category: Category, active: boolean) => {
    setTree(await api.patch<Category[]>(`/api/grid/event-categories/${category.key}`, { active }));
  };

  const isTop = (category: Category) => tree?.some((top) => top.key === category.key) ?? false;

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Button
        type="primary"
        icon={<PlusOutlined />}
        onClick={() => open({ mode: 'add', parentKey: null })}
        data-testid="category-add"
      >
        {t('gridEvents.categories.add')}
      </Button>
      <Table<Category>
        rowKey="key"
        size="small"
        loading={tree === null}
        dataSource={tree ?? []}
        pagination={false}
        expandable={{ defaultExpandAllRows: false }}
        locale={{ emptyText: <Empty description={t('gridEvents.categories.empty')} /> }}
        data-testid="category-table"
        columns={[
          { title: t('gridEvents.categories.name'), dataIndex: 'name' },
          { title: t('gridEvents.categories.key'), dataIndex: 'key' },
          {
            title: t('gridEvents.categories.handlingUnitType'),
            dataIndex: 'handlingUnitType',
            render: (key: string | null) => (key ? typeName(key) : '—'),
          },
          {
            title: t('gridEvents.categories.active'),
            dataIndex: 'active',
            width: 80,
            render: (active: boolean, row) => (
              <Switch size="small" checked={active} onChange={(on) => toggle(row, on)} />
            ),
          },
          {
            key: 'actions',
            width: 180,
            render: (_, row) => (
              <Space size={0}>
                <Button size="small" type="link" onClick={() => open({ mode: 'edit', category: row })}>
                  {t('gridEvents.categories.rename')}
                </Button>
                {isTop(row) && (
                  <Button size="small" type="link" onClick={() => open({ mode: 'add', parentKey: row.key })}>
                    {t('gridEvents.categories.addChild')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={
          editing?.mode === 'edit'
            ? `${t('gridEvents.categories.rename')}：${editing.category.name}`
            : editing?.parentKey
              ? t('gridEvents.categories.addChild')
              : t('gridEvents.categories.add')
        }
        onCancel={() => setEditing(null)}
        onOk={save}
        confirmLoading={busy}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          {editing?.mode === 'add' && (
            <Form.Item
              name="key"
              label={t('gridEvents.categories.key')}
              extra={t('gridEvents.categories.keyHelp')}
              rules={[{ required: true }]}
            >
              <Input maxLength={60} />
            </Form.Item>
          )}
          <Form.Item name="name" label={t('gridEvents.categories.name')} rules={[{ required: true }]}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="handlingUnitType" label={t('gridEvents.categories.handlingUnitType')}>
            <Select
              allowClear
              placeholder={t('gridEvents.categories.none')}
              options={types.map((type) => ({ value: type.key, label: type.name }))}
            />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
