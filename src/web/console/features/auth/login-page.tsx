import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session.tsx';
import { LanguageSwitch } from '../../language-switch.tsx';
import { problemText } from '../../problem-text.ts';
import { login } from './api.ts';

interface LoginForm {
  username: string;
  password: string;
}

/** Staff sign-in; the session becomes an HttpOnly cookie, the token in the answer is not kept. */
export function LoginPage() {
  const { t } = useTranslation('console');
  const { signedIn } = useSession();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const onFinish = async (values: LoginForm) => {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await login(values.username.trim(), values.password);
      signedIn(answer.staff);
    } catch (e) {
      setError(problemText(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ minHeight: '100vh', background: 'linear-gradient(160deg, #1e3a8a 0%, #1d4ed8 55%, #eff6ff 55%)', display: 'flex', flexDirection: 'column' }}>
      <div style={{ display: 'flex', justifyContent: 'flex-end', padding: 16 }}>
        <div style={{ background: '#fff', borderRadius: 6 }}>
          <LanguageSwitch />
        </div>
      </div>
      <main style={{ flex: 1, display: 'grid', placeItems: 'center', padding: 24 }}>
        <Card style={{ width: 400, boxShadow: '0 12px 40px rgba(15, 23, 42, 0.18)' }}>
          <div style={{ textAlign: 'center', marginBottom: 24 }}>
            <img src="/icons/icon.svg" alt="" width={48} height={48} />
            <Typography.Title level={1} style={{ fontSize: 22, margin: '12px 0 4px' }}>
              {t('app.title')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('login.subtitle')}</Typography.Text>
          </div>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
          <Form<LoginForm> layout="vertical" onFinish={onFinish} requiredMark={false} disabled={busy} aria-label={t('login.title')}>
            <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
            </Form.Item>
            <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={busy}>
              {t('login.submit')}
            </Button>
          </Form>
          <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
            {t('login.notice')}
          </Typography.Paragraph>
        </Card>
      </main>
    </div>
  );
}
