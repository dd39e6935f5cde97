import { Segmented } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useLocation, useNavigate } from 'react-router';
import { PageLoading } from '../../../web/components/PageLoading';
import NotFoundPage from '../../../web/pages/NotFoundPage';
import { useAccess } from '../../../web/session';

const RosterPage = lazy(() => import('./RosterPage'));
const TransfersPage = lazy(() => import('./TransfersPage'));

/** /members/*: the roster (with the member drawer) and, for transfer handlers, the transfers page. */
export default function MembersPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const navigate = useNavigate();
  const location = useLocation();
  const onTransfers = location.pathname.startsWith('/members/transfers');
  return (
    <>
      {access.canTransferMembers && (
        <Segmented
          style={{ marginBottom: 12 }}
          value={onTransfers ? 'transfers' : 'roster'}
          onChange={(value) => navigate(value === 'transfers' ? '/members/transfers' : '/members')}
          options={[
            { value: 'roster', label: t('members.title') },
            { value: 'transfers', label: t('members.transfersTitle') },
          ]}
          data-testid="members-section"
        />
      )}
      <Suspense fallback={<PageLoading />}>
        <Routes>
          <Route index element={<RosterPage />} />
          {access.canTransferMembers && <Route path="transfers" element={<TransfersPage />} />}
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Suspense>
    </>
  );
}
