import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ConsoleApiError } from '../../api.ts';
import { useSession } from '../../session.tsx';
import { LanguageSwitch } from '../../language-switch.tsx';
import { problemText } from '../../problem-text.ts';
import { changePassword } from './api.ts';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/**
 * Password change. `forced` is the first-login screen: until the generated password is
 * replaced the server refuses every other staff call (403 password_change_required).
 */
export function ChangePasswordPage({ forced = false }: { forced?: boolean }) {
  const { t } = useTranslation('console');
  const { staff, refresh, signOut } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<PasswordForm>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const onFinish = async (values: PasswordForm) => {
    setBusy(true);
    setError(undefined);
    try {
      await changePassword(values.currentPassword, values.newPassword);
      void message.success(t('password.changed'));
      form.resetFields();
      // Refresh who we are: the flag clears, or (if the server ended the session on change) the login screen shows.
      await refresh();
      // Start work from the queue, not from whatever address the first login came in on.
      navigate('/');
    } catch (e) {
      const text = problemText(e, t);
      // Put a rule's message under the field it is about (the server names it in `field`).
      if (e instanceof ConsoleApiError && (e.field === 'currentPassword' || e.field === 'newPassword'))
        form.setFields([{ name: e.field, errors: [text] }]);
      else setError(text);
    } finally {
      setBusy(false);
    }
  };

  const card = (
    <Card style={{ width: 460, maxWidth: '100%' }} title={<Typography.Title level={forced ? 1 : 2} style={{ fontSize: 18, margin: 0 }}>{t('password.title')}</Typography.Title>}>
      {forced && <Alert type="info" showIcon title={t('password.forcedNotice', { name: staff?.displayName || staff?.username })} style={{ marginBottom: 16 }} />}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
      <Form<PasswordForm> form={form} layout="vertical" onFinish={onFinish} disabled={busy} requiredMark={false} aria-label={t('password.title')}>
        <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true, message: t('password.currentRequired') }]}>
          <Input.Password autoComplete="current-password" autoFocus />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('password.new')}
          extra={t('password.rules')}
          rules={[
            { required: true, message: t('password.newRequired') },
            ({ getFieldValue }) => ({
              validator: (_, value: string) =>
                value && value === getFieldValue('currentPassword') ? Promise.reject(new Error(t('password.sameAsCurrent'))) : Promise.resolve(),
            }),
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
              validator: (_, value: string) =>
                !value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <div style={{ display: 'flex', gap: 8, justifyContent: 'flex-end' }}>
          {forced ? (
            <Button onClick={() => void signOut()}>{t('header.logout')}</Button>
          ) : (
            <Button onClick={() => navigate(-1)}>{t('actions.cancel')}</Button>
          )}
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('password.submit')}
          </Button>
        </div>
      </Form>
    </Card>
  );

  if (!forced) return card;
  return (
    <div style={{ minHeight: '100vh', background: '#f5f7fb', display: 'flex', flexDirection: 'column' }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', padding: '12px 24px', background: '#fff', borderBottom: '1px solid #f0f0f0' }}>
        <Typography.Text strong>{t('app.title')}</Typography.Text>
        <LanguageSwitch />
      </div>
      <main style={{ flex: 1, display: 'grid', placeItems: 'center', padding: 24 }}>{card}</main>
    </div>
  );
}
