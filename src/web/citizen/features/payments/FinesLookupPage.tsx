import { useId, useState, type FormEvent } from 'react';
import { Button, Input, List } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Page } from '../../components/Page.tsx';
import { RowLink } from '../../components/Rows.tsx';
import { formatDate, formatYuan, normaliseDecisionNo } from './format.ts';
import { usePaymentsText } from './i18n.ts';
import { useFinesToPay } from './queries.ts';
import './payments.css';

/** `/fines`: open one of my fines by its decision number, or straight from the list of fines to pay. */
export function FinesLookupPage() {
  const { tp } = usePaymentsText();
  const navigate = useNavigate();
  const inputId = useId();
  const errorId = useId();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const decisionNo = normaliseDecisionNo(value);
    if (!decisionNo) {
      setError(tp('lookup.invalid'));
      return;
    }
    navigate(`/fines/${decisionNo}`);
  };

  return (
    <Page title={tp('lookup.title')} back="/">
      <div className="jg-pay">
        <section className="jg-card" aria-labelledby={`${inputId}-title`}>
          <h2 id={`${inputId}-title`} className="jg-section-title">
            {tp('lookup.heading')}
          </h2>
          <p className="jg-pay__lead">{tp('lookup.lead')}</p>
          <form onSubmit={submit} noValidate>
            <label htmlFor={inputId} className="jg-visually-hidden">
              {tp('lookup.label')}
            </label>
            <div className={`jg-pay__input${error ? ' is-invalid' : ''}`}>
              <Input
                id={inputId}
                value={value}
                onChange={(v) => {
                  setValue(v.replace(/[^\d\s]/g, '').slice(0, 20));
                  setError(null);
                }}
                inputMode="numeric"
                autoComplete="off"
                placeholder={tp('lookup.placeholder')}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? errorId : undefined}
                clearable
              />
            </div>
            {error ? (
              <p id={errorId} className="jg-field-error" role="alert">
                {error}
              </p>
            ) : null}
            <Button type="submit" block color="primary" size="large" className="jg-pay__submit">
              {tp('lookup.submit')}
            </Button>
          </form>
        </section>
        <FinesToPay />
      </div>
    </Page>
  );
}

function FinesToPay() {
  const { tp, lang } = usePaymentsText();
  const { t } = useTranslation();
  const fines = useFinesToPay();
  let body;
  if (fines.isPending)
    body = (
      <p className="jg-muted jg-pay__list-note" role="status">
        {t('common.loading')}
      </p>
    );
  else if (fines.isError) body = <p className="jg-muted jg-pay__list-note">{tp('lookup.mineFailed')}</p>;
  else if (fines.data.length === 0) body = <p className="jg-muted jg-pay__list-note">{tp('lookup.mineEmpty')}</p>;
  else
    body = (
      <List className="jg-pay__list">
        {fines.data.map((v) => (
          <RowLink
            key={v.decisionNo}
            to={`/fines/${v.decisionNo}`}
            description={
              <>
                <span className="jg-mono">{v.decisionNo}</span>
                {v.dueOn ? <span className={v.overdue ? 'jg-pay__late' : undefined}> · {tp('lookup.rowDue', { date: formatDate(v.dueOn, lang) })}</span> : null}
              </>
            }
            extra={<span className="jg-pay__row-amount">{formatYuan(v.payableFen)}</span>}
          >
            {tp('lookup.rowTitle', { plate: v.plate, description: v.description })}
          </RowLink>
        ))}
      </List>
    );
  return (
    <section className="jg-card jg-pay__mine" aria-labelledby="jg-pay-mine-title">
      <h2 id="jg-pay-mine-title" className="jg-section-title">
        {tp('lookup.mineTitle')}
      </h2>
      {body}
    </section>
  );
}
