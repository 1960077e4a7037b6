import { useEffect, useRef, useState } from 'react';
import { Button, Form, Input, Result } from 'antd-mobile';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { api, ApiProblem } from '../../../shared/api.ts';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { PasswordInput } from '../../components/PasswordInput.tsx';
import { useSessionState } from '../../session.tsx';
import { getDeviceToken } from '../../lib/device-gesture.ts';
import { loginPath, safeNext } from '../../lib/navigation.ts';
import { minutesFromSeconds, problemMessage, retryAfterSeconds } from '../../lib/problems.ts';
import type { SessionAnswer } from '../../lib/types.ts';

interface Fields {
  login: string;
  password: string;
}

/** The reason a rejected registration gives, if the server sent one apart from `detail`. */
function rejectionReason(p: ApiProblem): string | null {
  const r = p.body.reason;
  return typeof r === 'string' && r.trim() ? r : null;
}

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const location = useLocation();
  const routeState = (location.state ?? {}) as { signedOut?: boolean; login?: unknown };
  const signingOut = Boolean(routeState.signedOut);
  // Registration sends people here with the phone they just registered, to save retyping it.
  const prefilledLogin = typeof routeState.login === 'string' ? routeState.login : undefined;
  const next = safeNext(params.get('next'));
  const { account, refresh } = useSessionState();
  const [form] = Form.useForm<Fields>();
  const [alert, setAlert] = useState<string | null>(null);
  const [rejected, setRejected] = useState<ApiProblem | null>(null);
  const hasGesture = Boolean(getDeviceToken());
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const login = useMutation({
    meta: { expectsUnauthorized: true },
    mutationFn: (fields: Fields) =>
      api<SessionAnswer>('POST', '/api/v1/sessions', { body: { login: fields.login.trim(), password: fields.password } }),
    onSuccess: async () => {
      await refresh();
      // With the account known this page usually has already redirected (below) and is gone;
      // navigating again from here would pull back a user who has tapped on meanwhile.
      if (mounted.current) navigate(next, { replace: true });
    },
    onError: (error) => {
      if (!(error instanceof ApiProblem)) return setAlert(problemMessage(t, error));
      switch (error.code) {
        case 'account_pending_review':
          navigate('/pending', { state: { from: 'login' } });
          return;
        case 'account_rejected':
          setRejected(error);
          return;
        case 'too_many_attempts': {
          const wait = retryAfterSeconds(error);
          setAlert(wait ? t('login.tooManyAttempts', { count: minutesFromSeconds(wait) }) : problemMessage(t, error));
          return;
        }
        default:
          if (error.field === 'login' || error.field === 'password') {
            form.setFields([{ name: error.field, errors: [problemMessage(t, error)] }]);
            return;
          }
          setAlert(problemMessage(t, error));
      }
    },
  });

  if (account && !signingOut) return <Navigate to={next} replace />;

  if (rejected) {
    const reason = rejectionReason(rejected);
    return (
      <div className="jg-plain">
        <div className="jg-plain__bar">
          <LanguageSwitch />
        </div>
        <Result status="error" title={t('login.rejected.title')} description={rejected.detail || t('login.rejected.body')} />
        <div className="jg-pad">
          {reason && (
            <section className="jg-card" aria-labelledby="jg-reject-reason">
              <h2 id="jg-reject-reason" className="jg-section-title">
                {t('login.rejected.reason')}
              </h2>
              <p className="jg-text">{reason}</p>
            </section>
          )}
          <p className="jg-text jg-muted">{t('login.rejected.next')}</p>
          <Button block color="primary" size="large" onClick={() => navigate('/register')}>
            {t('login.rejected.registerAgain')}
          </Button>
          <Button block fill="none" size="large" onClick={() => setRejected(null)} style={{ marginTop: 12 }}>
            {t('login.rejected.back')}
          </Button>
        </div>
      </div>
    );
  }

  return (
    <div className="jg-login">
      <div className="jg-login__hero">
        <div className="jg-plain__bar">
          <LanguageSwitch tone="light" />
        </div>
        <img src="/icons/icon.svg" alt="" width={56} height={56} className="jg-login__logo" />
        <h1 className="jg-login__title">{t('app.name')}</h1>
        <p className="jg-login__tagline">{t('app.tagline')}</p>
      </div>
      <div className="jg-login__card">
        <h2 className="jg-login__heading">{t('login.title')}</h2>
        <Form
          form={form}
          name="login"
          initialValues={{ login: prefilledLogin }}
          layout="vertical"
          requiredMarkStyle="none"
          mode="card"
          onFinish={(fields: Fields) => {
            setAlert(null);
            login.mutate(fields);
          }}
          onValuesChange={() => alert && setAlert(null)}
          footer={
            <>
              {alert && (
                <p className="jg-form-alert" role="alert">
                  {alert}
                </p>
              )}
              <Button block type="submit" color="primary" size="large" loading={login.isPending}>
                {t('login.submit')}
              </Button>
            </>
          }
        >
          <Form.Item name="login" label={t('login.login')} rules={[{ required: true, whitespace: true, message: t('login.loginRequired') }]}>
            <Input placeholder={t('login.loginPlaceholder')} autoComplete="username" autoCapitalize="characters" clearable />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <PasswordInput placeholder={t('login.passwordPlaceholder')} />
          </Form.Item>
        </Form>
        {hasGesture && (
          <Button block fill="outline" size="large" className="jg-login__gesture" onClick={() => navigate(loginPath(next, '/unlock'))}>
            {t('login.useGesture')}
          </Button>
        )}
        <nav className="jg-login__links" aria-label={t('login.moreLabel')}>
          <Link to="/register">{t('login.register')}</Link>
          <Link to="/help/registration">{t('login.help')}</Link>
        </nav>
      </div>
    </div>
  );
}
