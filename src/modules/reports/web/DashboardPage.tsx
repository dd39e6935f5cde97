import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, List, Row, Select, Space, Spin, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { lastDayOf, type PeriodSelection, periodOf } from '../../../platform/indicators/period';
import { todayInChina } from '../../../platform/time';
import { api, type RequestOptions } from '../../../web/api/client';
import { UnitSelect } from '../../orgs/web';
import type { Figure } from '../contract';
import type { AttentionList, BoardResult, SeriesResult, SeriesView } from '../dashboardContract';
import { useAccess } from '../../../web/session';
import { EChart, type EChartOption } from './charts/EChart';
import { type DrillTarget, EvidenceDrawer } from './EvidenceDrawer';
import { describePeriod, formatValue } from './format';
import { PeriodPicker } from './PeriodPicker';

const DashboardGridMap = lazy(() => import('../../grid/web/DashboardGridMap'));

/** The key figures: an indicator (or one group of it), in the order the cards show them. */
const cardSpecs: Array<{ key: string; group?: string }> = [
  { key: 'members.total' },
  { key: 'members.byCategory', group: 'probationary' },
  { key: 'members.mobile' },
  { key: 'elections.dualRole.rate' },
  { key: 'elections.completed' },
  { key: 'meetings.complianceRate.byKind' },
  { key: 'meetings.overdueOpen' },
  { key: 'centers.meetingStandard' },
  { key: 'centers.upgradeProgress' },
  { key: 'orgs.partyOrgs.total' },
  { key: 'orgs.units.village' },
  { key: 'grid.event.closedOnTime' },
  { key: 'grid.event.overdueNow' },
];
/** The grid map's colours: open and overdue grid events per grid at the period's end. */
const mapKeys = { open: 'grid.event.openByGrid', overdue: 'grid.event.overdueByGrid' } as const;
const cardKeys = [...new Set([...cardSpecs.map((spec) => spec.key), mapKeys.open, mapKeys.overdue])].join(
  ',',
);

/** The trends: meetings held per month over 12 months, members by category per year over 5 years. */
const SERIES = 'meetings.held.byKind:month:12,members.byCategory:year:5';

/** The indicators the comparison computes for each child unit; the switcher shows one at a time. */
const compareKeys = [
  'members.total',
  'meetings.complianceRate.byKind',
  'elections.dualRole.rate',
  'centers.meetingStandard',
  'orgs.partyOrgs.total',
];

const palette = ['#c8161d', '#e8833a', '#f2c14e', '#5b8ff9', '#5ad8a6', '#945fb9', '#6dc8ec', '#9aa5b1'];

/** Loads one dashboard request whenever its URL or query changes; keeps the last answer while reloading. */
function useLoad<T>(url: string, query: NonNullable<RequestOptions['query']>, version: number) {
  const [data, setData] = useState<T | null>(null);
  const [loading, setLoading] = useState(true);
  const queryKey = JSON.stringify(query);
  // biome-ignore lint/correctness/useExhaustiveDependencies: queryKey stands for query; version reloads.
  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    api
      .get<T>(url, { query, signal: controller.signal })
      .then(setData)
      .catch(() => {
        // Shown by the central handler.
        if (!controller.signal.aborted) setData(null);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [url, queryKey, version]);
  return { data, loading };
}

function periodAxisLabel(series: SeriesView, t: TFunction): string[] {
  return series.periods.map((period) =>
    series.step === 'year'
      ? t('reports.dashboard.yearLabel', { year: period.from.slice(0, 4) })
      : t('reports.dashboard.monthLabel', { month: Number(period.from.slice(5, 7)) }),
  );
}

/** A stacked bar chart of a series' groups over its periods (the total is the stack's height). */
function stackedOption(series: SeriesView, t: TFunction): EChartOption {
  const groups = series.groups.filter((group) => group.values.some((value) => (value ?? 0) > 0));
  return {
    color: palette,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 8, right: 16, top: 56, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: periodAxisLabel(series, t) },
    yAxis: { type: 'value', minInterval: 1, name: series.unit },
    series: [
      ...groups.map((group) => ({
        type: 'bar',
        name: group.label,
        stack: 'total',
        emphasis: { focus: 'series' },
        data: group.values,
      })),
      {
        type: 'line',
        name: t('reports.dashboard.total'),
        data: series.values,
        symbolSize: 6,
        lineStyle: { color: '#555' },
        itemStyle: { color: '#555' },
      },
    ],
  };
}

