import { Button, ErrorBlock, NoticeBar } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Page, PageLoading } from '../../components/Page.tsx';
import { problemMessage } from '../../lib/problems.ts';
import { FilingForm } from './FilingForm.tsx';
import { LicenceCard } from './LicenceCard.tsx';
import { PointsPanel } from './PointsPanel.tsx';
import { useLicenceText } from './i18n.ts';
import { useLicence } from './queries.ts';
import type { Licence, LicenceAnswer } from './types.ts';
import './licence.css';

/** `/licence`: the bound licence with its points, or how to bind it. */
export function LicencePage() {
  const { t } = useTranslation();
  const { tl } = useLicenceText();
  const licence = useLicence();

  let body;
  if (licence.isPending) body = <PageLoading />;
  else if (licence.isError)
    body = (
      <div className="jg-pad">
        <ErrorBlock status="disconnected" title={t('errors.loadFailed')} description={problemMessage(t, licence.error)} />
        <Button block color="primary" onClick={() => void licence.refetch()}>
          {t('common.retry')}
        </Button>
      </div>
    );
  else if (licence.data.bound) body = <BoundLicence licence={licence.data.licence} />;
  else body = <Unbound answer={licence.data} />;

  return (
    <Page title={tl('title')} back="/">
      {body}
    </Page>
  );
}

function BoundLicence({ licence }: { licence: Licence }) {
  const { tl } = useLicenceText();
  const renewal = licence.renewal;
  return (
    <div className="jg-licence">
      {renewal && (renewal.open || renewal.overdue) && renewal.notice ? (
        <div className="jg-licence__renewal" role="note">
          <NoticeBar color={renewal.overdue ? 'error' : 'alert'} wrap content={renewal.notice} />
        </div>
      ) : null}
      <LicenceCard licence={licence} />
      <PointsPanel points={licence.points} />
      <div className="jg-pad">
        <Link to="/elicence" className="adm-button adm-button-primary adm-button-fill-outline adm-button-block adm-button-large jg-licence__to-elicence">
          {tl('toElicence')}
        </Link>
      </div>
    </div>
  );
}

function Unbound({ answer }: { answer: Extract<LicenceAnswer, { bound: false }> }) {
  const { tl } = useLicenceText();
  return (
    <div className="jg-licence">
      <section className="jg-card jg-licence__unbound" aria-labelledby="jg-unbound-title">
        <h2 id="jg-unbound-title" className="jg-section-title">
          {answer.reason === 'doc_mismatch' ? tl('unbound.mismatchTitle') : tl('unbound.notFoundTitle')}
        </h2>
        <p className="jg-licence__hint">{answer.hint}</p>
      </section>
      <FilingForm />
    </div>
  );
}
