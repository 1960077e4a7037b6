import { useState } from 'react';
import { Button, Dialog, Input, List, Picker, TextArea, Toast } from 'antd-mobile';
import { ExclamationCircleFill } from 'antd-mobile-icons';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiProblem } from '../../../shared/api.ts';
import { Page } from '../../components/Page.tsx';
import { RowButton } from '../../components/Rows.tsx';
import { useSessionState } from '../../session.tsx';
import { useCountdown } from '../../lib/countdown.ts';
import { clearDeviceToken } from '../../lib/device-gesture.ts';
import { problemMessage, retryAfterSeconds } from '../../lib/problems.ts';

/** Common reasons, sent by key so staff statistics do not depend on the user's language. */
export const DELETE_REASONS = ['no_longer_needed', 'duplicate_account', 'privacy', 'changing_phone', 'other'] as const;
const RESEND_SECONDS = 60;

export function DeleteAccountPage() {
  const { t } = useTranslation();
  const { account, forget } = useSessionState();
  const [pickerOpen, setPickerOpen] = useState(false);
  const [reason, setReason] = useState<string | null>(null);
  const [reasonText, setReasonText] = useState('');
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState(false);
  const [wait, startWait] = useCountdown();

  const sendCode = useMutation({
    mutationFn: () => api<{ expiresAt: string }>('POST', '/api/v1/sms-codes', { body: { purpose: 'delete_account' } }),
    onSuccess: () => {
      setSentTo(true);
      setCodeError(null);
      startWait(RESEND_SECONDS);
      Toast.show({ content: t('deleteAccount.codeSent') });
    },
    onError: (e) => {
      const seconds = retryAfterSeconds(e);
      if (e instanceof ApiProblem && e.code === 'sms_rate_limited' && seconds) {
        startWait(seconds);
        setCodeError(t('deleteAccount.smsWait', { count: seconds }));
        return;
      }
      setCodeError(problemMessage(t, e));
    },
  });

  const remove = useMutation({
    mutationFn: (body: { reason: string; code: string }) => api('DELETE', '/api/v1/me', { body }),
    onSuccess: () => {
      clearDeviceToken();
      forget('/account-deleted');
    },
    onError: (e) => {
      if (e instanceof ApiProblem && (e.code === 'invalid_code' || e.code === 'code_expired' || e.field === 'code')) {
        setCodeError(problemMessage(t, e));
        return;
      }
      setFormError(problemMessage(t, e));
    },
  });

  if (!account) return null;

  const needsText = reason === 'other';
  const reasonValid = reason !== null && (!needsText || reasonText.trim().length > 0);
  const codeValid = /^\d{6}$/.test(code);

  const submit = async () => {
    setFormError(null);
    if (!reasonValid) return setFormError(needsText ? t('deleteAccount.reasonTextRequired') : t('deleteAccount.reasonRequired'));
    if (!codeValid) return setCodeError(t('deleteAccount.codeFormat'));
    const ok = await Dialog.confirm({
      title: t('deleteAccount.confirmTitle'),
      content: t('deleteAccount.confirmBody'),
      confirmText: <span className="jg-danger-text">{t('deleteAccount.confirm')}</span>,
      cancelText: t('common.cancel'),
    });
    if (!ok) return;
    const text = reasonText.trim();
    remove.mutate({ reason: text ? `${reason}: ${text}` : reason!, code });
  };

  return (
    <Page title={t('deleteAccount.title')} back="/me/security">
      <section className="jg-card jg-warning" aria-labelledby="jg-delete-warning">
        <h2 id="jg-delete-warning" className="jg-warning__title">
          <ExclamationCircleFill aria-hidden="true" /> {t('deleteAccount.warningTitle')}
        </h2>
        <ul className="jg-list">
          <li>{t('deleteAccount.warning1')}</li>
          <li>{t('deleteAccount.warning2')}</li>
          <li>{t('deleteAccount.warning3')}</li>
          <li>{t('deleteAccount.warning4')}</li>
        </ul>
      </section>

      <List header={t('deleteAccount.reasonSection')} mode="card">
        <RowButton popup onClick={() => setPickerOpen(true)} extra={reason ? t(`deleteAccount.reasons.${reason}`) : t('common.choose')}>
          {t('deleteAccount.reason')}
        </RowButton>
        <List.Item>
          <TextArea
            aria-label={needsText ? t('deleteAccount.reasonTextRequiredLabel') : t('deleteAccount.reasonTextLabel')}
            placeholder={needsText ? t('deleteAccount.reasonTextRequiredLabel') : t('deleteAccount.reasonTextLabel')}
            value={reasonText}
            onChange={setReasonText}
            maxLength={200}
            rows={2}
            showCount
          />
        </List.Item>
      </List>
      <Picker
        visible={pickerOpen}
        onClose={() => setPickerOpen(false)}
        title={t('deleteAccount.reason')}
        confirmText={t('common.confirm')}
        cancelText={t('common.cancel')}
        columns={[DELETE_REASONS.map((r) => ({ label: t(`deleteAccount.reasons.${r}`), value: r }))]}
        value={reason ? [reason] : []}
        onConfirm={(v) => {
          setReason((v[0] as string | null) ?? null);
          setFormError(null);
        }}
      />

      <List header={t('deleteAccount.codeSection')} mode="card">
        <List.Item description={t('deleteAccount.codeTo', { phone: account.phoneMasked })}>
          <div className="jg-code-row">
            <label htmlFor="jg-delete-code" className="jg-visually-hidden">
              {t('deleteAccount.code')}
            </label>
            <Input
              id="jg-delete-code"
              value={code}
              onChange={(v) => {
                setCode(v.replace(/\D/g, '').slice(0, 6));
                setCodeError(null);
              }}
              placeholder={t('deleteAccount.codePlaceholder')}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
            />
            <Button size="small" color="primary" fill="outline" disabled={wait > 0} loading={sendCode.isPending} onClick={() => sendCode.mutate()}>
              {wait > 0 ? t('deleteAccount.resendIn', { count: wait }) : sentTo ? t('deleteAccount.resend') : t('deleteAccount.getCode')}
            </Button>
          </div>
          {codeError && (
            <p className="jg-field-error" role="alert">
              {codeError}
            </p>
          )}
        </List.Item>
      </List>

      <div className="jg-pad">
        {formError && (
          <p className="jg-form-alert" role="alert">
            {formError}
          </p>
        )}
        <Button block color="danger" size="large" loading={remove.isPending} onClick={() => void submit()}>
          {t('deleteAccount.submit')}
        </Button>
      </div>
    </Page>
  );
}
