import { Button, Card, Checkbox, Empty, Input, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePagedList } from '../../../web/hooks/usePagedList';
import { kindColour, stateColour } from './colours';
import type { VoiceItem } from './types';

const kinds = ['all', 'idea', 'need', 'question'] as const;
const states = ['submitted', 'handling', 'replied', 'closed', 'rejected'] as const;

/** /voice/items: 三问 items in scope by kind, state, overdue and text; a row opens the item. */
export default function VoiceListPage() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<(typeof kinds)[number]>('all');
  const [state, setState] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const [overdue, setOverdue] = useState(false);
  const filters = useMemo(
    () => ({
      kind: kind === 'all' ? undefined : kind,
      state,
      q: q || undefined,
      overdue: overdue ? 'true' : undefined,
    }),
    [kind, state, q, overdue],
  );
  const list = usePagedList<VoiceItem>('/api/voice/items', filters);

  return (
    <Card
      size="small"
      title={t('voice.title')}
      extra={
        <Link to="/voice/publications">
          <Button size="small">{t('voice.list.publications')}</Button>
        </Link>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented
          value={kind}
          onChange={(value) => setKind(value as (typeof kinds)[number])}
          options={kinds.map((value) => ({ value, label: t(`voice.kinds.${value}`) }))}
          data-testid="voice-kind"
        />
        <Input.Search
          allowClear
          placeholder={t('voice.list.search')}
          style={{ width: 240 }}
          onSearch={(value) => setQ(value.trim())}
          data-testid="voice-search"
        />
        <Select
          allowClear
          placeholder={t('voice.list.allStates')}
          style={{ width: 140 }}
          value={state}
          onChange={setState}
          options={states.map((value) => ({ value, label: t(`voice.states.${value}`) }))}
          data-testid="voice-state"
        />
        <Checkbox checked={overdue} onChange={(e) => setOverdue(e.target.checked)}>
          {t('voice.list.overdueOnly')}
        </Checkbox>
      </Space>
      <Table<VoiceItem>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.items}
        pagination={list.pagination}
        scroll={{ x: 900 }}
        locale={{ emptyText: <Empty description={t('voice.list.empty')} /> }}
        columns={[
          {
            title: t('voice.list.itemTitle'),
            dataIndex: 'title',
            render: (title: string, row) => (
              <Space size={4} wrap>
                <Link to={`/voice/items/${row.id}`} data-testid="voice-link">
                  {title}
                </Link>
                {row.published && <Tag color="green">{t('voice.list.published')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('voice.list.kind'),
            dataIndex: 'kindName',
            width: 80,
            render: (name: string, row) => <Tag color={kindColour[row.kind]}>{name}</Tag>,
          },
          {
            title: t('voice.list.state'),
            dataIndex: 'stateName',
            width: 150,
            render: (name: string, row) => (
              <Space size={4} wrap>
                <Tag color={stateColour[row.state]}>{name}</Tag>
                {row.overdue && <Tag color="red">{t('voice.list.overdue')}</Tag>}
              </Space>
            ),
          },
          { title: t('voice.list.unit'), dataIndex: 'unitName', width: 140 },
          {
            title: t('voice.list.createdAt'),
            dataIndex: 'createdAt',
            width: 140,
            render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm'),
          },
          {
            title: t('voice.list.replyBy'),
            dataIndex: 'closeBy',
            width: 110,
            render: (at: string | null, row) => (at && !row.closedAt ? dayjs(at).format('YYYY-MM-DD') : '—'),
          },
          {
            title: t('voice.list.code'),
            dataIndex: 'code',
            width: 150,
            render: (code: string) => <Typography.Text copyable>{code}</Typography.Text>,
          },
        ]}
      />
    </Card>
  );
}
