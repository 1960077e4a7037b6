import { useMemo, useState } from 'react';
import { Alert, Badge, Button, Card, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { PictureOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, Navigate, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Language } from '../../../../i18n/languages.ts';
import { currentLanguage } from '../../../shared/i18n.ts';
import { formatDateTime, oldestFirst, waitedParts } from '../../format.ts';
import { problemText } from '../../problem-text.ts';
import { regionLabel } from '../../region-label.ts';
import { fetchQueue, fetchStats, isReviewKind, QUEUE_PAGE_SIZE, REVIEW_KINDS, reviewKeys, type ReviewKind, type ReviewListItem } from './api.ts';
import { formatYuan } from './money.ts';
import { useWaited } from './use-waited.ts';

/** Pending reviews of one kind, oldest first; a row opens the review. */
export function ReviewQueuePage() {
  const { kind } = useParams();
  const { t } = useTranslation('console');
  const navigate = useNavigate();
  // Pending counts on every tab, so work waiting in another queue is not missed.
  const stats = useQuery({ queryKey: reviewKeys.stats(), queryFn: fetchStats, refetchInterval: 60_000 });
  if (!isReviewKind(kind)) return <Navigate to="/reviews/identity" replace />;

  return (
    <Card>
      <Typography.Title level={2} style={{ fontSize: 20, marginTop: 0 }}>
        {t('reviews.title')}
      </Typography.Title>
      <Tabs
        activeKey={kind}
        onChange={(k) => navigate(`/reviews/${k}`)}
        items={REVIEW_KINDS.map((k) => {
          const pending = stats.data?.kinds[k]?.pending ?? 0;
          return {
            key: k,
            label: (
              <Space size={6}>
                {t(`reviews.kinds.${k}`)}
                {pending > 0 && <Badge count={pending} overflowCount={999} color="#1d4ed8" aria-hidden />}
              </Space>
            ),
          };
        })}
      />
      <QueueTable key={kind} kind={kind} />
    </Card>
  );
}

function QueueTable({ kind }: { kind: ReviewKind }) {
  const { t } = useTranslation('console');
  const lang = currentLanguage();
  const navigate = useNavigate();
  const waited = useWaited();
  const [page, setPage] = useState(1);
  const queue = useQuery({ queryKey: reviewKeys.queue(kind, page, lang), queryFn: () => fetchQueue(kind, page), refetchInterval: 60_000 });
  const rows = useMemo(() => oldestFirst(queue.data?.items ?? []), [queue.data]);

  const waitingColumn = {
    title: t('reviews.columns.waitingSince'),
    dataIndex: 'waitingSince',
    key: 'waitingSince',
    width: 210,
    render: (_: unknown, r: ReviewListItem) => {
      const since = r.waitingSince ?? r.createdAt;
      const parts = waitedParts(r.waitingMinutes, since, Date.now());
      return (
        <Space direction="vertical" size={0}>
          <span>{formatDateTime(since, lang)}</span>
          {parts && <Typography.Text type={parts.days >= 1 ? 'warning' : 'secondary'} style={{ fontSize: 12 }}>{waited(parts)}</Typography.Text>}
        </Space>
      );
    },
  };
  const photosColumn = {
    title: t('reviews.columns.photos'),
    dataIndex: 'photoCount',
    key: 'photoCount',
    width: 110,
    align: 'center' as const,
    render: (n: number) => (
      <Tooltip title={t('reviews.photoCount', { count: n })}>
        <Tag icon={<PictureOutlined />} color={n > 0 ? 'blue' : 'default'}>
          {n}
        </Tag>
      </Tooltip>
    ),
  };
  // Identity and e-licence reviews are about a person and their document.
  const personColumns = [
    waitingColumn,
    {
      title: t('reviews.columns.name'),
      key: 'name',
      render: (_: unknown, r: ReviewListItem) => (
        // A real link keeps the row reachable from the keyboard and by screen readers.
        <Link to={`/reviews/${kind}/${r.id}`} onClick={(e) => e.stopPropagation()}>
          {r.summary.name ?? t('reviews.unnamed')}
        </Link>
      ),
    },
    {
      title: t('reviews.columns.docType'),
      key: 'docType',
      render: (_: unknown, r: ReviewListItem) => (r.summary.docType ? t(`docTypes.${r.summary.docType}`, { defaultValue: r.summary.docType }) : ''),
    },
    {
      title: t('reviews.columns.docNumber'),
      key: 'docNumber',
      render: (_: unknown, r: ReviewListItem) => <Typography.Text code>{r.summary.docNumberMasked}</Typography.Text>,
    },
    {
      title: t('reviews.columns.region'),
      key: 'region',
      render: (_: unknown, r: ReviewListItem) => regionLabel(r.summary.regionCode),
    },
    photosColumn,
  ];
  const columns = kind === 'objection' ? [waitingColumn, ...objectionColumns(kind, t, lang), photosColumn] : personColumns;

  return (
    <>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 12 }}>
        <Space>
          <Typography.Text>{t('reviews.pending')}</Typography.Text>
          <Badge count={queue.data?.total ?? 0} showZero color={queue.data?.total ? '#1d4ed8' : '#bfbfbf'} overflowCount={9999} />
        </Space>
        <Button icon={<ReloadOutlined />} onClick={() => void queue.refetch()} loading={queue.isFetching}>
          {t('actions.refresh')}
        </Button>
      </div>
      {queue.isError && <Alert type="error" showIcon title={problemText(queue.error, t)} style={{ marginBottom: 12 }} role="alert" />}
      <Table<ReviewListItem>
        rowKey="id"
        aria-label={t('reviews.tableLabel', { kind: t(`reviews.kinds.${kind}`) })}
        columns={columns}
        dataSource={rows}
        loading={queue.isLoading}
        locale={{ emptyText: t('reviews.empty') }}
        pagination={{ current: page, pageSize: QUEUE_PAGE_SIZE, total: queue.data?.total ?? 0, hideOnSinglePage: true, showSizeChanger: false, onChange: setPage }}
        onRow={(r) => ({ onClick: () => navigate(`/reviews/${kind}/${r.id}`), style: { cursor: 'pointer' } })}
      />
    </>
  );
}

