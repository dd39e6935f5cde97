import { ExportOutlined } from '@ant-design/icons';
import { Button, Empty, Input, InputNumber, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { download } from '../../../web/api/client';
import { usePagedList } from '../../../web/hooks/usePagedList';
import { UnitSelect } from '../../orgs/web';
import type { PostListItem } from '../contract';
import { committees, posts } from '../vocabulary';

/** Post holders of the committees, filtered by unit, round, committee, post and name; exportable. */
export default function PostsPanel() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [unitId, setUnitId] = useState<string | null>(null);
  const [roundYear, setRoundYear] = useState<number | null>(null);
  const [committee, setCommittee] = useState<string | undefined>();
  const [post, setPost] = useState<string | undefined>();
  const filters = { q: q.trim(), unitId, roundYear, committee, post };
  const list = usePagedList<PostListItem>('/api/elections/posts', filters);

  const columns: ColumnsType<PostListItem> = [
    { title: t('elections.person.name'), dataIndex: 'name', width: 140 },
    {
      title: t('elections.person.gender'),
      dataIndex: 'gender',
      width: 60,
      render: (g: string) => t(`elections.genders.${g === 'female' ? 'female' : 'male'}`),
    },
    { title: t('elections.person.age'), dataIndex: 'age', width: 60 },
    {
      title: t('elections.person.ethnicity'),
      dataIndex: 'ethnicity',
      width: 90,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('elections.person.idNumber'),
      dataIndex: 'idNumberMasked',
      width: 190,
      render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
    },
    {
      title: t('elections.fields.committee'),
      dataIndex: 'committee',
      width: 140,
      render: (c: PostListItem['committee']) => t(`elections.committees.${c}`),
    },
    { title: t('elections.fields.post'), dataIndex: 'postName', width: 80 },
    {
      title: t('elections.fields.education'),
      dataIndex: 'education',
      width: 100,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('elections.fields.unit'),
      dataIndex: 'unitName',
      render: (name: string, item) => <Link to={`/elections/${item.electionId}`}>{name}</Link>,
    },
    { title: t('elections.fields.roundYear'), dataIndex: 'roundYear', width: 90 },
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          style={{ width: 220 }}
          placeholder={t('elections.posts.searchPlaceholder')}
          onSearch={setQ}
          onChange={(event) => {
            if (event.target.value === '') setQ('');
          }}
        />
        <UnitSelect
          value={unitId}
          onChange={(value) => setUnitId(value)}
          placeholder={t('elections.scopeFilter')}
          style={{ width: 240 }}
        />
        <InputNumber
          style={{ width: 120 }}
          placeholder={t('elections.fields.roundYear')}
          min={1980}
          max={2100}
          value={roundYear}
          onChange={(value) => setRoundYear(value)}
        />
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={t('elections.fields.committee')}
          value={committee}
          onChange={setCommittee}
          options={committees.map((c) => ({ value: c, label: t(`elections.committees.${c}`) }))}
        />
        <Select
          allowClear
          style={{ width: 130 }}
          placeholder={t('elections.fields.post')}
          value={post}
          onChange={setPost}
          options={posts.map((p) => ({ value: p, label: t(`elections.posts.names.${p}`) }))}
        />
        <Button
          icon={<ExportOutlined />}
          onClick={() =>
            download('/api/elections/posts/export', {
              query: filters,
              fallbackName: t('elections.posts.exportFileName'),
            })
          }
        >
          {t('common.export')}
        </Button>
      </Space>
      <Table<PostListItem>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.items}
        columns={columns}
        pagination={list.pagination}
        scroll={{ x: 1200 }}
        locale={{ emptyText: <Empty description={t('elections.posts.empty')} /> }}
      />
    </>
  );
}
