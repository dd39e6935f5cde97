import { Empty, Input, Segmented, Select, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePagedList } from '../../../web/hooks/usePagedList';
import { UnitSelect } from '../../orgs/web';
import type { TermItem } from '../contract';
import { TermTag } from './ElectionListPanel';

/** Every 嘎查/社区 with its term status, most urgent first. */
export default function TermsPanel() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [unitId, setUnitId] = useState<string | null>(null);
  const [unitType, setUnitType] = useState<string | undefined>();
  const [status, setStatus] = useState<string>('');
  const list = usePagedList<TermItem>('/api/elections/terms', { q: q.trim(), unitId, unitType, status });

  const columns: ColumnsType<TermItem> = [
    {
      title: t('elections.fields.unit'),
      dataIndex: 'unitName',
      render: (name: string, item) =>
        item.electionId ? <Link to={`/elections/${item.electionId}`}>{name}</Link> : name,
    },
    {
      title: t('elections.overview.township'),
      dataIndex: 'townshipName',
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('elections.fields.unitType'),
      dataIndex: 'unitType',
      width: 100,
      render: (v: 'gacha' | 'community') => t(`elections.unitTypes.${v}`),
    },
    {
      title: t('elections.fields.electionDate'),
      dataIndex: 'electionDate',
      width: 110,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('elections.fields.termEnd'),
      dataIndex: 'termEnd',
      width: 110,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('elections.terms.daysLeft'),
      dataIndex: 'daysLeft',
      width: 120,
      align: 'right',
      render: (v: number | null) =>
        v === null
          ? '—'
          : v < 0
            ? t('elections.terms.overdue', { days: -v })
            : t('elections.terms.left', { days: v }),
    },
    {
      title: t('elections.fields.termStatus'),
      dataIndex: 'status',
      width: 110,
      render: (s: TermItem['status']) => <TermTag status={s} />,
    },
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Segmented
          value={status}
          onChange={(value) => setStatus(String(value))}
          options={['', 'expired', 'expiring', 'missing', 'current'].map((s) => ({
            value: s,
            label: s ? t(`elections.termStatus.${s}`) : t('elections.terms.all'),
          }))}
          data-testid="terms-status"
        />
        <Input.Search
          allowClear
          style={{ width: 200 }}
          placeholder={t('elections.list.searchPlaceholder')}
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
        <Select
          allowClear
          style={{ width: 130 }}
          placeholder={t('elections.fields.unitType')}
          value={unitType}
          onChange={setUnitType}
          options={[
            { value: 'gacha', label: t('elections.unitTypes.gacha') },
            { value: 'community', label: t('elections.unitTypes.community') },
          ]}
        />
      </Space>
      <Table<TermItem>
        rowKey="unitId"
        size="middle"
        loading={list.loading}
        dataSource={list.items}
        columns={columns}
        pagination={list.pagination}
        scroll={{ x: 900 }}
        locale={{ emptyText: <Empty description={t('elections.terms.empty')} /> }}
      />
    </>
  );
}
