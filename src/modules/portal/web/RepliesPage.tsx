import { Button, Empty, Segmented, Spin, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../web/api/client';
import { PortalShell, block } from './PortalShell';
import type { Publication } from './types';

const kinds = ['all', 'idea', 'need', 'question'] as const;
const PAGE = 10;

/** /portal/replies: published replies, newest first, by kind; "load more" pages on. */
export default function RepliesPage() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<(typeof kinds)[number]>('all');
  const [items, setItems] = useState<Publication[] | null>(null);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);

  useEffect(() => {
    api
      .get<{ items: Publication[]; total: number }>('/api/portal/publications', {
        query: { kind: kind === 'all' ? undefined : kind, page, pageSize: PAGE },
      })
      .then(
        (result) => {
          setItems((previous) => (page === 1 ? result.items : [...(previous ?? []), ...result.items]));
          setTotal(result.total);
        },
        () => setItems([]),
      );
  }, [kind, page]);

  return (
    <PortalShell title={t('portal.replies.title')}>
      <div style={{ padding: '12px 12px 0' }}>
        <Segmented
          block
          value={kind}
          onChange={(value) => {
            setItems(null);
            setPage(1);
            setKind(value as (typeof kinds)[number]);
          }}
          options={kinds.map((value) => ({ value, label: t(`voice.kinds.${value}`) }))}
        />
      </div>
      {items === null ? (
        <div style={{ textAlign: 'center', padding: 40 }}>
          <Spin />
        </div>
      ) : items.length === 0 ? (
        <Empty style={{ marginTop: 40 }} description={t('portal.replies.empty')} />
      ) : (
        <>
          {items.map((p) => (
            <div key={p.id} style={{ ...block, paddingBottom: 12 }} data-testid="portal-reply">
              <div style={{ marginBottom: 6 }}>
                <Tag color="red">{p.kindName}</Tag>
                <Typography.Text strong>{p.title}</Typography.Text>
              </div>
              <Typography.Paragraph style={{ marginBottom: 6 }}>
                <Typography.Text strong>{t('portal.replies.question')}：</Typography.Text>
                {p.question}
              </Typography.Paragraph>
              <Typography.Paragraph
                style={{ marginBottom: 6, background: '#fafafa', padding: 8, borderRadius: 6 }}
              >
                <Typography.Text strong>{t('portal.replies.reply')}：</Typography.Text>
                {p.reply}
              </Typography.Paragraph>
              <Typography.Text type="secondary" style={{ fontSize: 12.5 }}>
                {p.unitName} · {dayjs(p.publishedAt).format('YYYY-MM-DD')}
              </Typography.Text>
            </div>
          ))}
          {items.length < total && (
            <div style={{ padding: '0 12px' }}>
              <Button block onClick={() => setPage(page + 1)}>
                {t('portal.replies.more')}
              </Button>
            </div>
          )}
        </>
      )}
    </PortalShell>
  );
}
