import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Empty, Input, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { download } from '../../../web/api/client';
import { usePagedList } from '../../../web/hooks/usePagedList';
import { CategoryFilter } from './events/CategoryFilter';
import type { GridEventView } from './types';

const states = ['submitted', 'handling', 'waiting', 'replied', 'closed', 'rejected'] as const;

const stateColour: Record<string, string> = {
  submitted: 'blue',
  handling: 'processing',
  waiting: 'gold',
  replied: 'cyan',
  closed: 'green',
  rejected: 'default',
};

/** /grid/events: events in scope, by state, grid, overdue and text; a row opens the event's page. */
export default function EventsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const gridId = params.get('gridId') ?? undefined;
  const [state, setState] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const [categoryKey, setCategoryKey] = useState<string | undefined>();
  const [overdue, setOverdue] = useState(false);
  const filters = useMemo(
    () => ({ state, categoryKey, q: q || undefined, overdue: overdue ? 'true' : undefined, gridId }),
    [state, categoryKey, q, overdue, gridId],
  );
  const list = usePagedList<GridEventView>('/api/grid/events', filters);

  return (
    <Card
      size="small"
      title={t('grid.tabs.events')}
      extra={
        <Button
          size="small"
          icon={<DownloadOutlined />}
          onClick={() =>
            download('/api/grid/events/export', { query: filters, fallbackName: '网格事件.xlsx' })
          }
          data-testid="event-export"
        >
          {t('grid.events.export')}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('grid.events.search')}
          style={{ width: 260 }}
          onSearch={(value) => setQ(value.trim())}
          data-testid="event-search"
        />
        <Select
          allowClear
          placeholder={t('grid.events.allStates')}
          style={{ width: 150 }}
          value={state}
          onChange={setState}
          options={states.map((value) => ({ value, label: t(`grid.states.${value}`) }))}
          data-testid="event-state"
        />
        <CategoryFilter value={categoryKey} onChange={setCategoryKey} />
        <Checkbox checked={overdue} onChange={(e) => setOverdue(e.target.checked)}>
          {t('grid.events.overdueOnly')}
        </Checkbox>
        {gridId && (
          <Tag closable onClose={() => setParams({})} color="blue">
            {t('grid.events.grid')}：{list.items[0]?.details.gridName ?? '…'}
          </Tag>
        )}
      </Space>
      <Table<GridEventView>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.items}
        pagination={list.pagination}
        locale={{ emptyText: <Empty description={t('grid.events.empty')} /> }}
        columns={[
          {
            title: t('grid.events.eventTitle'),
            dataIndex: 'title',
            render: (title: string, row) => (
              <Space size={4} wrap>
                <Link to={`/grid/events/${row.id}`} data-testid="event-link">
                  {title}
                </Link>
                {row.repeatOfId && <Tag>{t('grid.events.repeat')}</Tag>}
              </Space>
            ),
          },
          { title: t('grid.events.grid'), render: (_, row) => row.details.gridName ?? '—' },
          {
            title: t('grid.events.state'),
            dataIndex: 'stateName',
            render: (name: string, row) => (
              <Space size={4} wrap>
                <Tag color={stateColour[row.state]}>{name}</Tag>
                {row.overdue && <Tag color="red">{t('grid.events.overdue')}</Tag>}
                {row.escalationLevel > 0 && (
                  <Tag color="volcano">{t('grid.events.escalated', { level: row.escalationLevel })}</Tag>
                )}
              </Space>
            ),
          },
          {
            title: t('grid.events.createdAt'),
            dataIndex: 'createdAt',
            render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm'),
          },
          {
            title: t('grid.events.closeBy'),
            dataIndex: 'closeBy',
            render: (at: string | null) => (at ? dayjs(at).format('MM-DD HH:mm') : '—'),
          },
          {
            title: t('grid.events.code'),
            dataIndex: 'code',
            render: (code: string) => <Typography.Text copyable>{code}</Typography.Text>,
          },
        ]}
      />
    </Card>
  );
}
