import {
  Card,
  Checkbox,
  DatePicker,
  Drawer,
  Empty,
  Input,
  Progress,
  Select,
  Space,
  Spin,
  Statistic,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../../../web/api/client';
import { usePagedList } from '../../../../web/hooks/usePagedList';
import { useGridOptions } from '../households/HouseholdsPage';
import { TrackMap, type TrackPoint } from './TrackMap';

interface CoverageGrid {
  gridId: string;
  gridName: string;
  gridCode: string;
  unitName: string;
  patrols: number;
  weeksCovered: number;
  lastPatrolAt: string | null;
}
interface Coverage {
  from: string;
  to: string;
  weeks: number;
  share: number | null;
  grids: CoverageGrid[];
}
interface PatrolSummary {
  id: string;
  gridId: string;
  gridName: string;
  gridCode: string;
  unitName: string;
  workerName: string;
  startedAt: string;
  endedAt: string;
  minutes: number;
  distanceMetres: number;
  points: number;
  note: string;
}
interface PatrolView extends PatrolSummary {
  track: TrackPoint[];
}

type Range = [Dayjs, Dayjs];
const day = (value: Dayjs) => value.format('YYYY-MM-DD');
const percent = (share: number) => Math.round(share * 1000) / 10;

function CoverageTab({ range, onShowLog }: { range: Range; onShowLog: (gridId: string) => void }) {
  const { t } = useTranslation();
  const [coverage, setCoverage] = useState<Coverage | null>(null);
  const [loading, setLoading] = useState(false);
  const [q, setQ] = useState('');
  const [onlyGaps, setOnlyGaps] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    api
      .get<Coverage>('/api/grid/patrols/coverage', {
        query: { from: day(range[0]), to: day(range[1]) },
        signal: controller.signal,
      })
      .then(setCoverage)
      .catch(() => undefined)
      .finally(() => setLoading(false));
    return () => controller.abort();
  }, [range]);

  const weeks = coverage?.weeks ?? 0;
  const rows = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return (coverage?.grids ?? []).filter(
      (g) =>
        (!onlyGaps || g.weeksCovered < weeks) &&
        (!needle || g.gridName.toLowerCase().includes(needle) || g.gridCode.toLowerCase().includes(needle)),
    );
  }, [coverage, q, onlyGaps, weeks]);
  const all = coverage?.grids ?? [];
  const full = all.filter((g) => g.weeksCovered >= weeks && weeks > 0).length;
  const never = all.filter((g) => g.patrols === 0).length;

  return (
    <Spin spinning={loading}>
      <Space size={40} wrap style={{ marginBottom: 16 }} data-testid="patrol-coverage-summary">
        <Tooltip title={t('grid.patrols.shareHint')}>
          <Statistic
            title={t('grid.patrols.share')}
            value={coverage?.share == null ? '—' : percent(coverage.share)}
            suffix={coverage?.share == null ? undefined : '%'}
          />
        </Tooltip>
        <Statistic title={t('grid.patrols.weeks')} value={weeks} />
        <Statistic title={t('grid.patrols.gridCount')} value={all.length} />
        <Statistic title={t('grid.patrols.fullGrids')} value={full} />
        <Statistic title={t('grid.patrols.gapGrids')} value={all.length - full} />
        <Statistic title={t('grid.patrols.neverGrids')} value={never} />
      </Space>
      <Space wrap style={{ marginBottom: 12, display: 'flex' }}>
        <Input.Search
          allowClear
          placeholder={t('grid.patrols.searchGrid')}
          style={{ width: 220 }}
          onSearch={setQ}
          data-testid="patrol-coverage-search"
        />
        <Checkbox checked={onlyGaps} onChange={(e) => setOnlyGaps(e.target.checked)}>
          {t('grid.patrols.onlyGaps')}
        </Checkbox>
      </Space>
      <Table<CoverageGrid>
        rowKey="gridId"
        size="small"
        dataSource={rows}
        pagination={{
          pageSize: 20,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
        }}
        locale={{ emptyText: <Empty description={t('grid.patrols.emptyCoverage')} /> }}
        scroll={{ x: 860 }}
        data-testid="patrol-coverage-table"
        columns={[
          { title: t('grid.patrols.unit'), dataIndex: 'unitName', width: 160 },
          {
            title: t('grid.patrols.grid'),
            render: (_, row) => `${row.gridName}（${row.gridCode}）`,
          },
          {
            title: t('grid.patrols.patrols'),
            dataIndex: 'patrols',
            width: 100,
            sorter: (a, b) => a.patrols - b.patrols,
          },
          {
            title: t('grid.patrols.weeksCovered'),
            width: 120,
            render: (_, row) => `${row.weeksCovered} / ${weeks}`,
          },
          {
            title: t('grid.patrols.gridShare'),
            width: 200,
            defaultSortOrder: 'ascend',
            sorter: (a, b) => a.weeksCovered - b.weeksCovered,
            render: (_, row) => {
              const value = weeks === 0 ? 0 : percent(row.weeksCovered / weeks);
              return (
                <Progress
                  percent={value}
                  size="small"
                  strokeColor={value < 60 ? '#cf1322' : value < 90 ? '#d48806' : '#389e0d'}
                  format={(shown) => `${shown}%`}
                />
              );
            },
          },
          {
            title: t('grid.patrols.lastPatrol'),
            width: 150,
            render: (_, row) =>
              row.lastPatrolAt ? (
                dayjs(row.lastPatrolAt).format('YYYY-MM-DD HH:mm')
              ) : (
                <Tag color="red">{t('grid.patrols.never')}</Tag>
              ),
          },
          {
            title: '',
            width: 100,
            render: (_, row) =>
              row.patrols > 0 && (
                <Typography.Link onClick={() => onShowLog(row.gridId)}>
                  {t('grid.patrols.viewLog')}
                </Typography.Link>
              ),
          },
        ]}
      />
    </Spin>
  );
}

