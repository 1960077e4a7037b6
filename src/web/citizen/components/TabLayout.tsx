import { TabBar, SafeArea } from 'antd-mobile';
import { AppOutline, MessageOutline, UserOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useUnreadCount } from '../features/messages/queries.ts';

const TABS = [
  { key: '/', label: 'tabs.home', Icon: AppOutline },
  { key: '/messages', label: 'tabs.messages', Icon: MessageOutline },
  { key: '/me', label: 'tabs.me', Icon: UserOutline },
] as const;

/**
 * Home, messages and "me" share the bottom tab bar. Each tab's title is a real link (for
 * keyboards, screen readers and tests by role); the tab bar itself does the navigating.
 */
export function TabLayout() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const unread = useUnreadCount();
  const active = TABS.find((tab) => tab.key !== '/' && location.pathname.startsWith(tab.key))?.key ?? '/';
  return (
    <div className="jg-tabbed">
      <div className="jg-tabbed__content">
        <Outlet />
      </div>
      <nav className="jg-tabbar" aria-label={t('tabs.label')}>
        <TabBar activeKey={active} onChange={(key) => key !== location.pathname && navigate(key)}>
          {TABS.map(({ key, label, Icon }) => (
            <TabBar.Item
              key={key}
              icon={<Icon aria-hidden="true" />}
              badge={key === '/messages' && unread > 0 ? (unread > 99 ? '99+' : String(unread)) : undefined}
              title={
                <Link
                  to={key}
                  className="jg-tabbar__link"
                  aria-current={active === key ? 'page' : undefined}
                  aria-label={key === '/messages' && unread > 0 ? t('tabs.messagesUnread', { count: unread }) : t(label)}
                  onClick={(e) => e.preventDefault()}
                >
                  {t(label)}
                </Link>
              }
            />
          ))}
        </TabBar>
        <SafeArea position="bottom" />
      </nav>
    </div>
  );
}
