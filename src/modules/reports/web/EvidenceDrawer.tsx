import { Alert, Descriptions, Drawer, Empty, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type RequestOptions } from '../../../web/api/client';
import type { EvidenceItemView, EvidenceResult } from '../contract';

/** What a drill-down opens: one figure (or one of its groups) of the live table or of a snapshot. */
export interface DrillTarget {
  name: string;
  group: { key: string; label: string } | null;
  /** The evidence endpoint and its query (scope and period, or snapshot key), without paging. */
  url: string;
  query: NonNullable<RequestOptions['query']>;
  scopeName: string;
  periodText: string;
  /** Set when drilling into a frozen figure. */
  snapshotLabel?: string;
}

/** The records a figure counted, in a drawer with a paginated table. */
export function EvidenceDrawer({ target, onClose }: { target: DrillTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [data, setData] = useState<EvidenceResult | null>(null);
  const [loading, setLoading] = useState(false);
  const targetKey = target ? JSON.stringify([target.url, target.query]) : null;

  // A new target starts again at page 1.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the target key is the reset trigger.
  useEffect(() => {
    setPage(1);
    setData(null);
  }, [targetKey]);

  useEffect(() => {
    if (!target) return;
    const controller = new AbortController();
    setLoading(true);
    api
      .get<EvidenceResult>(target.url, {
        query: { ...target.query, page, pageSize },
        signal: controller.signal,
      })
      .then(setData)
      .catch(() => {
        // Shown by the central handler.
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [target, page, pageSize]);

  return (
    <Drawer
      open={target !== null}
      size="large"
      title={target ? t('reports.drawerTitle', { name: target.name }) : ''}
      onClose={onClose}
      destroyOnHidden
      data-testid="evidence-drawer"
    >
      {target && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {target.snapshotLabel && (
            <Alert type="info" showIcon title={t('reports.drawerFrozen', { label: target.snapshotLabel })} />
          )}
          <Descriptions bordered size="small" column={2}>
            <Descriptions.Item label={t('reports.drawerScope')}>{target.scopeName}</Descriptions.Item>
            <Descriptions.Item label={t('reports.drawerPeriod')}>{target.periodText}</Descriptions.Item>
            {target.group && (
              <Descriptions.Item label={t('reports.drawerGroup')}>{target.group.label}</Descriptions.Item>
            )}
            <Descriptions.Item label={t('reports.drawerEntity')}>{data?.entityName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('reports.drawerCount')}>
              <span data-testid="evidence-count">{data?.count ?? '—'}</span>
            </Descriptions.Item>
          </Descriptions>
          {data && !data.resolvable && data.count > 0 && (
            <Alert
              type="info"
              showIcon
              title={t('reports.notResolvable', { entity: data.entity, count: data.count })}
            />
          )}
          {data && data.hidden > 0 && (
            <Alert type="warning" showIcon title={t('reports.hiddenRecords', { count: data.hidden })} />
          )}
          {(!data || data.resolvable) && (
            <Table<EvidenceItemView>
              rowKey="id"
              size="small"
              loading={loading}
              dataSource={data?.items ?? []}
              data-testid="evidence-table"
              locale={{ emptyText: <Empty description={t('reports.noRecords')} /> }}
              pagination={{
                current: page,
                pageSize,
                total: data?.total ?? 0,
                showSizeChanger: true,
                pageSizeOptions: [10, 20, 50, 100],
                showTotal: (total) => t('common.total', { total }),
                onChange: (nextPage, nextSize) => {
                  setPage(nextSize !== pageSize ? 1 : nextPage);
                  setPageSize(nextSize);
                },
              }}
              columns={[
                {
                  title: t('reports.colIndex'),
                  key: 'index',
                  width: 64,
                  render: (_, __, index) => (page - 1) * pageSize + index + 1,
                },
                {
                  title: t('reports.colTitle'),
                  dataIndex: 'title',
                  render: (title: string, item) =>
                    item.link ? (
                      <Link to={item.link}>{title}</Link>
                    ) : (
                      <Typography.Text>{title}</Typography.Text>
                    ),
                },
                {
                  title: t('reports.colSubtitle'),
                  dataIndex: 'subtitle',
                  render: (value?: string) => value ?? '—',
                },
                {
                  title: t('reports.colUnitPath'),
                  dataIndex: 'unitPath',
                  ellipsis: true,
                  render: (value?: string) => value ?? '—',
                },
              ]}
            />
          )}
        </Space>
      )}
    </Drawer>
  );
}
