import { useState } from 'react';
import { Steps, Toast } from 'antd-mobile';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../../shared/api.ts';
import { GESTURE_MIN_DOTS, isCompletePattern, samePattern } from '../../../shared/gesture.ts';
import { GesturePad } from '../../../shared/GesturePad.tsx';
import { Page } from '../../components/Page.tsx';
import { useSessionState } from '../../session.tsx';
import { setDeviceToken } from '../../lib/device-gesture.ts';
import { gesturePadLabels } from '../../lib/gesture-labels.ts';
import { problemMessage } from '../../lib/problems.ts';

/** Draw the pattern, draw it again to confirm, then this device keeps the token that goes with it. */
export function GestureSetupPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { refresh } = useSessionState();
  const [first, setFirst] = useState<number[] | null>(null);
  const [status, setStatus] = useState<'idle' | 'error' | 'success'>('idle');
  const [feedbackKey, setFeedbackKey] = useState(0);
  const [message, setMessage] = useState<string | null>(null);

  const save = useMutation({
    mutationFn: (pattern: number[]) => api<{ deviceToken: string }>('PUT', '/api/v1/me/gesture', { body: { pattern } }),
    onSuccess: async ({ deviceToken }) => {
      setDeviceToken(deviceToken);
      setStatus('success');
      await refresh();
      Toast.show({ icon: 'success', content: t('gestureSetup.saved') });
      navigate('/me/security', { replace: true });
    },
    onError: (e) => {
      fail(problemMessage(t, e));
      setFirst(null);
    },
  });

  const fail = (text: string) => {
    setStatus('error');
    setFeedbackKey((k) => k + 1);
    setMessage(text);
  };

  const onComplete = (pattern: number[]) => {
    if (!isCompletePattern(pattern)) return fail(t('gesture.tooShort', { count: GESTURE_MIN_DOTS }));
    if (!first) {
      setFirst(pattern);
      setStatus('idle');
      setMessage(null);
      return;
    }
    if (!samePattern(first, pattern)) {
      setFirst(null);
      return fail(t('gestureSetup.mismatch'));
    }
    setStatus('success');
    setMessage(null);
    save.mutate(pattern);
  };

  return (
    <Page title={t('gestureSetup.title')} back="/me/security">
      <div className="jg-pad">
        <Steps current={first ? 1 : 0}>
          <Steps.Step title={t('gestureSetup.stepDraw')} />
          <Steps.Step title={t('gestureSetup.stepConfirm')} />
        </Steps>
        <p className={`jg-unlock__hint${message ? ' jg-unlock__hint--error' : ''}`} role={message ? 'alert' : undefined} aria-live="polite">
          {message ?? (first ? t('gestureSetup.drawAgain') : t('gestureSetup.drawFirst', { count: GESTURE_MIN_DOTS }))}
        </p>
        <GesturePad
          key={first ? 'confirm' : 'draw'}
          labels={gesturePadLabels(t)}
          status={status}
          feedbackKey={feedbackKey}
          disabled={save.isPending}
          onComplete={onComplete}
        />
        <p className="jg-text jg-muted jg-small">{t('gestureSetup.note')}</p>
      </div>
    </Page>
  );
}
