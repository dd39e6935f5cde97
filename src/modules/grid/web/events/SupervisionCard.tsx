import { Card, List, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { GridEventDetail } from '../types';

/** Supervision notes (督办) and overdue escalations of one event, newest first; nothing when there are none. */
export function SupervisionCard({ events }: { events: GridEventDetail['events'] }) {
  const { t } = useTranslation();
  const notes = events.filter((e) => e.action === 'supervise' || e.action === 'escalate').reverse();
  if (notes.length === 0) return null;
  return (
    <Card size="small" title={t('gridEvents.supervision.title')} style={{ marginTop: 12 }}>
      <List
        size="small"
        dataSource={notes}
        data-testid="event-supervision"
        renderItem={(e) => (
          <List.Item>
            <List.Item.Meta
              title={
                <>
                  <Tag color={e.action === 'escalate' ? 'volcano' : 'gold'}>{e.actionName}</Tag>
                  <Typography.Text type="secondary">
                    {dayjs(e.at).format('YYYY-MM-DD HH:mm')}　{e.actorName ?? t('grid.detail.system')}
                  </Typography.Text>
                </>
              }
              description={e.note ?? '—'}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
