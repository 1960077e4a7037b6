import { useEffect, useState } from 'react';
import { App as AntApp, ConfigProvider, Result, Button, Spin } from 'antd';
import type { Locale } from 'antd/es/locale';
import zhCN from 'antd/locale/zh_CN';
import zhHK from 'antd/locale/zh_HK';
import enUS from 'antd/locale/en_US';
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../i18n/languages.ts';
import { currentLanguage } from '../shared/i18n.ts';
import { ConsoleApiError } from './api.ts';
import { isAdmin, SessionProvider, useSession } from './session.tsx';
import { ConsoleLayout } from './layout.tsx';
import { LoginPage } from './features/auth/login-page.tsx';
import { ChangePasswordPage } from './features/auth/change-password-page.tsx';
import { ReviewQueuePage } from './features/reviews/queue-page.tsx';
import { ReviewDetailPage } from './features/reviews/detail-page.tsx';
import { RegistryImportPage } from './features/registry/import-page.tsx';
import { AuditLogPage } from './features/audit/audit-page.tsx';

const antdLocales: Record<Language, Locale> = { 'zh-CN': zhCN, 'zh-HK': zhHK, en: enUS };

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // 4xx answers will not change by asking again; only retry what may be transient.
      retry: (count, error) => count < 2 && !(error instanceof ConsoleApiError && error.status >= 400 && error.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});

export function ConsoleApp() {
  const { i18n } = useTranslation('console');
  const [lang, setLang] = useState<Language>(currentLanguage());
  useEffect(() => {
    const onChange = () => setLang(currentLanguage());
    i18n.on('languageChanged', onChange);
    return () => i18n.off('languageChanged', onChange);
  }, [i18n]);
  useEffect(() => {
    document.title = i18n.t('console:app.title');
  }, [lang, i18n]);

  return (
    // autoInsertSpace off: "登 录" would read oddly and change the button's accessible name.
    <ConfigProvider locale={antdLocales[lang]} button={{ autoInsertSpace: false }} theme={{ token: { colorPrimary: '#1d4ed8', borderRadius: 6 } }}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <LanguageRefetch lang={lang} />
          <BrowserRouter basename="/console">
            <SessionProvider>
              <Gate />
            </SessionProvider>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}

/** Server texts (problem details, standard reasons) come in the request's language: fetch them again. */
function LanguageRefetch({ lang }: { lang: Language }) {
  const client = useQueryClient();
  const [first, setFirst] = useState(lang);
  useEffect(() => {
    if (lang === first) return;
    setFirst(lang);
    void client.invalidateQueries();
  }, [lang, first, client]);
  return null;
}

function Gate() {
  const { staff, loadError, refresh } = useSession();
  const { t } = useTranslation('console');
  if (loadError)
    return (
      <Result
        status="warning"
        title={t('errors.unreachableTitle')}
        subTitle={t('errors.unreachable')}
        extra={<Button type="primary" onClick={() => void refresh()}>{t('actions.retry')}</Button>}
      />
    );
  if (staff === undefined)
    return (
      <div style={{ display: 'grid', placeItems: 'center', minHeight: '100vh' }}>
        <Spin size="large" aria-label={t('status.loading')} />
      </div>
    );
  if (staff === null) return <LoginPage />;
  if (staff.mustChangePassword) return <ChangePasswordPage forced />;
  const admin = isAdmin(staff);
  return (
    <ConsoleLayout>
      <Routes>
        <Route index element={<Navigate to="/reviews/identity" replace />} />
        <Route path="reviews/:kind" element={<ReviewQueuePage />} />
        <Route path="reviews/:kind/:id" element={<ReviewDetailPage />} />
        <Route path="registry/import" element={admin ? <RegistryImportPage /> : <NotAllowed />} />
        <Route path="audit" element={admin ? <AuditLogPage /> : <NotAllowed />} />
        <Route path="password" element={<ChangePasswordPage />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </ConsoleLayout>
  );
}

function NotAllowed() {
  const { t } = useTranslation('console');
  return <Result status="403" title={t('errors.forbiddenTitle')} subTitle={t('errors.forbidden')} />;
}

function NotFound() {
  const { t } = useTranslation('console');
  return <Result status="404" title={t('errors.notFoundTitle')} subTitle={t('errors.notFound')} />;
}
