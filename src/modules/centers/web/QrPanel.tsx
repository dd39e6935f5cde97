import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../../web/api/client';
import type { CenterDetail } from './types';

/** The public page's address and QR code of a centre, as the server encodes it. */
export interface CentreQr {
  url: string;
  svg: string;
}

/** Loads the QR code (an SVG the server renders) of a centre's public page. */
export function useCentreQr(centerId: string): CentreQr | null {
  const [qr, setQr] = useState<CentreQr | null>(null);
  useEffect(() => {
    api
      .get<CentreQr>(`/api/centers/${centerId}/qr`)
      .then(setQr)
      .catch(() => undefined);
  }, [centerId]);
  return qr;
}

/** An SVG from our own server shown as an image (never injected as markup). */
export function QrImage({ svg, size, alt }: { svg: string; size: number | string; alt: string }) {
  const src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  return (
    <img src={src} alt={alt} style={{ display: 'block', width: size, height: size }} data-testid="qr-image" />
  );
}

/** The 二维码 tab: preview, the encoded address and the way to the print page. */
export function QrPanel({ centre }: { centre: CenterDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qr = useCentreQr(centre.id);
  if (!qr) return <Spin />;
  return (
    <Space align="start" size="large" wrap>
      <QrImage svg={qr.svg} size={200} alt={centre.name} />
      <Space orientation="vertical" style={{ maxWidth: 560 }}>
        <Typography.Text>{t('centers.qr.hint')}</Typography.Text>
        <Typography.Text type="secondary">{t('centers.qr.url')}</Typography.Text>
        <Typography.Link href={qr.url} target="_blank" copyable data-testid="qr-url">
          {qr.url}
        </Typography.Link>
        <Alert type="info" showIcon title={t('centers.qr.baseUrlHint')} />
        <Button
          type="primary"
          icon={<PrinterOutlined />}
          onClick={() => navigate(`/centers/${centre.id}/print`)}
          data-testid="qr-open-print"
        >
          {t('centers.qr.openPrint')}
        </Button>
      </Space>
    </Space>
  );
}