function TrackDrawer({ patrolId, onClose }: { patrolId: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [patrol, setPatrol] = useState<PatrolView | null>(null);
  const [boundary, setBoundary] = useState<GeoJSON.Geometry | null>(null);

  useEffect(() => {
    setPatrol(null);
    setBoundary(null);
    if (!patrolId) return;
    let live = true;
    void (async () => {
      const found = await api.get<PatrolView>(`/api/grid/patrols/${patrolId}`);
      const grid = await api
        .get<{ boundary: GeoJSON.Geometry | null }>(`/api/grid/grids/${found.gridId}`, { quiet: true })
        .catch(() => ({ boundary: null }));
      if (!live) return;
      setBoundary(grid.boundary);
      setPatrol(found);
    })().catch(() => undefined);
    return () => {
      live = false;
    };
  }, [patrolId]);

  return (
    <Drawer
      open={patrolId !== null}
      width={640}
      title={t('grid.patrols.trackTitle')}
      onClose={onClose}
      destroyOnHidden
    >
      {!patrol ? (
        <Spin />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }} data-testid="patrol-track">
          <Typography.Text strong>
            {patrol.unitName} · {patrol.gridName} · {patrol.workerName}
          </Typography.Text>
          <Typography.Text type="secondary">
            {dayjs(patrol.startedAt).format('YYYY-MM-DD HH:mm')} – {dayjs(patrol.endedAt).format('HH:mm')} ·{' '}
            {t('grid.patrols.length', { minutes: patrol.minutes, metres: patrol.distanceMetres })}
          </Typography.Text>
          {patrol.note && <Typography.Paragraph>{patrol.note}</Typography.Paragraph>}
          {patrol.track.length === 0 ? (
            <Empty description={t('grid.patrols.trackEmpty')} />
          ) : (
            <TrackMap
              track={patrol.track}
              boundary={boundary}
              fromLabel={t('grid.patrols.from')}
              toLabel={t('grid.patrols.to')}
            />
          )}
        </Space>
      )}
    </Drawer>
  );
}

