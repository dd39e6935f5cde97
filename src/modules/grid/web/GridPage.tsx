import { Segmented } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useLocation, useNavigate } from 'react-router';
import { PageLoading } from '../../../web/components/PageLoading';
import NotFoundPage from '../../../web/pages/NotFoundPage';

const GridMapPage = lazy(() => import('./GridMapPage'));
const EventsPage = lazy(() => import('./EventsPage'));
const EventDetailPage = lazy(() => import('./EventDetailPage'));

/** /grid/*: the grid map, the event list and one event's page. */
export default function GridPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const onEvents = useLocation().pathname.startsWith('/grid/events');
  return (
    <>
      <Segmented
        style={{ marginBottom: 12 }}
        value={onEvents ? 'events' : 'map'}
        onChange={(value) => navigate(value === 'events' ? '/grid/events' : '/grid')}
        options={[
          { value: 'map', label: t('grid.tabs.map') },
          { value: 'events', label: t('grid.tabs.events') },
        ]}
        data-testid="grid-section"
      />
      <Suspense fallback={<PageLoading />}>
        <Routes>
          <Route index element={<GridMapPage />} />
          <Route path="events" element={<EventsPage />} />
          <Route path="events/:id" element={<EventDetailPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Suspense>
    </>
  );
}
