import { Card, Col, Row, Statistic } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../web/api/client';
import type { SummaryFigure } from './types';

export type SummaryFlag = 'mobile' | 'outOfContact' | 'conversionDue' | 'probationary';

/**
 * The roster's figures (members, full/probationary, due this quarter, mobile, out of contact, open
 * transfers), computed by the registered indicators for the chosen organisation or the whole scope.
 */
export function SummaryBar(props: {
  unitId: string | null;
  version: number;
  onPick?: (flag: SummaryFlag) => void;
}) {
  const { t } = useTranslation();
  const [figures, setFigures] = useState<SummaryFigure[] | null>(null);
  const { unitId, version } = props;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the reload trigger.
  useEffect(() => {
    const controller = new AbortController();
    api
      .get<SummaryFigure[]>('/api/members/summary', { query: { unitId }, signal: controller.signal })
      .then(setFigures)
      .catch(() => undefined);
    return () => controller.abort();
  }, [unitId, version]);

  const value = (key: string) => figures?.find((f) => f.key === key)?.value ?? null;
  const group = (key: string, group: string) =>
    figures?.find((f) => f.key === key)?.breakdown?.find((g) => g.key === group)?.value ?? null;
  const items: { key: string; label: string; value: number | null; flag?: SummaryFlag; warn?: boolean }[] = [
    { key: 'total', label: t('members.summary.total'), value: value('members.total') },
    { key: 'full', label: t('members.summary.full'), value: group('members.byCategory', 'full') },
    {
      key: 'probationary',
      label: t('members.summary.probationary'),
      value: group('members.byCategory', 'probationary'),
      flag: 'probationary',
    },
    {
      key: 'due',
      label: t('members.summary.dueThisQuarter'),
      value: value('members.conversionDueThisQuarter'),
      flag: 'conversionDue',
      warn: true,
    },
    {
      key: 'mobile',
      label: t('members.summary.mobile'),
      value: value('members.mobile'),
      flag: 'mobile',
      warn: true,
    },
    {
      key: 'lost',
      label: t('members.summary.outOfContact'),
      value: value('members.outOfContact'),
      flag: 'outOfContact',
      warn: true,
    },
    {
      key: 'transfers',
      label: t('members.summary.transfersPending'),
      value: value('members.transfersPending'),
    },
  ];
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="members-summary">
      {items.map((item) => (
        <Col key={item.key} xs={12} sm={8} md={6} lg={3} style={{ minWidth: 140, flex: '1 1 0' }}>
          <Card
            size="small"
            hoverable={!!item.flag && !!props.onPick}
            onClick={() => item.flag && props.onPick?.(item.flag)}
            data-testid={`summary-${item.key}`}
          >
            <Statistic
              title={item.label}
              value={item.value ?? '—'}
              loading={figures === null}
              styles={{ content: { color: item.warn && (item.value ?? 0) > 0 ? '#d4380d' : undefined } }}
            />
          </Card>
        </Col>
      ))}
    </Row>
  );
}
