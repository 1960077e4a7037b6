import { useId } from 'react';
import { Button, NoticeBar } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DOC_TYPES, DOC_TYPE_INFO, type DocType } from '../../../../domain/id-documents.ts';

export interface DocTypeStepProps {
  value: DocType | undefined;
  onChange(value: DocType): void;
  onNext(): void;
  /** A problem the server reported on the document type (e.g. unsupported_doc_type). */
  error?: string | undefined;
}

/**
 * Step 1. The document must be the one the driving licence was issued under: choosing
 * another one is the most common reason Hong Kong and Macau users cannot bind their licence,
 * so the advice sits above the list instead of in a help page.
 */
export function DocTypeStep({ value, onChange, onNext, error }: DocTypeStepProps) {
  const { t } = useTranslation('citizen-registration');
  const groupId = useId();
  return (
    <section className="jg-reg__step" aria-labelledby={`${groupId}-heading`}>
      <h2 id={`${groupId}-heading`} className="jg-reg__heading">
        {t('docTypeStep.heading')}
      </h2>
      <NoticeBar className="jg-reg__notice" color="info" wrap content={t('docTypeStep.notice')} />
      <p className="jg-reg__aside jg-reg__aside--split">
        <Link to="/help/registration#wrong-document">{t('docTypeStep.notSure')}</Link>
        <span>
          {t('haveAccount')} <Link to="/login">{t('login')}</Link>
        </span>
      </p>
      <div role="radiogroup" aria-label={t('docTypeStep.listLabel')} className="jg-reg__doc-list" aria-invalid={error ? true : undefined}>
        {DOC_TYPES.map((type) => {
          const titleId = `${groupId}-${type}-title`;
          const descId = `${groupId}-${type}-desc`;
          const checked = value === type;
          const instant = DOC_TYPE_INFO[type].verification === 'registry';
          return (
            <label key={type} className={`jg-reg__doc-option${checked ? ' is-checked' : ''}`}>
              <input
                type="radio"
                name={`${groupId}-docType`}
                value={type}
                checked={checked}
                onChange={() => onChange(type)}
                aria-labelledby={titleId}
                aria-describedby={descId}
              />
              <span className="jg-reg__doc-text">
                <span id={titleId} className="jg-reg__doc-name">
                  {t(`docTypes.${type}.name`)}
                </span>
                <span id={descId} className="jg-reg__doc-who">
                  {t(`docTypes.${type}.who`)}
                  <span className={`jg-reg__doc-tag${instant ? ' is-instant' : ''}`}>
                    {t(instant ? 'verification.instant' : 'verification.review')}
                  </span>
                </span>
              </span>
            </label>
          );
        })}
      </div>
      {error ? (
        <p className="jg-reg__error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="jg-reg__footer">
        <Button block color="primary" size="large" disabled={!value} onClick={onNext}>
          {t('docTypeStep.next')}
        </Button>
        {!value ? <p className="jg-reg__footer-hint">{t('docTypeStep.chooseFirst')}</p> : null}
      </div>
    </section>
  );
}
