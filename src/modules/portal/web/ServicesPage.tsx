import { ClockCircleOutlined, EnvironmentOutlined, RightOutlined } from '@ant-design/icons';
import { Empty, Input, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../web/api/client';
import { PortalShell, block } from './PortalShell';
import type { CenterEntry } from './types';

/** /portal/services: the service centres; each opens its public list of services. */
export default function ServicesPage() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [centres, setCentres] = useState<CenterEntry[] | null>(null);
  useEffect(() => {
    setCentres(null);
    api.get<CenterEntry[]>('/api/portal/centers', { query: { q } }).then(setCentres, () => setCentres([]));
  }, [q]);
  return (
    <PortalShell title={t('portal.services.title')}>
      <div style={{ padding: '12px 12px 0' }}>
        <Input.Search
          allowClear
          placeholder={t('portal.services.search')}
          onSearch={(v) => setQ(v.trim())}
          size="large"
        />
      </div>
      {centres === null ? (
        <div style={{ textAlign: 'center', padding: 40 }}>
          <Spin />
        </div>
      ) : centres.length === 0 ? (
        <Empty style={{ marginTop: 40 }} description={t('portal.services.empty')} />
      ) : (
        centres.map((c) => (
          <Link
            key={c.id}
            to={`/public/centers/${c.id}`}
            style={{ ...block, display: 'block', color: 'inherit', paddingBottom: 12 }}
            data-testid="portal-centre"
          >
            <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
              <div style={{ flex: 1, minWidth: 0 }}>
                <Typography.Text strong style={{ fontSize: 16 }}>
                  {c.name}
                </Typography.Text>
                <div style={{ color: '#8c8c8c', fontSize: 13 }}>
                  {[c.townshipName, c.unitName].filter(Boolean).join(' · ')}
                </div>
                {c.address && (
                  <div style={{ fontSize: 13, marginTop: 4 }}>
                    <EnvironmentOutlined /> {c.address}
                  </div>
                )}
                {c.openingHours && (
                  <div style={{ fontSize: 13 }}>
                    <ClockCircleOutlined /> {c.openingHours}
                  </div>
                )}
              </div>
              <RightOutlined style={{ color: '#bfbfbf' }} />
            </div>
          </Link>
        ))
      )}
    </PortalShell>
  );
}
