import { ExportOutlined, PlusOutlined, WarningOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Empty, Input, Select, Space, Table, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { download } from '../../../web/api/client';
import { usePagedList } from '../../../web/hooks/usePagedList';
import { useAccess } from '../../../web/session';
import { OrgSelect } from './OrgSelect';
import { type MeetingRow, meetingKinds, meetingStatuses, statusColors } from './types';

/** The meeting list: filters by organisation, kind, status and dates, search, paging and export. */
export default function MeetingListPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [unitId, setUnitId] = useState<string | null>(null);
  const [kind, setKind] = useState<string | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const [dates, setDates] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const filters = {
    q: q.trim() || undefined,
    unitId: unitId ?? undefined,
    kind,
    status,
    from: dates?.[0]?.format('YYYY-MM-DD'),
    to: dates?.[1]?.format('YYYY-MM-DD'),
  };
  const list = usePagedList<MeetingRow>('/api/meetings', filters);

  const columns: ColumnsType<MeetingRow> = [
    { title: t('meetings.fields.heldOn'), dataIndex: 'heldOn', width: 110 },
    {
      title: t('meetings.fields.kind'),
      dataIndex: 'kind',
      width: 130,
      render: (value: string) => t(`meetings.kinds.${value}`),
    },
    {
      title: t('meetings.fields.topic'),
      dataIndex: 'topic',
      ellipsis: true,
      render: (topic: string, row) => (
        <Link to={`/meetings/records/${row.id}`} data-testid="meeting-topic">
          {topic}
        </Link>
      ),
    },
    {
      title: t('meetings.fields.unit'),
      dataIndex: 'unitName',
      ellipsis: true,
      render: (name: string, row) => (
        <Tooltip title={row.pathNames}>
          <span>{name}</span>
        </Tooltip>
      ),
    },
    {
      title: t('meetings.fields.attendance'),
      width: 150,
      render: (_, row) =>
        row.attendanceRate === null ? (
          '—'
        ) : (
          <Space size={4}>
            <span>
              {row.presentFull + row.presentProbationary}/{row.expectedFull + row.expectedProbationary}（
              {row.attendanceRate}%）
            </span>
            {row.quorumMet === false && (
              <Tooltip title={t('meetings.form.quorumWarning')}>
                <WarningOutlined style={{ color: '#faad14' }} />
              </Tooltip>
            )}
          </Space>
        ),
    },
    {
      title: t('meetings.fields.status'),
      dataIndex: 'status',
      width: 100,
      render: (value: string) => <Tag color={statusColors[value]}>{t(`meetings.statuses.${value}`)}</Tag>,
    },
  ];

  return (
    <Card
      title={t('meetings.list.title')}
      extra={
        access.canWriteMeetings && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => navigate('/meetings/records/new')}
            data-testid="meeting-create"
          >
            {t('meetings.list.create')}
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          style={{ width: 260 }}
          placeholder={t('meetings.list.search')}
          onSearch={setQ}
          onChange={(event) => {
            if (event.target.value === '') setQ('');
          }}
          data-testid="meetings-search"
        />
        <OrgSelect
          value={unitId}
          onChange={(value) => setUnitId(value)}
          placeholder={t('meetings.list.unitFilter')}
          style={{ width: 240 }}
        />
        <Select
          allowClear
          style={{ width: 150 }}
          placeholder={t('meetings.list.kindFilter')}
          value={kind}
          onChange={setKind}
          options={meetingKinds.map((k) => ({ value: k, label: t(`meetings.kinds.${k}`) }))}
        />
        <Select
          allowClear
          style={{ width: 120 }}
          placeholder={t('meetings.list.statusFilter')}
          value={status}
          onChange={setStatus}
          options={meetingStatuses.map((s) => ({ value: s, label: t(`meetings.statuses.${s}`) }))}
        />
        <DatePicker.RangePicker value={dates} onChange={(value) => setDates(value)} />
        <Button
          icon={<ExportOutlined />}
          onClick={() =>
            download('/api/meetings/export', {
              query: filters,
              fallbackName: t('meetings.list.exportFileName'),
            })
          }
          data-testid="meetings-export"
        >
          {t('meetings.list.export')}
        </Button>
      </Space>
      <Table<MeetingRow>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.items}
        columns={columns}
        pagination={list.pagination}
        scroll={{ x: 900 }}
        locale={{ emptyText: <Empty description={t('meetings.list.empty')} /> }}
      />
    </Card>
  );
}
