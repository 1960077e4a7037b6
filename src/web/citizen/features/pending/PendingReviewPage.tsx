import { Button, Result, Steps } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';

/**
 * What happens after a registration goes to manual review. Registration navigates here with
 * `state: { reviewExpectedHours }` from the photo upload answer; the login screen sends
 * people here whose account is still in review.
 */
export function PendingReviewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const state = (useLocation().state ?? {}) as { reviewExpectedHours?: unknown };
  const hours = typeof state.reviewExpectedHours === 'number' && state.reviewExpectedHours > 0 ? state.reviewExpectedHours : null;
  return (
    <div className="jg-plain">
      <div className="jg-plain__bar">
        <LanguageSwitch />
      </div>
      <Result status="waiting" title={t('pending.title')} description={t('pending.body')} />
      <div className="jg-pad">
        <section className="jg-card" aria-labelledby="jg-pending-next">
          <h2 id="jg-pending-next" className="jg-section-title">
            {t('pending.nextTitle')}
          </h2>
          <Steps direction="vertical" current={1}>
            <Steps.Step title={t('pending.step1')} description={t('pending.step1Body')} status="finish" />
            <Steps.Step
              title={t('pending.step2')}
              description={hours ? t('pending.step2Hours', { count: hours }) : t('pending.step2Body')}
              status="process"
            />
            <Steps.Step title={t('pending.step3')} description={t('pending.step3Body')} status="wait" />
            <Steps.Step title={t('pending.step4')} description={t('pending.step4Body')} status="wait" />
          </Steps>
        </section>
        <p className="jg-text jg-muted jg-small">{t('pending.note')}</p>
        <Button block color="primary" size="large" onClick={() => navigate('/login')}>
          {t('pending.toLogin')}
        </Button>
      </div>
    </div>
  );
}
