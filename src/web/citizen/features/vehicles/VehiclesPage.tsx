import { Button, ErrorBlock } from 'antd-mobile';
import { AddCircleOutline, TruckOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { Page, PageLoading } from '../../components/Page.tsx';
import { problemMessage } from '../../lib/problems.ts';
import { useVehiclesText } from './i18n.ts';
import { useVehicles } from './queries.ts';
import { VehicleCard } from './VehicleCard.tsx';
import type { Vehicle } from './types.ts';
import './vehicles.css';

export const FILING_PATH = '/vehicles/filings/new';

/** `/vehicles`: owned (northbound included) and filed vehicles, and the way to file one. */
export function VehiclesPage() {
  const { t } = useTranslation();
  const { tv } = useVehiclesText();
  const vehicles = useVehicles();
  const highlight = (useLocation().state as { filedId?: string } | null)?.filedId;

  let body;
  if (vehicles.isPending) body = <PageLoading />;
  else if (vehicles.isError)
    body = (
      <div className="jg-pad">
        <ErrorBlock status="disconnected" title={t('errors.loadFailed')} description={problemMessage(t, vehicles.error)} />
        <Button block color="primary" onClick={() => void vehicles.refetch()}>
          {t('common.retry')}
        </Button>
      </div>
    );
  else if (vehicles.data.length === 0) body = <Empty />;
  else body = <List vehicles={vehicles.data} highlight={highlight} />;

  return (
    <Page title={tv('list.title')} back="/">
      {body}
    </Page>
  );
}

function List({ vehicles, highlight }: { vehicles: Vehicle[]; highlight?: string }) {
  const { tv } = useVehiclesText();
  return (
    <div className="jg-vehicles">
      {vehicles.map((v) => (
        <VehicleCard key={`${v.relation}:${v.id}`} vehicle={v} highlighted={v.id === highlight} />
      ))}
      <div className="jg-pad jg-vehicles__foot">
        <p className="jg-muted jg-small">{tv('list.autoBound')}</p>
        <Link to={FILING_PATH} className="adm-button adm-button-primary adm-button-fill-outline adm-button-block adm-button-large jg-vehicles__file">
          <AddCircleOutline aria-hidden="true" /> {tv('list.file')}
        </Link>
      </div>
    </div>
  );
}

function Empty() {
  const { tv } = useVehiclesText();
  return (
    <section className="jg-card jg-vehicles__empty" aria-labelledby="jg-vehicles-empty">
      <span className="jg-vehicles__empty-icon" aria-hidden="true">
        <TruckOutline fontSize={40} />
      </span>
      <h2 id="jg-vehicles-empty" className="jg-section-title">
        {tv('empty.title')}
      </h2>
      <p>{tv('empty.body')}</p>
      <p>{tv('empty.filing')}</p>
      <Link to={FILING_PATH} className="adm-button adm-button-primary adm-button-fill-solid adm-button-block adm-button-large jg-vehicles__file">
        {tv('list.file')}
      </Link>
    </section>
  );
}
