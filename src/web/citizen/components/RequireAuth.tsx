import type { ReactNode } from 'react';
import { Button, ErrorBlock } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { useSessionState } from '../session.tsx';
import { loginPath } from '../lib/navigation.ts';
import { problemMessage } from '../lib/problems.ts';
import { PageLoading } from './Page.tsx';

/** Screens for logged-in users: others go to the login screen, which brings them back here. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { account, error, retry, exitTo } = useSessionState();
  const location = useLocation();
  if (account === undefined && error) {
    return (
      <div className="jg-center jg-pad" role="alert">
        <ErrorBlock status="disconnected" title={t('errors.loadFailed')} description={problemMessage(t, error)} />
        <Button color="primary" size="large" block onClick={retry} style={{ marginTop: 24 }}>
          {t('common.retry')}
        </Button>
      </div>
    );
  }
  if (account === undefined) return <PageLoading />;
  if (account === null && exitTo) return <Navigate to={exitTo} replace state={{ signedOut: true }} />;
  if (account === null) return <Navigate to={loginPath(location.pathname + location.search)} replace />;
  return <>{children}</>;
}
