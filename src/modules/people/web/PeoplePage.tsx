import { ExportOutlined, EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Drawer, Empty, Input, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, download } from '../../../web/api/client';
import type { Person } from '../../../web/api/types';
import { usePagedList } from '../../../web/hooks/usePagedList';
import { useAccess } from '../../../web/session';
import { UnitSelect } from '../../orgs/web';

/** Shows the full ID number on request; the server records each such read in the audit log. */
function FullIdNumber({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const [idNumber, setIdNumber] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  if (idNumber) {
    return (
      <Space orientation="vertical" size={4}>
        <Typography.Text copyable strong data-testid="full-id-number">
          {idNumber}
        </Typography.Text>
        <Typography.Text type="warning">{t('people.idNumberAudited')}</Typography.Text>
      </Space>
    );
  }
  return (
    <Button
      size="small"
      icon={<EyeOutlined />}
      loading={loading}
      onClick={async () => {
        setLoading(true);
        try {
          const result = await api.get<{ idNumber: string }>(`/api/people/${personId}/id-number`);
          setIdNumber(result.idNumber);
        } catch {
          // Shown by the central handler.
        } finally {
          setLoading(false);
        }
      }}
    >
      {t('people.showIdNumber')}
    </Button>
  );
}

/** The people list (/people): search by name, pinyin initials or ID number, filter by unit, masked IDs, detail drawer. */
export default function PeoplePage() {
  const { t } = useTranslation();
  const access = useAccess();
  const [query, setQuery] = useState('');
  const [unitId, setUnitId] = useState<string | null>(null);
  const [selected, setSelected] = useState<Person | null>(null);
  const list = usePagedList<Person>('/api/people', { q: query.trim(), unitId });

  const columns: ColumnsType<Person> = [
    {
      title: t('people.name'),
      dataIndex: 'name',
      render: (name: string, person) => (
        <Typography.Link onClick={() => setSelected(person)} data-testid="person-name">
          {name}
        </Typography.Link>
      ),
    },
    {
      title: t('people.gender'),
      dataIndex: 'gender',
      width: 80,
      render: (gender: Person['gender']) => t(`people.genders.${gender}`),
    },
    { title: t('people.birthDate'), dataIndex: 'birthDate', width: 120 },
    {
      title: t('people.ethnicity'),
      dataIndex: 'ethnicity',
      width: 100,
      render: (value: string | null) => value || '—',
    },
    {
      title: t('people.idNumber'),
      dataIndex: 'idNumberMasked',
      width: 200,
      render: (value: string) => <Typography.Text code>{value}</Typography.Text>,
    },
    {
      title: t('people.phone'),
      dataIndex: 'phoneMasked',
      width: 140,
      render: (value: string | null) => value || '—',
    },
    { title: t('people.unit'), dataIndex: 'unitName', ellipsis: true },
  ];

  return (
    <Card title={t('people.title')}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          style={{ width: 320 }}
          placeholder={t('people.searchPlaceholder')}
          onSearch={(value) => setQuery(value)}
          onChange={(event) => {
            if (event.target.value === '') setQuery('');
          }}
          data-testid="people-search"
        />
        <UnitSelect
          value={unitId}
          onChange={(value) => setUnitId(value)}
          placeholder={t('people.unitFilter')}
          style={{ width: 280 }}
        />
        <Button
          icon={<ExportOutlined />}
          data-testid="people-export"
          onClick={() =>
            download('/api/people/export', {
              query: { q: query.trim() || undefined, unitId: unitId ?? undefined },
              fallbackName: t('people.exportFileName'),
            })
          }
        >
          {t('people.export')}
        </Button>
      </Space>
      <Table<Person>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.items}
        columns={columns}
        pagination={list.pagination}
        scroll={{ x: 900 }}
        locale={{ emptyText: <Empty description={t('people.empty')} /> }}
      />
      <Drawer
        open={selected !== null}
        title={selected?.name}
        size="large"
        onClose={() => setSelected(null)}
        destroyOnHidden
      >
        {selected && (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Descriptions bordered column={1} size="small">
              <Descriptions.Item label={t('people.name')}>{selected.name}</Descriptions.Item>
              <Descriptions.Item label={t('people.gender')}>
                {t(`people.genders.${selected.gender}`)}
              </Descriptions.Item>
              <Descriptions.Item label={t('people.birthDate')}>{selected.birthDate}</Descriptions.Item>
              <Descriptions.Item label={t('people.ethnicity')}>{selected.ethnicity || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('people.idNumber')}>
                <Space orientation="vertical">
                  <Typography.Text code>{selected.idNumberMasked}</Typography.Text>
                  {access.canReadIdNumber && <FullIdNumber key={selected.id} personId={selected.id} />}
                </Space>
              </Descriptions.Item>
              <Descriptions.Item label={t('people.phone')}>{selected.phoneMasked || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('people.unit')}>{selected.unitName}</Descriptions.Item>
            </Descriptions>
            {!access.canReadIdNumber && <Alert type="info" showIcon title={t('people.idNumberHidden')} />}
          </Space>
        )}
      </Drawer>
    </Card>
  );
}
