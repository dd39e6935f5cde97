import {
  AlertOutlined,
  BulbOutlined,
  CommentOutlined,
  HeartOutlined,
  QuestionCircleOutlined,
  SearchOutlined,
  ShopOutlined,
} from '@ant-design/icons';
import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PortalShell } from './PortalShell';

const tile: CSSProperties = {
  background: '#fff',
  borderRadius: 10,
  padding: '14px 12px',
  display: 'flex',
  gap: 10,
  alignItems: 'flex-start',
  color: 'inherit',
  minHeight: 84,
};

function Tile({
  to,
  icon,
  colour,
  title,
  hint,
  id,
}: {
  to: string;
  icon: ReactNode;
  colour: string;
  title: string;
  hint: string;
  id: string;
}) {
  return (
    <Link to={to} style={tile} data-testid={`portal-${id}`}>
      <span style={{ fontSize: 26, color: colour, lineHeight: 1 }}>{icon}</span>
      <span>
        <span style={{ display: 'block', fontWeight: 600, fontSize: 16 }}>{title}</span>
        <span style={{ display: 'block', color: '#8c8c8c', fontSize: 12.5, marginTop: 2 }}>{hint}</span>
      </span>
    </Link>
  );
}

/** /portal: what a resident can do, as big tiles for a phone. */
export default function HomePage() {
  const { t } = useTranslation();
  const tiles = [
    { id: 'report', to: '/portal/report', icon: <AlertOutlined />, colour: '#c8161d' },
    { id: 'idea', to: '/portal/voice/idea', icon: <BulbOutlined />, colour: '#722ed1' },
    { id: 'need', to: '/portal/voice/need', icon: <HeartOutlined />, colour: '#fa8c16' },
    { id: 'question', to: '/portal/voice/question', icon: <QuestionCircleOutlined />, colour: '#2f54eb' },
    { id: 'track', to: '/portal/track', icon: <SearchOutlined />, colour: '#13a8a8' },
    { id: 'services', to: '/portal/services', icon: <ShopOutlined />, colour: '#389e0d' },
    { id: 'replies', to: '/portal/replies', icon: <CommentOutlined />, colour: '#595959' },
  ];
  return (
    <PortalShell title={t('portal.title')} home>
      <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 10, padding: 12 }}>
        {tiles.map((x) => (
          <Tile key={x.id} {...x} title={t(`portal.home.${x.id}`)} hint={t(`portal.home.${x.id}Hint`)} />
        ))}
      </div>
    </PortalShell>
  );
}
