import { ExportOutlined, PlusOutlined, SettingOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  Collapse,
  Empty,
  Input,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { download } from '../../../web/api/client';
import { usePagedList } from '../../../web/hooks/usePagedList';
import { useAccess } from '../../../web/session';
import { UnitSelect } from '../../orgs/web';
import { CenterFormModal } from './CenterFormModal';
import { ProgressCell } from './ProgressCell';
import { type CenterView, centerStatuses, centerUnitTypes, upgradeStatuses } from './types';
import { useIndicators } from './useIndicators';

const INDICATORS = [
  'centers.count',
  'centers.meetingStandard',
  'centers.meetingStandardRate',
  'centers.upgradeProgress',
  'centers.serviceItems.total',
  'centers.serviceItems.perCenter',
] as const;

/** The figures and the 苏木镇 roll-up, all from registered indicators. */
function Overview({ unitId }: { unitId: string | null }) {
  const { t } = useTranslation();
  const { values, loading } = useIndicators(INDICATORS, unitId);
  const figure = (key: (typeof INDICATORS)[number]) => values[key]?.value ?? null;
  const cards: Array<{ key: (typeof INDICATORS)[number]; label: string; suffix?: string }> = [
    { key: 'centers.count', label: t('centers.indicators.count') },
    { key: 'centers.meetingStandard', label: t('centers.indicators.meeting') },
    { key: 'centers.meetingStandardRate', label: t('centers.indicators.rate'), suffix: '%' },
    { key: 'centers.upgradeProgress', label: t('centers.indicators.progress'), suffix: '%' },
    { key: 'centers.serviceItems.total', label: t('centers.indicators.items') },
    { key: 'centers.serviceItems.perCenter', label: t('centers.indicators.perCenter') },
  ];
  const rollup = useMemo(() => {
    const rows = new Map<string, Record<string, number | string | null>>();
    for (const key of [
      'centers.meetingStandard',
      'centers.meetingStandardRate',
      'centers.upgradeProgress',
      'centers.serviceItems.perCenter',
    ] as const) {
      for (const group of values[key]?.breakdown ?? []) {
        const row = rows.get(group.key) ?? { key: group.key, label: group.label };
        row[key] = group.value;
        rows.set(group.key, row);
      }
    }
    return [...rows.values()];
  }, [values]);
  const show = (value: unknown, suffix = '') =>
    value === null || value === undefined ? '—' : `${value as number}${suffix}`;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', marginBottom: 16 }}>
      <Row gutter={[16, 16]}>
        {cards.map((card) => (
          <Col key={card.key} xs={12} sm={8} lg={4}>
            <Card size="small" data-testid={`indicator-${card.key}`}>
              <Statistic
                title={card.label}
                loading={loading}
                value={figure(card.key) ?? t('centers.indicators.noData')}
                suffix={figure(card.key) === null ? undefined : card.suffix}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Collapse
        size="small"
        items={[
          {
            key: 'rollup',
            label: t('centers.list.rollup'),
            children: (
              <Table
                size="small"
                rowKey="key"
                pagination={false}
                dataSource={rollup}
                columns={[
                  { title: t('centers.list.township'), dataIndex: 'label' },
                  {
                    title: t('centers.indicators.meeting'),
                    dataIndex: 'centers.meetingStandard',
                    render: (v) => show(v),
                  },
                  {
                    title: t('centers.indicators.rate'),
                    dataIndex: 'centers.meetingStandardRate',
                    render: (v) => show(v, '%'),
                  },
                  {
                    title: t('centers.indicators.progress'),
                    dataIndex: 'centers.upgradeProgress',
                    render: (v) => show(v, '%'),
                  },
                  {
                    title: t('centers.indicators.perCenter'),
                    dataIndex: 'centers.serviceItems.perCenter',
                    render: (v) => show(v),
                  },
                ]}
              />
            ),
          },
        ]}
      />
    </Space>
  );
}

/** /centers: the centres in scope with filters, progress and figures; export; new centre. */
export default function CenterListPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const [unitId, setUnitId] = useState<string | null>(null);
  const [type, setType] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [upgradeStatus, setUpgradeStatus] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const filters = { q: query.trim(), unitId, type, status, upgradeStatus };
  const list = usePagedList<CenterView>('/api/centers', filters);

  const columns: ColumnsType<CenterView> = [
    {
      title: t('centers.list.name'),
      dataIndex: 'name',
      render: (name: string, centre) => (
        <Link to={`/centers/${centre.id}`} data-testid="center-name">
          {name}
        </Link>
      ),
    },
    {
      title: t('centers.list.unit'),
      dataIndex: 'unitPathNames',
      ellipsis: true,
      render: (path: string) => <Typography.Text type="secondary">{path}</Typography.Text>,
    },
    {
      title: t('centers.list.type'),
      dataIndex: 'unitType',
      width: 110,
      render: (value: string) => t(`centers.types.${value}`, { defaultValue: value }),
    },
    {
      title: t('centers.list.statusFilter'),
      dataIndex: 'status',
      width: 120,
      render: (value: string) => (
        <Tag color={value === 'inUse' ? 'green' : value === 'building' ? 'blue' : 'default'}>
          {t(`centers.statuses.${value}`)}
        </Tag>
      ),
    },
    {
      title: t('centers.list.upgradeFilter'),
      dataIndex: 'upgradeStatus',
      width: 110,
      render: (value: string) => t(`centers.upgradeStatuses.${value}`),
    },
    {
      title: t('centers.list.progress'),
      key: 'progress',
      width: 200,
      render: (_, centre) => <ProgressCell progress={centre.progress} />,
    },
    {
      title: t('centers.list.items'),
      key: 'items',
      width: 140,
      render: (_, centre) =>
        t('centers.list.itemsValue', { published: centre.publishedItemCount, total: centre.itemCount }),
    },
  ];

  const options = (keys: readonly string[], group: string) =>
    keys.map((key) => ({ value: key, label: t(`centers.${group}.${key}`) }));

  return (
    <Card
      title={t('centers.title')}
      extra={
        <Space>
          <Button icon={<SettingOutlined />} onClick={() => navigate('/centers/standards')}>
            {t('centers.list.standards')}
          </Button>
          {access.canWriteCenters && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('centers.list.create')}
            </Button>
          )}
        </Space>
      }
    >
      <Overview unitId={unitId} />
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          style={{ width: 280 }}
          placeholder={t('centers.list.searchPlaceholder')}
          onSearch={(value) => setQuery(value)}
          onChange={(event) => {
            if (event.target.value === '') setQuery('');
          }}
          data-testid="centers-search"
        />
        <UnitSelect
          value={unitId}
          onChange={(value) => setUnitId(value)}
          placeholder={t('centers.list.unitFilter')}
          style={{ width: 240 }}
        />
        <Select
          allowClear
          style={{ width: 130 }}
          placeholder={t('centers.list.typeFilter')}
          value={type}
          onChange={(value) => setType(value ?? null)}
          options={options(centerUnitTypes, 'types')}
        />
        <Select
          allowClear
          style={{ width: 150 }}
          placeholder={t('centers.list.statusFilter')}
          value={status}
          onChange={(value) => setStatus(value ?? null)}
          options={options(centerStatuses, 'statuses')}
        />
        <Select
          allowClear
          style={{ width: 140 }}
          placeholder={t('centers.list.upgradeFilter')}
          value={upgradeStatus}
          onChange={(value) => setUpgradeStatus(value ?? null)}
          options={options(upgradeStatuses, 'upgradeStatuses')}
        />
        <Button
          icon={<ExportOutlined />}
          onClick={() =>
            download('/api/centers/export', {
              query: { q: query.trim(), unitId, type, status, upgradeStatus },
              fallbackName: t('centers.list.exportFileName'),
            })
          }
        >
          {t('centers.list.export')}
        </Button>
      </Space>
      <Table<CenterView>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.items}
        columns={columns}
        pagination={list.pagination}
        scroll={{ x: 1100 }}
        locale={{ emptyText: <Empty description={t('centers.list.empty')} /> }}
      />
      <CenterFormModal
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(centre) => {
          setCreating(false);
          navigate(`/centers/${centre.id}`);
        }}
      />
    </Card>
  );
}
