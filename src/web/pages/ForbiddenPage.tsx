import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

/** 403: logged in, but this page is outside the user's permissions. */
export default function ForbiddenPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title="403"
      subTitle={t('errors.forbiddenPage')}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('common.home')}
        </Button>
      }
    />
  );
}
