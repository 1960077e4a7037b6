import { List, Tag } from 'antd-mobile';
import { GlobalOutline, LockOutline, UserCircleOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { useLanguageSheet } from '../../components/LanguageSwitch.tsx';
import { Page } from '../../components/Page.tsx';
import { RowButton, RowLink } from '../../components/Rows.tsx';
import { useSession } from '../../session.tsx';

export function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  const color = status === 'active' ? 'success' : status === 'pending_review' ? 'warning' : 'danger';
  return (
    <Tag color={color} fill="outline">
      {t(`status.${status}`, { defaultValue: status })}
    </Tag>
  );
}

export function MePage() {
  const { t } = useTranslation();
  const account = useSession();
  const language = useLanguageSheet();
  if (!account) return null;
  return (
    <Page title={t('me.title')} withTabBar>
      <section className="jg-profile" aria-label={t('me.profile')}>
        <UserCircleOutline aria-hidden="true" fontSize={56} className="jg-profile__avatar" />
        <div>
          <p className="jg-profile__name">{account.name}</p>
          <StatusTag status={account.status} />
        </div>
      </section>
      <List header={t('me.identity')} mode="card">
        <List.Item extra={t(`docTypes.${account.docType}`, { defaultValue: account.docType })}>{t('me.docType')}</List.Item>
        <List.Item extra={<span className="jg-mono">{account.docNumberMasked}</span>}>{t('me.docNumber')}</List.Item>
        <List.Item extra={<span className="jg-mono">{account.phoneMasked}</span>}>{t('me.phone')}</List.Item>
      </List>
      <List mode="card">
        <RowLink to="/me/security" prefix={<LockOutline aria-hidden="true" />}>
          {t('security.title')}
        </RowLink>
        <RowButton onClick={language.open} popup prefix={<GlobalOutline aria-hidden="true" />} extra={language.currentName}>
          {t('language.title')}
        </RowButton>
      </List>
      {language.sheet}
    </Page>
  );
}
