import { Button, ErrorBlock } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';

export function NotFoundPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <div className="jg-plain">
      <div className="jg-plain__bar">
        <LanguageSwitch />
      </div>
      <div className="jg-pad jg-center-block">
        <ErrorBlock status="empty" title={<h1 className="jg-h1">{t('notFound.title')}</h1>} description={t('notFound.body')} />
        <Button block color="primary" size="large" onClick={() => navigate('/')} style={{ marginTop: 24 }}>
          {t('notFound.home')}
        </Button>
      </div>
    </div>
  );
}
