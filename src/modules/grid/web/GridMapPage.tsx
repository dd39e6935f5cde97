import { Alert, Card, Empty, Input, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../../web/api/client';
import { GridMap, gridColour, type MapGrid } from './GridMap';

interface MapItem extends MapGrid {
  code: string;
  workers: number;
}

/** /grid: every grid in scope on the map, coloured by open and overdue events, and the same as a table. */
export default function GridMapPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [items, setItems] = useState<MapItem[] | null>(null);
  const [q, setQ] = useState('');

  useEffect(() => {
    api.get<MapItem[]>('/api/grid/map').then(setItems, () => setItems([]));
  }, []);

  const shown = useMemo(
    () =>
      (items ?? []).filter((g) => !q || g.name.includes(q) || g.code.includes(q) || g.unitName.includes(q)),
    [items, q],
  );
  const tooltip = useCallback(
    (g: MapGrid) =>
      t('grid.map.tooltip', { name: g.name, unit: g.unitName, open: g.open, overdue: g.overdue }),
    [t],
  );
  const open = (grid: MapGrid) => navigate(`/grid/events?gridId=${grid.id}`);
  const withoutBoundary = (items ?? []).filter((g) => !g.boundary).length;

  if (items && items.length === 0) return <Empty description={t('grid.map.empty')} />;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Card
        size="small"
        title={t('grid.tabs.map')}
        loading={!items}
        extra={
          <Space size={12}>
            {(['legendOverdue', 'legendOpen', 'legendClear'] as const).map((key, i) => (
              <Space key={key} size={4}>
                <span
                  style={{
                    display: 'inline-block',
                    width: 12,
                    height: 12,
                    background: gridColour({ overdue: i === 0 ? 1 : 0, open: i < 2 ? 1 : 0 }),
                    opacity: 0.7,
                  }}
                />
                <Typography.Text type="secondary">{t(`grid.map.${key}`)}</Typography.Text>
              </Space>
            ))}
          </Space>
        }
      >
        {withoutBoundary > 0 && (
          <Alert
            style={{ marginBottom: 8 }}
            type="info"
            showIcon
            title={t('grid.map.noBoundary', { count: withoutBoundary })}
          />
        )}
        <GridMap grids={shown} tooltip={tooltip} onSelect={open} />
      </Card>
      <Card size="small">
        <Input.Search
          allowClear
          placeholder={t('grid.map.search')}
          style={{ maxWidth: 320, marginBottom: 12 }}
          onSearch={(value) => setQ(value.trim())}
          data-testid="grid-search"
        />
        <Table<MapItem>
          rowKey="id"
          size="small"
          dataSource={shown}
          loading={!items}
          pagination={{
            pageSize: 20,
            showSizeChanger: false,
            showTotal: (total) => t('common.total', { total }),
          }}
          onRow={(grid) => ({ onClick: () => open(grid), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('grid.map.name'), dataIndex: 'name' },
            { title: t('grid.map.code'), dataIndex: 'code' },
            { title: t('grid.map.unit'), dataIndex: 'unitName' },
            { title: t('grid.map.workers'), dataIndex: 'workers', align: 'right' },
            {
              title: t('grid.map.open'),
              dataIndex: 'open',
              align: 'right',
              sorter: (a, b) => a.open - b.open,
            },
            {
              title: t('grid.map.overdue'),
              dataIndex: 'overdue',
              align: 'right',
              sorter: (a, b) => a.overdue - b.overdue,
              render: (n: number) => (n > 0 ? <Tag color="red">{n}</Tag> : 0),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
