import { lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import NotFoundPage from '../../../web/pages/NotFoundPage';

const VoiceListPage = lazy(() => import('./VoiceListPage'));
const VoiceDetailPage = lazy(() => import('./VoiceDetailPage'));
const PublicationsPage = lazy(() => import('./PublicationsPage'));

/** /voice/*: the items, one item's page and the published replies. */
export default function VoicePage() {
  return (
    <Routes>
      <Route index element={<Navigate to="items" replace />} />
      <Route path="items" element={<VoiceListPage />} />
      <Route path="items/:id" element={<VoiceDetailPage />} />
      <Route path="publications" element={<PublicationsPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
