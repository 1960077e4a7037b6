import { useEffect, useState } from 'react';
import { Button, ErrorBlock, ProgressBar, Result } from 'antd-mobile';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiProblem } from '../../../shared/api.ts';
import { Page, PageLoading } from '../../components/Page.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { maskName } from '../../lib/mask.ts';
import { problemMessage } from '../../lib/problems.ts';
import { formatYuan } from './format.ts';
import { usePaymentsText } from './i18n.ts';
import { fineKey, PAYMENT_PATIENCE_MS, usePayFine, usePayment, useReceipt, withLanguage } from './queries.ts';
import type { Payment } from './types.ts';
import './payments.css';

/** Milliseconds since the screen opened, ticking while `running`. */
function useElapsed(running: boolean): number {
  const [started] = useState(() => Date.now());
  const [now, setNow] = useState(started);
  useEffect(() => {
    if (!running) return;
    const id = window.setInterval(() => setNow(Date.now()), 500);
    return () => window.clearInterval(id);
  }, [running]);
  return now - started;
}

/**
 * `/payments/:paymentId`, where the cashier sends the citizen back: follows the payment
 * until it is paid (then the receipt) or ended without money (then a way to pay again).
 */
export function PaymentResultPage() {
  const { paymentId = '' } = useParams();
  const { t } = useTranslation();
  const { tp } = usePaymentsText();
  const [patience, setPatience] = useState(true);
  const payment = usePayment(paymentId, patience);
  const pending = payment.data?.status === 'pending';
  const elapsed = useElapsed(pending && patience);
  useEffect(() => {
    if (pending && elapsed >= PAYMENT_PATIENCE_MS) setPatience(false);
  }, [pending, elapsed]);

  let body;
  if (payment.isPending) body = <PageLoading />;
  else if (payment.isError) {
    const notFound = payment.error instanceof ApiProblem && payment.error.status === 404;
    body = (
      <div className="jg-pad">
        <ErrorBlock
          status={notFound ? 'empty' : 'disconnected'}
          title={notFound ? tp('result.notFoundTitle') : t('errors.loadFailed')}
          description={problemMessage(t, payment.error)}
        />
        {notFound ? (
          <Link to="/fines" className="adm-button adm-button-primary adm-button-block adm-button-large adm-button-shape-default jg-pay__link-button">
            {tp('lookup.title')}
          </Link>
        ) : (
          <Button block color="primary" size="large" onClick={() => void payment.refetch()}>
            {t('common.retry')}
          </Button>
        )}
      </div>
    );
  } else {
    const p = payment.data;
    if (p.status === 'pending')
      body = patience ? (
        <Checking elapsed={elapsed} />
      ) : (
        <div className="jg-pay">
          <Result status="waiting" title={tp('result.slowTitle')} description={tp('result.slowNote')} />
          <div className="jg-pad jg-pay__actions">
            <Button
              block
              color="primary"
              size="large"
              loading={payment.isFetching}
              onClick={() => {
                setPatience(true);
                void payment.refetch();
              }}
            >
              {tp('result.refresh')}
            </Button>
            <FineLink decisionNo={p.decisionNo} />
          </div>
        </div>
      );
    else if (p.status === 'paid') body = <Paid payment={p} />;
    else if (p.status === 'failed') body = <Closed payment={p} />;
    else
      body = (
        <div className="jg-pay">
          <Result status="info" title={tp('result.refundedTitle')} description={tp('result.refundedNote')} />
          <div className="jg-pad jg-pay__actions">
            <FineLink decisionNo={p.decisionNo} primary />
          </div>
        </div>
      );
  }

  return (
    <Page title={tp('result.title')} back="/">
      {body}
    </Page>
  );
}

function Checking({ elapsed }: { elapsed: number }) {
  const { tp } = usePaymentsText();
  // Progress that never claims to be done: it eases towards the end of the wait.
  const percent = Math.min(95, Math.round((elapsed / PAYMENT_PATIENCE_MS) * 100) + 5);
  return (
    <div className="jg-pay jg-pay__checking" role="status" aria-live="polite">
      <span className="jg-spinner" aria-hidden="true" />
      <p className="jg-pay__checking-title">{tp('result.checking')}</p>
      <div className="jg-pay__progress" aria-hidden="true">
        <ProgressBar percent={percent} />
      </div>
      <p className="jg-muted jg-pay__checking-note">{tp('result.checkingNote')}</p>
    </div>
  );
}

