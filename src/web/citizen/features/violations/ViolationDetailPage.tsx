import { useRef, useState, type ReactNode } from 'react';
import { Button, ErrorBlock, NoticeBar, Popup, Result } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiProblem } from '../../../shared/api.ts';
import { Page, PageLoading } from '../../components/Page.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { formatDay } from '../licence/format.ts';
import { useLicence } from '../licence/queries.ts';
import { canObject, formatYuan, pointsAfter } from './format.ts';
import { useViolationsText } from './i18n.ts';
import { useHandleViolation, useViolation } from './queries.ts';
import type { HandlingResult, Violation } from './types.ts';
import { MoneyFacts, PlateText, StatusText, ViolationBadges } from './ViolationCard.tsx';
import './violations.css';

/** What the handling flow is showing instead of the record, once it has an answer. */
type Outcome = { kind: 'decided'; result: HandlingResult } | { kind: 'refused'; detail: string };

/** `/violations/:id`: one record in full, and handling it online or objecting to it. */
export function ViolationDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { tv } = useViolationsText();
  const record = useViolation(id);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  let body;
  if (outcome?.kind === 'decided') body = <Decided result={outcome.result} />;
  else if (outcome?.kind === 'refused') body = <Refused detail={outcome.detail} />;
  else if (record.isPending) body = <PageLoading />;
  else if (record.isError) {
    const notFound = record.error instanceof ApiProblem && record.error.status === 404;
    body = (
      <div className="jg-pad">
        <ErrorBlock
          status={notFound ? 'empty' : 'disconnected'}
          title={notFound ? tv('detail.notFound') : t('errors.loadFailed')}
          description={notFound ? tv('detail.notFoundHint') : problemMessage(t, record.error)}
        />
        {notFound ? (
          <Link to="/violations" className="adm-button adm-button-primary adm-button-block adm-button-large adm-button-shape-default">
            {tv('detail.backToList')}
          </Link>
        ) : (
          <Button block color="primary" onClick={() => void record.refetch()}>
            {t('common.retry')}
          </Button>
        )}
      </div>
    );
  } else body = <Details v={record.data} onOutcome={setOutcome} />;

  return (
    <Page title={tv('detail.title')} back="/violations">
      {body}
    </Page>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="jg-viol-detail__row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Details({ v, onOutcome }: { v: Violation; onOutcome: (o: Outcome) => void }) {
  const { tv, lang } = useViolationsText();
  const [confirming, setConfirming] = useState(false);
  const objectable = canObject(v);
  const payable = v.status === 'handled' && v.decisionNo && !v.handledByOther;

  return (
    <div className="jg-viol-detail">
      <section className="jg-viol jg-viol-detail__summary" aria-label={tv('detail.title')}>
        <div className="jg-viol__head">
          <PlateText plate={v.plate} plateType={v.plateType} />
          <StatusText v={v} />
        </div>
        <ViolationBadges v={v} />
        <p className="jg-viol__desc">{v.description}</p>
        <MoneyFacts v={v} />
      </section>

      {v.rental && <p className="jg-viol-detail__note">{tv('rentalNote')}</p>}
      {v.status === 'unhandled' && v.objectionPending && (
        <div className="jg-viol-detail__notice">
          <NoticeBar color="info" wrap content={tv('detail.objectionPending')} />
        </div>
      )}
      {v.status === 'unhandled' && !v.handleable && !v.objectionPending && v.notHandleableText && (
        <section className="jg-viol-detail__refusal" aria-labelledby="jg-viol-cannot">
          <h2 id="jg-viol-cannot">{tv('detail.cannotHandle')}</h2>
          <p>{v.notHandleableText}</p>
        </section>
      )}

      <dl className="jg-card jg-viol-detail__rows">
        <Row label={tv('fields.occurredAt')}>
          <time dateTime={v.occurredAt}>{formatDateTime(v.occurredAt, lang)}</time>
        </Row>
        <Row label={tv('fields.location')}>{v.location}</Row>
        <Row label={tv('fields.description')}>{v.description}</Row>
        <Row label={tv('fields.code')}>
          <span className="jg-mono">{v.code}</span>
        </Row>
        <Row label={tv('fields.source')}>{tv(`sources.${v.source}`)}</Row>
        <Row label={tv('fields.relation')}>{tv(`relations.${v.relation}`)}</Row>
        {v.decisionNo && (
          <Row label={tv('fields.decisionNo')}>
            <span className="jg-mono">{v.decisionNo}</span>
          </Row>
        )}
        {v.decidedAt && <Row label={tv('fields.decidedAt')}>{formatDateTime(v.decidedAt, lang)}</Row>}
        {v.dueOn && v.status !== 'paid' && <Row label={tv('fields.dueOn')}>{tv('dueOnValue', { date: formatDay(v.dueOn, lang) })}</Row>}
        {v.paidAt && <Row label={tv('fields.paidAt')}>{formatDateTime(v.paidAt, lang)}</Row>}
        {v.receiptNo && (
          <Row label={tv('fields.receiptNo')}>
            <span className="jg-mono">{v.receiptNo}</span>
          </Row>
        )}
      </dl>
      {v.status === 'handled' && <p className="jg-viol-detail__note jg-muted">{tv('lateFeeNote')}</p>}

      {(v.handleable || payable || objectable) && (
        <div className="jg-viol-detail__actions">
          {v.handleable && (
            <Button block color="primary" size="large" onClick={() => setConfirming(true)}>
              {tv('actions.handle')}
            </Button>
          )}
          {payable && (
            <Link to={`/fines/${encodeURIComponent(v.decisionNo!)}`} className="adm-button adm-button-primary adm-button-block adm-button-large adm-button-shape-default">
              {tv('actions.pay')}
            </Link>
          )}
          {objectable && (
            <Link
              to={`/violations/${encodeURIComponent(v.id)}/objection`}
              className="adm-button adm-button-default adm-button-fill-outline adm-button-block adm-button-large adm-button-shape-default"
            >
              {tv('actions.object')}
            </Link>
          )}
        </div>
      )}
      {confirming && <HandleSheet v={v} onClose={() => setConfirming(false)} onOutcome={onOutcome} />}
    </div>
  );
}

