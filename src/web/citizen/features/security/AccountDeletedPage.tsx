import { Button, Result } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';

/** Shown after deletion; public, because the session ended with the account. */
export function AccountDeletedPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <div className="jg-plain">
      <div className="jg-plain__bar">
        <LanguageSwitch />
      </div>
      <Result status="success" title={t('accountDeleted.title')} description={t('accountDeleted.body')} />
      <div className="jg-pad">
        <p className="jg-text jg-muted">{t('accountDeleted.registerAgain')}</p>
        <Button block color="primary" size="large" onClick={() => navigate('/register')}>
          {t('accountDeleted.register')}
        </Button>
        <Button block fill="none" size="large" onClick={() => navigate('/login')} style={{ marginTop: 12 }}>
          {t('accountDeleted.login')}
        </Button>
      </div>
    </div>
  );
}