function FigureCard({
  figure,
  group,
  onOpen,
}: {
  figure: Figure;
  group?: string;
  onOpen: (figure: Figure, group: { key: string; label: string } | null) => void;
}) {
  const { t } = useTranslation();
  const found = group ? figure.breakdown?.find((candidate) => candidate.key === group) : undefined;
  const title = found ? found.label : figure.name;
  const value = figure.failed ? null : found ? found.value : figure.value;
  const testId = `dashboard-card-${figure.key}${group ? `-${group}` : ''}`;
  return (
    <Card
      hoverable
      size="small"
      onClick={() => onOpen(figure, found ? { key: found.key, label: found.label } : null)}
      data-testid={testId}
      style={{ height: '100%' }}
    >
      <Typography.Text type="secondary" ellipsis={{ tooltip: figure.description ?? title }}>
        {title}
      </Typography.Text>
      <div style={{ marginTop: 4 }}>
        <Typography.Text strong style={{ fontSize: 26 }} type={figure.failed ? 'danger' : undefined}>
          {figure.failed ? t('reports.dashboard.failed') : formatValue(value, t)}
        </Typography.Text>
        {!figure.failed && value !== null && (
          <Typography.Text type="secondary" style={{ marginLeft: 4 }}>
            {figure.unit}
          </Typography.Text>
        )}
      </div>
    </Card>
  );
}

function AttentionCard({ list, onShowAll }: { list: AttentionList; onShowAll: () => void }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      title={list.name}
      extra={
        list.resolvable && list.total > list.items.length ? (
          <Button type="link" size="small" onClick={onShowAll}>
            {t('reports.dashboard.attentionShowAll')}
          </Button>
        ) : null
      }
      style={{ height: '100%' }}
      data-testid={`attention-${list.key}`}
    >
      {list.entity === '' ? (
        <Typography.Text type="danger">{t('reports.dashboard.attentionFailed')}</Typography.Text>
      ) : !list.resolvable && list.count > 0 ? (
        <Typography.Text type="secondary">{t('reports.dashboard.attentionNoList')}</Typography.Text>
      ) : (
        <>
          <Typography.Text type="secondary">
            {t('reports.dashboard.attentionCount', { count: list.total })}
          </Typography.Text>
          <List
            size="small"
            dataSource={list.items}
            locale={{ emptyText: t('reports.dashboard.attentionEmpty') }}
            renderItem={(item) => (
              <List.Item style={{ paddingInline: 0 }}>
                <List.Item.Meta
                  title={
                    <Space size={4} wrap>
                      {item.tag && (
                        // A long list of kinds wraps inside the card instead of running past its edge.
                        <Tag
                          color={item.tag.includes('已届满') ? 'red' : 'orange'}
                          style={{ whiteSpace: 'normal', marginInlineEnd: 0 }}
                        >
                          {item.tag}
                        </Tag>
                      )}
                      {item.link ? <Link to={item.link}>{item.title}</Link> : item.title}
                    </Space>
                  }
                  description={[item.subtitle, item.unitPath].filter(Boolean).join(' · ') || undefined}
                />
              </List.Item>
            )}
          />
          {list.hidden > 0 && (
            <Typography.Text type="secondary">
              {t('reports.dashboard.attentionHidden', { count: list.hidden })}
            </Typography.Text>
          )}
        </>
      )}
    </Card>
  );
}

/**
 * The leaders' dashboard (/reports/dashboard): key figures, trends, comparison across the units below
 * and what needs attention now, for the viewer's scope (or a chosen unit) and a period. Every number is
 * a registered indicator; the page makes four requests, one per block.
 */
