import { Spin } from 'antd';
import { useTranslation } from 'react-i18next';

/** Full-area spinner while a page chunk or its data loads. */
export function PageLoading() {
  const { t } = useTranslation();
  return (
    <div
      style={{
        display: 'flex',
        justifyContent: 'center',
        alignItems: 'center',
        minHeight: 240,
        height: '100%',
      }}
      role="status"
      data-testid="page-loading"
      aria-label={t('common.loading')}
    >
      <Spin size="large" />
    </div>
  );
}
