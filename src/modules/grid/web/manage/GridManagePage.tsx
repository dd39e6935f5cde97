import { DeleteOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Drawer,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../../web/api/client';
import type { Page, Person } from '../../../../web/api/types';
import { useFormSubmit } from '../../../../web/hooks/useFormSubmit';
import { usePagedList } from '../../../../web/hooks/usePagedList';
import { useAccess } from '../../../../web/session';
import { UnitSelect } from '../../../orgs/web';
import { type Boundary, BoundaryEditor } from './BoundaryEditor';

interface GridRow {
  id: string;
  unitId: string;
  unitName: string;
  name: string;
  code: string;
  networkCodes: Array<{ network: string; code: string }>;
  boundary: Boundary | null;
  description: string;
  workers: Array<{ id: string; personId: string; name: string; kind: string; phone: string }>;
}

interface GridForm {
  unitId: string;
  name: string;
  code: string;
  networkCodes: Array<{ network: string; code: string }>;
  description?: string;
}

const k = 'gridManage';

/** /grid/manage: the grids in scope — create, edit, draw boundaries, assign workers, import GeoJSON. */
export default function GridManagePage() {
  const { t } = useTranslation();
  const access = useAccess();
  const [q, setQ] = useState('');
  const [unitId, setUnitId] = useState<string | undefined>();
  const [editing, setEditing] = useState<GridRow | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const list = usePagedList<GridRow>('/api/grid/grids', { q: q || undefined, unitId });

  return (
    <Card
      size="small"
      title={t(`${k}.title`)}
      extra={
        access.canWriteGrid && (
          <Space>
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="grid-import">
              {t(`${k}.import`)}
            </Button>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing('new')}
              data-testid="grid-new"
            >
              {t(`${k}.new`)}
            </Button>
          </Space>
        )
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <UnitSelect
          value={unitId}
          onChange={(value) => setUnitId(value ?? undefined)}
          placeholder={t(`${k}.unitFilter`)}
          style={{ width: 280 }}
        />
        <Input.Search
          allowClear
          placeholder={t(`${k}.search`)}
          style={{ width: 260 }}
          onSearch={(value) => setQ(value.trim())}
          data-testid="grid-manage-search"
        />
      </Space>
      <Table<GridRow>
        rowKey="id"
        size="small"
        dataSource={list.items}
        loading={list.loading}
        pagination={list.pagination}
        locale={{ emptyText: <Empty description={t(`${k}.empty`)} /> }}
        onRow={(row) => ({ onClick: () => setEditing(row), style: { cursor: 'pointer' } })}
        columns={[
          { title: t(`${k}.code`), dataIndex: 'code', width: 120 },
          { title: t(`${k}.name`), dataIndex: 'name' },
          { title: t(`${k}.unit`), dataIndex: 'unitName' },
          {
            title: t(`${k}.networks`),
            dataIndex: 'networkCodes',
            render: (codes: GridRow['networkCodes']) =>
              codes.map((c) => <Tag key={`${c.network}${c.code}`}>{`${c.network} ${c.code}`}</Tag>),
          },
          {
            title: t(`${k}.workers`),
            dataIndex: 'workers',
            render: (workers: GridRow['workers']) =>
              workers.length === 0 ? (
                <Typography.Text type="danger">{t(`${k}.noWorker`)}</Typography.Text>
              ) : (
                workers.map((w) => w.name).join('、')
              ),
          },
          {
            title: t(`${k}.boundary`),
            dataIndex: 'boundary',
            width: 100,
            render: (boundary: Boundary | null) =>
              boundary ? <Tag color="green">{t(`${k}.hasBoundary`)}</Tag> : <Tag>{t(`${k}.noBoundary`)}</Tag>,
          },
        ]}
      />
      <GridDrawer
        grid={editing}
        canWrite={access.canWriteGrid}
        onClose={() => setEditing(null)}
        onSaved={(row) => {
          setEditing(row);
          list.reload();
        }}
      />
      <ImportModal
        open={importing}
        onClose={() => setImporting(false)}
        onDone={() => {
          setImporting(false);
          list.reload();
        }}
      />
    </Card>
  );
}

/** Creates or edits one grid: fields, boundary on the map, and (once saved) its workers. */
function GridDrawer(props: {
  grid: GridRow | 'new' | null;
  canWrite: boolean;
  onClose: () => void;
  onSaved: (row: GridRow) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<GridForm>();
  const [boundary, setBoundary] = useState<Boundary | null>(null);
  const [context, setContext] = useState<Boundary[]>([]);
  const grid = props.grid && props.grid !== 'new' ? props.grid : null;
  const unitId = Form.useWatch('unitId', form);

  useEffect(() => {
    if (!props.grid) return;
    form.resetFields();
    if (props.grid === 'new') {
      form.setFieldsValue({ networkCodes: [] });
      setBoundary(null);
    } else {
      form.setFieldsValue({
        unitId: props.grid.unitId,
        name: props.grid.name,
        code: props.grid.code,
        networkCodes: props.grid.networkCodes,
        description: props.grid.description,
      });
      setBoundary(props.grid.boundary);
    }
  }, [props.grid, form]);

  // The other grids of the same 嘎查/社区, drawn in grey beside the one being edited.
  useEffect(() => {
    if (!unitId) {
      setContext([]);
      return;
    }
    api
      .get<Array<{ id: string; boundary: Boundary | null }>>('/api/grid/shapes', {
        query: { unitId },
        quiet: true,
      })
      .then((shapes) =>
        setContext(shapes.filter((s) => s.id !== grid?.id && s.boundary).map((s) => s.boundary!)),
      )
      .catch(() => setContext([]));
  }, [unitId, grid?.id]);

  const { saving, submit } = useFormSubmit(form, async (values) => {
    const body = {
      ...values,
      networkCodes: (values.networkCodes ?? []).filter((c) => c?.network || c?.code),
      description: values.description ?? '',
      boundary,
    };
    const saved = grid
      ? await api.patch<GridRow>(`/api/grid/grids/${grid.id}`, body, { quiet: true })
      : await api.post<GridRow>('/api/grid/grids', body, { quiet: true });
    message.success(t(`${k}.saved`, { name: saved.name }));
    props.onSaved(saved);
  });

  return (
    <Drawer
      open={props.grid !== null}
      onClose={props.onClose}
      size="large"
      title={grid ? t(`${k}.editTitle`, { name: grid.name }) : t(`${k}.newTitle`)}
      destroyOnHidden
      extra={
        props.canWrite && (
          <Button type="primary" loading={saving} onClick={submit} data-testid="grid-save">
            {t('common.save')}
          </Button>
        )
      }
    >
      <Form form={form} layout="vertical" disabled={!props.canWrite}>
        <Form.Item
          name="unitId"
          label={t(`${k}.unit`)}
          extra={t(`${k}.unitHint`)}
          rules={[{ required: true, message: t(`${k}.unitRequired`) }]}
        >
          <UnitSelect data-testid="grid-unit" />
        </Form.Item>
        <Space.Compact block>
          <Form.Item
            name="code"
            label={t(`${k}.code`)}
            style={{ width: '40%' }}
            rules={[{ required: true, message: t(`${k}.codeRequired`) }]}
          >
            <Input maxLength={40} data-testid="grid-code" />
          </Form.Item>
          <Form.Item
            name="name"
            label={t(`${k}.name`)}
            style={{ width: '60%' }}
            rules={[{ required: true, message: t(`${k}.nameRequired`) }]}
          >
            <Input maxLength={60} data-testid="grid-name" />
          </Form.Item>
        </Space.Compact>
        <Form.List name="networkCodes">
          {(fields, { add, remove }) => (
            <Form.Item label={t(`${k}.networks`)} extra={t(`${k}.networksHint`)}>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" style={{ display: 'flex' }}>
                  <Form.Item name={[field.name, 'network']} noStyle>
                    <Input placeholder={t(`${k}.network`)} maxLength={40} style={{ width: 180 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'code']} noStyle>
                    <Input placeholder={t(`${k}.networkCode`)} maxLength={60} style={{ width: 200 }} />
                  </Form.Item>
                  <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ network: '', code: '' })}>
                {t(`${k}.addNetwork`)}
              </Button>
            </Form.Item>
          )}
        </Form.List>
        <Form.Item name="description" label={t(`${k}.description`)}>
          <Input.TextArea maxLength={500} autoSize={{ minRows: 1, maxRows: 4 }} />
        </Form.Item>
        <Form.Item label={t(`${k}.boundary`)} extra={t(`${k}.boundaryHint`)}>
          <BoundaryEditor value={boundary} onChange={setBoundary} context={context} />
        </Form.Item>
      </Form>
      {grid && <Workers grid={grid} canWrite={props.canWrite} onChanged={props.onSaved} />}
    </Drawer>
  );
}

