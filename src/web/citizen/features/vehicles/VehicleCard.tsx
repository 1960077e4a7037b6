import { Button, Dialog, Tag, Toast } from 'antd-mobile';
import { ExclamationCircleFill, RightOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Plate } from '../../components/plate/Plate.tsx';
import { formatDay } from '../licence/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { useVehiclesText } from './i18n.ts';
import { useUnfile } from './queries.ts';
import type { ValidityState, Vehicle } from './types.ts';

/** The records screen of one plate; the violations feature owns it. */
export const recordsLink = (plate: string) => `/violations?plate=${encodeURIComponent(plate)}`;

/** One vehicle: its plate as it looks, what it is, whether its papers are in order, and its open records. */
export function VehicleCard({ vehicle, highlighted }: { vehicle: Vehicle; highlighted?: boolean }) {
  const { tv, lang } = useVehiclesText();
  const northbound = vehicle.scheme !== 'mainland';
  const headingId = `jg-vehicle-${vehicle.id}`;
  return (
    <article className={`jg-card jg-vehicle${highlighted ? ' is-new' : ''}`} aria-labelledby={headingId}>
      <header className="jg-vehicle__head">
        <Plate plate={vehicle.plate} plateType={vehicle.plateType} scheme={vehicle.scheme} colour={vehicle.plateColour} size="md" />
        <div className="jg-vehicle__title">
          <h2 id={headingId} className="jg-vehicle__type">
            <span className="jg-visually-hidden">{vehicle.plate} </span>
            {northbound ? vehicle.schemeText : vehicle.plateTypeText}
          </h2>
          <Tag color={vehicle.relation === 'owner' ? 'primary' : 'success'} fill="outline" className="jg-vehicle__relation">
            {vehicle.relationText}
          </Tag>
        </div>
      </header>
      <dl className="jg-vehicle__facts">
        <div>
          <dt>{tv('card.model')}</dt>
          <dd>{[vehicle.brand, vehicle.model].filter(Boolean).join(' ')}</dd>
        </div>
        <div>
          <dt>{tv('card.inspection')}</dt>
          <dd>
            {formatDay(vehicle.inspectionValidTo, lang)}
            <Warning state={vehicle.inspectionState} text={inspectionText(tv, vehicle)} />
          </dd>
        </div>
        {vehicle.permitValidTo ? (
          <div>
            <dt>{tv('card.permit')}</dt>
            <dd>
              {formatDay(vehicle.permitValidTo, lang)}
              <Warning state={vehicle.permitState ?? 'valid'} text={vehicle.permitState === 'overdue' ? tv('card.permitOverdue') : tv('card.permitDue')} />
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{tv('card.state')}</dt>
          <dd className={vehicle.status === 'A' ? undefined : 'jg-vehicle__bad'}>{vehicle.statusText ?? vehicle.status}</dd>
        </div>
        {vehicle.relation === 'filed' ? (
          <>
            <div>
              <dt>{tv('card.owner')}</dt>
              <dd>{vehicle.ownerNameMasked}</dd>
            </div>
            {vehicle.filedOn ? (
              <div>
                <dt>{tv('card.filedOn')}</dt>
                <dd>{formatDay(vehicle.filedOn, lang)}</dd>
              </div>
            ) : null}
          </>
        ) : null}
      </dl>
      {vehicle.unhandledViolations > 0 ? (
        <Link to={recordsLink(vehicle.plate)} className="jg-vehicle__records">
          <ExclamationCircleFill aria-hidden="true" />
          <span>{tv('card.violations', { count: vehicle.unhandledViolations })}</span>
          <RightOutline aria-hidden="true" className="jg-vehicle__arrow" />
        </Link>
      ) : (
        <p className="jg-vehicle__records is-clear">{tv('card.noViolations')}</p>
      )}
      {vehicle.relation === 'filed' && vehicle.filingId ? <UnfileButton vehicle={vehicle} filingId={vehicle.filingId} /> : null}
    </article>
  );
}

function inspectionText(tv: ReturnType<typeof useVehiclesText>['tv'], v: Vehicle): string {
  if (v.inspectionState === 'overdue') return tv('card.inspectionOverdue');
  if (v.inspectionDaysLeft === 0) return tv('card.inspectionToday');
  return tv('card.inspectionDue', { count: v.inspectionDaysLeft });
}

function Warning({ state, text }: { state: ValidityState; text: string }) {
  if (state === 'valid') return null;
  return (
    <span className={`jg-vehicle__warning is-${state}`} role="note">
      <ExclamationCircleFill aria-hidden="true" /> {text}
    </span>
  );
}

function UnfileButton({ vehicle, filingId }: { vehicle: Vehicle; filingId: string }) {
  const { t } = useTranslation();
  const { tv } = useVehiclesText();
  const unfile = useUnfile();
  const ask = async () => {
    const ok = await Dialog.confirm({
      title: tv('unfile.title', { plate: vehicle.plate }),
      content: tv('unfile.body'),
      confirmText: <span className="jg-danger-text">{tv('unfile.confirm')}</span>,
      cancelText: tv('unfile.keep'),
    });
    if (!ok) return;
    unfile.mutate(filingId, {
      onSuccess: () => Toast.show({ content: tv('list.unfiledToast', { plate: vehicle.plate }) }),
      onError: (e) => Toast.show({ content: problemMessage(t, e), duration: 4000 }),
    });
  };
  return (
    <div className="jg-vehicle__actions">
      <Button fill="none" color="danger" size="small" loading={unfile.isPending} onClick={() => void ask()} aria-haspopup="dialog">
        {tv('card.unfile')}
      </Button>
    </div>
  );
}
