import { Badge, Calendar, Card, Col, Empty, Row, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../../web/api/client';
import { OrgSelect } from './OrgSelect';
import { StandingPanel } from './StandingPanel';
import type { MeetingRow } from './types';

const kindColors: Record<string, string> = {
  branchAssembly: 'red',
  committeeMeeting: 'blue',
  groupMeeting: 'cyan',
  partyLecture: 'purple',
  themeDay: 'orange',
  lifeMeeting: 'magenta',
  memberReview: 'gold',
  studyGroupSession: 'geekblue',
  reportHearing: 'green',
};

/** A month calendar of one organisation's meetings, beside where it stands this period. */
export default function CalendarPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const unitId = params.get('unitId');
  const [month, setMonth] = useState<Dayjs>(dayjs());
  const [meetings, setMeetings] = useState<MeetingRow[]>([]);

  useEffect(() => {
    if (!unitId) {
      setMeetings([]);
      return;
    }
    const controller = new AbortController();
    // The visible grid spans six weeks around the month.
    const from = month.startOf('month').subtract(7, 'day').format('YYYY-MM-DD');
    const to = month.endOf('month').add(15, 'day').format('YYYY-MM-DD');
    api
      .get<MeetingRow[]>('/api/meetings/calendar', { query: { unitId, from, to }, signal: controller.signal })
      .then(setMeetings)
      .catch(() => undefined);
    return () => controller.abort();
  }, [unitId, month]);

  const byDay = new Map<string, MeetingRow[]>();
  for (const m of meetings) byDay.set(m.heldOn, [...(byDay.get(m.heldOn) ?? []), m]);

  return (
    <Row gutter={16}>
      <Col xs={24} xl={16}>
        <Card
          title={t('meetings.calendar.title')}
          extra={
            <OrgSelect
              value={unitId}
              placeholder={t('meetings.calendar.unitPlaceholder')}
              style={{ width: 300 }}
              data-testid="calendar-unit"
              onChange={(value) => setParams(value ? { unitId: value } : {})}
            />
          }
        >
          {!unitId ? (
            <Empty description={t('meetings.calendar.chooseUnit')} />
          ) : (
            <Calendar
              value={month}
              onPanelChange={(value) => setMonth(value)}
              onSelect={(value, info) => {
                if (info.source !== 'date') setMonth(value);
              }}
              cellRender={(date, info) => {
                if (info.type !== 'date') return info.originNode;
                const list = byDay.get(date.format('YYYY-MM-DD')) ?? [];
                return (
                  <Space orientation="vertical" size={0} style={{ width: '100%' }}>
                    {list.slice(0, 3).map((m) => (
                      <Badge
                        key={m.id}
                        color={kindColors[m.kind]}
                        text={
                          <Link
                            to={`/meetings/records/${m.id}`}
                            onClick={(event) => event.stopPropagation()}
                            style={{ fontSize: 12 }}
                          >
                            {t(`meetings.kinds.${m.kind}`)}
                          </Link>
                        }
                      />
                    ))}
                    {list.length > 3 && (
                      <span style={{ fontSize: 12 }}>
                        {t('meetings.calendar.more', { count: list.length - 3 })}
                      </span>
                    )}
                  </Space>
                );
              }}
            />
          )}
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <StandingPanel unitId={unitId} />
      </Col>
    </Row>
  );
}
