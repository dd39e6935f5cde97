import { CheckCircleFilled } from '@ant-design/icons';
import { App, Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { PortalShell, block } from './PortalShell';

/** /portal/done/:code: the tracking code, big, after a submission. */
export default function DonePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { code = '' } = useParams();
  const kindName = (useLocation().state as { kindName?: string } | null)?.kindName;
  const copy = () => {
    navigator.clipboard?.writeText(code).then(
      () => message.success(t('portal.done.copied')),
      () => undefined,
    );
  };
  return (
    <PortalShell title={t('portal.done.title')}>
      <div style={{ ...block, textAlign: 'center', padding: '24px 16px' }}>
        <CheckCircleFilled style={{ fontSize: 48, color: '#52c41a' }} />
        <Typography.Title level={4} style={{ margin: '12px 0 4px' }}>
          {kindName ? `${kindName} · ${t('portal.done.title')}` : t('portal.done.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('portal.done.codeLabel')}</Typography.Text>
        <div
          data-testid="tracking-code"
          style={{
            fontSize: 30,
            fontWeight: 700,
            letterSpacing: 3,
            fontFamily: 'ui-monospace, Menlo, Consolas, monospace',
            margin: '8px 0 12px',
            color: '#c8161d',
            wordBreak: 'break-all',
          }}
        >
          {code}
        </div>
        <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
          {t('portal.done.hint')}
        </Typography.Paragraph>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Button block size="large" onClick={copy}>
            {t('portal.done.copy')}
          </Button>
          <Link to={`/portal/track?code=${code}`}>
            <Button block size="large" type="primary">
              {t('portal.done.track')}
            </Button>
          </Link>
        </Space>
      </div>
    </PortalShell>
  );
}
