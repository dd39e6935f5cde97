import { SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Empty, Form, Input, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../web/api/client';
import type { AuditEntry, AuditVerifyResult } from '../../../web/api/types';
import { usePagedList } from '../../../web/hooks/usePagedList';
import { useAccess } from '../../../web/session';
import { diffSnapshots, formatValue } from './auditDiff';

interface AuditFilterForm {
  q?: string;
  actor?: string;
  entity?: string;
  action?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

interface AuditFilters {
  q?: string;
  actor?: string;
  entity?: string;
  action?: string;
  from?: string;
  to?: string;
}

// The codes the server writes (entity is matched exactly, action by prefix).
const ENTITY_CODES = [
  'unit',
  'person',
  'user',
  'roleAssignment',
  'session',
  'audit',
  'file',
  'setting',
  'member',
  'memberTransfer',
  'election',
  'committeePost',
  'electionTarget',
  'meeting',
  'meetingRule',
  'rectificationItem',
  'serviceCenter',
  'centerStandard',
  'centerAssessment',
  'centerServiceItem',
  'indicatorSnapshot',
];
const ACTION_CODES = [
  'create',
  'update',
  'move',
  'deactivate',
  'reactivate',
  'login',
  'login.failed',
  'login.locked',
  'logout',
  'password.change',
  'password.reset',
  'read.idNumber',
  'grant',
  'revoke',
  'unlock',
  'verify',
  'upload',
  'delete',
  'remove',
  'copy',
  'reorderItems',
  'request',
  'accept',
  'confirm',
  'submit',
  'resubmit',
  'approve',
  'return',
  'void',
  'grades',
  'posts',
  'freeze',
  'backup',
  'decision.conversion',
  'decision.extension',
  'decision.cancellation',
  'decision.suspension',
  'decision.reinstatement',
  'decision.removal',
  'decision.death',
];

/** Server codes like `login.failed` become flat catalog keys (`login_failed`): i18next reads dots as nesting. */
function i18nKey(code: string): string {
  return code.replaceAll('.', '_');
}

function toFilters(values: AuditFilterForm): AuditFilters {
  const [from, to] = values.range ?? [null, null];
  return {
    q: values.q?.trim() || undefined,
    actor: values.actor?.trim() || undefined,
    entity: values.entity?.trim() || undefined,
    action: values.action?.trim() || undefined,
    // The server takes calendar dates; `to` is inclusive.
    from: from ? from.format('YYYY-MM-DD') : undefined,
    to: to ? to.format('YYYY-MM-DD') : undefined,
  };
}

/** Before/after of one audit entry, changed fields highlighted. */
function AuditDiff({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const changes = diffSnapshots(entry.before, entry.after);
  if (changes.length === 0)
    return <Typography.Text type="secondary">{t('audit.noSnapshot')}</Typography.Text>;
  return (
    <Table
      size="small"
      rowKey="field"
      pagination={false}
      dataSource={changes}
      data-testid="audit-diff"
      columns={[
        { title: t('audit.field'), dataIndex: 'field', width: 180 },
        {
          title: t('audit.before'),
          key: 'before',
          render: (_, change) => (
            <Typography.Text
              delete={change.changed && change.before !== undefined}
              type={change.changed ? 'danger' : undefined}
            >
              {formatValue(change.before)}
            </Typography.Text>
          ),
        },
        {
          title: t('audit.after'),
          key: 'after',
          render: (_, change) => (
            <Typography.Text type={change.changed ? 'success' : undefined}>
              {formatValue(change.after)}
            </Typography.Text>
          ),
        },
      ]}
    />
  );
}

function VerifyResult({ result }: { result: AuditVerifyResult }) {
  const { t } = useTranslation();
  if (result.ok) {
    return (
      <Alert
        type="success"
        showIcon
        title={t('audit.verifyOk', { checked: result.checked })}
        description={result.pending > 0 ? t('audit.verifyPending', { pending: result.pending }) : undefined}
        data-testid="audit-verify-result"
      />
    );
  }
  return (
    <Alert
      type="error"
      showIcon
      title={t('audit.verifyBroken', { at: result.brokenAt ?? '?' })}
      description={t('audit.verifyBrokenHint', { checked: result.checked })}
      data-testid="audit-verify-result"
    />
  );
}

/** The audit log search (/audit) for audit admins, with the chain integrity check. */
export default function AuditPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const [form] = Form.useForm<AuditFilterForm>();
  const [filters, setFilters] = useState<AuditFilters>({});
  const [verifying, setVerifying] = useState(false);
  const [verifyResult, setVerifyResult] = useState<AuditVerifyResult | null>(null);
  const list = usePagedList<AuditEntry>('/api/audit', { ...filters });

  const verify = async () => {
    setVerifying(true);
    try {
      setVerifyResult(await api.post<AuditVerifyResult>('/api/audit/verify'));
    } catch {
      // Shown by the central handler.
    } finally {
      setVerifying(false);
    }
  };

  const columns: ColumnsType<AuditEntry> = [
    {
      title: t('audit.at'),
      dataIndex: 'at',
      width: 170,
      render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm:ss'),
    },
    {
      title: t('audit.actor'),
      dataIndex: 'actorName',
      width: 120,
      render: (name: string | null) => name || t('audit.system'),
    },
    { title: t('audit.ip'), dataIndex: 'ip', width: 130, render: (ip: string | null) => ip || '—' },
    {
      title: t('audit.entity'),
      key: 'entity',
      render: (_, entry) => (
        <span>
          {t(`audit.entities.${i18nKey(entry.entity)}`, { defaultValue: entry.entity })}
          {entry.entityId && (
            <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
              {entry.entityId}
            </Typography.Text>
          )}
        </span>
      ),
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      width: 140,
      render: (action: string) => t(`audit.actions.${i18nKey(action)}`, { defaultValue: action }),
    },
  ];

  return (
    <Card
      title={t('audit.title')}
      extra={
        access.canVerifyAudit && (
          <Button
            icon={<SafetyCertificateOutlined />}
            loading={verifying}
            onClick={verify}
            data-testid="audit-verify"
          >
            {t('audit.verify')}
          </Button>
        )
      }
    >
      {verifyResult && (
        <div style={{ marginBottom: 16 }}>
          <VerifyResult result={verifyResult} />
        </div>
      )}
      <Form<AuditFilterForm>
        form={form}
        layout="inline"
        onFinish={(values) => setFilters(toFilters(values))}
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        <Form.Item name="q" label={t('audit.keyword')}>
          <Input
            allowClear
            placeholder={t('audit.keywordPlaceholder')}
            style={{ width: 180 }}
            data-testid="audit-keyword"
          />
        </Form.Item>
        <Form.Item name="actor" label={t('audit.actor')}>
          <Input allowClear placeholder={t('audit.actorPlaceholder')} style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="entity" label={t('audit.entity')}>
          <Select
            allowClear
            placeholder={t('audit.entityPlaceholder')}
            style={{ width: 140 }}
            options={ENTITY_CODES.map((code) => ({
              value: code,
              label: t(`audit.entities.${i18nKey(code)}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="action" label={t('audit.action')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('audit.actionPlaceholder')}
            style={{ width: 150 }}
            options={ACTION_CODES.map((code) => ({
              value: code,
              label: t(`audit.actions.${i18nKey(code)}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="range" label={t('audit.range')}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              {t('common.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                setFilters({});
              }}
            >
              {t('common.reset')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      <Table<AuditEntry>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.items}
        columns={columns}
        pagination={list.pagination}
        expandable={{ expandedRowRender: (entry) => <AuditDiff entry={entry} /> }}
        locale={{ emptyText: <Empty description={t('audit.empty')} /> }}
        data-testid="audit-table"
      />
    </Card>
  );
}
