import { LeftOutlined } from '@ant-design/icons';
import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

const page: CSSProperties = {
  minHeight: '100vh',
  background: '#f5f5f5',
  maxWidth: 640,
  margin: '0 auto',
  fontSize: 15,
  overflowWrap: 'anywhere',
};
const header: CSSProperties = {
  background: 'linear-gradient(135deg, #c8161d, #e2453c)',
  color: '#fff',
  padding: '14px 16px',
  display: 'flex',
  alignItems: 'center',
  gap: 8,
};

/** A white rounded block of a portal page. */
export const block: CSSProperties = {
  background: '#fff',
  borderRadius: 10,
  padding: '14px 14px 4px',
  margin: '12px',
};

/** The portal's page frame: a red title bar (with a way home on inner pages) and a phone-width body. */
export function PortalShell({
  title,
  home = false,
  children,
}: {
  title: string;
  home?: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div style={page}>
      <header style={header}>
        {!home && (
          <Link to="/portal" style={{ color: '#fff', fontSize: 16 }} aria-label={t('portal.back')}>
            <LeftOutlined />
          </Link>
        )}
        <div>
          <div style={{ fontSize: home ? 20 : 17, fontWeight: 600 }} data-testid="portal-title">
            {title}
          </div>
          {home && <div style={{ fontSize: 13, opacity: 0.9 }}>{t('portal.subtitle')}</div>}
        </div>
      </header>
      <main style={{ paddingBottom: 24 }}>{children}</main>
    </div>
  );
}
