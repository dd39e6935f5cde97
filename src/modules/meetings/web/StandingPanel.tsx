import { Alert, Button, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../../web/api/client';
import { useAccess } from '../../../web/session';
import { complianceColors, type UnitStanding } from './types';

/**
 * Where one organisation stands in the running periods (GET /api/meetings/compliance/units/:id): each
 * rule's held/required with its status, warnings first, with a shortcut to record the missing meeting.
 */
export function StandingPanel({ unitId, reloadKey = 0 }: { unitId: string | null; reloadKey?: number }) {
  const { t } = useTranslation();
  const access = useAccess();
  const navigate = useNavigate();
  const [standing, setStanding] = useState<UnitStanding | null>(null);
  const [loading, setLoading] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `reloadKey` is the reload trigger.
  useEffect(() => {
    if (!unitId) {
      setStanding(null);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    api
      .get<UnitStanding>(`/api/meetings/compliance/units/${unitId}`, { signal: controller.signal })
      .then(setStanding)
      .catch(() => {
        // Shown by the central handler.
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [unitId, reloadKey]);

  if (!unitId) return null;
  const urgent = standing?.items.filter((i) => i.status === 'warning' || i.status === 'overdue') ?? [];
  return (
    <Card size="small" title={t('meetings.standing.title')} loading={loading} data-testid="standing-panel">
      {urgent.map((item) => (
        <Alert
          key={`${item.ruleId}-${item.periodFrom}`}
          type={item.status === 'overdue' ? 'error' : 'warning'}
          showIcon
          style={{ marginBottom: 8 }}
          title={item.text}
          data-testid="standing-warning"
          action={
            access.canWriteMeetings && (
              <Button
                size="small"
                onClick={() => navigate(`/meetings/records/new?unitId=${unitId}&kind=${item.kind}`)}
              >
                {t('meetings.standing.record')}
              </Button>
            )
          }
        />
      ))}
      {standing && standing.items.length === 0 && <Empty description={t('meetings.standing.empty')} />}
      {standing && standing.items.length > 0 && (
        <List
          size="small"
          dataSource={standing.items}
          renderItem={(item) => (
            <List.Item data-testid={`standing-${item.kind}`} data-status={item.status}>
              <Space wrap>
                <Tag color={complianceColors[item.status]}>{t(`meetings.compliance.${item.status}`)}</Tag>
                <Typography.Text strong>{item.kindName}</Typography.Text>
                <Typography.Text type="secondary">{item.periodLabel}</Typography.Text>
                <Typography.Text>
                  {t('meetings.standing.heldRequired', { held: item.held, required: item.required })}
                </Typography.Text>
                {item.daysLeft > 0 && item.status !== 'met' && item.status !== 'notRequired' && (
                  <Typography.Text type="secondary">
                    {t('meetings.standing.daysLeft', { days: item.daysLeft })}
                  </Typography.Text>
                )}
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
