import { useState, type ReactNode } from 'react';
import { App, Avatar, Button, Dropdown, Grid, Layout, Menu, Space, Tag, Typography } from 'antd';
import { AuditOutlined, CloudUploadOutlined, KeyOutlined, LogoutOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isAdmin, useSession } from './session.tsx';
import { LanguageSwitch } from './language-switch.tsx';
import { problemText } from './problem-text.ts';

const { Header, Sider, Content } = Layout;

/** The signed-in frame: side menu by role, header with language, user and logout. */
export function ConsoleLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation('console');
  const { staff, signOut } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  // Below `md` (a phone, a narrow window) the side menu folds away behind antd's own toggle
  // and the header keeps only what fits: the content gets the whole width.
  const wide = Grid.useBreakpoint().md ?? true;
  // On a narrow screen the menu opens over the content and closes once a page is chosen.
  const [folded, setFolded] = useState(!wide);

  const items = [
    { key: '/reviews', icon: <SafetyCertificateOutlined />, label: t('nav.reviews') },
    ...(isAdmin(staff)
      ? [
          { key: '/registry/import', icon: <CloudUploadOutlined />, label: t('nav.registryImport') },
          { key: '/audit', icon: <AuditOutlined />, label: t('nav.audit') },
        ]
      : []),
  ];
  const selected = items.find((i) => location.pathname === i.key || location.pathname.startsWith(`${i.key}/`))?.key;

  const onLogout = async () => {
    try {
      await signOut();
      void message.success(t('session.loggedOut'));
    } catch (e) {
      void message.error(problemText(e, t));
    }
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider
        width={220}
        theme="light"
        breakpoint="md"
        collapsedWidth={0}
        collapsed={folded}
        onCollapse={setFolded}
        style={{ borderRight: '1px solid #f0f0f0', ...(wide ? {} : { position: 'fixed', insetBlock: 0, insetInlineStart: 0, zIndex: 20 }) }}
      >
        <div style={{ padding: '18px 20px', display: 'flex', alignItems: 'center', gap: 10 }}>
          <img src="/icons/icon.svg" alt="" width={28} height={28} />
          <Typography.Text strong style={{ fontSize: 15 }}>
            {t('app.shortTitle')}
          </Typography.Text>
        </div>
        <nav aria-label={t('nav.label')}>
          <Menu
            mode="inline"
            selectedKeys={selected ? [selected] : []}
            items={items}
            onClick={({ key }) => {
              navigate(key === '/reviews' ? '/reviews/identity' : key);
              if (!wide) setFolded(true);
            }}
            style={{ borderInlineEnd: 'none' }}
          />
        </nav>
      </Sider>
      <Layout>
        <Header
          style={{ background: '#fff', borderBottom: '1px solid #f0f0f0', padding: wide ? '0 24px' : '0 12px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 8 }}
        >
          <Typography.Title level={1} style={{ fontSize: 18, margin: 0, ...(wide ? {} : { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }) }}>
            {t('app.title')}
          </Typography.Title>
          <Space size={wide ? 'middle' : 'small'}>
            <LanguageSwitch />
            <Dropdown
              trigger={['click']}
              menu={{
                items: [
                  { key: 'password', icon: <KeyOutlined />, label: t('header.changePassword') },
                  { type: 'divider' },
                  { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout'), danger: true },
                ],
                onClick: ({ key }) => (key === 'logout' ? void onLogout() : navigate('/password')),
              }}
            >
              <Button type="text" aria-label={t('header.userMenu', { name: staff?.displayName || staff?.username })} style={{ height: 40 }}>
                <Space>
                  <Avatar size="small" icon={<UserOutlined />} />
                  {wide && <span>{staff?.displayName || staff?.username}</span>}
                  {wide && staff && <Tag color="blue">{t(`roles.${staff.role}`)}</Tag>}
                </Space>
              </Button>
            </Dropdown>
            <Button icon={<LogoutOutlined />} onClick={() => void onLogout()} aria-label={t('header.logout')}>
              {wide && t('header.logout')}
            </Button>
          </Space>
        </Header>
        <Content style={{ padding: wide ? 24 : 12, minWidth: 0 }}>
          <main>{children}</main>
        </Content>
      </Layout>
    </Layout>
  );
}