/** The workers of a saved grid: add from people (by name or pinyin), remove. */
function Workers(props: { grid: GridRow; canWrite: boolean; onChanged: (row: GridRow) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [people, setPeople] = useState<Person[]>([]);
  const [personId, setPersonId] = useState<string | undefined>();
  const [kind, setKind] = useState<'fullTime' | 'partTime'>('fullTime');
  const [busy, setBusy] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const { grid } = props;

  const search = (q: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      api
        .get<Page<Person>>('/api/people', { query: { q: q.trim(), page: 1, pageSize: 20 }, quiet: true })
        .then((page) => setPeople(page.items))
        .catch(() => setPeople([]));
    }, 250);
  };
  const reload = async () => props.onChanged(await api.get<GridRow>(`/api/grid/grids/${grid.id}`));
  const add = async () => {
    if (!personId) return;
    setBusy(true);
    try {
      await api.post(`/api/grid/grids/${grid.id}/workers`, { personId, kind });
      message.success(t(`${k}.workerAdded`));
      setPersonId(undefined);
      await reload();
    } finally {
      setBusy(false);
    }
  };
  const kindName = useMemo(
    () => ({ fullTime: t(`${k}.fullTime`), partTime: t(`${k}.partTime`) }) as Record<string, string>,
    [t],
  );

  return (
    <Card size="small" title={t(`${k}.workers`)} data-testid="grid-workers">
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={grid.workers}
        locale={{ emptyText: t(`${k}.noWorker`) }}
        columns={[
          { title: t(`${k}.workerName`), dataIndex: 'name' },
          {
            title: t(`${k}.workerKind`),
            dataIndex: 'kind',
            render: (value: string) => kindName[value] ?? value,
          },
          { title: t(`${k}.workerPhone`), dataIndex: 'phone' },
          {
            title: '',
            key: 'remove',
            width: 60,
            render: (_: unknown, worker: GridRow['workers'][number]) =>
              props.canWrite && (
                <Popconfirm
                  title={t(`${k}.removeWorker`, { name: worker.name })}
                  onConfirm={async () => {
                    await api.del(`/api/grid/grids/${grid.id}/workers/${worker.id}`);
                    await reload();
                  }}
                >
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t(`${k}.removeWorkerLabel`)}
                  />
                </Popconfirm>
              ),
          },
        ]}
      />
      {props.canWrite && (
        <Space style={{ marginTop: 12 }} wrap>
          <Select
            showSearch={{ filterOption: false, onSearch: search }}
            value={personId}
            onChange={setPersonId}
            onFocus={() => search('')}
            placeholder={t(`${k}.pickPerson`)}
            style={{ width: 260 }}
            options={people.map((p) => ({ value: p.id, label: p.name }))}
            data-testid="grid-worker-person"
          />
          <Select
            value={kind}
            onChange={setKind}
            style={{ width: 100 }}
            options={[
              { value: 'fullTime', label: kindName.fullTime },
              { value: 'partTime', label: kindName.partTime },
            ]}
          />
          <Button onClick={add} loading={busy} disabled={!personId} data-testid="grid-worker-add">
            {t(`${k}.addWorker`)}
          </Button>
        </Space>
      )}
    </Card>
  );
}

/** Imports a GeoJSON FeatureCollection into a 嘎查/社区: each feature's code creates or updates a grid. */
function ImportModal(props: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ unitId: string }>();
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const { saving, submit } = useFormSubmit(form, async (values) => {
    const result = await api.post<{ created: number; updated: number }>(
      '/api/grid/grids/import-geojson',
      { unitId: values.unitId, geojson: file?.text ?? '' },
      { quiet: true },
    );
    message.success(t(`${k}.imported`, result));
    setFile(null);
    props.onDone();
  });
  return (
    <Modal
      open={props.open}
      title={t(`${k}.importTitle`)}
      onCancel={props.onClose}
      onOk={submit}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t(`${k}.importHint`)}</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item
          name="unitId"
          label={t(`${k}.unit`)}
          rules={[{ required: true, message: t(`${k}.unitRequired`) }]}
        >
          <UnitSelect />
        </Form.Item>
        <Form.Item label={t(`${k}.file`)} required>
          <input
            type="file"
            accept=".geojson,.json,application/geo+json,application/json"
            data-testid="grid-import-file"
            onChange={async (event) => {
              const chosen = event.target.files?.[0];
              setFile(chosen ? { name: chosen.name, text: await chosen.text() } : null);
            }}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
