import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/client';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useSession } from '../session';

/** Only same-site paths are accepted as the place to return to after login. */
export function safeRedirect(value: string | null): string {
  if (!value?.startsWith('/') || value.startsWith('//') || value.startsWith('/login')) return '/';
  return value;
}

interface LoginForm {
  username: string;
  password: string;
}

/** The login page: username and password, the server's Chinese error (wrong password, locked account) shown inline. */
export default function LoginPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const redirect = safeRedirect(params.get('redirect'));

  if (session.status === 'authenticated' && !submitting) {
    return <Navigate to={session.user?.mustChangePassword ? '/change-password' : redirect} replace />;
  }

  const submit = async (values: LoginForm) => {
    setError(null);
    setSubmitting(true);
    try {
      const user = await session.login({ username: values.username.trim(), password: values.password });
      navigate(user.mustChangePassword ? '/change-password' : redirect, { replace: true });
    } catch (cause) {
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
        background: 'linear-gradient(180deg, #fff1f0 0%, #f5f5f5 60%)',
        padding: 16,
      }}
    >
      <div style={{ position: 'absolute', top: 12, right: 16 }}>
        <LanguageSwitch />
      </div>
      <Card style={{ width: 380, maxWidth: '100%' }}>
        <Typography.Title level={3} style={{ textAlign: 'center', marginBottom: 4 }}>
          {t('app.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          {t('login.subtitle')}
        </Typography.Paragraph>
        {error && (
          <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />
        )}
        <Form<LoginForm> layout="vertical" onFinish={submit} requiredMark={false} disabled={submitting}>
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
          >
            <Input
              prefix={<UserOutlined />}
              autoComplete="username"
              autoFocus
              placeholder={t('login.username')}
            />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password
              prefix={<LockOutlined />}
              autoComplete="current-password"
              placeholder={t('login.password')}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting}>
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
