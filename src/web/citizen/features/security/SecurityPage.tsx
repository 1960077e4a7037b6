import { useState } from 'react';
import { Button, Dialog, List, Switch, Toast } from 'antd-mobile';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../../shared/api.ts';
import { Page } from '../../components/Page.tsx';
import { RowLink } from '../../components/Rows.tsx';
import { useSessionState } from '../../session.tsx';
import { clearDeviceToken, getDeviceToken } from '../../lib/device-gesture.ts';
import { problemMessage } from '../../lib/problems.ts';

export function SecurityPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { account, refresh, forget } = useSessionState();
  const [onThisDevice, setOnThisDevice] = useState(() => Boolean(getDeviceToken()));

  const removeGesture = useMutation({
    mutationFn: () => api('DELETE', '/api/v1/me/gesture'),
    onSuccess: async () => {
      clearDeviceToken();
      setOnThisDevice(false);
      await refresh();
      Toast.show({ icon: 'success', content: t('security.gestureRemoved') });
    },
    onError: (e) => Toast.show({ icon: 'fail', content: problemMessage(t, e) }),
  });

  const logout = useMutation({
    mutationFn: () => api('DELETE', '/api/v1/sessions/current'),
    // Logging out must work offline too: the local session state is dropped either way.
    onSettled: () => forget('/login'),
  });

  if (!account) return null;
  const gestureOn = account.gestureEnabled;

  const toggleGesture = async (on: boolean) => {
    if (on) return navigate('/me/security/gesture');
    const ok = await Dialog.confirm({
      title: t('security.gestureOffTitle'),
      content: t('security.gestureOffBody'),
      confirmText: t('security.gestureOffConfirm'),
      cancelText: t('common.cancel'),
    });
    if (ok) removeGesture.mutate();
  };

  const confirmLogout = async () => {
    const ok = await Dialog.confirm({ content: t('security.logoutConfirm'), confirmText: t('security.logout'), cancelText: t('common.cancel') });
    if (ok) logout.mutate();
  };

  return (
    <Page title={t('security.title')} back="/me">
      <List header={t('security.bound')} mode="card">
        <List.Item extra={<span className="jg-mono">{account.phoneMasked}</span>}>{t('me.phone')}</List.Item>
        <List.Item extra={<span className="jg-mono">{account.docNumberMasked}</span>}>
          {t(`docTypes.${account.docType}`, { defaultValue: account.docType })}
        </List.Item>
      </List>
      <List header={t('security.loginMethods')} mode="card">
        <List.Item
          description={
            !gestureOn ? t('security.gestureOffHint') : onThisDevice ? t('security.gestureOnHint') : t('security.gestureOtherDevice')
          }
          extra={
            <Switch
              checked={gestureOn}
              loading={removeGesture.isPending}
              onChange={(on) => void toggleGesture(on)}
              aria-label={t('security.gesture')}
            />
          }
        >
          {t('security.gesture')}
        </List.Item>
        {gestureOn && (
          <RowLink to="/me/security/gesture">{onThisDevice ? t('security.gestureChange') : t('security.gestureSetHere')}</RowLink>
        )}
      </List>
      <div className="jg-pad">
        <Button block size="large" onClick={() => void confirmLogout()} loading={logout.isPending}>
          {t('security.logout')}
        </Button>
      </div>
      <List mode="card">
        <RowLink to="/me/security/delete" danger description={t('security.deleteHint')}>
          {t('security.delete')}
        </RowLink>
      </List>
    </Page>
  );
}
