import type { ReactNode } from 'react';
import { Button, ErrorBlock, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useParams, useSearchParams } from 'react-router';
import { ApiProblem } from '../../../shared/api.ts';
import { Page, PageLoading } from '../../components/Page.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { formatDate, formatYuan } from './format.ts';
import { usePaymentsText } from './i18n.ts';
import { useFine, usePayFine, withLanguage } from './queries.ts';
import type { Fine } from './types.ts';
import './payments.css';

/** `/fines/:decisionNo`: what a fine costs today and why, and the way to pay it. */
export function FineDetailPage() {
  const { decisionNo = '' } = useParams();
  const [search] = useSearchParams();
  const { t } = useTranslation();
  const { tp } = usePaymentsText();
  const fine = useFine(decisionNo);

  // Orders opened before the result screen existed still come back here with ?payment=.
  const returning = search.get('payment');
  if (returning) return <Navigate to={`/payments/${encodeURIComponent(returning)}`} replace />;

  let body;
  if (fine.isPending) body = <PageLoading />;
  else if (fine.isError) {
    const notFound = fine.error instanceof ApiProblem && fine.error.status === 404;
    body = (
      <div className="jg-pad">
        <ErrorBlock
          status={notFound ? 'empty' : 'disconnected'}
          title={notFound ? tp('fine.notFoundTitle') : t('errors.loadFailed')}
          description={problemMessage(t, fine.error)}
        />
        {notFound ? (
          <Link to="/fines" className="adm-button adm-button-primary adm-button-block adm-button-large adm-button-shape-default jg-pay__link-button">
            {tp('fine.lookupAgain')}
          </Link>
        ) : (
          <Button block color="primary" size="large" onClick={() => void fine.refetch()}>
            {t('common.retry')}
          </Button>
        )}
      </div>
    );
  } else body = <FineView fine={fine.data} />;

  return (
    <Page title={tp('fine.title')} back="/fines">
      {body}
    </Page>
  );
}

function Row({ label, children, strong }: { label: ReactNode; children: ReactNode; strong?: boolean }) {
  return (
    <div className={`jg-pay__row${strong ? ' is-strong' : ''}`}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function FineView({ fine }: { fine: Fine }) {
  const { t } = useTranslation();
  const { tp, lang } = usePaymentsText();
  const pay = usePayFine(fine.decisionNo);
  const paid = fine.status === 'paid';
  const late = fine.daysLate > 0;

  return (
    <div className="jg-pay">
      <section className={`jg-pay__summary${paid ? ' is-paid' : late ? ' is-late' : ''}`} aria-labelledby="jg-fine-amount">
        <div className="jg-pay__summary-head">
          <span id="jg-fine-amount" className="jg-pay__summary-label">
            {paid ? tp('fine.paidLabel') : tp('fine.payableLabel')}
          </span>
          <Tag color={paid ? 'success' : late ? 'danger' : 'warning'} round>
            {tp(`fine.status.${fine.status}`)}
          </Tag>
        </div>
        <p className="jg-pay__amount">{formatYuan(paid ? fine.fineFen + fine.lateFeeFen : fine.payableFen)}</p>
        <p className="jg-pay__decision">
          {tp('fine.decisionNo')} <span className="jg-mono">{fine.decisionNo}</span>
        </p>
      </section>

      <section className="jg-card" aria-label={tp('fine.title')}>
        <dl className="jg-pay__rows">
          <Row label={tp('fine.fine')}>{formatYuan(fine.fineFen)}</Row>
          <Row label={tp('fine.dueOn')}>{formatDate(fine.dueOn, lang)}</Row>
          <Row label={tp('fine.daysLate')}>
            <span className={late ? 'jg-pay__late' : undefined}>{late ? tp('fine.daysLateValue', { count: fine.daysLate }) : tp('fine.notLate')}</span>
          </Row>
          <Row label={tp('fine.lateFee')}>{formatYuan(fine.lateFeeFen)}</Row>
          <p className="jg-pay__rule">{tp('fine.lateFeeRule')}</p>
          {paid ? (
            <>
              {fine.paidAt ? <Row label={tp('fine.paidAt')}>{formatDateTime(fine.paidAt, lang)}</Row> : null}
              {fine.receiptNo ? (
                <Row label={tp('fine.receiptNo')}>
                  <span className="jg-mono">{fine.receiptNo}</span>
                </Row>
              ) : null}
            </>
          ) : (
            <Row label={tp('fine.payable')} strong>
              {formatYuan(fine.payableFen)}
            </Row>
          )}
        </dl>
      </section>

      {paid ? (
        fine.receiptNo ? (
          <div className="jg-pad">
            <a href={withLanguage(`/receipts/${encodeURIComponent(fine.receiptNo)}`)} target="_blank" rel="noopener" className="adm-button adm-button-primary adm-button-fill-outline adm-button-block adm-button-large adm-button-shape-default jg-pay__link-button">
              {tp('fine.viewReceipt')}
            </a>
          </div>
        ) : null
      ) : (
        <div className="jg-pad jg-pay__actions">
          <p className={`jg-pay__note${late ? ' is-late' : ''}`}>
            {late ? tp('fine.overdueNote', { count: fine.daysLate }) : tp('fine.dueSoon', { date: formatDate(fine.dueOn, lang) })}
          </p>
          {pay.isError ? (
            <p className="jg-form-alert" role="alert">
              <strong>{tp('fine.payFailed')}</strong> {problemMessage(t, pay.error)}
            </p>
          ) : null}
          <Button
            block
            color="primary"
            size="large"
            loading={pay.isPending || pay.isSuccess}
            loadingText={tp('fine.paying')}
            disabled={pay.isPending || pay.isSuccess}
            onClick={() => pay.mutate()}
          >
            {tp('fine.pay', { amount: formatYuan(fine.payableFen) })}
          </Button>
        </div>
      )}
    </div>
  );
}
