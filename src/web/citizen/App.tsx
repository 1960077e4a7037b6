import { useEffect, useRef, useState } from 'react';
import { ConfigProvider } from 'antd-mobile';
import enUS from 'antd-mobile/es/locales/en-US';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import zhHK from 'antd-mobile/es/locales/zh-HK';
import { QueryClientProvider } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, Outlet, RouterProvider, useLocation } from 'react-router';
import type { Language } from '../../i18n/languages.ts';
import { currentLanguage } from '../shared/i18n.ts';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { RequireAuth } from './components/RequireAuth.tsx';
import { TabLayout } from './components/TabLayout.tsx';
import { NotFoundPage } from './features/errors/NotFoundPage.tsx';
import { HomePage } from './features/home/HomePage.tsx';
import { LoginPage } from './features/login/LoginPage.tsx';
import { MePage } from './features/me/MePage.tsx';
import { MessageDetailPage, MessagesPage } from './features/messages/MessagesPage.tsx';
import { PendingReviewPage } from './features/pending/PendingReviewPage.tsx';
import { AccountDeletedPage } from './features/security/AccountDeletedPage.tsx';
import { DeleteAccountPage } from './features/security/DeleteAccountPage.tsx';
import { GestureSetupPage } from './features/security/GestureSetupPage.tsx';
import { SecurityPage } from './features/security/SecurityPage.tsx';
import { UnlockPage } from './features/unlock/UnlockPage.tsx';
import { RegistrationPage } from './features/registration/RegistrationPage.tsx';
import { HelpRegistrationPage } from './features/help/HelpRegistrationPage.tsx';
import { LicencePage } from './features/licence/LicencePage.tsx';
import { ElicencePage } from './features/elicence/ElicencePage.tsx';
import { ApplyPage as ElicenceApplyPage } from './features/elicence/ApplyPage.tsx';
import { vehiclesRoutes } from './features/vehicles/routes.tsx';
import { violationsRoutes } from './features/violations/routes.tsx';
import { paymentsRoutes } from './features/payments/routes.tsx';
import { createQueryClient } from './lib/query.ts';
import { ME_KEY, SessionProvider } from './session.tsx';

const ANTD_LOCALES = { 'zh-CN': zhCN, 'zh-HK': zhHK, en: enUS } satisfies Record<Language, unknown>;

/** Every screen renders inside an error boundary that resets when the route changes. */
function Root() {
  const location = useLocation();
  return (
    <ErrorBoundary resetKey={location.pathname}>
      <Outlet />
    </ErrorBoundary>
  );
}

const router = createBrowserRouter([
  {
    element: <Root />,
    children: [
      { path: '/login', element: <LoginPage /> },
      { path: '/unlock', element: <UnlockPage /> },
      { path: '/pending', element: <PendingReviewPage /> },
      { path: '/account-deleted', element: <AccountDeletedPage /> },
      {
        element: (
          <RequireAuth>
            <Outlet />
          </RequireAuth>
        ),
        children: [
          {
            element: <TabLayout />,
            children: [
              { path: '/', element: <HomePage /> },
              { path: '/messages', element: <MessagesPage /> },
              { path: '/me', element: <MePage /> },
            ],
          },
          { path: '/messages/:id', element: <MessageDetailPage /> },
          { path: '/me/security', element: <SecurityPage /> },
          { path: '/me/security/gesture', element: <GestureSetupPage /> },
          { path: '/me/security/delete', element: <DeleteAccountPage /> },
          { path: '/licence', element: <LicencePage /> },
          { path: '/elicence', element: <ElicencePage /> },
          { path: '/elicence/apply', element: <ElicenceApplyPage /> },
          ...vehiclesRoutes,
          ...violationsRoutes,
          ...paymentsRoutes,
        ],
      },
      { path: '/register', element: <RegistrationPage /> },
      { path: '/help/registration', element: <HelpRegistrationPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

/**
 * A 401 from any call but the ones that expect it means the session is over: dropping the
 * cached account makes RequireAuth send the user to log in with the current screen as `next`.
 */
const queryClient = createQueryClient(() => {
  queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
  queryClient.setQueryData(ME_KEY, null);
});

export function App() {
  const { t, i18n } = useTranslation();
  const [lang, setLang] = useState<Language>(currentLanguage);
  useEffect(() => {
    const onChange = () => setLang(currentLanguage());
    i18n.on('languageChanged', onChange);
    return () => i18n.off('languageChanged', onChange);
  }, [i18n]);
  const shownLang = useRef(lang);
  useEffect(() => {
    document.title = t('app.documentTitle');
    if (shownLang.current === lang) return;
    shownLang.current = lang;
    // Server texts (messages, problem details) come in the request's language: fetch them again.
    void queryClient.invalidateQueries();
  }, [lang, t]);

  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider locale={ANTD_LOCALES[lang]}>
        <SessionProvider>
          <RouterProvider router={router} />
        </SessionProvider>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
