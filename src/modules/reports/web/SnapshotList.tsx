import { EyeOutlined } from '@ant-design/icons';
import { Button, Empty, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { usePagedList } from '../../../web/hooks/usePagedList';
import type { SnapshotView } from '../contract';
import { describePeriod } from './format';

/** The snapshots of units in the viewer's scope (of the chosen unit's subtree when one is chosen), newest first. */
export function SnapshotList(props: {
  unitId: string | null;
  /** Bumped after a freeze so the list shows the new snapshot. */
  version: number;
  onView: (snapshot: SnapshotView) => void;
}) {
  const { t } = useTranslation();
  const list = usePagedList<SnapshotView>('/api/reports/snapshots', { unitId: props.unitId });
  const { reload } = list;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the version is the reload trigger.
  useEffect(() => {
    if (props.version > 0) reload();
  }, [props.version]);

  return (
    <>
      {props.unitId && (
        <Typography.Paragraph type="secondary">{t('reports.snapshotsOfUnit')}</Typography.Paragraph>
      )}
      <Table<SnapshotView>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.items}
        pagination={list.pagination}
        data-testid="snapshot-table"
        scroll={{ x: 900 }}
        locale={{ emptyText: <Empty description={t('reports.snapshotEmpty')} /> }}
        columns={[
          {
            title: t('reports.snapshotLabel'),
            dataIndex: 'label',
            render: (label: string, snapshot) => (
              <Typography.Link onClick={() => props.onView(snapshot)}>{label}</Typography.Link>
            ),
          },
          { title: t('reports.snapshotScope'), dataIndex: 'unitPathNames', ellipsis: true },
          {
            title: t('reports.snapshotPeriod'),
            key: 'period',
            width: 200,
            render: (_, snapshot) => describePeriod(snapshot.period, t),
          },
          { title: t('reports.snapshotCreatedBy'), dataIndex: 'createdByName', width: 120 },
          {
            title: t('reports.snapshotCreatedAt'),
            dataIndex: 'createdAt',
            width: 160,
            render: (value: string) => dayjs(value).format('YYYY-MM-DD HH:mm'),
          },
          { title: t('reports.snapshotCount'), dataIndex: 'indicatorCount', width: 90 },
          {
            title: t('reports.actions'),
            key: 'actions',
            width: 100,
            render: (_, snapshot) => (
              <Button size="small" icon={<EyeOutlined />} onClick={() => props.onView(snapshot)}>
                {t('reports.snapshotView')}
              </Button>
            ),
          },
        ]}
      />
    </>
  );
}
