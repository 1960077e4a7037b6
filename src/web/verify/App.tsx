import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, TextArea } from 'antd-mobile';
import { ScanningOutline } from 'antd-mobile-icons';
import { LANGUAGES, type Language } from '../../i18n/languages.ts';
import { api, ApiProblem } from '../shared/api.ts';
import { changeLanguage, currentLanguage } from '../shared/i18n.ts';
import { verifyCredential, type LiveAnswer, type LiveFailure, type Verdict } from './check.ts';
import { loadCachedKeys, refreshKeys, type CachedKeys } from './keys.ts';
import { formatInstant } from './format.ts';
import type { CameraProblem } from './camera.ts';
import { Scanner } from './Scanner.tsx';
import { Result } from './Result.tsx';

/** A live answer slower than this is not worth waiting for at the roadside: the offline verdict stands. */
const LIVE_TIMEOUT_MS = 8000;
const KEYS_TIMEOUT_MS = 4000;

type View = { kind: 'home' } | { kind: 'scan' } | { kind: 'checking' } | { kind: 'result'; verdict: Verdict; text: string };

const storage = () => localStorage;

function classifyLiveError(error: unknown): LiveFailure {
  if (error instanceof ApiProblem) {
    if (error.status === 0) return 'network';
    if (error.status === 429) return 'rate_limited';
    return 'server';
  }
  // Aborted by the timeout, or a fetch that never reached the server.
  return 'network';
}

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}

function LanguageSwitch() {
  const { t } = useTranslation('verify');
  const lang = currentLanguage();
  return (
    <div className="vf-langs" role="group" aria-label={t('language')}>
      {LANGUAGES.map((l: Language) => (
        <button
          key={l}
          type="button"
          lang={l}
          className={`vf-lang ${l === lang ? 'vf-lang-on' : ''}`}
          aria-pressed={l === lang}
          onClick={() => void changeLanguage(l)}
        >
          {t(`languages.${l}`)}
        </button>
      ))}
    </div>
  );
}

export function App() {
  const { t } = useTranslation('verify');
  const lang = currentLanguage();
  const online = useOnline();
  const [keys, setKeys] = useState<CachedKeys | null>(() => loadCachedKeys(storage()));
  const [view, setView] = useState<View>({ kind: 'home' });
  const [cameraProblem, setCameraProblem] = useState<CameraProblem | null>(null);
  const [text, setText] = useState('');
  const [pasteError, setPasteError] = useState(false);

  useEffect(() => {
    document.title = t('title');
  }, [t, lang]);

  const fetchKeys = useCallback(async () => {
    const fresh = await refreshKeys(storage(), fetch.bind(window), () => new Date(), AbortSignal.timeout(KEYS_TIMEOUT_MS));
    if (fresh) setKeys(fresh);
    return fresh ?? loadCachedKeys(storage());
  }, []);

  // Keys are fetched whenever the network is there, so the cache is fresh when it goes away.
  useEffect(() => {
    if (online) void fetchKeys();
  }, [online, fetchKeys]);

  const verify = useCallback(
    async (qr: string) => {
      setView({ kind: 'checking' });
      const verdict = await verifyCredential(qr, {
        keys: fetchKeys(),
        now: () => new Date(),
        live: (body) => api<LiveAnswer>('POST', '/api/v1/elicence/verify', { body: { qr: body }, signal: AbortSignal.timeout(LIVE_TIMEOUT_MS) }),
        classifyLiveError,
      });
      setView({ kind: 'result', verdict, text: qr });
    },
    [fetchKeys],
  );

  const submitPaste = () => {
    if (!text.trim()) {
      setPasteError(true);
      return;
    }
    setPasteError(false);
    void verify(text);
  };

  const next = () => {
    setText('');
    setView(cameraProblem ? { kind: 'home' } : { kind: 'scan' });
  };

  return (
    <div className="vf-page">
      <header className="vf-header">
        <div className="vf-header-row">
          <h1 className="vf-title">{t('title')}</h1>
          <LanguageSwitch />
        </div>
        <p className={`vf-network ${online ? '' : 'vf-network-offline'}`} role="status">
          <span className="vf-dot" aria-hidden="true" />
          {online ? t('network.online') : t('network.offline')}
          {' · '}
          {keys ? t('keys.updated', { time: formatInstant(keys.fetchedAt, lang) }) : t('keys.none')}
        </p>
      </header>

      <main className="vf-main">
        {view.kind === 'scan' && (
          <Scanner
            onCode={(code) => void verify(code)}
            onProblem={(p) => {
              setCameraProblem(p);
              setView({ kind: 'home' });
            }}
            onCancel={() => setView({ kind: 'home' })}
          />
        )}

        {view.kind === 'checking' && (
          <div className="vf-checking" role="status">
            <div className="vf-spinner" aria-hidden="true" />
            <p>{t('checking')}</p>
          </div>
        )}

        {view.kind === 'result' && <Result verdict={view.verdict} onNext={next} onRetry={online ? () => void verify(view.text) : undefined} />}

        {view.kind === 'home' && (
          <>
            <p className="vf-subtitle">{t('subtitle')}</p>
            {cameraProblem && (
              <p className="vf-alert" role="alert">
                {t(`scan.errors.${cameraProblem}`)}
              </p>
            )}
            <Button
              block
              color="primary"
              size="large"
              className="vf-scan-button"
              onClick={() => {
                setCameraProblem(null);
                setView({ kind: 'scan' });
              }}
            >
              <ScanningOutline aria-hidden="true" /> {t('scan.start')}
            </Button>

            <form
              className="vf-paste"
              onSubmit={(e) => {
                e.preventDefault();
                submitPaste();
              }}
            >
              <h2 className="vf-section-title">{t('paste.title')}</h2>
              <p className="vf-muted">{t('paste.help')}</p>
              <label htmlFor="vf-code" className="vf-label">
                {t('paste.label')}
              </label>
              <TextArea
                id="vf-code"
                className="vf-textarea"
                value={text}
                onChange={(v) => {
                  setText(v);
                  if (v.trim()) setPasteError(false);
                }}
                placeholder={t('paste.placeholder')}
                rows={4}
                aria-invalid={pasteError}
                aria-describedby={pasteError ? 'vf-code-error' : undefined}
              />
              {pasteError && (
                <p id="vf-code-error" className="vf-field-error">
                  {t('paste.empty')}
                </p>
              )}
              <Button block type="submit" size="large" color="primary" fill="outline">
                {t('paste.submit')}
              </Button>
            </form>
          </>
        )}
      </main>
    </div>
  );
}