function LogTab({
  range,
  gridId,
  onGridChange,
}: {
  range: Range;
  gridId: string | undefined;
  onGridChange: (gridId: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const grids = useGridOptions();
  const filters = useMemo(() => ({ gridId, from: day(range[0]), to: day(range[1]) }), [gridId, range]);
  const list = usePagedList<PatrolSummary>('/api/grid/patrols', filters);
  const [shown, setShown] = useState<string | null>(null);

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('grid.patrols.allGrids')}
          style={{ width: 240 }}
          value={gridId}
          onChange={onGridChange}
          options={grids.map((g) => ({ value: g.id, label: `${g.name}（${g.code}）` }))}
          data-testid="patrol-grid-filter"
        />
      </Space>
      <Table<PatrolSummary>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.items}
        pagination={list.pagination}
        scroll={{ x: 960 }}
        locale={{ emptyText: <Empty description={t('grid.patrols.emptyLog')} /> }}
        data-testid="patrol-log-table"
        columns={[
          {
            title: t('grid.patrols.startedAt'),
            width: 150,
            render: (_, row) => dayjs(row.startedAt).format('YYYY-MM-DD HH:mm'),
          },
          { title: t('grid.patrols.grid'), render: (_, row) => `${row.unitName} · ${row.gridName}` },
          { title: t('grid.patrols.worker'), dataIndex: 'workerName', width: 110 },
          { title: t('grid.patrols.minutes'), dataIndex: 'minutes', width: 100 },
          { title: t('grid.patrols.distance'), dataIndex: 'distanceMetres', width: 100 },
          { title: t('grid.patrols.points'), dataIndex: 'points', width: 80 },
          { title: t('grid.patrols.note'), dataIndex: 'note', ellipsis: true },
          {
            title: '',
            width: 70,
            render: (_, row) => (
              <Typography.Link onClick={() => setShown(row.id)}>{t('grid.patrols.view')}</Typography.Link>
            ),
          },
        ]}
      />
      <TrackDrawer patrolId={shown} onClose={() => setShown(null)} />
    </>
  );
}

/** /grid/patrols: patrol coverage per grid over a period and the patrol log with each patrol's track. */
export default function PatrolsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [range, setRange] = useState<Range>(() => [dayjs().startOf('year'), dayjs()]);
  const tab = params.get('tab') === 'log' ? 'log' : 'coverage';
  const gridId = params.get('gridId') ?? undefined;
  const show = (next: { tab?: string; gridId?: string }) => {
    const search = new URLSearchParams();
    if (next.tab) search.set('tab', next.tab);
    if (next.gridId) search.set('gridId', next.gridId);
    setParams(search);
  };

  return (
    <Card
      size="small"
      title={t('grid.patrols.title')}
      extra={
        <Space>
          <Typography.Text type="secondary">{t('grid.patrols.period')}</Typography.Text>
          <DatePicker.RangePicker
            allowClear={false}
            value={range}
            onChange={(value) => {
              if (value?.[0] && value[1]) setRange([value[0], value[1]]);
            }}
            data-testid="patrol-period"
          />
        </Space>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(key) => show({ tab: key === 'log' ? 'log' : undefined, gridId })}
        items={[
          {
            key: 'coverage',
            label: t('grid.patrols.coverageTab'),
            children: <CoverageTab range={range} onShowLog={(id) => show({ tab: 'log', gridId: id })} />,
          },
          {
            key: 'log',
            label: t('grid.patrols.logTab'),
            children: (
              <LogTab range={range} gridId={gridId} onGridChange={(id) => show({ tab: 'log', gridId: id })} />
            ),
          },
        ]}
      />
    </Card>
  );
}
