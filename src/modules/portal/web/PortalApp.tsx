import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { PageLoading } from '../../../web/components/PageLoading';
import NotFoundPage from '../../../web/pages/NotFoundPage';

const HomePage = lazy(() => import('./HomePage'));
const SubmitPage = lazy(() => import('./SubmitPage'));
const DonePage = lazy(() => import('./DonePage'));
const TrackPage = lazy(() => import('./TrackPage'));
const ServicesPage = lazy(() => import('./ServicesPage'));
const RepliesPage = lazy(() => import('./RepliesPage'));

/** /portal/*: the resident portal, outside the staff layout and without login. */
export default function PortalApp() {
  return (
    <Suspense fallback={<PageLoading />}>
      <Routes>
        <Route index element={<HomePage />} />
        <Route path="report" element={<SubmitPage mode="event" />} />
        <Route path="voice/:kind" element={<SubmitPage mode="voice" />} />
        <Route path="done/:code" element={<DonePage />} />
        <Route path="track" element={<TrackPage />} />
        <Route path="services" element={<ServicesPage />} />
        <Route path="replies" element={<RepliesPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </Suspense>
  );
}
