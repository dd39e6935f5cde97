import { Card, Checkbox, Empty, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../web/api/client';
import { OrgSelect } from './OrgSelect';
import { complianceColors, type MatrixView } from './types';

type MatrixRow = MatrixView['items'][number];

/**
 * The compliance matrix: organisations × activities for a year or quarter, each cell held/required
 * coloured by its worst status (red overdue, amber due soon, blue in progress, green met).
 */
export default function CompliancePage() {
  const { t } = useTranslation();
  const now = dayjs();
  const [year, setYear] = useState(now.year());
  const [quarter, setQuarter] = useState<number>(Math.floor(now.month() / 3) + 1);
  const [unitId, setUnitId] = useState<string | null>(null);
  const [onlyProblems, setOnlyProblems] = useState(false);
  const [q, setQ] = useState('');
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [view, setView] = useState<MatrixView | null>(null);
  const [loading, setLoading] = useState(false);
  const filterKey = JSON.stringify({ year, quarter, unitId, onlyProblems, q });

  // biome-ignore lint/correctness/useExhaustiveDependencies: a filter change restarts at page 1.
  useEffect(() => setPage((p) => ({ ...p, page: 1 })), [filterKey]);
  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    api
      .get<MatrixView>('/api/meetings/compliance', {
        query: {
          year,
          quarter: quarter || undefined,
          unitId: unitId ?? undefined,
          onlyProblems: onlyProblems || undefined,
          q: q.trim() || undefined,
          page: page.page,
          pageSize: page.pageSize,
        },
        signal: controller.signal,
      })
      .then(setView)
      .catch(() => undefined)
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [year, quarter, unitId, onlyProblems, q, page]);

  const rules = view?.rules ?? [];
  const columns: ColumnsType<MatrixRow> = [
    {
      title: t('meetings.matrix.organisation'),
      dataIndex: 'name',
      fixed: 'left',
      width: 220,
      render: (name: string, row) => (
        <div>
          <Link to={`/meetings/calendar?unitId=${row.unitId}`}>{name}</Link>
          <br />
          <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: row.pathNames }}>
            {row.pathNames.split('/').slice(1, -1).join('/')}
          </Typography.Text>
        </div>
      ),
    },
    ...rules.map((rule, index) => ({
      title: (
        <span>
          {rule.kindName}
          <br />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`meetings.periods.${rule.period}`)}
          </Typography.Text>
        </span>
      ),
      key: rule.id,
      width: 104,
      align: 'center' as const,
      render: (_: unknown, row: MatrixRow) => {
        const cell = row.cells[index];
        if (!cell || cell.status === null) return <Typography.Text type="secondary">—</Typography.Text>;
        return (
          <Tooltip title={t(`meetings.compliance.${cell.status}`)}>
            <Tag
              color={complianceColors[cell.status]}
              data-testid={`cell-${rule.kind}`}
              data-status={cell.status}
            >
              {cell.held}/{cell.required}
            </Tag>
          </Tooltip>
        );
      },
    })),
  ];

  return (
    <Card title={`${t('meetings.matrix.title')}${view ? ` · ${view.period.label}` : ''}`}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          value={year}
          style={{ width: 110 }}
          onChange={setYear}
          options={[0, 1, 2].map((back) => ({ value: now.year() - back, label: String(now.year() - back) }))}
          aria-label={t('meetings.matrix.year')}
        />
        <Select
          value={quarter}
          style={{ width: 120 }}
          onChange={setQuarter}
          options={[
            { value: 0, label: t('meetings.matrix.wholeYear') },
            ...[1, 2, 3, 4].map((n) => ({ value: n, label: t('meetings.matrix.quarterN', { n }) })),
          ]}
          aria-label={t('meetings.matrix.quarter')}
        />
        <OrgSelect
          value={unitId}
          onChange={(value) => setUnitId(value)}
          placeholder={t('meetings.matrix.unitFilter')}
          style={{ width: 240 }}
        />
        <Input.Search
          allowClear
          placeholder={t('meetings.matrix.search')}
          style={{ width: 200 }}
          onSearch={setQ}
        />
        <Checkbox
          checked={onlyProblems}
          onChange={(event) => setOnlyProblems(event.target.checked)}
          data-testid="only-problems"
        >
          {t('meetings.matrix.onlyProblems')}
        </Checkbox>
      </Space>
      <Typography.Paragraph type="secondary">{t('meetings.matrix.legend')}</Typography.Paragraph>
      <Table<MatrixRow>
        rowKey="unitId"
        size="small"
        loading={loading}
        dataSource={view?.items ?? []}
        columns={columns}
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: view?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: (next, size) => setPage({ page: size !== page.pageSize ? 1 : next, pageSize: size }),
        }}
        scroll={{ x: 220 + rules.length * 104 }}
        locale={{ emptyText: <Empty /> }}
        data-testid="compliance-matrix"
      />
    </Card>
  );
}
