import { useTranslation } from 'react-i18next';
import { Button } from 'antd-mobile';
import { CheckCircleFill, CloseCircleFill } from 'antd-mobile-icons';
import type { Verdict } from './check.ts';
import { formatInstant, stateInWords } from './format.ts';
import { currentLanguage } from '../shared/i18n.ts';

/** The verdict in large type for a glance at the roadside, then the details that back it. */
export function Result({ verdict, onNext, onRetry }: { verdict: Verdict; onNext: () => void; onRetry?: () => void }) {
  const { t } = useTranslation('verify');
  const lang = currentLanguage();
  const { holder } = verdict;
  const offline = verdict.mode === 'offline';
  // Offline the state is what the credential stated when it was generated; live it is the registry's now.
  const statusText = holder ? (holder.statusText ?? t('result.statusAtIssue', { status: stateInWords(holder.status, t) })) : '';
  const headline = verdict.valid ? t(offline ? 'result.validOffline' : 'result.valid') : t('result.invalid');

  return (
    <section className="vf-result" aria-live="assertive">
      <div className={`vf-verdict ${verdict.valid ? 'vf-verdict-valid' : 'vf-verdict-invalid'}`} role="status">
        {verdict.valid ? <CheckCircleFill className="vf-verdict-icon" aria-hidden="true" /> : <CloseCircleFill className="vf-verdict-icon" aria-hidden="true" />}
        <h2 className="vf-verdict-word">{headline}</h2>
        {verdict.reason && (
          <p className="vf-verdict-reason">
            {t(`result.reasons.${verdict.reason}`, { status: statusText })}
            {verdict.reason === 'expired' && offline ? ` ${t('result.reasons.expiredOfflineHint')}` : ''}
          </p>
        )}
      </div>

      {holder && (
        <dl className="vf-holder">
          <div>
            <dt>{t('result.fields.name')}</dt>
            <dd className="vf-holder-name">{holder.name}</dd>
          </div>
          <div>
            <dt>{t('result.fields.number')}</dt>
            <dd className="vf-mono">{holder.numberMasked}</dd>
          </div>
          <div>
            <dt>{t('result.fields.class')}</dt>
            <dd className="vf-strong">{holder.class}</dd>
          </div>
          <div>
            <dt>{t('result.fields.validTo')}</dt>
            <dd className="vf-mono">{holder.validTo ?? t('result.longTerm')}</dd>
          </div>
          <div>
            <dt>{t('result.fields.status')}</dt>
            <dd>{statusText}</dd>
          </div>
        </dl>
      )}

      <div className={`vf-mode ${offline ? 'vf-mode-offline' : ''}`}>
        <p>{offline ? t('result.offline') : t('result.live')}</p>
        {offline && verdict.liveFailure && <p>{t(`result.liveFailure.${verdict.liveFailure}`)}</p>}
        {offline && <p>{verdict.keysFetchedAt ? t('result.keysAt', { time: formatInstant(verdict.keysFetchedAt, lang) }) : t('result.keysNone')}</p>}
        <p>
          {t('result.fields.checkedAt')}: <span className="vf-mono">{formatInstant(verdict.checkedAt, lang)}</span>
        </p>
      </div>

      <Button block color="primary" size="large" className="vf-next" onClick={onNext}>
        {t('result.next')}
      </Button>
      {offline && onRetry && (
        <Button block size="large" className="vf-retry" onClick={onRetry}>
          {t('result.retryLive')}
        </Button>
      )}
    </section>
  );
}
