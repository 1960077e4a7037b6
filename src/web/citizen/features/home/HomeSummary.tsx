import { useQuery } from '@tanstack/react-query';
import { Badge, List, Skeleton } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../../shared/api.ts';
import { useSession } from '../../session.tsx';
import { Plate } from '../../components/plate/Plate.tsx';
import type { PlateScheme } from '../../../../domain/plates.ts';

/** GET /api/v1/me/home (the server's homeSchema). */
export interface HomeSummaryData {
  licence: {
    numberMasked: string;
    class: string;
    status: string;
    statusText: string;
    validTo: string | null;
    points: number;
    cycleStart: string;
    cycleEnd: string;
    inProbation: boolean;
    renewalNotice: string | null;
  } | null;
  licenceUnbound: { reason: 'not_found' | 'doc_mismatch'; hint: string } | null;
  vehicles: Array<{ id: string; plate: string; plateType: string; plateTypeText: string; scheme: string; relation: 'owner' | 'filed'; unhandledViolations: number }>;
  unhandledViolations: number;
  unreadMessages: number;
}

export const HOME_KEY = ['me', 'home'] as const;

/** The first card on the page takes the place that overlaps the blue header (app.css gives it to the services card otherwise). */
const SUMMARY_STYLE: React.CSSProperties = { padding: '12px 4px', marginTop: -40, position: 'relative', boxShadow: '0 4px 16px rgba(0, 0, 0, 0.06)' };

export function useHomeSummary() {
  const account = useSession();
  return useQuery({ queryKey: HOME_KEY, queryFn: () => api<HomeSummaryData>('GET', '/api/v1/me/home'), enabled: Boolean(account) });
}

/**
 * The home screen's summary card: licence and points, vehicles with their unhandled
 * records, and the unhandled total — one request, each line leading to its screen.
 */
export function HomeSummary() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const q = useHomeSummary();
  return (
    <section className="jg-card jg-home__summary" aria-labelledby="jg-summary-title" style={SUMMARY_STYLE}>
      <h2 id="jg-summary-title" className="jg-section-title" style={{ padding: '0 12px' }}>
        {t('home.summary.title')}
      </h2>
      {q.isPending ? (
        <div style={{ padding: '0 12px' }}>
          <Skeleton.Paragraph lineCount={3} animated />
        </div>
      ) : q.isError || !q.data ? (
        <p style={{ padding: '0 12px', color: 'var(--adm-color-weak)' }}>{t('home.summary.loadFailed')}</p>
      ) : (
        <SummaryList data={q.data} go={(to) => navigate(to)} />
      )}
    </section>
  );
}

function SummaryList({ data, go }: { data: HomeSummaryData; go(to: string): void }) {
  const { t } = useTranslation();
  const { licence } = data;
  return (
    <List style={{ '--border-top': 'none', '--border-bottom': 'none' } as React.CSSProperties}>
      {licence ? (
        <List.Item
          onClick={() => go('/licence')}
          description={t('home.summary.cycleEnds', { date: licence.cycleEnd })}
          extra={<strong style={{ color: licence.points > 0 ? 'var(--adm-color-warning)' : 'var(--adm-color-success)' }}>{t('home.summary.points', { count: licence.points })}</strong>}
        >
          {t('home.summary.licence')} · {t('home.summary.licenceLine', { class: licence.class, status: licence.statusText })}
        </List.Item>
      ) : (
        <List.Item onClick={() => go('/licence')} description={data.licenceUnbound?.hint}>
          {t('home.summary.bindLicence')}
        </List.Item>
      )}
      {data.vehicles.length === 0 ? (
        <List.Item onClick={() => go('/vehicles')}>{t('home.summary.noVehicles')}</List.Item>
      ) : (
        data.vehicles.map((v) => (
          <List.Item
            key={v.id}
            onClick={() => go('/vehicles')}
            description={v.relation === 'filed' ? `${v.plateTypeText} · ${t('home.summary.filed')}` : v.plateTypeText}
            extra={
              v.unhandledViolations > 0 ? (
                <Badge content={t('home.summary.vehicleUnhandled', { count: v.unhandledViolations })} />
              ) : (
                <span style={{ color: 'var(--adm-color-weak)' }}>{t('home.summary.noneUnhandled')}</span>
              )
            }
          >
            <Plate plate={v.plate} plateType={v.plateType} scheme={v.scheme as PlateScheme} size="xs" />
          </List.Item>
        ))
      )}
      <List.Item onClick={() => go('/violations')}>
        <span style={{ fontWeight: 600, color: data.unhandledViolations > 0 ? 'var(--adm-color-danger)' : undefined }}>
          {t('home.summary.unhandled', { count: data.unhandledViolations })}
        </span>
      </List.Item>
    </List>
  );
}
