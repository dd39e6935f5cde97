import { App as AntApp, Button, Card, Empty, Space, Table, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../web/api/client';
import { usePagedList } from '../../../web/hooks/usePagedList';
import type { MeetingRow } from './types';

/** The superior organisation's queue: submitted records of the organisations below, oldest first. */
export default function ReviewPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const list = usePagedList<MeetingRow>('/api/meetings/review-queue', {});
  const columns: ColumnsType<MeetingRow> = [
    { title: t('meetings.fields.heldOn'), dataIndex: 'heldOn', width: 110 },
    {
      title: t('meetings.fields.kind'),
      dataIndex: 'kind',
      width: 130,
      render: (k: string) => t(`meetings.kinds.${k}`),
    },
    {
      title: t('meetings.fields.topic'),
      dataIndex: 'topic',
      ellipsis: true,
      render: (topic: string, row) => <Link to={`/meetings/records/${row.id}`}>{topic}</Link>,
    },
    {
      title: t('meetings.fields.unit'),
      dataIndex: 'unitName',
      render: (name: string, row) => (
        <Tooltip title={row.pathNames}>
          <span>{name}</span>
        </Tooltip>
      ),
    },
    {
      title: t('meetings.fields.attendance'),
      width: 120,
      render: (_, row) => (
        <Space size={4}>
          {row.attendanceRate === null ? '—' : `${row.attendanceRate}%`}
          {row.quorumMet === false && <Tag color="warning">{t('meetings.detail.quorumNotMet')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('common.actions'),
      width: 160,
      render: (_, row) => (
        <Space>
          <Button
            size="small"
            type="primary"
            onClick={async () => {
              try {
                await api.post(`/api/meetings/${row.id}/review`, { decision: 'approve' });
                message.success(t('meetings.review.approved'));
                list.reload();
              } catch {
                // Shown by the central handler.
              }
            }}
          >
            {t('meetings.review.approve')}
          </Button>
          <Link to={`/meetings/records/${row.id}`}>{t('meetings.review.return')}</Link>
        </Space>
      ),
    },
  ];
  return (
    <Card title={t('meetings.review.title')}>
      <Table<MeetingRow>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.items}
        columns={columns}
        pagination={list.pagination}
        locale={{ emptyText: <Empty description={t('meetings.review.empty')} /> }}
      />
    </Card>
  );
}
