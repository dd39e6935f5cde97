import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Radio, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api } from '../../../web/api/client';
import { QrImage, useCentreQr } from './QrPanel';
import type { CenterDetail } from './types';

const PAPER = {
  a4: { width: 210, height: 297, qr: 120, title: 13, caption: 9, url: 4 },
  a5: { width: 148, height: 210, qr: 90, title: 9.5, caption: 6.5, url: 3.2 },
} as const;

/** /centers/:id/print: an A4 or A5 sheet with the centre's name, QR code and address, ready to print. */
export default function QrPrintPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const [paper, setPaper] = useState<keyof typeof PAPER>('a4');
  const [centre, setCentre] = useState<CenterDetail | null>(null);
  const qr = useCentreQr(id);
  useEffect(() => {
    api
      .get<CenterDetail>(`/api/centers/${id}`)
      .then(setCentre)
      .catch(() => undefined);
  }, [id]);
  const size = PAPER[paper];
  if (!qr || !centre) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  // A long name shrinks to stay on one line (down to 60 %), then wraps.
  const padding = size.width / 12;
  const titleSize = Math.max(
    size.title * 0.6,
    Math.min(size.title, ((size.width - 2 * padding) / centre.name.length) * 0.95),
  );
  return (
    <div className="centers-print">
      {/* Only the sheet is printed: the app frame and the toolbar are hidden on paper. */}
      <style>{`
        @page { size: ${paper.toUpperCase()} portrait; margin: 0; }
        @media print {
          .ant-layout-sider, .ant-layout-header, .centers-print-toolbar { display: none !important; }
          .ant-layout, .ant-layout-content, .centers-print { background: #fff !important; padding: 0 !important; margin: 0 !important; }
          .centers-print-sheet { box-shadow: none !important; margin: 0 !important; }
        }
      `}</style>
      <Space className="centers-print-toolbar" style={{ marginBottom: 16 }} wrap>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(`/centers/${id}?tab=qr`)}>
          {t('common.back')}
        </Button>
        <Typography.Text>{t('centers.qr.paper')}</Typography.Text>
        <Radio.Group
          optionType="button"
          value={paper}
          onChange={(event) => setPaper(event.target.value)}
          options={[
            { value: 'a4', label: t('centers.qr.a4') },
            { value: 'a5', label: t('centers.qr.a5') },
          ]}
        />
        <Button
          type="primary"
          icon={<PrinterOutlined />}
          onClick={() => window.print()}
          data-testid="qr-print"
        >
          {t('centers.qr.print')}
        </Button>
      </Space>
      <div
        className="centers-print-sheet"
        data-testid="qr-sheet"
        style={{
          width: `${size.width}mm`,
          height: `${size.height}mm`,
          margin: '0 auto',
          background: '#fff',
          boxShadow: '0 2px 12px rgba(0,0,0,0.15)',
          display: 'flex',
          flexDirection: 'column',
          alignItems: 'center',
          justifyContent: 'center',
          gap: `${size.height / 30}mm`,
          padding: `${padding}mm`,
          boxSizing: 'border-box',
          textAlign: 'center',
          color: '#000',
        }}
      >
        <div style={{ fontSize: `${titleSize}mm`, fontWeight: 700, color: '#c8161d', lineHeight: 1.3 }}>
          {centre.name}
        </div>
        <QrImage svg={qr.svg} size={`${size.qr}mm`} alt={centre.name} />
        <div style={{ fontSize: `${size.caption}mm`, fontWeight: 600, letterSpacing: '0.1em' }}>
          {t('centers.qr.caption')}
        </div>
        <div style={{ fontSize: `${size.url}mm`, color: '#555', wordBreak: 'break-all' }}>{qr.url}</div>
      </div>
    </div>
  );
}
