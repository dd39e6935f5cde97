import { ClockCircleOutlined, EnvironmentOutlined, PhoneOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Collapse, Empty, Input, Result, Spin, Tag } from 'antd';
import { type CSSProperties, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError, api } from '../../../web/api/client';
import { type PublicCenterView, timeLimitText } from './types';

type Item = PublicCenterView['items'][number];

const page: CSSProperties = {
  minHeight: '100vh',
  background: '#f5f5f5',
  maxWidth: 720,
  margin: '0 auto',
  overflowWrap: 'anywhere',
  fontSize: 15,
};
const block: CSSProperties = {
  background: '#fff',
  borderRadius: 8,
  padding: '12px 14px',
  margin: '0 12px 12px',
};
const label: CSSProperties = { color: '#8c8c8c', fontSize: 13, marginBottom: 2 };

function Field({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div style={{ marginBottom: 10 }}>
      <div style={label}>{title}</div>
      <div>{children}</div>
    </div>
  );
}

function ItemDetail({ item }: { item: Item }) {
  const { t } = useTranslation();
  return (
    <div data-testid="public-item-detail">
      {item.eligibility && <Field title={t('centers.public.eligibility')}>{item.eligibility}</Field>}
      {item.materials.length > 0 && (
        <Field title={t('centers.public.materials')}>
          <ol style={{ margin: 0, paddingLeft: 20 }}>
            {item.materials.map((material) => (
              <li key={material}>{material}</li>
            ))}
          </ol>
        </Field>
      )}
      <Field title={t('centers.public.timeLimit')}>{timeLimitText(t, item)}</Field>
      <Field title={t('centers.public.fee')}>{item.fee}</Field>
      <Field title={t('centers.public.channels')}>
        {item.channels.map((channel) => (
          <Tag key={channel} color="red" style={{ marginBottom: 4 }}>
            {t(`centers.channels.${channel}`)}
          </Tag>
        ))}
      </Field>
      {item.department && <Field title={t('centers.public.department')}>{item.department}</Field>}
      {item.contactPhone && (
        <Field title={t('centers.public.contact')}>
          <a href={`tel:${item.contactPhone}`} style={{ whiteSpace: 'nowrap' }}>
            <PhoneOutlined /> {item.contactPhone}
          </a>
        </Field>
      )}
    </div>
  );
}

/**
 * /public/centers/:id — the centre's 便民服务事项清单 for residents, no login: built for a phone held in
 * one hand (single column, large touch targets, nothing wider than the screen).
 */
export default function PublicCenterPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [centre, setCentre] = useState<PublicCenterView | null>(null);
  const [failure, setFailure] = useState<'notFound' | 'loadFailed' | null>(null);
  const [query, setQuery] = useState('');

  const load = useCallback(async () => {
    setFailure(null);
    try {
      const result = await api.get<PublicCenterView>(`/api/public/centers/${encodeURIComponent(id)}`, {
        quiet: true,
      });
      setCentre(result);
      document.title = result.name;
    } catch (error) {
      const missing = error instanceof ApiError && (error.status === 404 || error.status === 400);
      setFailure(missing ? 'notFound' : 'loadFailed');
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  const items = useMemo(() => {
    const needle = query.trim().toLowerCase();
    if (!centre) return [];
    if (!needle) return centre.items;
    return centre.items.filter((item) =>
      [item.name, item.department, item.eligibility, ...item.materials].some((text) =>
        text.toLowerCase().includes(needle),
      ),
    );
  }, [centre, query]);

  if (failure) {
    return (
      <div style={page} data-testid="public-not-found">
        <Result
          status={failure === 'notFound' ? '404' : 'warning'}
          title={t(`centers.public.${failure}`)}
          extra={
            failure === 'loadFailed' && (
              <Button onClick={() => void load()}>{t('centers.public.retry')}</Button>
            )
          }
        />
      </div>
    );
  }
  if (!centre) {
    return (
      <div style={{ ...page, paddingTop: 120, textAlign: 'center' }}>
        <Spin />
      </div>
    );
  }
  const phones = centre.staff.filter((person) => person.phone);

  return (
    <div style={page} data-testid="public-center">
      <header style={{ background: '#c8161d', color: '#fff', padding: '20px 16px 28px', marginBottom: -12 }}>
        <h1
          style={{ color: '#fff', fontSize: 22, margin: 0, lineHeight: 1.35 }}
          data-testid="public-center-name"
        >
          {centre.name}
        </h1>
        <div style={{ opacity: 0.85, marginTop: 4, fontSize: 13 }}>{centre.unitName}</div>
      </header>
      <section style={block}>
        {centre.address && (
          <Field title={t('centers.public.address')}>
            <EnvironmentOutlined /> {centre.address}
          </Field>
        )}
        {centre.openingHours && (
          <Field title={t('centers.public.openingHours')}>
            <ClockCircleOutlined /> {centre.openingHours}
          </Field>
        )}
        {phones.length > 0 && (
          <Field title={t('centers.public.staff')}>
            {phones.map((person) => (
              <div key={`${person.name}${person.phone}`} style={{ lineHeight: 2 }}>
                {person.name}
                {person.role && <span style={{ color: '#8c8c8c' }}>（{person.role}）</span>}{' '}
                <a href={`tel:${person.phone}`} style={{ whiteSpace: 'nowrap' }}>
                  <PhoneOutlined /> {person.phone}
                </a>
              </div>
            ))}
          </Field>
        )}
        {centre.photos[0] && (
          <img
            src={centre.photos[0].url}
            alt={centre.photos[0].name}
            style={{ width: '100%', maxHeight: 220, objectFit: 'cover', borderRadius: 6, display: 'block' }}
          />
        )}
      </section>
      <div style={{ position: 'sticky', top: 0, zIndex: 2, background: '#f5f5f5', padding: '4px 12px 8px' }}>
        <Input
          size="large"
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('centers.public.search')}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          data-testid="public-search"
          inputMode="search"
        />
        <div style={{ color: '#8c8c8c', fontSize: 13, marginTop: 6 }}>
          {t('centers.public.itemCount', { count: items.length })}
        </div>
      </div>
      <main style={{ padding: '0 12px' }}>
        {items.length === 0 ? (
          <Empty description={t('centers.public.noMatch')} style={{ padding: 32 }} />
        ) : (
          <Collapse
            accordion
            expandIconPlacement="end"
            style={{ background: '#fff' }}
            items={items.map((item) => ({
              key: item.id,
              label: (
                <div data-testid="public-item">
                  <div style={{ fontWeight: 600, fontSize: 16 }}>{item.name}</div>
                  <div style={{ color: '#8c8c8c', fontSize: 13, marginTop: 2 }}>
                    {item.channels.map((channel) => t(`centers.channels.${channel}`)).join(' · ')}
                    {' · '}
                    {timeLimitText(t, item)}
                  </div>
                </div>
              ),
              children: <ItemDetail item={item} />,
            }))}
          />
        )}
      </main>
      <footer style={{ textAlign: 'center', color: '#bfbfbf', fontSize: 12, padding: '24px 12px 32px' }}>
        {t('centers.public.footer')}
      </footer>
    </div>
  );
}
