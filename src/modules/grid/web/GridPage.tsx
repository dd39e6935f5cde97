import { Segmented } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useLocation, useNavigate } from 'react-router';
import { PageLoading } from '../../../web/components/PageLoading';
import NotFoundPage from '../../../web/pages/NotFoundPage';
import type { AccessFlag } from '../../../web/access';
import { useAccess } from '../../../web/session';

const GridMapPage = lazy(() => import('./GridMapPage'));
const EventsPage = lazy(() => import('./EventsPage'));
const EventDetailPage = lazy(() => import('./EventDetailPage'));
const GridManagePage = lazy(() => import('./manage/GridManagePage'));
const HouseholdsPage = lazy(() => import('./households/HouseholdsPage'));
const PatrolsPage = lazy(() => import('./patrols/PatrolsPage'));
const CoBuildingPage = lazy(() => import('./coBuilding/CoBuildingPage'));

/** The sections of /grid/*, one segment each; a section's pages live under its path. */
const sections: Array<{ path: string; labelKey: string; access?: AccessFlag }> = [
  { path: '', labelKey: 'grid.tabs.map' },
  { path: 'events', labelKey: 'grid.tabs.events' },
  { path: 'households', labelKey: 'grid.work.tab' },
  { path: 'patrols', labelKey: 'grid.patrols.tab' },
  { path: 'co-building', labelKey: 'grid.work.coBuildingTab' },
  { path: 'manage', labelKey: 'gridManage.tab', access: 'canWriteGrid' },
];

/** /grid/*: the grid map, the events and one event's page, grid management. */
export default function GridPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const access = useAccess();
  const { pathname } = useLocation();
  const shown = sections.filter((section) => !section.access || access[section.access]);
  const current =
    shown.find((section) => section.path && pathname.startsWith(`/grid/${section.path}`))?.path ?? '';
  return (
    <>
      <Segmented
        style={{ marginBottom: 12 }}
        value={current}
        onChange={(value) => navigate(value ? `/grid/${value}` : '/grid')}
        options={shown.map((section) => ({ value: section.path, label: t(section.labelKey) }))}
        data-testid="grid-section"
      />
      <Suspense fallback={<PageLoading />}>
        <Routes>
          <Route index element={<GridMapPage />} />
          <Route path="events" element={<EventsPage />} />
          <Route path="events/:id" element={<EventDetailPage />} />
          <Route path="households" element={<HouseholdsPage />} />
          <Route path="patrols" element={<PatrolsPage />} />
          <Route path="co-building/*" element={<CoBuildingPage />} />
          {access.canWriteGrid && <Route path="manage" element={<GridManagePage />} />}
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Suspense>
    </>
  );
}
