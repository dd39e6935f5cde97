import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tag,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../web/api/client';
import { useFormSubmit } from '../../../web/hooks/useFormSubmit';
import { useAccess, useSession } from '../../../web/session';
import { UnitSelect } from '../../orgs/web';
import type { TargetView } from '../contract';
import { type Comparator, comparatorSymbols, targetMetricKeys, targetMetrics } from '../metrics';

interface TargetFormValues {
  unitId?: string;
  name: string;
  indicatorKey: string;
  comparator: Comparator;
  threshold: number;
  unitTypes: string[];
  note?: string;
  active: boolean;
}

interface SettingsValues {
  termYears: number;
  warningMonths: number;
  currentRound: number | null;
}

function SettingsCard({ canConfigure }: { canConfigure: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<SettingsValues>();
  useEffect(() => {
    api
      .get<SettingsValues>('/api/elections/settings')
      .then((values) => form.setFieldsValue(values))
      .catch(() => {
        // Shown by the central handler.
      });
  }, [form]);
  const { saving, submit } = useFormSubmit(form, async (values) => {
    form.setFieldsValue(
      await api.put<SettingsValues>(
        '/api/elections/settings',
        { ...values, currentRound: values.currentRound ?? null },
        { quiet: true },
      ),
    );
    message.success(t('elections.settings.saved'));
  });
  return (
    <Card size="small" title={t('elections.settings.title')}>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('elections.settings.localNote')} />
      <Form<SettingsValues> form={form} layout="inline" name="electionSettings" disabled={!canConfigure}>
        <Form.Item
          name="termYears"
          label={t('elections.settings.termYears')}
          rules={[{ required: true, message: t('elections.settings.required') }]}
        >
          <InputNumber min={1} max={10} />
        </Form.Item>
        <Form.Item
          name="warningMonths"
          label={t('elections.settings.warningMonths')}
          rules={[{ required: true, message: t('elections.settings.required') }]}
        >
          <InputNumber min={0} max={24} />
        </Form.Item>
        <Form.Item
          name="currentRound"
          label={t('elections.settings.currentRound')}
          tooltip={t('elections.settings.currentRoundHint')}
        >
          <InputNumber min={1980} max={2100} placeholder={t('elections.settings.latest')} />
        </Form.Item>
        {canConfigure && (
          <Button type="primary" loading={saving} onClick={submit}>
            {t('common.save')}
          </Button>
        )}
      </Form>
    </Card>
  );
}

