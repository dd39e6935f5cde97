import { lazy } from 'react';
import { Route, Routes } from 'react-router';
import NotFoundPage from '../../../web/pages/NotFoundPage';

const CenterListPage = lazy(() => import('./CenterListPage'));
const CenterDetailPage = lazy(() => import('./CenterDetailPage'));
const QrPrintPage = lazy(() => import('./QrPrintPage'));
const StandardsPage = lazy(() => import('./StandardsPage'));

/** /centers/*: the list, the standards settings, a centre's detail and its QR print page. */
export default function CentersPage() {
  return (
    <Routes>
      <Route index element={<CenterListPage />} />
      <Route path="standards" element={<StandardsPage />} />
      <Route path=":id" element={<CenterDetailPage />} />
      <Route path=":id/print" element={<QrPrintPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
