import { Badge, Grid } from 'antd-mobile';
import { LockOutline, MessageOutline, TransportQRcodeOutline, UserCircleOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { useSession } from '../../session.tsx';
import { maskName } from '../../lib/mask.ts';
import { useUnreadCount } from '../messages/queries.ts';
import type { ServiceTile } from '../../components/service-tile.ts';
import { vehiclesTiles } from '../vehicles/routes.tsx';
import { violationsTiles } from '../violations/routes.tsx';
import { paymentsTiles } from '../payments/routes.tsx';
import { HomeSummary } from './HomeSummary.tsx';

/**
 * Only services that exist get a tile: a tile that leads nowhere would be a promise the
 * platform cannot keep yet. New features add their tile to this list.
 */
const SERVICES: ServiceTile[] = [
  { to: '/licence', label: 'citizen-licence:tiles.licence', Icon: UserCircleOutline, tint: '#2f54eb' },
  { to: '/elicence', label: 'citizen-licence:tiles.elicence', Icon: TransportQRcodeOutline, tint: '#13a8a8' },
  ...vehiclesTiles,
  ...violationsTiles,
  ...paymentsTiles,
  { to: '/me/security', label: 'home.services.security', Icon: LockOutline, tint: '#1677ff' },
  { to: '/messages', label: 'home.services.messages', Icon: MessageOutline, tint: '#00b578' },
];

export function HomePage() {
  const { t } = useTranslation();
  const account = useSession();
  const unread = useUnreadCount();
  return (
    <div className="jg-home">
      <header className="jg-home__header">
        <div className="jg-home__top">
          <h1 className="jg-home__app">{t('app.name')}</h1>
          <LanguageSwitch tone="light" />
        </div>
        <p className="jg-home__greeting">{t('home.greeting', { name: maskName(account?.name) })}</p>
        <p className="jg-home__subtitle">{t('app.tagline')}</p>
      </header>
      <HomeSummary />
      {/* The summary card above now overlaps the header; the services card sits below it. */}
      <section className="jg-card jg-home__services" aria-labelledby="jg-services-title" style={{ marginTop: 12 }}>
        <h2 id="jg-services-title" className="jg-section-title">
          {t('home.servicesTitle')}
        </h2>
        <Grid columns={4} gap={8}>
          {SERVICES.map(({ to, label, Icon, tint }) => (
            <Grid.Item key={to}>
              <Link to={to} className="jg-tile">
                <span className="jg-tile__icon" style={{ color: tint, background: `${tint}14` }} aria-hidden="true">
                  {to === '/messages' && unread > 0 ? (
                    <Badge content={unread > 99 ? '99+' : unread}>
                      <Icon fontSize={26} />
                    </Badge>
                  ) : (
                    <Icon fontSize={26} />
                  )}
                </span>
                <span className="jg-tile__label">{t(label)}</span>
              </Link>
            </Grid.Item>
          ))}
        </Grid>
      </section>
    </div>
  );
}
