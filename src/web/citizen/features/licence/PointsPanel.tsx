import { ProgressCircle } from 'antd-mobile';
import { formatDay, POINTS_LIMIT, pointsLevel } from './format.ts';
import { useLicenceText } from './i18n.ts';
import type { Licence } from './types.ts';

const LEVEL_COLOURS = { clear: '#00b578', some: '#ff8f1f', high: '#fa541c', full: '#ff3141' } as const;

/** Points standing in the current scoring cycle, and the decisions that put them there. */
export function PointsPanel({ points }: { points: Licence['points'] }) {
  const { tl, lang } = useLicenceText();
  const level = pointsLevel(points.total);
  const percent = Math.min(100, (points.total / POINTS_LIMIT) * 100);
  return (
    <section className="jg-card jg-licence__points" aria-labelledby="jg-points-title">
      <h2 id="jg-points-title" className="jg-section-title">
        {tl('points.title')}
      </h2>
      <div className="jg-licence__points-main">
        <div aria-hidden="true" className="jg-licence__ring">
        <ProgressCircle
          percent={percent}
          style={{ '--size': '112px', '--track-width': '9px', '--fill-color': LEVEL_COLOURS[level], '--track-color': '#eef0f3' }}
        >
          <span className="jg-licence__points-number" style={{ color: LEVEL_COLOURS[level] }}>
            {points.total}
          </span>
          <span className="jg-licence__points-of">/{POINTS_LIMIT}</span>
        </ProgressCircle>
        </div>
        <div className="jg-licence__points-text">
          <p className="jg-licence__points-summary" role="status">
            {tl('points.summary', { count: points.total, limit: POINTS_LIMIT })}
          </p>
          <p className="jg-muted jg-small">{tl(`points.level.${level}`)}</p>
        </div>
      </div>
      <dl className="jg-licence__cycle">
        <div>
          <dt>{tl('points.cycle')}</dt>
          <dd>{tl('points.cycleRange', { from: formatDay(points.cycleStart, lang), to: formatDay(points.cycleEnd, lang) })}</dd>
        </div>
        <div>
          <dt>{tl('points.nextClearing')}</dt>
          <dd>{formatDay(points.nextClearingOn, lang)}</dd>
        </div>
      </dl>
      <PointRecords records={points.records} />
    </section>
  );
}

export function PointRecords({ records }: { records: Licence['points']['records'] }) {
  const { tl, lang } = useLicenceText();
  return (
    <>
      <h3 className="jg-licence__subtitle">{tl('points.recordsTitle')}</h3>
      {records.length === 0 ? (
        <p className="jg-muted jg-small">{tl('points.noRecords')}</p>
      ) : (
        <ul className="jg-licence__records">
          {records.map((r) => (
            <li key={r.decisionNo || r.ref} className="jg-licence__record">
              <div className="jg-licence__record-main">
                <p className="jg-licence__record-desc">{r.description}</p>
                <p className="jg-muted jg-small">
                  {tl('points.recordMeta', { date: formatDay(r.decidedOn, lang), code: r.code })}
                </p>
                <p className="jg-muted jg-small jg-mono">{tl('points.decisionNo', { no: r.decisionNo })}</p>
                {r.carriedOver ? <p className="jg-licence__carried jg-small">{tl('points.carriedOver')}</p> : null}
              </div>
              <span className="jg-licence__record-points" aria-label={tl('points.recordPointsAria', { count: r.points })}>
                {tl('points.recordPoints', { count: r.points })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
