import { Button, ErrorBlock, Tabs } from 'antd-mobile';
import { CloseOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Page, PageLoading } from '../../components/Page.tsx';
import { problemMessage } from '../../lib/problems.ts';
import { filterByPlate, parseStatus } from './format.ts';
import { useViolationsText } from './i18n.ts';
import { useViolations } from './queries.ts';
import { VIOLATION_STATUSES, type ViolationStatus } from './types.ts';
import { ViolationCardBody } from './ViolationCard.tsx';
import './violations.css';

/**
 * `/violations?status=&plate=`: my records by state. The vehicles screen links here with
 * `?plate=` to show one vehicle's records; the filter shows as a chip that can be removed.
 */
export function ViolationsPage() {
  const { tv } = useViolationsText();
  const [params, setParams] = useSearchParams();
  const status = parseStatus(params.get('status'));
  const plate = params.get('plate')?.trim() || null;

  const update = (next: { status?: ViolationStatus; plate?: null }) => {
    const p = new URLSearchParams(params);
    if (next.status) p.set('status', next.status);
    if (next.plate === null) p.delete('plate');
    setParams(p, { replace: true });
  };

  return (
    <Page title={tv('title')} back="/">
      <div className="jg-viol-list">
        <Tabs activeKey={status} onChange={(k) => update({ status: parseStatus(k) })} className="jg-viol-list__tabs" aria-label={tv('tabs.label')}>
          {VIOLATION_STATUSES.map((s) => (
            <Tabs.Tab key={s} title={tv(`tabs.${s}`)} />
          ))}
        </Tabs>
        {plate && (
          <div className="jg-viol-list__filters">
            <button type="button" className="jg-viol-chip" onClick={() => update({ plate: null })} aria-label={tv('plateFilter.clear', { plate })}>
              <span>{tv('plateFilter.chip', { plate })}</span>
              <CloseOutline aria-hidden="true" />
            </button>
          </div>
        )}
        <StatusList status={status} plate={plate} onShowAll={() => update({ plate: null })} />
      </div>
    </Page>
  );
}

function StatusList({ status, plate, onShowAll }: { status: ViolationStatus; plate: string | null; onShowAll: () => void }) {
  const { t } = useTranslation();
  const { tv } = useViolationsText();
  const list = useViolations(status);

  if (list.isPending) return <PageLoading />;
  if (list.isError)
    return (
      <div className="jg-pad">
        <ErrorBlock status="disconnected" title={t('errors.loadFailed')} description={problemMessage(t, list.error)} />
        <Button block color="primary" onClick={() => void list.refetch()}>
          {t('common.retry')}
        </Button>
      </div>
    );

  const shown = filterByPlate(list.data, plate);
  if (shown.length === 0)
    return (
      <div className="jg-pad jg-viol-list__empty">
        <ErrorBlock status="empty" title={tv(`empty.${status}`)} description={plate ? tv('empty.plate', { plate }) : undefined} />
        {plate && list.data.length > 0 && (
          <Button block fill="outline" color="primary" onClick={onShowAll}>
            {tv('empty.showAll')}
          </Button>
        )}
      </div>
    );

  return (
    <>
      <p className="jg-viol-list__count" aria-live="polite">
        {tv('count', { count: shown.length })}
      </p>
      <ul className="jg-viol-list__items">
        {shown.map((v) => (
          <li key={v.id}>
            <Link to={`/violations/${encodeURIComponent(v.id)}`} className="jg-viol jg-viol--link">
              <ViolationCardBody v={v} />
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
