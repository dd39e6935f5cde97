import { Alert, App, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, api } from '../api/client';
import { useSession } from '../session';
import { meetsPasswordPolicy } from './passwordPolicy';

interface PasswordForm {
  oldPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** Change the own password; forced before anything else while the password is a generated one. */
export default function ChangePasswordPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const forced = session.user?.mustChangePassword ?? false;

  const submit = async (values: PasswordForm) => {
    setError(null);
    setSubmitting(true);
    try {
      await api.post(
        '/api/auth/password',
        { oldPassword: values.oldPassword, newPassword: values.newPassword },
        { quiet: true },
      );
      message.success(t('password.changed'));
      await session.refresh();
      navigate('/', { replace: true });
    } catch (cause) {
      if (cause instanceof ApiError && cause.status === 401) {
        navigate('/login', { replace: true });
        return;
      }
      setError(cause instanceof ApiError ? cause.message : t('errors.unknown'));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: '#f5f5f5',
        padding: 16,
      }}
    >
      <Card style={{ width: 420, maxWidth: '100%' }}>
        <Typography.Title level={4}>{t('password.title')}</Typography.Title>
        {forced && (
          <Alert type="warning" showIcon title={t('password.forced')} style={{ marginBottom: 16 }} />
        )}
        {error && (
          <Alert
            type="error"
            showIcon
            title={error}
            style={{ marginBottom: 16 }}
            data-testid="password-error"
          />
        )}
        <Form<PasswordForm> layout="vertical" onFinish={submit} disabled={submitting}>
          <Form.Item
            name="oldPassword"
            label={t('password.old')}
            rules={[{ required: true, message: t('password.oldRequired') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t('password.new')}
            extra={t('password.policy')}
            rules={[
              { required: true, message: t('password.newRequired') },
              {
                validator: (_, value: string | undefined) =>
                  !value || meetsPasswordPolicy(value)
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('password.policyError'))),
              },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirmPassword"
            label={t('password.confirm')}
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('password.confirmRequired') },
              ({ getFieldValue }) => ({
                validator: (_, value: string | undefined) =>
                  !value || value === getFieldValue('newPassword')
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('password.mismatch'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting}>
            {t('password.submit')}
          </Button>
          {!forced && (
            <Button type="link" block onClick={() => navigate(-1)} style={{ marginTop: 8 }}>
              {t('common.back')}
            </Button>
          )}
          {forced && (
            <Button
              type="link"
              block
              style={{ marginTop: 8 }}
              onClick={async () => {
                await session.logout();
                navigate('/login', { replace: true });
              }}
            >
              {t('layout.logout')}
            </Button>
          )}
        </Form>
      </Card>
    </div>
  );
}
