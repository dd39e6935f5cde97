import {
  Card,
  Col,
  Empty,
  Progress,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../web/api/client';
import { usePagedList } from '../../../web/hooks/usePagedList';
import { OrgSelect } from './OrgSelect';
import { complianceColors, meetingKinds, type OpenItem, type RectificationRow } from './types';

interface ComputedIndicator {
  key: string;
  name: string;
  unit: string;
  value: number | null;
  breakdown?: Array<{ key: string; label: string; value: number | null; evidence: { count: number } }>;
}

const keys = [
  'meetings.complianceRate.byKind',
  'meetings.complianceRate.byOrgType',
  'meetings.held.byKind',
  'meetings.attendanceRate',
  'meetings.overdueOpen',
  'meetings.warningsOpen',
  'meetings.rectifications.open',
] as const;

/** Every figure on this page comes from the indicator registry (GET /api/indicators/:key). */
function useIndicators(unitId: string | null, year: number) {
  const [values, setValues] = useState<Record<string, ComputedIndicator>>({});
  const [loading, setLoading] = useState(true);
  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    Promise.all(
      keys.map((key) =>
        api.get<ComputedIndicator>(`/api/indicators/${key}`, {
          query: { unitId, from: `${year}-01-01`, to: `${year + 1}-01-01` },
          signal: controller.signal,
        }),
      ),
    )
      .then((results) => setValues(Object.fromEntries(results.map((r) => [r.key, r]))))
      .catch(() => undefined)
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [unitId, year]);
  return { values, loading };
}

function RateList({ indicator }: { indicator?: ComputedIndicator }) {
  const { t } = useTranslation();
  if (!indicator?.breakdown?.length)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('meetings.overview.noData')} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {indicator.breakdown.map((group) => (
        <div key={group.key}>
          <Typography.Text>{group.label}</Typography.Text>
          <Progress
            percent={group.value ?? 0}
            status={group.value !== null && group.value < 80 ? 'exception' : 'normal'}
            format={(p) => (group.value === null ? '—' : `${p}%`)}
            size="small"
          />
        </div>
      ))}
    </Space>
  );
}

