import type { ReactNode } from 'react';
import { Tag } from 'antd-mobile';
import { Plate } from '../../components/plate/Plate.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { formatShortDay, formatYuan, shanghaiDate } from './format.ts';
import { useViolationsText } from './i18n.ts';
import type { Violation } from './types.ts';

/** The record's plate drawn as the camera saw it (the rear plate of a Hong Kong car). */
export function PlateText({ plate, plateType }: { plate: string; plateType?: string }) {
  return <Plate plate={plate} plateType={plateType} side="rear" size="sm" className="jg-viol__plate" />;
}

/** Small tags that change what the citizen must do: rental, objection under way, overdue. */
export function ViolationBadges({ v }: { v: Violation }) {
  const { tv } = useViolationsText();
  return (
    <span className="jg-viol__badges">
      {v.rental && (
        <Tag color="primary" fill="outline" className="jg-viol__badge">
          {tv('badges.rental')}
        </Tag>
      )}
      {v.source === 'onsite' && (
        <Tag color="default" fill="outline" className="jg-viol__badge">
          {tv('badges.onsite')}
        </Tag>
      )}
      {v.objectionPending && (
        <Tag color="warning" fill="outline" className="jg-viol__badge">
          {tv('badges.objectionPending')}
        </Tag>
      )}
      {v.overdue && v.status !== 'paid' && (
        <Tag color="danger" className="jg-viol__badge">
          {tv('badges.overdue')}
        </Tag>
      )}
      {v.handledByOther && (
        <Tag color="default" className="jg-viol__badge">
          {tv('badges.handledByOther')}
        </Tag>
      )}
    </span>
  );
}

export function StatusText({ v }: { v: Violation }) {
  const { tv } = useViolationsText();
  return <span className={`jg-viol__status is-${v.status}`}>{tv(`status.${v.status}`)}</span>;
}

function Fact({ label, children, strong }: { label: string; children: ReactNode; strong?: boolean }) {
  return (
    <div className={`jg-viol__fact${strong ? ' is-strong' : ''}`}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/**
 * What a record costs: the fine and points always; once decided, the due date, the late fee
 * reckoned for today and what is still to pay.
 */
export function MoneyFacts({ v }: { v: Violation }) {
  const { tv, lang } = useViolationsText();
  const decided = v.status !== 'unhandled' && !v.handledByOther;
  return (
    <dl className="jg-viol__facts">
      <Fact label={tv('fields.fine')}>{formatYuan(v.fineFen)}</Fact>
      <Fact label={tv('fields.points')}>{tv('points', { count: v.points })}</Fact>
      {decided && v.dueOn && <Fact label={tv('fields.dueOn')}>{formatShortDay(v.dueOn, lang)}</Fact>}
      {decided && v.lateFeeFen > 0 && <Fact label={tv('fields.lateFee')}>{formatYuan(v.lateFeeFen)}</Fact>}
      {decided && v.status === 'handled' && (
        <Fact label={tv('fields.payable')} strong>
          {formatYuan(v.payableFen)}
        </Fact>
      )}
      {v.status === 'paid' && v.paidAt && <Fact label={tv('fields.paidAt')}>{formatShortDay(shanghaiDate(v.paidAt), lang)}</Fact>}
    </dl>
  );
}

/** One record in the list; the whole card opens its details. */
export function ViolationCardBody({ v }: { v: Violation }) {
  const { lang } = useViolationsText();
  return (
    <>
      <div className="jg-viol__head">
        <PlateText plate={v.plate} plateType={v.plateType} />
        <StatusText v={v} />
      </div>
      <ViolationBadges v={v} />
      <p className="jg-viol__desc">{v.description}</p>
      <p className="jg-viol__meta">
        <time dateTime={v.occurredAt}>{formatDateTime(v.occurredAt, lang)}</time>
      </p>
      <p className="jg-viol__meta">{v.location}</p>
      <MoneyFacts v={v} />
    </>
  );
}