/**
 * The confirmation: what the decision will say before it is made. One idempotency key per
 * opening of the sheet, reused when the same confirmation is retried after a failure, so
 * an answer lost on the way back cannot cost a second decision.
 */
function HandleSheet({ v, onClose, onOutcome }: { v: Violation; onClose: () => void; onOutcome: (o: Outcome) => void }) {
  const { t } = useTranslation();
  const { tv } = useViolationsText();
  const key = useRef(crypto.randomUUID());
  const handle = useHandleViolation(v.id);
  const licence = useLicence();
  const current = licence.data?.bound ? licence.data.licence.points.total : undefined;
  const after = pointsAfter(current, v.points);

  const confirm = () =>
    handle.mutate(key.current, {
      onSuccess: (result) => onOutcome({ kind: 'decided', result }),
      onError: (e) => {
        // A refusal is an answer, not a failure: it says why and where to go instead.
        if (e instanceof ApiProblem && (e.code === 'not_handleable_online' || e.code === 'licence_not_bound' || e.code === 'objection_pending' || e.code === 'already_handled'))
          onOutcome({ kind: 'refused', detail: problemMessage(t, e) });
      },
    });

  return (
    <Popup visible onMaskClick={handle.isPending ? undefined : onClose} position="bottom" bodyClassName="jg-viol-sheet">
      <div role="dialog" aria-modal="true" aria-labelledby="jg-viol-sheet-title">
      <h2 id="jg-viol-sheet-title" className="jg-viol-sheet__title">
        {tv('handle.sheetTitle')}
      </h2>
      <p className="jg-viol-sheet__intro">{tv('handle.intro')}</p>
      <div className="jg-viol-sheet__record">
        <PlateText plate={v.plate} plateType={v.plateType} />
        <span>{v.description}</span>
      </div>
      <dl className="jg-viol-sheet__facts">
        <div>
          <dt>{tv('handle.fine')}</dt>
          <dd className="jg-viol-sheet__amount">{formatYuan(v.fineFen)}</dd>
        </div>
        <div>
          <dt>{tv('handle.points')}</dt>
          <dd>{tv('points', { count: v.points })}</dd>
        </div>
        <div>
          <dt>{tv('handle.pointsAfter')}</dt>
          <dd>{after === undefined ? tv('handle.pointsUnknown') : tv('handle.pointsAfterValue', { total: after })}</dd>
        </div>
      </dl>
      <p className="jg-viol-sheet__hint">{tv('handle.dueHint')}</p>
      {handle.isError && (
        <p className="jg-form-alert" role="alert">
          {problemMessage(t, handle.error)} {tv('handle.failed')}
        </p>
      )}
      <div className="jg-viol-sheet__buttons">
        <Button block size="large" onClick={onClose} disabled={handle.isPending}>
          {tv('actions.cancel')}
        </Button>
        <Button block size="large" color="primary" loading={handle.isPending} loadingText={tv('handle.working')} onClick={confirm}>
          {handle.isError ? tv('actions.retry') : tv('handle.confirm')}
        </Button>
      </div>
      </div>
    </Popup>
  );
}

function Decided({ result }: { result: HandlingResult }) {
  const { tv, lang } = useViolationsText();
  return (
    <div className="jg-viol-result">
      <Result status="success" title={<h2 className="jg-viol-result__title">{tv('handle.decidedTitle')}</h2>} description={tv('handle.decidedBody')} />
      <dl className="jg-card jg-viol-detail__rows">
        <Row label={tv('fields.decisionNo')}>
          <span className="jg-mono jg-viol-result__decision">{result.decisionNo}</span>
        </Row>
        <Row label={tv('fields.fine')}>{formatYuan(result.fineFen)}</Row>
        <Row label={tv('fields.points')}>{tv('points', { count: result.points })}</Row>
        <Row label={tv('fields.dueOn')}>{tv('dueOnValue', { date: formatDay(result.dueOn, lang) })}</Row>
      </dl>
      <div className="jg-viol-detail__actions">
        <Link to={`/fines/${encodeURIComponent(result.decisionNo)}`} className="adm-button adm-button-primary adm-button-block adm-button-large adm-button-shape-default">
          {tv('actions.pay')}
        </Link>
        <Link to="/violations" className="adm-button adm-button-default adm-button-fill-outline adm-button-block adm-button-large adm-button-shape-default">
          {tv('detail.backToList')}
        </Link>
      </div>
    </div>
  );
}

function Refused({ detail }: { detail: string }) {
  const { tv } = useViolationsText();
  return (
    <div className="jg-viol-result">
      <Result status="warning" title={<h2 className="jg-viol-result__title">{tv('handle.refusedTitle')}</h2>} description={detail} />
      <div className="jg-viol-detail__actions">
        <Link to="/violations" className="adm-button adm-button-primary adm-button-block adm-button-large adm-button-shape-default">
          {tv('detail.backToList')}
        </Link>
      </div>
    </div>
  );
}