/** The organisation department's view: rates, counts, open warnings and rectification progress. */
export default function OverviewPage() {
  const { t } = useTranslation();
  const thisYear = dayjs().year();
  const [year, setYear] = useState(thisYear);
  const [unitId, setUnitId] = useState<string | null>(null);
  const [status, setStatus] = useState<'warning' | 'overdue' | undefined>();
  const [kind, setKind] = useState<string | undefined>();
  const { values, loading } = useIndicators(unitId, year);
  const open = usePagedList<OpenItem>('/api/meetings/compliance/open', {
    unitId: unitId ?? undefined,
    status,
    kind,
  });
  const rectifications = usePagedList<RectificationRow>(
    '/api/meetings/rectifications',
    { unitId: unitId ?? undefined },
    { pageSize: 10 },
  );
  const figure = (key: string) => values[key]?.value;

  const openColumns: ColumnsType<OpenItem> = [
    {
      title: t('meetings.overview.status'),
      dataIndex: 'status',
      width: 110,
      render: (s: string) => <Tag color={complianceColors[s]}>{t(`meetings.compliance.${s}`)}</Tag>,
    },
    {
      title: t('meetings.fields.unit'),
      dataIndex: 'unitName',
      render: (name: string, row) => (
        <Tooltip title={row.pathNames}>
          <Link to={`/meetings/calendar?unitId=${row.unitId}`}>{name}</Link>
        </Tooltip>
      ),
    },
    { title: t('meetings.fields.kind'), dataIndex: 'kindName', width: 130 },
    { title: t('meetings.overview.period'), dataIndex: 'periodLabel', width: 140 },
    {
      title: t('meetings.overview.text'),
      dataIndex: 'text',
      render: (text: string) => <span data-testid="open-item">{text}</span>,
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={t('meetings.overview.title')}
        extra={
          <Space>
            <OrgSelect
              value={unitId}
              onChange={(value) => setUnitId(value)}
              placeholder={t('meetings.overview.unitFilter')}
              style={{ width: 240 }}
            />
            <Select
              value={year}
              style={{ width: 100 }}
              onChange={setYear}
              options={[0, 1, 2].map((back) => ({ value: thisYear - back, label: String(thisYear - back) }))}
            />
          </Space>
        }
        loading={loading}
      >
        <Row gutter={[16, 16]}>
          <Col xs={12} md={6}>
            <Statistic
              title={t('meetings.overview.complianceByKind')}
              value={figure('meetings.complianceRate.byKind') ?? '—'}
              suffix={figure('meetings.complianceRate.byKind') == null ? '' : '%'}
            />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={t('meetings.overview.attendance')}
              value={figure('meetings.attendanceRate') ?? '—'}
              suffix={figure('meetings.attendanceRate') == null ? '' : '%'}
            />
          </Col>
          <Col xs={12} md={4}>
            <Statistic
              title={t('meetings.overview.overdue')}
              value={figure('meetings.overdueOpen') ?? '—'}
              styles={{ content: { color: '#cf1322' } }}
            />
          </Col>
          <Col xs={12} md={4}>
            <Statistic
              title={t('meetings.overview.warnings')}
              value={figure('meetings.warningsOpen') ?? '—'}
              styles={{ content: { color: '#d48806' } }}
            />
          </Col>
          <Col xs={12} md={4}>
            <Statistic
              title={t('meetings.overview.openRectifications')}
              value={figure('meetings.rectifications.open') ?? '—'}
            />
          </Col>
        </Row>
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={8}>
          <Card size="small" title={t('meetings.overview.complianceByKind')} loading={loading}>
            <RateList indicator={values['meetings.complianceRate.byKind']} />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title={t('meetings.overview.complianceByType')} loading={loading}>
            <RateList indicator={values['meetings.complianceRate.byOrgType']} />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title={t('meetings.overview.heldByKind')} loading={loading}>
            <Table
              size="small"
              rowKey="key"
              pagination={false}
              dataSource={(values['meetings.held.byKind']?.breakdown ?? []).filter((g) => (g.value ?? 0) > 0)}
              columns={[
                { title: t('meetings.fields.kind'), dataIndex: 'label' },
                { title: '', dataIndex: 'value', align: 'right' as const, width: 80 },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Card
        size="small"
        title={t('meetings.overview.openItems')}
        extra={
          <Space>
            <Select
              allowClear
              style={{ width: 130 }}
              value={status}
              onChange={setStatus}
              placeholder={t('meetings.overview.status')}
              options={(['overdue', 'warning'] as const).map((s) => ({
                value: s,
                label: t(`meetings.compliance.${s}`),
              }))}
            />
            <Select
              allowClear
              style={{ width: 150 }}
              value={kind}
              onChange={setKind}
              placeholder={t('meetings.fields.kind')}
              options={meetingKinds.map((k) => ({ value: k, label: t(`meetings.kinds.${k}`) }))}
            />
          </Space>
        }
      >
        <Table<OpenItem>
          rowKey={(row) => `${row.unitId}-${row.ruleId}-${row.periodFrom}`}
          size="small"
          loading={open.loading}
          dataSource={open.items}
          columns={openColumns}
          pagination={open.pagination}
          data-testid="open-items"
        />
      </Card>
      <Card size="small" title={t('meetings.overview.rectifications')}>
        <Table<RectificationRow>
          rowKey="id"
          size="small"
          loading={rectifications.loading}
          dataSource={rectifications.items}
          pagination={rectifications.pagination}
          columns={[
            {
              title: t('meetings.fields.unit'),
              dataIndex: 'unitName',
              render: (name: string, row) => <Link to={`/meetings/records/${row.meetingId}`}>{name}</Link>,
            },
            { title: t('meetings.detail.rectification'), dataIndex: 'description' },
            { title: t('meetings.detail.responsible'), dataIndex: 'responsible', width: 100 },
            {
              title: t('meetings.detail.dueOn'),
              dataIndex: 'dueOn',
              width: 150,
              render: (due: string, row) => (
                <Space>
                  {due}
                  {row.overdue && <Tag color="error">{t('meetings.detail.overdueTag')}</Tag>}
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