/** The configurable targets (how a locality writes its "五个100%") and the module settings. */
export default function TargetsPanel() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const access = useAccess();
  const session = useSession();
  const [targets, setTargets] = useState<TargetView[]>([]);
  const [loading, setLoading] = useState(true);
  const [editing, setEditing] = useState<TargetView | 'new' | null>(null);
  const [form] = Form.useForm<TargetFormValues>();

  const load = useCallback(() => {
    setLoading(true);
    api
      .get<TargetView[]>('/api/elections/targets')
      .then(setTargets)
      .catch(() => {
        // Shown by the central handler.
      })
      .finally(() => setLoading(false));
  }, []);
  useEffect(() => load(), [load]);

  const open = (target: TargetView | 'new') => {
    form.resetFields();
    if (target === 'new') {
      const first = session.assignments[0];
      form.setFieldsValue({
        unitId: first?.unitId,
        comparator: 'gte',
        unitTypes: ['gacha', 'community'],
        active: true,
      });
    } else {
      form.setFieldsValue({ ...target, note: target.note ?? undefined } as TargetFormValues);
    }
    setEditing(target);
  };

  const { saving, submit } = useFormSubmit(form, async (values) => {
    const body = { ...values, name: values.name.trim(), note: values.note?.trim() || null };
    if (editing === 'new') await api.post('/api/elections/targets', body, { quiet: true });
    else if (editing) {
      const { unitId: _owner, ...changes } = body;
      await api.patch(`/api/elections/targets/${editing.id}`, changes, { quiet: true });
    }
    setEditing(null);
    message.success(t('elections.targets.saved'));
    load();
  });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        size="small"
        title={t('elections.targets.title')}
        extra={
          access.canConfigureElections && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => open('new')}
              data-testid="target-create"
            >
              {t('elections.targets.create')}
            </Button>
          )
        }
      >
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('elections.targets.localNote')} />
        <Table<TargetView>
          rowKey="id"
          size="small"
          loading={loading}
          dataSource={targets}
          pagination={false}
          locale={{ emptyText: <Empty description={t('elections.targets.empty')} /> }}
          columns={[
            { title: t('elections.targets.name'), dataIndex: 'name' },
            {
              title: t('elections.targets.rule'),
              render: (_, target) =>
                `${target.indicatorName} ${comparatorSymbols[target.comparator]} ${target.threshold}${target.indicatorUnit}`,
            },
            {
              title: t('elections.targets.unitTypes'),
              dataIndex: 'unitTypes',
              render: (types: string[]) =>
                types.map((type) => (
                  <Tag key={type}>
                    {t(`elections.unitTypes.${type === 'community' ? 'community' : 'gacha'}`)}
                  </Tag>
                )),
            },
            { title: t('elections.targets.owner'), dataIndex: 'unitName' },
            {
              title: t('elections.targets.active'),
              dataIndex: 'active',
              width: 80,
              render: (active: boolean) =>
                active ? <Tag color="green">{t('elections.yes')}</Tag> : <Tag>{t('elections.no')}</Tag>,
            },
            {
              title: t('common.actions'),
              width: 120,
              render: (_, target) =>
                target.editable && access.canConfigureElections ? (
                  <Space>
                    <Button
                      size="small"
                      type="text"
                      icon={<EditOutlined />}
                      onClick={() => open(target)}
                      aria-label={t('common.edit')}
                    />
                    <Popconfirm
                      title={t('elections.targets.deleteConfirm', { name: target.name })}
                      onConfirm={async () => {
                        await api.del(`/api/elections/targets/${target.id}`);
                        load();
                      }}
                    >
                      <Button
                        size="small"
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={t('common.remove')}
                      />
                    </Popconfirm>
                  </Space>
                ) : null,
            },
          ]}
        />
      </Card>
      <SettingsCard canConfigure={access.canConfigureElections} />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('elections.targets.create') : t('elections.targets.edit')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={saving}
        onOk={submit}
        onCancel={() => setEditing(null)}
        forceRender
      >
        <Form<TargetFormValues> form={form} layout="vertical" name="targetForm">
          {editing === 'new' && (
            <Form.Item
              name="unitId"
              label={t('elections.targets.owner')}
              rules={[{ required: true, message: t('elections.targets.ownerRequired') }]}
            >
              <UnitSelect initialLabel={session.assignments[0]?.unitName} />
            </Form.Item>
          )}
          <Form.Item
            name="name"
            label={t('elections.targets.name')}
            rules={[{ required: true, whitespace: true, message: t('elections.targets.nameRequired') }]}
          >
            <Input maxLength={60} placeholder={t('elections.targets.namePlaceholder')} />
          </Form.Item>
          <Form.Item
            name="indicatorKey"
            label={t('elections.targets.indicator')}
            rules={[{ required: true, message: t('elections.targets.indicatorRequired') }]}
          >
            <Select
              options={targetMetricKeys.map((key) => ({
                value: key,
                label: `${targetMetrics[key].name}（${targetMetrics[key].unit}）`,
              }))}
            />
          </Form.Item>
          <Space>
            <Form.Item
              name="comparator"
              label={t('elections.targets.comparator')}
              rules={[{ required: true }]}
            >
              <Select
                style={{ width: 90 }}
                options={(['gte', 'lte', 'eq'] as const).map((c) => ({
                  value: c,
                  label: comparatorSymbols[c],
                }))}
              />
            </Form.Item>
            <Form.Item
              name="threshold"
              label={t('elections.targets.threshold')}
              rules={[{ required: true, message: t('elections.targets.thresholdRequired') }]}
            >
              <InputNumber min={0} max={200} />
            </Form.Item>
          </Space>
          <Form.Item
            name="unitTypes"
            label={t('elections.targets.unitTypes')}
            rules={[{ required: true, message: t('elections.targets.unitTypesRequired') }]}
          >
            <Checkbox.Group
              options={[
                { value: 'gacha', label: t('elections.unitTypes.gacha') },
                { value: 'community', label: t('elections.unitTypes.community') },
              ]}
            />
          </Form.Item>
          <Form.Item name="note" label={t('elections.targets.note')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="active" label={t('elections.targets.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
