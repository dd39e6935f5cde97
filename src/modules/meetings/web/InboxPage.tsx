import { App as AntApp, Badge, Button, Card, Checkbox, Empty, List, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../../web/api/client';
import { usePagedList } from '../../../web/hooks/usePagedList';

interface Notice {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
  resolvedAt: string | null;
}

/** The user's inbox (GET /api/notifications): compliance warnings and other notices. */
export default function InboxPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = usePagedList<Notice>('/api/notifications', { unreadOnly: unreadOnly || undefined });
  const markRead = async (notice: Notice) => {
    if (!notice.readAt) await api.post(`/api/notifications/${notice.id}/read`).catch(() => undefined);
  };
  return (
    <Card
      title={t('meetings.inbox.title')}
      extra={
        <Checkbox checked={unreadOnly} onChange={(event) => setUnreadOnly(event.target.checked)}>
          {t('meetings.inbox.unreadOnly')}
        </Checkbox>
      }
    >
      <List<Notice>
        loading={list.loading}
        dataSource={list.items}
        pagination={list.total > 20 ? { ...list.pagination, position: 'bottom' } : false}
        locale={{ emptyText: <Empty description={t('meetings.inbox.empty')} /> }}
        data-testid="inbox"
        renderItem={(notice) => (
          <List.Item
            data-testid="notice"
            actions={[
              notice.link && !notice.resolvedAt && (
                <Button
                  key="open"
                  size="small"
                  type="link"
                  onClick={async () => {
                    await markRead(notice);
                    navigate(notice.link!);
                  }}
                >
                  {t('meetings.inbox.open')}
                </Button>
              ),
              !notice.readAt && !notice.resolvedAt && (
                <Button
                  key="read"
                  size="small"
                  type="link"
                  onClick={async () => {
                    await markRead(notice);
                    message.success(t('meetings.inbox.markRead'));
                    list.reload();
                  }}
                >
                  {t('meetings.inbox.markRead')}
                </Button>
              ),
            ]}
          >
            <List.Item.Meta
              title={
                <Space>
                  {!notice.readAt && !notice.resolvedAt && <Badge status="error" />}
                  {notice.resolvedAt && <Tag color="success">{t('meetings.inbox.resolved')}</Tag>}
                  <Typography.Text delete={Boolean(notice.resolvedAt)}>{notice.title}</Typography.Text>
                </Space>
              }
              description={`${dayjs(notice.createdAt).format('YYYY-MM-DD HH:mm')}　${notice.body}`}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
