import { Tag } from 'antd-mobile';
import { formatDay, isNormalState } from './format.ts';
import { useLicenceText } from './i18n.ts';
import type { Licence } from './types.ts';

/** The licence at a glance: who, which classes, until when, and whether it is in order. */
export function LicenceCard({ licence }: { licence: Licence }) {
  const { tl, lang } = useLicenceText();
  const normal = isNormalState(licence.status);
  return (
    <section className="jg-licence__card" aria-label={tl('card.label')}>
      <div className="jg-licence__card-head">
        <div>
          <p className="jg-licence__card-kind">{tl('card.kind')}</p>
          <p className="jg-licence__name">{licence.name}</p>
        </div>
        <span className="jg-licence__class" aria-label={tl('card.classAria', { classes: licence.classes.join(', ') })}>
          {licence.class}
        </span>
      </div>
      <dl className="jg-licence__facts">
        <NumberAndValidity licence={licence} />
        <div>
          <dt>{tl('card.firstIssued')}</dt>
          <dd>{formatDay(licence.firstIssuedOn, lang)}</dd>
        </div>
        <div>
          <dt>{tl('card.authority')}</dt>
          <dd>{licence.issuingAuthority}</dd>
        </div>
      </dl>
      <div className={`jg-licence__state ${normal ? 'is-normal' : 'is-abnormal'}`}>
        <span className="jg-licence__state-label">{tl('card.state')}</span>
        <ul className="jg-licence__letters">
          {licence.statusLetters.map(({ letter, text }) => (
            <li key={letter}>
              <span className="jg-licence__letter" aria-hidden="true">
                {letter}
              </span>
              <span>{text}</span>
            </li>
          ))}
        </ul>
      </div>
      {licence.probation.inProbation ? (
        <p className="jg-licence__probation">
          <Tag color="warning" fill="solid">
            {tl('card.probation')}
          </Tag>
          <span>{tl('card.probationEnds', { date: formatDay(licence.probation.endsOn, lang) })}</span>
        </p>
      ) : null}
    </section>
  );
}

/** The licence number and its validity (or long-term), as rows of a facts list; shared with the e-licence's second page. */
export function NumberAndValidity({ licence }: { licence: Licence }) {
  const { tl, lang } = useLicenceText();
  return (
    <>
      <div>
        <dt>{tl('card.number')}</dt>
        <dd className="jg-mono">{licence.numberMasked}</dd>
      </div>
      <div>
        <dt>{tl('card.validity')}</dt>
        <dd>
          {licence.validTo
            ? tl('card.validRange', { from: formatDay(licence.validFrom, lang), to: formatDay(licence.validTo, lang) })
            : tl('card.validLongTerm', { from: formatDay(licence.validFrom, lang) })}
        </dd>
      </div>
    </>
  );
}