/**
 * An objection is about a violation record, not a person's identity: the queue shows which
 * record (plate, when, where, what it costs) and the start of the citizen's reason.
 */
function objectionColumns(kind: ReviewKind, t: TFunction, lang: Language) {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return [
    {
      title: t('reviews.objection.columns.plate'),
      key: 'plate',
      width: 120,
      render: (_: unknown, r: ReviewListItem) => (
        // A real link keeps the row reachable from the keyboard and by screen readers.
        <Link to={`/reviews/${kind}/${r.id}`} onClick={(e) => e.stopPropagation()}>
          {text(r.summary.plate) || t('reviews.unnamed')}
        </Link>
      ),
    },
    {
      // When and where in one column, so the citizen's reason keeps room to be read.
      title: t('reviews.objection.columns.occurredAt'),
      key: 'occurredAt',
      width: 220,
      render: (_: unknown, r: ReviewListItem) => (
        <Space direction="vertical" size={0}>
          <span>{formatDateTime(text(r.summary.occurredAt), lang)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {text(r.summary.location)}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('reviews.objection.columns.violation'),
      key: 'violation',
      width: 180,
      render: (_: unknown, r: ReviewListItem) =>
        t('reviews.objection.violationCell', { code: text(r.summary.code), fine: formatYuan(Number(r.summary.fineFen ?? 0)), count: Number(r.summary.points ?? 0) }),
    },
    {
      title: t('reviews.objection.columns.reason'),
      key: 'reason',
      render: (_: unknown, r: ReviewListItem) => (
        <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0 }}>
          {text(r.summary.reason)}
        </Typography.Paragraph>
      ),
    },
  ];
}
