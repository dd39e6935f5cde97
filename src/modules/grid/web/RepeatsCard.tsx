import { App, Button, Card, List, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, api, handleApiError } from '../../../web/api/client';

interface Suggestion {
  id: string;
  title: string;
  createdAt: string;
  samePerson: boolean;
  distanceMetres: number | null;
  similarity: number;
}
interface ChainItem {
  id: string;
  title: string;
  createdAt: string;
  stateName: string;
}

/** Earlier events that look like this one (same person, nearby, similar text), and its repeat chain. */
export function RepeatsCard({
  eventId,
  linked,
  onLinked,
}: {
  eventId: string;
  linked: boolean;
  onLinked: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [chain, setChain] = useState<ChainItem[]>([]);

  useEffect(() => {
    api.get<ChainItem[]>(`/api/grid/events/${eventId}/chain`).then(setChain, () => setChain([]));
    if (!linked)
      api
        .get<Suggestion[]>(`/api/grid/events/${eventId}/repeats`)
        .then(setSuggestions, () => setSuggestions([]));
  }, [eventId, linked]);

  const link = async (repeatOfId: string) => {
    try {
      await api.post(`/api/grid/events/${eventId}/repeat-of`, { repeatOfId });
      message.success(t('grid.repeats.linked'));
      onLinked();
    } catch (error) {
      if (error instanceof ApiError) handleApiError(error);
      else throw error;
    }
  };

  if (chain.length <= 1 && suggestions.length === 0) return null;
  return (
    <Card size="small" title={t('grid.repeats.title')} style={{ marginTop: 12 }} data-testid="event-repeats">
      {chain.length > 1 && (
        <List
          size="small"
          header={
            <Typography.Text strong>{t('grid.repeats.chain', { count: chain.length })}</Typography.Text>
          }
          dataSource={chain}
          renderItem={(item) => (
            <List.Item>
              <Space>
                {item.id === eventId ? (
                  <Typography.Text strong>{item.title}</Typography.Text>
                ) : (
                  <Link to={`/grid/events/${item.id}`}>{item.title}</Link>
                )}
                <Typography.Text type="secondary">
                  {dayjs(item.createdAt).format('YYYY-MM-DD')}
                </Typography.Text>
                <Tag>{item.stateName}</Tag>
              </Space>
            </List.Item>
          )}
        />
      )}
      {suggestions.length > 0 && (
        <List
          size="small"
          header={<Typography.Text strong>{t('grid.repeats.suggested')}</Typography.Text>}
          dataSource={suggestions}
          renderItem={(item) => (
            <List.Item
              actions={[
                <Button key="link" size="small" onClick={() => link(item.id)}>
                  {t('grid.repeats.link')}
                </Button>,
              ]}
            >
              <Space wrap>
                <Link to={`/grid/events/${item.id}`}>{item.title}</Link>
                <Typography.Text type="secondary">
                  {dayjs(item.createdAt).format('YYYY-MM-DD')}
                </Typography.Text>
                {item.samePerson && <Tag color="orange">{t('grid.repeats.samePerson')}</Tag>}
                {item.distanceMetres !== null && (
                  <Tag>{t('grid.repeats.distance', { metres: item.distanceMetres })}</Tag>
                )}
                <Tag>{t('grid.repeats.similarity', { percent: Math.round(item.similarity * 100) })}</Tag>
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
