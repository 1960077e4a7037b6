import { useState } from 'react';
import { Button, Dialog } from 'antd-mobile';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { api, ApiProblem } from '../../../shared/api.ts';
import { GesturePad } from '../../../shared/GesturePad.tsx';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { useSessionState } from '../../session.tsx';
import { clearDeviceToken, getDeviceToken, GESTURE_MAX_TRIES, recordGestureFailure, resetGestureFailures } from '../../lib/device-gesture.ts';
import { gesturePadLabels } from '../../lib/gesture-labels.ts';
import { loginPath, safeNext } from '../../lib/navigation.ts';
import { problemMessage } from '../../lib/problems.ts';
import type { SessionAnswer } from '../../lib/types.ts';

/** The server's count of tries left, under either name it may use. */
function remainingFrom(p: ApiProblem): number | null {
  for (const k of ['remainingAttempts', 'attemptsLeft', 'remainingTries']) {
    const v = p.body[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return null;
}

/** Codes that mean this device's gesture is gone for good (removed elsewhere, token unknown). */
const TOKEN_GONE = new Set(['gesture_disabled', 'gesture_not_set', 'invalid_device_token', 'device_token_invalid']);

export function UnlockPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const { account, refresh } = useSessionState();
  const [deviceToken] = useState(getDeviceToken);
  const [status, setStatus] = useState<'idle' | 'error' | 'success'>('idle');
  const [feedbackKey, setFeedbackKey] = useState(0);
  const [message, setMessage] = useState<string | null>(null);

  const toPasswordLogin = () => navigate(loginPath(next), { replace: true });

  const unlock = useMutation({
    meta: { expectsUnauthorized: true },
    mutationFn: (pattern: number[]) => api<SessionAnswer>('POST', '/api/v1/sessions/gesture', { body: { deviceToken, pattern } }),
    onSuccess: async () => {
      resetGestureFailures();
      setStatus('success');
      await refresh();
      navigate(next, { replace: true });
    },
    onError: async (error) => {
      setStatus('error');
      setFeedbackKey((k) => k + 1);
      if (!(error instanceof ApiProblem) || error.status === 0) return setMessage(problemMessage(t, error));
      const disable = async (content: string) => {
        clearDeviceToken();
        await Dialog.alert({ title: t('unlock.disabledTitle'), content, confirmText: t('unlock.usePassword') });
        toPasswordLogin();
      };
      if (TOKEN_GONE.has(error.code)) return disable(error.code === 'gesture_disabled' ? t('unlock.disabledBody') : problemMessage(t, error));
      if (error.code === 'too_many_attempts' || error.code === 'account_pending_review' || error.code === 'account_rejected') {
        // Account-level answers are explained on the password screen.
        setMessage(problemMessage(t, error));
        return;
      }
      const left = remainingFrom(error) ?? GESTURE_MAX_TRIES - recordGestureFailure();
      // Out of tries but the server still says only "wrong": the token no longer matches any
      // gesture (removed on another device), so this device's gesture is of no further use.
      if (left <= 0) return disable(t('unlock.disabledBody'));
      setMessage(t('unlock.wrongWithCount', { count: left }));
    },
  });

  if (account) return <Navigate to={next} replace />;
  if (!deviceToken) return <Navigate to={loginPath(next)} replace />;

  return (
    <div className="jg-plain">
      <div className="jg-plain__bar">
        <LanguageSwitch />
      </div>
      <div className="jg-pad jg-unlock">
        <h1 className="jg-unlock__title">{t('unlock.title')}</h1>
        <p className={`jg-unlock__hint${message ? ' jg-unlock__hint--error' : ''}`} role={message ? 'alert' : undefined} aria-live="polite">
          {message ?? t('unlock.hint')}
        </p>
        <GesturePad
          labels={gesturePadLabels(t)}
          status={status}
          feedbackKey={feedbackKey}
          disabled={unlock.isPending || status === 'success'}
          onComplete={(pattern) => {
            setStatus('idle');
            if (pattern.length < 4) {
              setStatus('error');
              setFeedbackKey((k) => k + 1);
              setMessage(t('gesture.tooShort', { count: 4 }));
              return;
            }
            setMessage(null);
            unlock.mutate(pattern);
          }}
        />
        <Button block fill="none" size="large" onClick={toPasswordLogin} style={{ marginTop: 24 }}>
          {t('unlock.usePassword')}
        </Button>
      </div>
    </div>
  );
}
