import { useId, useState } from 'react';
import { Tabs } from 'antd-mobile';
import { formatClock, formatDay, isNormalState } from '../licence/format.ts';
import { useLicenceText } from '../licence/i18n.ts';
import { PointRecords } from '../licence/PointsPanel.tsx';
import { NumberAndValidity } from '../licence/LicenceCard.tsx';
import type { Licence } from '../licence/types.ts';
import { useNow } from './hooks.ts';
import { QrCanvas } from './QrCanvas.tsx';
import { isExpired, serverOffsetMs } from './schedule.ts';
import type { Credential } from './types.ts';

export interface ElicenceCardProps {
  licence: Licence;
  credential: Credential | null;
  /** When the answer holding the credential arrived, on the phone's clock. */
  fetchedAtMs: number;
  photoUrl: string | null;
  suspended: boolean;
  refreshing: boolean;
}

/** The QR code's side in CSS pixels: large enough for a scanner at arm's length on a 390 px screen. */
const QR_SIZE = 200;

/**
 * The electronic licence as the official card shows it: a front page with the photo, the
 * licence facts and a live QR code, and a second page with the authority, validity and records.
 */
export function ElicenceCard(props: ElicenceCardProps) {
  const { tl } = useLicenceText();
  const [page, setPage] = useState('front');
  return (
    <div className="jg-elicence__pages">
      <Tabs activeKey={page} onChange={setPage} className="jg-elicence__tabs">
        <Tabs.Tab title={tl('elicence.front')} key="front">
          <FrontPage {...props} />
        </Tabs.Tab>
        <Tabs.Tab title={tl('elicence.back')} key="back">
          <BackPage licence={props.licence} />
        </Tabs.Tab>
      </Tabs>
    </div>
  );
}

function Emblem() {
  // A generic seal, not the national emblem: the state's insignia is not ours to draw.
  return (
    <svg className="jg-elicence__emblem" viewBox="0 0 40 40" aria-hidden="true">
      <circle cx="20" cy="20" r="18" fill="none" stroke="#f7d774" strokeWidth="2" />
      <circle cx="20" cy="20" r="13" fill="none" stroke="#f7d774" strokeWidth="1" strokeDasharray="2 2" />
      <path d="M20 9 L23 17 L31 17 L24.5 22 L27 30 L20 25 L13 30 L15.5 22 L9 17 L17 17 Z" fill="#f7d774" />
    </svg>
  );
}

function FrontPage({ licence, credential, fetchedAtMs, photoUrl, suspended, refreshing }: ElicenceCardProps) {
  const { tl, lang } = useLicenceText();
  const phoneNow = useNow();
  const qrTitleId = useId();
  const normal = isNormalState(licence.status) && !suspended;
  const offset = credential ? serverOffsetMs(credential, fetchedAtMs) : 0;
  const serverNow = phoneNow + offset;
  const expired = credential ? isExpired(credential, serverNow) : false;
  return (
    <section className={`jg-elicence__card${normal ? '' : ' is-abnormal'}`} aria-label={tl('elicence.cardLabel')}>
      {/* The sheen moves across the card all the time (a screenshot or photo cannot move); the QR area sits above it so a scanner always sees full contrast. */}
      <div className="jg-elicence__sheen" aria-hidden="true" />
      <header className="jg-elicence__band">
        <Emblem />
        <div>
          <p className="jg-elicence__band-title">{tl('elicence.cardTitle')}</p>
          <p className="jg-elicence__band-sub">{tl('elicence.cardSubtitle')}</p>
        </div>
      </header>
      <div className="jg-elicence__body">
        <div className="jg-elicence__photo">
          {photoUrl ? <img src={photoUrl} alt={tl('elicence.photoAlt', { name: licence.name })} /> : <span>{tl('elicence.noPhoto')}</span>}
        </div>
        <dl className="jg-elicence__facts">
          <div>
            <dt>{tl('card.name')}</dt>
            <dd className="jg-elicence__name">{licence.name}</dd>
          </div>
          <div>
            <dt>{tl('card.number')}</dt>
            <dd className="jg-mono">{licence.numberMasked}</dd>
          </div>
          <div>
            <dt>{tl('card.classes')}</dt>
            <dd>{licence.class}</dd>
          </div>
          <div>
            <dt>{tl('card.points')}</dt>
            <dd>{tl('card.pointsValue', { count: licence.points.total })}</dd>
          </div>
          <div>
            <dt>{tl('card.firstIssued')}</dt>
            <dd>{formatDay(licence.firstIssuedOn, lang)}</dd>
          </div>
          <div>
            <dt>{tl('card.state')}</dt>
            <dd className={normal ? 'jg-elicence__ok' : 'jg-elicence__bad'}>{suspended ? tl('elicence.suspendedState') : licence.statusText}</dd>
          </div>
        </dl>
      </div>
      <div className="jg-elicence__qr-area">
        {credential ? (
          <>
            <p id={qrTitleId} className="jg-visually-hidden">
              {tl('elicence.qrHelp')}
            </p>
            <div className={`jg-elicence__qr-frame${expired ? ' is-expired' : ''}`} aria-describedby={qrTitleId}>
              <QrCanvas text={credential.qr} abnormal={!normal} size={QR_SIZE} label={tl('elicence.qrLabel')} />
              {expired || refreshing ? (
                <div className="jg-elicence__qr-overlay" role="status">
                  <span className="jg-spinner" aria-hidden="true" />
                  <span>{tl('elicence.refreshing')}</span>
                </div>
              ) : null}
            </div>
            <p className="jg-elicence__generated">
              {tl('elicence.generatedAt', { time: formatClock(Date.parse(credential.issuedAt)) })}
            </p>
            <p className="jg-elicence__clock" aria-label={tl('elicence.clockLabel')}>
              <span className="jg-elicence__live-dot" aria-hidden="true" />
              <time className="jg-mono" dateTime={new Date(serverNow).toISOString()}>
                {formatClock(serverNow)}
              </time>
            </p>
          </>
        ) : (
          <p className="jg-elicence__no-qr" role="status">
            {suspended ? tl('elicence.noQrSuspended') : tl('elicence.noQr')}
          </p>
        )}
      </div>
    </section>
  );
}

function BackPage({ licence }: { licence: Licence }) {
  const { tl, lang } = useLicenceText();
  return (
    <section className="jg-elicence__back" aria-label={tl('elicence.backLabel')}>
      <dl className="jg-elicence__back-facts">
        <NumberAndValidity licence={licence} />
        <div>
          <dt>{tl('card.authority')}</dt>
          <dd>{licence.issuingAuthority}</dd>
        </div>
        <div>
          <dt>{tl('points.cycle')}</dt>
          <dd>
            {tl('points.cycleRange', { from: formatDay(licence.points.cycleStart, lang), to: formatDay(licence.points.cycleEnd, lang) })}
          </dd>
        </div>
      </dl>
      <PointRecords records={licence.points.records} />
      <p className="jg-muted jg-small jg-elicence__address-note">{tl('elicence.addressNote')}</p>
    </section>
  );
}
