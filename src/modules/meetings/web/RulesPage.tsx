import { PlayCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Form,
  InputNumber,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../web/api/client';
import { useFormSubmit } from '../../../web/hooks/useFormSubmit';
import { useAccess } from '../../../web/session';
import { useUnitTypes } from '../../orgs/web';
import { meetingKinds, type RuleView } from './types';

const periods = ['month', 'quarter', 'year'] as const;

/** A number edited in place and saved when the field is left (not on every keystroke). */
function NumberCell(props: { value: number; min: number; max: number; onSave: (value: number) => void }) {
  const [draft, setDraft] = useState<number | null>(props.value);
  useEffect(() => setDraft(props.value), [props.value]);
  const commit = () => {
    if (draft !== null && draft !== props.value) props.onSave(draft);
  };
  return (
    <InputNumber
      min={props.min}
      max={props.max}
      value={draft}
      onChange={setDraft}
      onBlur={commit}
      onPressEnter={commit}
    />
  );
}

/** The compliance rules, a local setting: count, period, organisation types, warning days, enabled. */
export default function RulesPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const access = useAccess();
  const editable = access.canConfigureMeetings;
  const types = useUnitTypes();
  const partyTypes = types
    .filter((type) => type.category === 'party')
    .map((type) => ({ value: type.key, label: type.name }));
  const [rules, setRules] = useState<RuleView[]>([]);
  const [loading, setLoading] = useState(true);
  const [adding, setAdding] = useState(false);
  const [running, setRunning] = useState(false);
  const [form] = Form.useForm();

  const load = useCallback(() => {
    setLoading(true);
    api
      .get<RuleView[]>('/api/meetings/rules')
      .then(setRules)
      .catch(() => undefined)
      .finally(() => setLoading(false));
  }, []);
  useEffect(load, [load]);

  const save = async (rule: RuleView, change: Partial<RuleView>) => {
    try {
      const saved = await api.patch<RuleView>(`/api/meetings/rules/${rule.id}`, change);
      setRules((list) => list.map((r) => (r.id === saved.id ? saved : r)));
      message.success(t('meetings.rules.saved'));
    } catch {
      // Shown by the central handler.
    }
  };

  const { saving, submit } = useFormSubmit(form, async (values) => {
    await api.post('/api/meetings/rules', values);
    setAdding(false);
    load();
  });

  const columns: ColumnsType<RuleView> = [
    {
      title: t('meetings.rules.kind'),
      dataIndex: 'kind',
      width: 140,
      render: (kind: string) => t(`meetings.kinds.${kind}`),
    },
    {
      title: t('meetings.rules.requiredCount'),
      dataIndex: 'requiredCount',
      width: 100,
      render: (value: number, rule) =>
        editable ? (
          <InputNumber
            min={1}
            max={31}
            value={value}
            onChange={(v) => v && save(rule, { requiredCount: v })}
          />
        ) : (
          value
        ),
    },
    {
      title: t('meetings.rules.period'),
      dataIndex: 'period',
      width: 120,
      render: (value: string, rule) =>
        editable ? (
          <Select
            value={value}
            style={{ width: 100 }}
            onChange={(v) => save(rule, { period: v })}
            options={periods.map((p) => ({ value: p, label: t(`meetings.periods.${p}`) }))}
          />
        ) : (
          t(`meetings.periods.${value}`)
        ),
    },
    {
      title: t('meetings.rules.unitTypes'),
      dataIndex: 'unitTypes',
      render: (value: string[], rule) =>
        editable ? (
          <Select
            mode="multiple"
            value={value}
            style={{ minWidth: 220 }}
            onChange={(v: string[]) => v.length > 0 && save(rule, { unitTypes: v })}
            options={partyTypes}
          />
        ) : (
          value.map((type) => partyTypes.find((p) => p.value === type)?.label ?? type).join('、')
        ),
    },
    {
      title: t('meetings.rules.requiresPartyGroups'),
      dataIndex: 'requiresPartyGroups',
      width: 110,
      render: (value: boolean, rule) => (
        <Switch
          checked={value}
          disabled={!editable}
          onChange={(v) => save(rule, { requiresPartyGroups: v })}
        />
      ),
    },
    {
      title: t('meetings.rules.warningDays'),
      dataIndex: 'warningDays',
      width: 110,
      render: (value: number, rule) =>
        editable ? (
          <span data-testid={`warning-days-${rule.kind}`}>
            <NumberCell min={0} max={180} value={value} onSave={(v) => save(rule, { warningDays: v })} />
          </span>
        ) : (
          value
        ),
    },
    {
      title: t('meetings.rules.enabled'),
      dataIndex: 'enabled',
      width: 80,
      render: (value: boolean, rule) => (
        <Switch checked={value} disabled={!editable} onChange={(v) => save(rule, { enabled: v })} />
      ),
    },
    {
      title: t('meetings.rules.note'),
      dataIndex: 'note',
      render: (note: string | null) => <Typography.Text type="secondary">{note ?? ''}</Typography.Text>,
    },
  ];

  return (
    <Card
      title={t('meetings.rules.title')}
      extra={
        editable && (
          <Space>
            <Button
              icon={<PlayCircleOutlined />}
              loading={running}
              data-testid="run-compliance"
              onClick={async () => {
                setRunning(true);
                try {
                  const result = await api.post<{
                    ran: boolean;
                    open: number;
                    created: number;
                    resolved: number;
                  }>('/api/meetings/compliance/run');
                  if (result.ran) message.success(t('meetings.rules.ran', result));
                  else message.warning(t('meetings.rules.skipped'));
                } catch {
                  // Shown by the central handler.
                } finally {
                  setRunning(false);
                }
              }}
            >
              {t('meetings.rules.runNow')}
            </Button>
            <Button icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              {t('meetings.rules.add')}
            </Button>
          </Space>
        )
      }
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title={t('meetings.rules.localSetting')}
        data-testid="rules-local-setting"
      />
      <Table<RuleView>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={rules}
        columns={columns}
        pagination={false}
        scroll={{ x: 1000 }}
      />
      <Modal
        open={adding}
        title={t('meetings.rules.addTitle')}
        onCancel={() => setAdding(false)}
        onOk={submit}
        confirmLoading={saving}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{
            requiredCount: 1,
            period: 'month',
            warningDays: 15,
            enabled: true,
            requiresPartyGroups: false,
          }}
        >
          <Form.Item name="kind" label={t('meetings.rules.kind')} rules={[{ required: true }]}>
            <Select options={meetingKinds.map((k) => ({ value: k, label: t(`meetings.kinds.${k}`) }))} />
          </Form.Item>
          <Form.Item
            name="requiredCount"
            label={t('meetings.rules.requiredCount')}
            rules={[{ required: true }]}
          >
            <InputNumber min={1} max={31} />
          </Form.Item>
          <Form.Item name="period" label={t('meetings.rules.period')} rules={[{ required: true }]}>
            <Select options={periods.map((p) => ({ value: p, label: t(`meetings.periods.${p}`) }))} />
          </Form.Item>
          <Form.Item name="unitTypes" label={t('meetings.rules.unitTypes')} rules={[{ required: true }]}>
            <Select mode="multiple" options={partyTypes} />
          </Form.Item>
          <Form.Item name="warningDays" label={t('meetings.rules.warningDays')}>
            <InputNumber min={0} max={180} />
          </Form.Item>
          <Form.Item
            name="requiresPartyGroups"
            label={t('meetings.rules.requiresPartyGroups')}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
