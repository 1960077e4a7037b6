import { Button, ErrorBlock } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useEffect } from 'react';
import { useNavigate, useParams } from 'react-router';
import { currentLanguage } from '../../../shared/i18n.ts';
import { Page, PageLoading } from '../../components/Page.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { useMarkRead, useMessages } from './queries.ts';

export function MessagesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const messages = useMessages();
  const lang = currentLanguage();

  let body;
  if (messages.isPending) body = <PageLoading />;
  else if (messages.isError)
    body = (
      <div className="jg-pad" role="alert">
        <ErrorBlock status="disconnected" title={t('errors.loadFailed')} description={problemMessage(t, messages.error)} />
        <Button block color="primary" onClick={() => void messages.refetch()}>
          {t('common.retry')}
        </Button>
      </div>
    );
  else if (messages.data.length === 0) body = <ErrorBlock status="empty" title={t('messages.emptyTitle')} description={t('messages.empty')} />;
  else
    body = (
      <ul className="jg-messages" aria-label={t('messages.title')}>
        {messages.data.map((m) => (
          <li key={m.id}>
            <button
              type="button"
              className={`jg-message${m.read ? '' : ' jg-message--unread'}`}
              onClick={() => navigate(`/messages/${encodeURIComponent(m.id)}`)}
            >
              <span className="jg-message__head">
                {!m.read && <span className="jg-dot" aria-hidden="true" />}
                <span className="jg-message__title">{m.title}</span>
                {!m.read && <span className="jg-visually-hidden">{t('messages.unread')}</span>}
              </span>
              <span className="jg-message__time">{formatDateTime(m.createdAt, lang)}</span>
              <span className="jg-message__preview">{m.body}</span>
            </button>
          </li>
        ))}
      </ul>
    );

  return (
    <Page title={t('messages.title')} withTabBar>
      {body}
    </Page>
  );
}

/** One message in full; opening it marks it read. */
export function MessageDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const messages = useMessages();
  const markRead = useMarkRead();
  const message = messages.data?.find((m) => m.id === id);
  const unread = message && !message.read;

  useEffect(() => {
    if (unread && id && !markRead.isPending) markRead.mutate(id);
    // Once per opened unread message; the mutation object is deliberately not a dependency.
  }, [id, unread]);

  return (
    <Page title={t('messages.detailTitle')} back="/messages">
      {messages.isPending ? (
        <PageLoading />
      ) : !message ? (
        <ErrorBlock status="empty" title={t('messages.notFound')} description="" />
      ) : (
        <article className="jg-card jg-message-detail">
          <h2 className="jg-message-detail__title">{message.title}</h2>
          <p className="jg-message__time">{formatDateTime(message.createdAt, currentLanguage())}</p>
          <p className="jg-message-detail__body">{message.body}</p>
        </article>
      )}
    </Page>
  );
}
