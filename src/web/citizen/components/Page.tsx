import type { ReactNode } from 'react';
import { LeftOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { LanguageSwitch } from './LanguageSwitch.tsx';

export interface PageProps {
  title: ReactNode;
  /** Show a back button: `true` goes back in history, a path goes there. */
  back?: boolean | string;
  /** Replaces the language switch on the right of the top bar. */
  right?: ReactNode;
  children: ReactNode;
  /** Extra space at the bottom for pages shown above the tab bar. */
  withTabBar?: boolean;
}

/**
 * A screen with the top bar. Not antd-mobile's NavBar: its left slot is a div with
 * role="button" around whatever it holds, which would nest our named back button inside an
 * unnamed one for screen readers. The bar keeps NavBar's proportions.
 */
export function Page({ title, back, right, children, withTabBar }: PageProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const goBack = () => {
    if (typeof back === 'string') navigate(back);
    // Opened from a link outside the app there is no history to go back to: go home.
    else if (window.history.state && window.history.state.idx > 0) navigate(-1);
    else navigate('/');
  };
  return (
    <div className={`jg-page${withTabBar ? ' jg-page--tabbed' : ''}`}>
      <header className="jg-page__bar">
        <div className="jg-topbar">
          <div className="jg-topbar__left">
            {back && (
              <button type="button" className="jg-icon-button" aria-label={t('common.back')} onClick={goBack}>
                <LeftOutline aria-hidden="true" fontSize={22} />
              </button>
            )}
          </div>
          <h1 className="jg-page__title">{title}</h1>
          <div className="jg-topbar__right">{right ?? <LanguageSwitch />}</div>
        </div>
      </header>
      <main className="jg-page__body">{children}</main>
    </div>
  );
}

/** The centred spinner used while a screen's first data arrives. */
export function PageLoading() {
  const { t } = useTranslation();
  return (
    <div className="jg-center" role="status" aria-live="polite">
      <span className="jg-spinner" aria-hidden="true" />
      <span className="jg-visually-hidden">{t('common.loading')}</span>
    </div>
  );
}
