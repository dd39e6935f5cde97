import { Button, Card, Empty, Space, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { moduleRank } from '../moduleNames';
import { formatValue } from './format';

export interface LiveValue {
  value: number | null;
  count: number;
  failed: boolean;
}

/** One figure as the table shows it, live or frozen. */
export interface FigureRowData {
  key: string;
  name: string;
  unit: string;
  module: string;
  description: string | null;
  value: number | null;
  failed: boolean;
  count: number;
  groups: Array<{
    key: string;
    label: string;
    value: number | null;
    count: number;
    live?: LiveValue | null;
  }> | null;
  /** Snapshot mode: the live value now (null when the indicator is no longer registered). */
  live?: LiveValue | null;
  /** How many groups the figure has when `groups` lists only the first of them. */
  groupCount?: number | null;
}

interface Row {
  rowKey: string;
  figure: FigureRowData;
  group: { key: string; label: string } | null;
  value: number | null;
  failed: boolean;
  count: number;
  live?: LiveValue | null;
  /** The last child of a figure whose groups are not all listed: offers the rest. */
  more?: { rest: number; count: number };
  children?: Row[];
}

export interface FiguresTableProps {
  figures: FigureRowData[];
  loading: boolean;
  /** Set in snapshot mode: when the figures were frozen. */
  frozenAt?: string;
  onDrill: (figure: FigureRowData, group: { key: string; label: string } | null) => void;
  /** Lists all groups of a figure that lists only the first of them. */
  onShowAllGroups?: (figure: FigureRowData) => void;
}

function rowsOf(figures: FigureRowData[]): Row[] {
  return figures.map((figure) => {
    const groups: Row[] =
      figure.groups?.map((group) => ({
        rowKey: `${figure.key}::${group.key}`,
        figure,
        group: { key: group.key, label: group.label },
        value: group.value,
        failed: false,
        count: group.count,
        live: group.live,
      })) ?? [];
    const count = figure.groupCount ?? groups.length;
    if (count > groups.length) {
      groups.push({
        rowKey: `${figure.key}::…`,
        figure,
        group: null,
        value: null,
        failed: false,
        count: 0,
        more: { rest: count - groups.length, count },
      });
    }
    return {
      rowKey: figure.key,
      figure,
      group: null,
      value: figure.value,
      failed: figure.failed,
      count: figure.count,
      live: figure.live,
      children: groups.length ? groups : undefined,
    };
  });
}

/** Every figure grouped by module, each value a link to the records it counted. */
export function FiguresTable({ figures, loading, frozenAt, onDrill, onShowAllGroups }: FiguresTableProps) {
  const { t } = useTranslation();
  const modules = [...new Set(figures.map((figure) => figure.module))].sort(
    (a, b) => moduleRank(a) - moduleRank(b) || a.localeCompare(b),
  );
  if (!loading && figures.length === 0) {
    return <Empty description={t('reports.emptyIndicators')} />;
  }

  const testId = (row: Row) =>
    row.group ? `figure-${row.figure.key}-${row.group.key}` : `figure-${row.figure.key}`;

  const renderValue = (row: Row) => {
    if (row.failed) {
      return (
        <Tooltip title={t('reports.failedHint')}>
          <Tag color="error" data-testid={testId(row)}>
            {t('reports.failed')}
          </Tag>
        </Tooltip>
      );
    }
    const value =
      row.value === null ? (
        <Tooltip title={t('reports.noDataHint')}>
          <Tag data-testid={testId(row)}>{t('reports.noData')}</Tag>
        </Tooltip>
      ) : (
        <Button
          type="link"
          size="small"
          style={{ padding: 0, fontWeight: row.group ? 400 : 600 }}
          onClick={() => onDrill(row.figure, row.group)}
          data-testid={testId(row)}
        >
          {formatValue(row.value, t)} {row.figure.unit}
        </Button>
      );
    if (frozenAt === undefined || row.live === undefined) return value;
    if (row.live === null) {
      return (
        <Space orientation="vertical" size={0}>
          {value}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('reports.liveUnavailable')}
          </Typography.Text>
        </Space>
      );
    }
    if (!row.live.failed && row.live.value === row.value) return value;
    const live = row.live.failed ? t('reports.failed') : formatValue(row.live.value, t);
    return (
      <Space orientation="vertical" size={0}>
        {value}
        <Typography.Text type="warning" style={{ fontSize: 12 }} data-testid={`live-${testId(row)}`}>
          {t('reports.frozenAt', { time: dayjs(frozenAt).format('YYYY-MM-DD HH:mm'), live })}
        </Typography.Text>
      </Space>
    );
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {modules.map((module) => {
        const ofModule = figures.filter((figure) => figure.module === module);
        return (
          <Card
            key={module}
            size="small"
            title={t(`reports.modules.${module}`, { defaultValue: module })}
            extra={
              <Typography.Text type="secondary">
                {t('reports.moduleCount', { count: ofModule.length })}
              </Typography.Text>
            }
            data-testid={`module-${module}`}
          >
            <Table<Row>
              rowKey="rowKey"
              size="small"
              loading={loading}
              pagination={false}
              dataSource={rowsOf(ofModule)}
              expandable={{ indentSize: 24 }}
              columns={[
                {
                  title: t('reports.indicator'),
                  key: 'name',
                  render: (_, row) =>
                    row.more ? (
                      <Button
                        type="link"
                        size="small"
                        style={{ padding: 0 }}
                        disabled={!onShowAllGroups}
                        onClick={() => onShowAllGroups?.(row.figure)}
                        data-testid={`more-groups-${row.figure.key}`}
                      >
                        {t('reports.showAllGroups', row.more)}
                      </Button>
                    ) : row.group ? (
                      <Typography.Text>{row.group.label}</Typography.Text>
                    ) : (
                      <Space orientation="vertical" size={0}>
                        <Tooltip title={row.figure.description ?? undefined}>
                          <Typography.Text strong>{row.figure.name}</Typography.Text>
                        </Tooltip>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {row.figure.key}
                          {row.children
                            ? ` · ${t('reports.groupsHint', { count: row.figure.groupCount ?? row.children.length })}`
                            : ''}
                        </Typography.Text>
                      </Space>
                    ),
                },
                {
                  title: t('reports.value'),
                  key: 'value',
                  width: 340,
                  render: (_, row) => (row.more ? null : renderValue(row)),
                },
                {
                  title: t('reports.evidence'),
                  key: 'evidence',
                  width: 140,
                  render: (_, row) =>
                    row.more ? null : row.failed ? (
                      '—'
                    ) : (
                      <Typography.Link onClick={() => onDrill(row.figure, row.group)}>
                        {t('reports.evidenceCount', { count: row.count })}
                      </Typography.Link>
                    ),
                },
              ]}
            />
          </Card>
        );
      })}
    </Space>
  );
}
