import { ExportOutlined, ImportOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Empty, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { download } from '../../../web/api/client';
import { ImportDialog } from '../../../web/components/ImportDialog';
import { usePagedList } from '../../../web/hooks/usePagedList';
import { useAccess } from '../../../web/session';
import { UnitSelect } from '../../orgs/web';
import type { ElectionListItem } from '../contract';
import { formatValue } from './OverviewPanel';

/** Term status as a coloured tag. */
export function TermTag({ status }: { status: 'current' | 'expiring' | 'expired' | 'missing' }) {
  const { t } = useTranslation();
  const color = { current: 'green', expiring: 'orange', expired: 'red', missing: 'default' }[status];
  return <Tag color={color}>{t(`elections.termStatus.${status}`)}</Tag>;
}

/** The election list with search, filters, export and the results import. */
export default function ElectionListPanel() {
  const { t } = useTranslation();
  const access = useAccess();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [unitId, setUnitId] = useState<string | null>(null);
  const [unitType, setUnitType] = useState<string | undefined>();
  const [roundYear, setRoundYear] = useState<number | null>(null);
  const [termStatus, setTermStatus] = useState<string | undefined>();
  const [dualRole, setDualRole] = useState<string | undefined>();
  const [importOpen, setImportOpen] = useState(false);
  const filters = { q: q.trim(), unitId, unitType, roundYear, termStatus, dualRole };
  const list = usePagedList<ElectionListItem>('/api/elections', filters);

  const columns: ColumnsType<ElectionListItem> = [
    {
      title: t('elections.fields.unit'),
      dataIndex: 'unitName',
      render: (name: string, item) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/elections/${item.id}`} data-testid="election-link">
            {name}
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {item.pathNames}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('elections.fields.roundYear'), dataIndex: 'roundYear', width: 90 },
    { title: t('elections.fields.electionDate'), dataIndex: 'electionDate', width: 110 },
    {
      title: t('elections.fields.method'),
      dataIndex: 'method',
      width: 100,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('elections.fields.committees'),
      width: 180,
      render: (_, item) =>
        t('elections.list.committeeSizes', {
          party: item.composition.partyCount,
          villagers: item.composition.villagersCount,
        }),
    },
    {
      title: t('elections.fields.dualRole'),
      width: 80,
      render: (_, item) =>
        item.composition.dualRole ? (
          <Tag color="red">{t('elections.yes')}</Tag>
        ) : (
          <Tag>{t('elections.no')}</Tag>
        ),
    },
    {
      title: t('elections.fields.crossRate'),
      width: 100,
      align: 'right',
      render: (_, item) => formatValue(item.composition.crossRate, '%'),
    },
    { title: t('elections.fields.termEnd'), dataIndex: 'termEnd', width: 110 },
    {
      title: t('elections.fields.termStatus'),
      width: 100,
      render: (_, item) =>
        item.voided ? (
          <Tag>{t('elections.list.voided')}</Tag>
        ) : item.inOffice ? (
          <TermTag status={item.termStatus} />
        ) : (
          <Tag>{t('elections.list.superseded')}</Tag>
        ),
    },
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          style={{ width: 240 }}
          placeholder={t('elections.list.searchPlaceholder')}
          onSearch={setQ}
          onChange={(event) => {
            if (event.target.value === '') setQ('');
          }}
          data-testid="elections-search"
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
          style={{ width: 130 }}
          placeholder={t('elections.fields.termStatus')}
          value={termStatus}
          onChange={setTermStatus}
          options={(['current', 'expiring', 'expired'] as const).map((s) => ({
            value: s,
            label: t(`elections.termStatus.${s}`),
          }))}
        />
        <Select
          allowClear
          style={{ width: 120 }}
          placeholder={t('elections.fields.dualRole')}
          value={dualRole}
          onChange={setDualRole}
          options={[
            { value: 'true', label: t('elections.list.dualRoleYes') },
            { value: 'false', label: t('elections.list.dualRoleNo') },
          ]}
        />
        <Button
          icon={<ExportOutlined />}
          onClick={() =>
            download('/api/elections/export', {
              query: filters,
              fallbackName: t('elections.list.exportFileName'),
            })
          }
        >
          {t('common.export')}
        </Button>
        {access.canWriteElections && (
          <>
            <Button icon={<ImportOutlined />} onClick={() => setImportOpen(true)}>
              {t('common.import')}
            </Button>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => navigate('/elections/new')}
              data-testid="election-create"
            >
              {t('elections.list.create')}
            </Button>
          </>
        )}
      </Space>
      <Table<ElectionListItem>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.items}
        columns={columns}
        pagination={list.pagination}
        scroll={{ x: 1100 }}
        locale={{ emptyText: <Empty description={t('elections.list.empty')} /> }}
      />
      <ImportDialog
        open={importOpen}
        title={t('elections.import.title')}
        uploadUrl="/api/elections/import"
        templateUrl="/api/elections/import/template"
        templateFileName={t('elections.import.templateFileName')}
        hint={t('elections.import.hint')}
        columnLabels={{
          unitPath: t('elections.fields.unit'),
          roundYear: t('elections.fields.roundYear'),
          session: t('elections.fields.session'),
          electionDate: t('elections.fields.electionDate'),
          method: t('elections.fields.method'),
          name: t('elections.person.name'),
          idNumber: t('elections.person.idNumber'),
          ethnicity: t('elections.person.ethnicity'),
          committee: t('elections.fields.committee'),
          post: t('elections.fields.post'),
          education: t('elections.fields.education'),
        }}
        onClose={() => setImportOpen(false)}
        onImported={() => list.reload()}
      />
    </>
  );
}