export default function DashboardPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const [unit, setUnit] = useState<{ id: string; name: string } | null>(null);
  const [selection, setSelection] = useState<PeriodSelection>(() => ({
    kind: 'year',
    year: Number(todayInChina().slice(0, 4)),
  }));
  const [version, setVersion] = useState(0);
  const [drill, setDrill] = useState<DrillTarget | null>(null);
  const [compareKey, setCompareKey] = useState(compareKeys[0]!);
  const period = useMemo(() => periodOf(selection), [selection]);
  const periodText = describePeriod(period, t);
  const today = todayInChina();
  // Trends end with the period's last day, or today while the period is still running.
  const end = period.to > today ? today : lastDayOf(period);
  const base = { unitId: unit?.id, from: period.from, to: period.to };

  // The key figures, the comparison and the attention lists come in one request, which reads what they
  // have in common once; the trends in another.
  const board = useLoad<BoardResult>(
    '/api/reports/dashboard',
    { ...base, keys: cardKeys, compare: compareKeys.join(','), limit: 8 },
    version,
  );
  const figures = { loading: board.loading, data: board.data?.figures ?? null };
  const compare = { loading: board.loading, data: board.data?.compare ?? null };
  const attention = { loading: board.loading, data: board.data?.attention ?? null };
  const trends = useLoad<SeriesResult>(
    '/api/reports/series',
    { unitId: unit?.id, end, series: SERIES },
    version,
  );

  const scopeName = figures.data?.unit?.pathNames ?? unit?.name ?? t('reports.dashboard.wholeScope');

  const openFigure = (
    key: string,
    name: string,
    group: { key: string; label: string } | null,
    target?: { unitId: string; scopeName: string },
  ) =>
    setDrill({
      name,
      group,
      url: `/api/reports/indicators/${encodeURIComponent(key)}/evidence`,
      query: { ...base, unitId: target?.unitId ?? unit?.id, group: group?.key },
      scopeName: target?.scopeName ?? scopeName,
      periodText,
    });

  const byKey = new Map((figures.data?.items ?? []).map((figure) => [figure.key, figure]));
  const cards = cardSpecs.flatMap((spec) => {
    const figure = byKey.get(spec.key);
    return figure ? [{ spec, figure }] : [];
  });

  const [meetingsSeries, membersSeries] = trends.data?.series ?? [];
  const meetingsOption = useMemo(
    () => (meetingsSeries ? stackedOption(meetingsSeries, t) : null),
    [meetingsSeries, t],
  );
  const membersOption = useMemo(
    () => (membersSeries ? stackedOption(membersSeries, t) : null),
    [membersSeries, t],
  );

  const compareItem = compare.data?.items.find((item) => item.key === compareKey);
  const compareColumns = compare.data?.columns ?? [];
  const compareOption = useMemo<EChartOption | null>(() => {
    if (!compareItem || compareColumns.length === 0) return null;
    return {
      color: palette,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: compareColumns.map((column) => column.name),
        axisLabel: { interval: 0, rotate: compareColumns.length > 6 ? 30 : 0 },
      },
      yAxis: { type: 'value', name: compareItem.unit, minInterval: compareItem.unit === '%' ? 0 : 1 },
      series: [
        {
          type: 'bar',
          name: compareItem.name,
          data: compareItem.values,
          barMaxWidth: 36,
          label: { show: compareColumns.length <= 12, position: 'top' },
        },
      ],
    };
  }, [compareItem, compareColumns]);

  const loadingAny = figures.loading || trends.loading || compare.loading || attention.loading;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="dashboard">
      <Card
        title={t('reports.dashboard.title')}
        extra={loadingAny ? <Spin size="small" /> : null}
        styles={{ body: { paddingBottom: 12 } }}
      >
        <Space wrap align="center">
          <UnitSelect
            value={unit?.id ?? null}
            initialLabel={unit?.name}
            onChange={(id, hit) => setUnit(id && hit ? { id, name: hit.name } : null)}
            placeholder={t('reports.dashboard.scopePlaceholder')}
            style={{ width: 260 }}
            data-testid="dashboard-unit"
          />
          <PeriodPicker value={selection} onChange={setSelection} />
          <Button icon={<ReloadOutlined />} onClick={() => setVersion((v) => v + 1)}>
            {t('reports.dashboard.refresh')}
          </Button>
          <Typography.Text type="secondary" data-testid="dashboard-scope">
            {t('reports.dashboard.scopeLine', { scope: scopeName, period: periodText })}
          </Typography.Text>
        </Space>
      </Card>

      <Card size="small" title={t('reports.dashboard.keyFigures')} extra={t('reports.dashboard.cardHint')}>
        {figures.loading && !figures.data ? (
          <Spin />
        ) : (
          <Row gutter={[12, 12]} data-testid="dashboard-cards">
            {cards.map(({ spec, figure }) => (
              <Col key={`${spec.key}-${spec.group ?? ''}`} xs={12} sm={8} md={6} xl={4}>
                <FigureCard
                  figure={figure}
                  group={spec.group}
                  onOpen={(f, group) => openFigure(f.key, f.name, group)}
                />
              </Col>
            ))}
          </Row>
        )}
      </Card>

      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('reports.dashboard.trendMeetings')}>
            {meetingsOption ? (
              <EChart option={meetingsOption} data-testid="chart-meetings-trend" />
            ) : (
              <Spin spinning={trends.loading}>
                <Empty />
              </Spin>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('reports.dashboard.trendMembers')}>
            {membersOption ? (
              <EChart option={membersOption} data-testid="chart-members-trend" />
            ) : (
              <Spin spinning={trends.loading}>
                <Empty />
              </Spin>
            )}
          </Card>
        </Col>
      </Row>

      <Row gutter={[12, 12]}>
        <Col xs={24} xl={16}>
          <Card
            size="small"
            title={
              compare.data?.unit
                ? t('reports.dashboard.compareOf', { unit: compare.data.unit.name })
                : t('reports.dashboard.compareRoots')
            }
            extra={
              <Select
                size="small"
                value={compareKey}
                onChange={setCompareKey}
                options={(compare.data?.items ?? []).map((item) => ({ value: item.key, label: item.name }))}
                style={{ width: 240 }}
                data-testid="compare-switch"
              />
            }
          >
            {compareOption ? (
              <>
                <EChart
                  option={compareOption}
                  height={320}
                  data-testid="chart-compare"
                  onClick={({ dataIndex }) => {
                    const column = compareColumns[dataIndex];
                    if (column && compareItem)
                      openFigure(compareItem.key, compareItem.name, null, {
                        unitId: column.id,
                        scopeName: column.name,
                      });
                  }}
                />
                <Typography.Text type="secondary">{t('reports.dashboard.compareHint')}</Typography.Text>
              </>
            ) : (
              <Spin spinning={compare.loading}>
                <Empty description={compare.loading ? undefined : t('reports.dashboard.compareEmpty')} />
              </Spin>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('reports.dashboard.gridMap')} style={{ height: '100%' }}>
            {access.canReadGrid ? (
              <Suspense fallback={<Spin />}>
                <DashboardGridMap
                  unitId={unit?.id}
                  open={byKey.get(mapKeys.open) ?? null}
                  overdue={byKey.get(mapKeys.overdue) ?? null}
                  loading={figures.loading}
                />
              </Suspense>
            ) : (
              <Alert
                type="info"
                showIcon
                title={t('reports.dashboard.gridMapPending')}
                description={t('reports.dashboard.gridMapPendingHint')}
                data-testid="grid-map-pending"
              />
            )}
          </Card>
        </Col>
      </Row>

      <Card size="small" title={t('reports.dashboard.attention')}>
        {attention.loading && !attention.data ? (
          <Spin />
        ) : (
          <Row gutter={[12, 12]}>
            {(attention.data?.lists ?? []).map((list) => (
              <Col key={list.key} xs={24} md={12} xl={8}>
                <AttentionCard list={list} onShowAll={() => openFigure(list.key, list.name, null)} />
              </Col>
            ))}
          </Row>
        )}
      </Card>

      <EvidenceDrawer target={drill} onClose={() => setDrill(null)} />
    </Space>
  );
}