function FineLink({ decisionNo, primary }: { decisionNo: string; primary?: boolean }) {
  const { tp } = usePaymentsText();
  return (
    <Link
      to={`/fines/${decisionNo}`}
      className={`adm-button adm-button-primary adm-button-block adm-button-large adm-button-shape-default jg-pay__link-button${primary ? '' : ' adm-button-fill-outline'}`}
    >
      {tp('result.backToFine')}
    </Link>
  );
}

function Paid({ payment }: { payment: Payment }) {
  const { t } = useTranslation();
  const { tp, lang } = usePaymentsText();
  const client = useQueryClient();
  const receipt = useReceipt(payment.paymentId, true);
  useEffect(() => {
    // The fine screen and the fines list must not show the fine as unpaid any more.
    void client.invalidateQueries({ queryKey: fineKey(payment.decisionNo) });
    void client.invalidateQueries({ queryKey: ['payments', 'to-pay'] });
  }, [client, payment.decisionNo]);

  let details;
  if (receipt.isPending)
    details = (
      <p className="jg-muted jg-pay__list-note" role="status">
        {tp('result.receiptLoading')}
      </p>
    );
  else if (receipt.isError)
    details = (
      <div>
        <p className="jg-form-alert" role="alert">
          {problemMessage(t, receipt.error)}
        </p>
        <Button block fill="outline" color="primary" onClick={() => void receipt.refetch()}>
          {t('common.retry')}
        </Button>
      </div>
    );
  else {
    const r = receipt.data;
    details = (
      <>
        <dl className="jg-pay__rows">
          <div className="jg-pay__row">
            <dt>{tp('result.receiptNo')}</dt>
            <dd className="jg-mono" data-testid="receipt-no">
              {r.receiptNo}
            </dd>
          </div>
          <div className="jg-pay__row">
            <dt>{tp('result.payer')}</dt>
            <dd>
              {maskName(r.payer.name)} <span className="jg-mono">{r.payer.docNumberMasked}</span>
            </dd>
          </div>
          <div className="jg-pay__row">
            <dt>{tp('result.amount')}</dt>
            <dd>{formatYuan(r.amountFen)}</dd>
          </div>
          <div className="jg-pay__row">
            <dt>{tp('result.decisionNo')}</dt>
            <dd className="jg-mono">{r.decisionNo}</dd>
          </div>
          <div className="jg-pay__row">
            <dt>{tp('result.paidAt')}</dt>
            <dd>{formatDateTime(r.paidAt, lang)}</dd>
          </div>
        </dl>
        <p className="jg-muted jg-small jg-pay__authority">{r.authority}</p>
        <a href={withLanguage(r.printUrl)} target="_blank" rel="noopener" className="adm-button adm-button-primary adm-button-block adm-button-large adm-button-shape-default jg-pay__link-button">
          {tp('result.printReceipt')}
        </a>
      </>
    );
  }

  return (
    <div className="jg-pay">
      <Result status="success" title={tp('result.paidTitle')} description={tp('result.paidNote')} />
      <section className="jg-card" aria-labelledby="jg-receipt-title">
        <h2 id="jg-receipt-title" className="jg-section-title">
          {tp('result.receiptTitle')}
        </h2>
        {details}
      </section>
      <div className="jg-pad jg-pay__actions">
        <FineLink decisionNo={payment.decisionNo} />
        <Link to="/" className="jg-pay__home">
          {tp('result.home')}
        </Link>
      </div>
    </div>
  );
}

function Closed({ payment }: { payment: Payment }) {
  const { t } = useTranslation();
  const { tp } = usePaymentsText();
  const pay = usePayFine(payment.decisionNo);
  const reason = payment.closedReason === 'cancelled' || payment.closedReason === 'expired' ? payment.closedReason : 'failed';
  return (
    <div className="jg-pay">
      <Result status={reason === 'cancelled' ? 'warning' : 'error'} title={tp(`result.closed.${reason}`)} description={tp('result.closedNote')} />
      <div className="jg-pad jg-pay__actions">
        {pay.isError ? (
          <p className="jg-form-alert" role="alert">
            <strong>{tp('fine.payFailed')}</strong> {problemMessage(t, pay.error)}
          </p>
        ) : null}
        <Button block color="primary" size="large" loading={pay.isPending || pay.isSuccess} loadingText={tp('fine.paying')} disabled={pay.isPending || pay.isSuccess} onClick={() => pay.mutate()}>
          {tp('result.retry')}
        </Button>
        <FineLink decisionNo={payment.decisionNo} />
      </div>
    </div>
  );
}
