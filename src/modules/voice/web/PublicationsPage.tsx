import { ArrowLeftOutlined } from '@ant-design/icons';
import { Card, Empty, Input, List, Segmented, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePagedList } from '../../../web/hooks/usePagedList';
import { kindColour } from './colours';
import type { Publication } from './types';

const kinds = ['all', 'idea', 'need', 'question'] as const;

/** /voice/publications: the replies published in scope (withdrawn ones marked), newest first. */
export default function PublicationsPage() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<(typeof kinds)[number]>('all');
  const [q, setQ] = useState('');
  const filters = useMemo(() => ({ kind: kind === 'all' ? undefined : kind, q: q || undefined }), [kind, q]);
  const list = usePagedList<Publication>('/api/voice/publications', filters, { pageSize: 10 });

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Link to="/voice/items">
        <ArrowLeftOutlined /> {t('voice.publications.back')}
      </Link>
      <Card size="small" title={t('voice.publications.title')}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Segmented
            value={kind}
            onChange={(value) => setKind(value as (typeof kinds)[number])}
            options={kinds.map((value) => ({ value, label: t(`voice.kinds.${value}`) }))}
          />
          <Input.Search
            allowClear
            placeholder={t('voice.publications.search')}
            style={{ width: 240 }}
            onSearch={(value) => setQ(value.trim())}
          />
        </Space>
        <List<Publication>
          loading={list.loading}
          dataSource={list.items}
          pagination={
            list.total > 0
              ? {
                  current: list.pagination.current,
                  pageSize: list.pagination.pageSize,
                  total: list.total,
                  onChange: list.pagination.onChange,
                  align: 'end',
                }
              : false
          }
          locale={{ emptyText: <Empty description={t('voice.publications.empty')} /> }}
          renderItem={(p) => (
            <List.Item data-testid="publication">
              <Space direction="vertical" size={4} style={{ width: '100%' }}>
                <Space wrap>
                  <Tag color={kindColour[p.kind]}>{p.kindName}</Tag>
                  <Link to={`/voice/items/${p.caseId}`}>
                    <Typography.Text strong>{p.title}</Typography.Text>
                  </Link>
                  {p.withdrawn && <Tag>{t('voice.publications.withdrawn')}</Tag>}
                  <Typography.Text type="secondary">
                    {p.unitName} · {dayjs(p.publishedAt).format('YYYY-MM-DD')}
                  </Typography.Text>
                </Space>
                <Typography.Paragraph style={{ marginBottom: 0 }}>
                  <Typography.Text strong>{t('voice.publications.question')}：</Typography.Text>
                  {p.question}
                </Typography.Paragraph>
                <Typography.Paragraph style={{ marginBottom: 0 }}>
                  <Typography.Text strong>{t('voice.publications.reply')}：</Typography.Text>
                  {p.reply}
                </Typography.Paragraph>
              </Space>
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}
