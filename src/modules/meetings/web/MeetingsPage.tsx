import { Segmented } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useLocation, useNavigate } from 'react-router';
import { PageLoading } from '../../../web/components/PageLoading';
import NotFoundPage from '../../../web/pages/NotFoundPage';
import { useAccess } from '../../../web/session';

const MeetingListPage = lazy(() => import('./MeetingListPage'));
const MeetingFormPage = lazy(() => import('./MeetingFormPage'));
const MeetingDetailPage = lazy(() => import('./MeetingDetailPage'));
const CalendarPage = lazy(() => import('./CalendarPage'));
const CompliancePage = lazy(() => import('./CompliancePage'));
const OverviewPage = lazy(() => import('./OverviewPage'));
const ReviewPage = lazy(() => import('./ReviewPage'));
const RulesPage = lazy(() => import('./RulesPage'));
const InboxPage = lazy(() => import('./InboxPage'));

/** /meetings/*: records, calendar, compliance matrix, overview, review queue, rules and the inbox. */
export default function MeetingsPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const navigate = useNavigate();
  const location = useLocation();
  const sections = [
    { value: '/meetings', label: t('meetings.sections.records') },
    { value: '/meetings/calendar', label: t('meetings.sections.calendar') },
    { value: '/meetings/compliance', label: t('meetings.sections.compliance') },
    ...(access.canReadIndicators
      ? [{ value: '/meetings/overview', label: t('meetings.sections.overview') }]
      : []),
    ...(access.canReviewMeetings
      ? [{ value: '/meetings/review', label: t('meetings.sections.review') }]
      : []),
    { value: '/meetings/rules', label: t('meetings.sections.rules') },
    { value: '/meetings/inbox', label: t('meetings.sections.inbox') },
  ];
  const current = sections.slice(1).find((s) => location.pathname.startsWith(s.value))?.value ?? '/meetings';
  return (
    <>
      <Segmented
        style={{ marginBottom: 12 }}
        value={current}
        onChange={(value) => navigate(value)}
        options={sections}
        data-testid="meetings-section"
      />
      <Suspense fallback={<PageLoading />}>
        <Routes>
          <Route index element={<MeetingListPage />} />
          {access.canWriteMeetings && <Route path="records/new" element={<MeetingFormPage />} />}
          {access.canWriteMeetings && <Route path="records/:id/edit" element={<MeetingFormPage />} />}
          <Route path="records/:id" element={<MeetingDetailPage />} />
          <Route path="calendar" element={<CalendarPage />} />
          <Route path="compliance" element={<CompliancePage />} />
          {access.canReadIndicators && <Route path="overview" element={<OverviewPage />} />}
          {access.canReviewMeetings && <Route path="review" element={<ReviewPage />} />}
          <Route path="rules" element={<RulesPage />} />
          <Route path="inbox" element={<InboxPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Suspense>
    </>
  );
}
