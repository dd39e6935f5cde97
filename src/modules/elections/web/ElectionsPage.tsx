import { Card, Tabs } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useLocation, useNavigate } from 'react-router';
import { PageLoading } from '../../../web/components/PageLoading';

const OverviewPanel = lazy(() => import('./OverviewPanel'));
const ElectionListPanel = lazy(() => import('./ElectionListPanel'));
const PostsPanel = lazy(() => import('./PostsPanel'));
const TermsPanel = lazy(() => import('./TermsPanel'));
const TargetsPanel = lazy(() => import('./TargetsPanel'));
const ElectionDetailPage = lazy(() => import('./ElectionDetailPage'));

const tabs = ['overview', 'list', 'posts', 'terms', 'targets'] as const;

/** /elections: overview, election list, post holders, terms and targets as tabs; /elections/:id the record. */
export default function ElectionsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const sub = location.pathname.replace(/^\/elections\/?/, '').split('/')[0] || 'overview';
  const isTab = (tabs as readonly string[]).includes(sub);
  if (!isTab) {
    return (
      <Suspense fallback={<PageLoading />}>
        <Routes>
          <Route path=":id" element={<ElectionDetailPage />} />
        </Routes>
      </Suspense>
    );
  }
  return (
    <Card>
      <Tabs
        activeKey={sub}
        data-testid="elections-tabs"
        onChange={(key) => navigate(key === 'overview' ? '/elections' : `/elections/${key}`)}
        items={tabs.map((key) => ({ key, label: t(`elections.tabs.${key}`) }))}
      />
      <Suspense fallback={<PageLoading />}>
        <Routes>
          <Route index element={<OverviewPanel />} />
          <Route path="overview" element={<OverviewPanel />} />
          <Route path="list" element={<ElectionListPanel />} />
          <Route path="posts" element={<PostsPanel />} />
          <Route path="terms" element={<TermsPanel />} />
          <Route path="targets" element={<TargetsPanel />} />
        </Routes>
      </Suspense>
    </Card>
  );
}
