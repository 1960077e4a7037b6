import { useEffect } from 'react';
import { NavBar } from 'antd-mobile';
import { LeftOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { TraditionalFigure, WrongDocumentFigure } from './illustrations.tsx';
import './help.css';

interface NameExample {
  traditional: string;
  simplified: string;
}

/**
 * `/help/registration`: the two reasons Hong Kong and Macau users fail to register or to
 * bind their licence (the seed guide's "证件错误" and "姓名字体错误"), with anchors the
 * registration screen and the server's `helpUrl` point to.
 */
export function HelpRegistrationPage() {
  const { t } = useTranslation('citizen-registration');
  const navigate = useNavigate();
  const { hash } = useLocation();

  // The router does not scroll to a fragment on its own.
  useEffect(() => {
    if (!hash) return;
    const el = document.getElementById(decodeURIComponent(hash.slice(1)));
    if (el) {
      el.scrollIntoView({ block: 'start' });
      el.focus({ preventScroll: true });
    }
  }, [hash]);

  const examples = t('help.traditional.examples', { returnObjects: true }) as NameExample[] | string;
  const list = Array.isArray(examples) ? examples : [];
  const first = list[0];

  const goBack = () => {
    if (window.history.state && window.history.state.idx > 0) navigate(-1);
    else navigate('/register');
  };

  return (
    <div className="jg-page jg-help">
      <header className="jg-page__bar">
        <NavBar
          backIcon={false}
          back={null}
          left={
            <button type="button" className="jg-icon-button" aria-label={t('back')} onClick={goBack}>
              <LeftOutline aria-hidden="true" fontSize={22} />
            </button>
          }
          right={<LanguageSwitch />}
        >
          <h1 className="jg-page__title">{t('help.title')}</h1>
        </NavBar>
      </header>
      <main className="jg-page__body">
        <p className="jg-help__intro">{t('help.intro')}</p>
        <nav aria-label={t('help.contents')} className="jg-help__toc">
          <a href="#wrong-document">{t('help.wrongDocument.heading')}</a>
          <a href="#traditional-characters">{t('help.traditional.heading')}</a>
          <a href="#hk-id-brackets">{t('help.brackets.heading')}</a>
        </nav>

        <section id="wrong-document" className="jg-help__section" tabIndex={-1} aria-labelledby="wrong-document-heading">
          <h2 id="wrong-document-heading">{t('help.wrongDocument.heading')}</h2>
          <p className="jg-help__rule">{t('help.wrongDocument.rule')}</p>
          <WrongDocumentFigure />
          <p>{t('help.wrongDocument.howToTell')}</p>
          <ul className="jg-help__cases">
            <li>{t('help.wrongDocument.hkIdCase')}</li>
            <li>{t('help.wrongDocument.moIdCase')}</li>
            <li>{t('help.wrongDocument.permitCase')}</li>
            <li>{t('help.wrongDocument.residenceCase')}</li>
          </ul>
          <p className="jg-help__note">{t('help.wrongDocument.alreadyWrong')}</p>
        </section>

        <section id="traditional-characters" className="jg-help__section" tabIndex={-1} aria-labelledby="traditional-characters-heading">
          <h2 id="traditional-characters-heading">{t('help.traditional.heading')}</h2>
          <p className="jg-help__rule">{t('help.traditional.rule')}</p>
          {first ? <TraditionalFigure traditional={first.traditional} simplified={first.simplified} /> : null}
          <h3>{t('help.traditional.examplesTitle')}</h3>
          <table className="jg-help__examples">
            <thead>
              <tr>
                <th scope="col">{t('help.traditional.figureTraditional')}</th>
                <th scope="col">{t('help.traditional.figureSimplified')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((e) => (
                <tr key={e.traditional}>
                  <td lang="zh-HK">{e.traditional}</td>
                  <td lang="zh-CN">{e.simplified}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>{t('help.traditional.autoFix')}</p>
          <p className="jg-help__note">{t('help.traditional.noKeyboard')}</p>
        </section>

        <section id="hk-id-brackets" className="jg-help__section" tabIndex={-1} aria-labelledby="hk-id-brackets-heading">
          <h2 id="hk-id-brackets-heading">{t('help.brackets.heading')}</h2>
          <p className="jg-help__rule">{t('help.brackets.rule')}</p>
          <div className="jg-help__brackets">
            <div className="jg-help__sample is-right">
              <span className="jg-help__sample-tag">✓ {t('help.brackets.right')}</span>
              <code>{t('help.brackets.rightExample')}</code>
            </div>
            <div className="jg-help__sample is-wrong">
              <span className="jg-help__sample-tag">✗ {t('help.brackets.wrong')}</span>
              <code>{t('help.brackets.wrongExample')}</code>
            </div>
          </div>
          <p>{t('help.brackets.auto')}</p>
        </section>

        <div className="jg-help__back">
          <Link to="/register" className="jg-help__back-link">
            {t('help.backToRegister')}
          </Link>
        </div>
      </main>
    </div>
  );
}
