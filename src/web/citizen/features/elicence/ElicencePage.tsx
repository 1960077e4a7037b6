import { Button, ErrorBlock, NoticeBar } from 'antd-mobile';
import { ClockCircleOutline, CloseCircleOutline, TransportQRcodeOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Page, PageLoading } from '../../components/Page.tsx';
import { problemMessage } from '../../lib/problems.ts';
import { formatDayOrInstant } from '../licence/format.ts';
import { useLicenceText } from '../licence/i18n.ts';
import { useLicence } from '../licence/queries.ts';
import { ElicenceCard } from './ElicenceCard.tsx';
import { useWakeLock } from './hooks.ts';
import { licenceForCard } from './merge.ts';
import { useElicence } from './queries.ts';
import type { ElicenceAnswer } from './types.ts';
import '../licence/licence.css';
import './elicence.css';

/** `/elicence`: the live electronic licence, or where its application stands. */
export function ElicencePage() {
  const { t } = useTranslation();
  const { tl } = useLicenceText();
  const elicence = useElicence();
  const licence = useLicence();
  const showsCard = elicence.data?.status === 'issued' || elicence.data?.status === 'suspended';
  useWakeLock(showsCard);

  let body;
  if (elicence.isPending || (showsCard && licence.isPending)) body = <PageLoading />;
  else if (elicence.isError || (showsCard && licence.isError))
    body = (
      <div className="jg-pad">
        <ErrorBlock
          status="disconnected"
          title={t('errors.loadFailed')}
          description={problemMessage(t, elicence.error ?? licence.error)}
        />
        <Button
          block
          color="primary"
          onClick={() => {
            void elicence.refetch();
            void licence.refetch();
          }}
        >
          {t('common.retry')}
        </Button>
      </div>
    );
  else {
    const answer = elicence.data;
    const bound = licence.data?.bound ? licence.data.licence : null;
    if (showsCard) {
      const cardLicence = licenceForCard(bound, answer.licence);
      body = cardLicence ? (
        <div className="jg-elicence">
          {answer.status === 'suspended' ? (
            <div className="jg-elicence__notice" role="alert">
              <NoticeBar color="error" wrap content={tl('elicence.suspendedNotice')} />
            </div>
          ) : null}
          <ElicenceCard
            licence={cardLicence}
            credential={answer.credential ?? null}
            fetchedAtMs={elicence.dataUpdatedAt}
            photoUrl={answer.photoUrl ?? null}
            suspended={answer.status === 'suspended'}
            refreshing={elicence.isFetching}
          />
          <p className="jg-muted jg-small jg-elicence__hint">{tl('elicence.liveHint')}</p>
          {answer.status === 'issued' ? (
            <div className="jg-pad">
              <Link to="/elicence/apply" className="jg-elicence__link">
                {tl('elicence.changePhoto')}
              </Link>
            </div>
          ) : null}
        </div>
      ) : (
        <NeedsLicence />
      );
    } else body = <ApplicationState answer={answer} licenceBound={Boolean(bound)} />;
  }

  return (
    <Page title={tl('elicence.title')} back="/">
      {body}
    </Page>
  );
}

function NeedsLicence() {
  const { tl } = useLicenceText();
  return (
    <div className="jg-elicence__state">
      <ErrorBlock status="empty" title={tl('elicence.needsLicenceTitle')} description={tl('elicence.needsLicence')} />
      <Link to="/licence" className="jg-elicence__cta">
        {tl('elicence.toLicence')}
      </Link>
    </div>
  );
}

/** No card yet: apply, wait for the reviewer, or try again after a refusal. */
function ApplicationState({ answer, licenceBound }: { answer: ElicenceAnswer; licenceBound: boolean }) {
  const { tl, lang } = useLicenceText();
  if (answer.status === 'pending_review') {
    return (
      <div className="jg-elicence__state" role="status">
        <ClockCircleOutline className="jg-elicence__state-icon is-waiting" aria-hidden="true" />
        <h2 className="jg-elicence__state-title">{tl('elicence.pendingTitle')}</h2>
        <p className="jg-elicence__state-text">
          {answer.application?.expectedBy
            ? tl('elicence.pendingBody', { when: formatDayOrInstant(answer.application.expectedBy, lang) })
            : tl('elicence.pendingBodyNoDate')}
        </p>
        <p className="jg-muted jg-small">{tl('elicence.pendingMessage')}</p>
      </div>
    );
  }
  if (answer.status === 'rejected') {
    return (
      <div className="jg-elicence__state">
        <CloseCircleOutline className="jg-elicence__state-icon is-rejected" aria-hidden="true" />
        <h2 className="jg-elicence__state-title">{tl('elicence.rejectedTitle')}</h2>
        <div className="jg-elicence__reason">
          <p className="jg-muted jg-small">{tl('elicence.rejectedReason')}</p>
          <p>{answer.application?.rejectReason || tl('elicence.rejectedNoReason')}</p>
        </div>
        <Link to="/elicence/apply" className="jg-elicence__cta">
          {tl('elicence.applyAgain')}
        </Link>
      </div>
    );
  }
  if (!licenceBound) return <NeedsLicence />;
  return (
    <div className="jg-elicence__state">
      <TransportQRcodeOutline className="jg-elicence__state-icon" aria-hidden="true" />
      <h2 className="jg-elicence__state-title">{tl('elicence.noneTitle')}</h2>
      <p className="jg-elicence__state-text">{tl('elicence.noneBody')}</p>
      <ul className="jg-list jg-elicence__uses">
        <li>{tl('elicence.uses.police')}</li>
        <li>{tl('elicence.uses.offline')}</li>
        <li>{tl('elicence.uses.review')}</li>
      </ul>
      <Link to="/elicence/apply" className="jg-elicence__cta">
        {tl('elicence.apply')}
      </Link>
    </div>
  );
}
