import { useId, useState, type FormEvent } from 'react';
import { Button, Input } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../../shared/api.ts';
import { problemMessage } from '../../lib/problems.ts';
import { ArchiveNumberFigure } from './ArchiveNumberFigure.tsx';
import { ARCHIVE_NUMBER_LENGTH, groupArchiveNumber, isArchiveNumber, normalizeArchiveInput } from './format.ts';
import { useLicenceText } from './i18n.ts';
import { useFileArchiveNumber } from './queries.ts';

/** Problems that are about the number typed: shown under the field rather than above the form. */
const FIELD_PROBLEMS = new Set(['invalid_archive_number', 'archive_number_mismatch']);

/**
 * Binds a licence held under another document (or not yet matched) by its archive number.
 * The number is checked for shape here so that a typo never costs one of the 5 daily tries.
 */
export function FilingForm() {
  const { t } = useTranslation();
  const { tl } = useLicenceText();
  const inputId = useId();
  const errorId = useId();
  const [value, setValue] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const filing = useFileArchiveNumber();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    if (!isArchiveNumber(value)) {
      setFieldError(value.length === 0 ? tl('filing.required') : tl('filing.wrongLength', { count: value.length }));
      return;
    }
    setFieldError(null);
    filing.mutate(value, {
      onError: (err) => {
        const text = problemMessage(t, err);
        if (err instanceof ApiProblem && FIELD_PROBLEMS.has(err.code)) setFieldError(text);
        else setFormError(text);
      },
    });
  };

  return (
    <section className="jg-card jg-licence__filing" aria-labelledby={`${inputId}-heading`}>
      <h2 id={`${inputId}-heading`} className="jg-section-title">
        {tl('filing.title')}
      </h2>
      <p className="jg-licence__lead">{tl('filing.lead')}</p>
      <ArchiveNumberFigure />
      <p className="jg-muted jg-small jg-licence__figure-caption">{tl('filing.figure.caption')}</p>
      <form onSubmit={submit} noValidate>
        {formError ? (
          <p className="jg-form-alert" role="alert">
            {formError}
          </p>
        ) : null}
        <label htmlFor={inputId} className="jg-licence__label">
          {tl('filing.label')}
        </label>
        <div className={`jg-licence__input${fieldError ? ' is-invalid' : ''}`}>
          <Input
            id={inputId}
            value={value}
            onChange={(v) => {
              setValue(normalizeArchiveInput(v));
              setFieldError(null);
            }}
            inputMode="numeric"
            autoComplete="off"
            placeholder={tl('filing.placeholder')}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={fieldError ? errorId : `${inputId}-count`}
            clearable
          />
          <span id={`${inputId}-count`} className="jg-licence__count" aria-live="polite">
            {tl('filing.count', { count: value.length, max: ARCHIVE_NUMBER_LENGTH })}
          </span>
        </div>
        {value.length > 4 && !fieldError ? <p className="jg-muted jg-small jg-licence__readback">{groupArchiveNumber(value)}</p> : null}
        {fieldError ? (
          <p id={errorId} className="jg-field-error" role="alert">
            {fieldError}
          </p>
        ) : null}
        <Button type="submit" block color="primary" size="large" loading={filing.isPending} className="jg-licence__submit">
          {tl('filing.submit')}
        </Button>
        <p className="jg-muted jg-small jg-licence__attempts">{tl('filing.attempts')}</p>
      </form>
    </section>
  );
}
