import { Alert, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../../shared/i18n.ts';
import { formatDateTime } from '../../format.ts';
import { problemText } from '../../problem-text.ts';
import { fetchAudit, type AuditEntry } from './api.ts';

/** The audit trail for administrators, newest first; older entries load on demand. */
export function AuditLogPage() {
  const { t } = useTranslation('console');
  const lang = currentLanguage();
  const audit = useInfiniteQuery({
    queryKey: ['audit', lang],
    queryFn: ({ pageParam }) => fetchAudit(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
  const rows = audit.data?.pages.flatMap((p) => p.items) ?? [];

  const columns = [
    { title: t('audit.columns.at'), key: 'at', width: 150, render: (_: unknown, e: AuditEntry) => formatDateTime(e.at, lang) },
    {
      title: t('audit.columns.actor'),
      key: 'actor',
      width: 170,
      render: (_: unknown, e: AuditEntry) => (
        <Space size={4}>
          <Tag>{t(`audit.actorTypes.${e.actor.type}`, { defaultValue: e.actor.type })}</Tag>
          <span>{e.actor.name ?? e.actor.id ?? ''}</span>
        </Space>
      ),
    },
    {
      title: t('audit.columns.action'),
      key: 'action',
      width: 180,
      render: (_: unknown, e: AuditEntry) => (
        <Space direction="vertical" size={0}>
          <span>{t(`audit.actions.${e.action.replaceAll('.', '_')}`, { defaultValue: e.action })}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {e.action}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('audit.columns.subject'),
      key: 'subject',
      width: 170,
      render: (_: unknown, e: AuditEntry) =>
        e.subject ? (
          <Space direction="vertical" size={0}>
            <span>{t(`audit.subjectTypes.${e.subject.type}`, { defaultValue: e.subject.type })}</span>
            {/* Long ids are shortened on screen; the copy button and tooltip give the whole id for a search. */}
            <Typography.Text code style={{ fontSize: 12 }} copyable={{ text: e.subject.id }} title={e.subject.id}>
              {e.subject.id.length > 12 ? `${e.subject.id.slice(0, 8)}…` : e.subject.id}
            </Typography.Text>
          </Space>
        ) : (
          '—'
        ),
    },
    { title: t('audit.columns.detail'), key: 'detail', render: (_: unknown, e: AuditEntry) => <DetailText detail={e.detail} /> },
  ];

  return (
    <Card>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 12 }}>
        <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
          {t('audit.title')}
        </Typography.Title>
        <Button icon={<ReloadOutlined />} onClick={() => void audit.refetch()} loading={audit.isRefetching}>
          {t('actions.refresh')}
        </Button>
      </div>
      {audit.isError && <Alert type="error" showIcon title={problemText(audit.error, t)} style={{ marginBottom: 12 }} role="alert" />}
      <Table<AuditEntry>
        rowKey="id"
        aria-label={t('audit.title')}
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={audit.isLoading}
        pagination={false}
        locale={{ emptyText: t('audit.empty') }}
      />
      {audit.hasNextPage && (
        <div style={{ textAlign: 'center', marginTop: 16 }}>
          <Button onClick={() => void audit.fetchNextPage()} loading={audit.isFetchingNextPage}>
            {t('audit.loadOlder')}
          </Button>
        </div>
      )}
    </Card>
  );
}

/** Detail as "key: value" lines; the server never puts whole personal numbers in it. */
function DetailText({ detail }: { detail: Record<string, unknown> | null }) {
  if (!detail || Object.keys(detail).length === 0) return <>—</>;
  return (
    <div style={{ fontSize: 12, lineHeight: 1.6, wordBreak: 'break-all' }}>
      {Object.entries(detail).map(([k, v]) => (
        <div key={k}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {k}:
          </Typography.Text>{' '}
          {typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}
        </div>
      ))}
    </div>
  );
}
