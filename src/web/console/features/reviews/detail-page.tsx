import { useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Form, Image, Input, Modal, Radio, Result, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../../shared/i18n.ts';
import { ConsoleApiError } from '../../api.ts';
import { formatDateTime } from '../../format.ts';
import { problemText } from '../../problem-text.ts';
import { regionLabel } from '../../region-label.ts';
import { decide, fetchQueue, fetchReasons, fetchReview, isReviewKind, revealNumber, reviewKeys, type ReviewDetail } from './api.ts';
import { formatYuan } from './money.ts';

/**
 * Summary fields shown first, per review kind, and how; anything else the summary carries
 * follows as text, except storage keys, which mean nothing to a reviewer.
 */
const FIELDS_BY_KIND: Record<string, readonly string[]> = {
  identity: ['name', 'docType', 'docNumberMasked', 'regionCode', 'submittedAt', 'registryMatch'],
  elicence: ['name', 'numberMasked', 'classes', 'source', 'takenAt', 'change', 'submittedAt', 'expectedBy'],
  objection: ['plate', 'plateType', 'occurredAt', 'location', 'code', 'description', 'fineFen', 'points', 'ref', 'reason', 'submittedAt'],
};
const DEFAULT_FIELDS = ['name', 'submittedAt'] as const;
const isHiddenField = (key: string) => /Keys?$/.test(key);

/**
 * A text of the review screens in the words of the review's kind: an objection is upheld or
 * rejected, not approved, and its photos are evidence, not an identity document. Kinds
 * without their own wording use the general one.
 */
function useKindText(kind: string) {
  const { t } = useTranslation('console');
  return (key: string, params: Record<string, unknown> = {}) =>
    kind === 'objection' ? t(`reviews.objection.${key}`, { ...params, defaultValue: t(`reviews.${key}`, params) }) : t(`reviews.${key}`, params);
}

/** One review: applicant data beside the document photos, and the decision. */
export function ReviewDetailPage() {
  const { kind = 'identity', id = '' } = useParams();
  const { t } = useTranslation('console');
  const lang = currentLanguage();
  const navigate = useNavigate();
  const queueKind = isReviewKind(kind) ? kind : 'identity';
  const review = useQuery({ queryKey: reviewKeys.detail(id, lang), queryFn: () => fetchReview(id) });

  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(`/reviews/${queueKind}`)}>
      {t('reviews.backToQueue')}
    </Button>
  );

  if (review.isLoading) return <Card><Skeleton active paragraph={{ rows: 8 }} /></Card>;
  if (review.isError) {
    const notFound = review.error instanceof ConsoleApiError && review.error.status === 404;
    return (
      <Card>
        <Result status={notFound ? '404' : 'error'} title={notFound ? t('reviews.notFound') : t('errors.generic')} subTitle={problemText(review.error, t)} extra={back} />
      </Card>
    );
  }
  const data = review.data!;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        {back}
        <StatusTag status={data.status} kind={data.kind} />
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <ApplicantCard review={data} />
        </Col>
        <Col xs={24} lg={14}>
          <PhotosCard review={data} />
        </Col>
      </Row>
      {data.status === 'pending' ? <DecisionBar review={data} kind={queueKind} /> : <DecidedNotice review={data} />}
    </Space>
  );
}

function StatusTag({ status, kind }: { status: string; kind: string }) {
  const kt = useKindText(kind);
  const color = status === 'approved' ? 'success' : status === 'rejected' ? 'error' : 'processing';
  return <Tag color={color} style={{ fontSize: 14, padding: '2px 10px' }}>{kt(`status.${status}`, { defaultValue: status })}</Tag>;
}

function ApplicantCard({ review }: { review: ReviewDetail }) {
  const { t } = useTranslation('console');
  const kt = useKindText(review.kind);
  const lang = currentLanguage();
  const s = review.summary;
  const value = (key: string, v: unknown) => {
    if (v === null || v === undefined || v === '') return '—';
    if (key === 'docType') return t(`docTypes.${String(v)}`, { defaultValue: String(v) });
    if (key === 'regionCode') return regionLabel(String(v));
    if (key === 'docNumberMasked' && review.kind === 'identity') return <RevealableNumber reviewId={review.id} masked={String(v)} />;
    if (key === 'docNumberMasked' || key === 'numberMasked') return <Typography.Text code>{String(v)}</Typography.Text>;
    if (key === 'classes' && Array.isArray(v)) return v.join(' ');
    if (key === 'source') return t(`reviews.sources.${String(v)}`, { defaultValue: String(v) });
    if (key === 'change') return t(v ? 'reviews.photoChange.yes' : 'reviews.photoChange.no');
    if (key === 'registryMatch') {
      const text = t(`reviews.registryMatch.${String(v)}`, { defaultValue: String(v) });
      return <Typography.Text type={v === 'match' ? 'success' : 'warning'}>{text}</Typography.Text>;
    }
    if (review.kind === 'objection') {
      if (key === 'plateType') return t(`domain:plateTypes.${String(v)}`, { defaultValue: String(v) });
      if (key === 'plate') return <Typography.Text strong>{String(v)}</Typography.Text>;
      if (key === 'fineFen' && typeof v === 'number') return formatYuan(v);
      if (key === 'points' && typeof v === 'number') return t('reviews.objection.pointsValue', { count: v });
      if (key === 'code' || key === 'ref') return <Typography.Text code>{String(v)}</Typography.Text>;
      // The citizen's own words, line breaks kept.
      if (key === 'reason') return <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{String(v)}</Typography.Paragraph>;
    }
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) return formatDateTime(v, lang);
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  };
  const known = FIELDS_BY_KIND[review.kind] ?? DEFAULT_FIELDS;
  const extra = Object.keys(s).filter((k) => !known.includes(k) && !isHiddenField(k));
  const items = [
    ...known.map((k) => ({ key: k, label: t(`reviews.fields.${k}`), children: value(k, s[k] ?? (k === 'submittedAt' ? review.createdAt : undefined)) })),
    ...extra.map((k) => ({ key: k, label: t(`reviews.fields.${k}`, { defaultValue: k }), children: value(k, s[k]) })),
    { key: 'kind', label: t('reviews.fields.kind'), children: t(`reviews.kinds.${review.kind}`, { defaultValue: review.kind }) },
  ];
  return (
    <Card title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{kt('applicant')}</Typography.Title>} style={{ height: '100%' }}>
      <Descriptions column={1} bordered size="middle" items={items} styles={{ label: { width: 130 } }} />
    </Card>
  );
}

/**
 * The masked number, and on request the whole one to compare with the document photo.
 * Every reveal is audited on the server; the number is kept only while this page is open.
 */
function RevealableNumber({ reviewId, masked }: { reviewId: string; masked: string }) {
  const { t } = useTranslation('console');
  const [whole, setWhole] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const reveal = async () => {
    setBusy(true);
    setError(null);
    try {
      setWhole((await revealNumber(reviewId)).value);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space direction="vertical" size={4}>
      <Space wrap>
        <Typography.Text code>{whole ?? masked}</Typography.Text>
        {whole === null && (
          <Button size="small" onClick={() => void reveal()} loading={busy}>
            {t('reviews.revealNumber')}
          </Button>
        )}
      </Space>
      {whole !== null && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('reviews.revealedNote')}</Typography.Text>}
      {error !== null && <Typography.Text type="danger">{problemText(error, t)}</Typography.Text>}
    </Space>
  );
}

function PhotosCard({ review }: { review: ReviewDetail }) {
  const { t } = useTranslation('console');
  const kt = useKindText(review.kind);
  return (
    <Card
      title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{kt('photos')}</Typography.Title>}
      extra={<Typography.Text type="secondary">{t('reviews.photosHint')}</Typography.Text>}
      style={{ height: '100%' }}
    >
      {review.photos.length === 0 ? (
        <Empty description={kt('noPhotos')} />
      ) : (
        <Image.PreviewGroup>
          <div style={{ display: 'grid', gridTemplateColumns: review.photos.length === 1 ? '1fr' : '1fr 1fr', gap: 12 }}>
            {review.photos.map((p) => (
              <div key={p.index} style={{ background: '#f5f5f5', borderRadius: 6, display: 'grid', placeItems: 'center', minHeight: 220, overflow: 'hidden' }}>
                <Image src={p.url} alt={kt('photoAlt', { n: p.index + 1 })} style={{ maxHeight: 420, objectFit: 'contain' }} />
              </div>
            ))}
          </div>
        </Image.PreviewGroup>
      )}
    </Card>
  );
}

function DecidedNotice({ review }: { review: ReviewDetail }) {
  const { t } = useTranslation('console');
  const kt = useKindText(review.kind);
  const lang = currentLanguage();
  return (
    <Alert
      type={review.status === 'approved' ? 'success' : 'warning'}
      showIcon
      title={t('reviews.decidedAt', { status: kt(`status.${review.status}`, { defaultValue: review.status }), at: formatDateTime(review.decidedAt, lang) })}
      description={review.reason ? t('reviews.decidedReason', { reason: review.reason }) : undefined}
    />
  );
}

interface RejectForm {
  standard?: string;
  custom?: string;
}

/** The free-text choice; the server's standard list names it `other` and we reuse its wording. */
const OTHER = 'other';

function DecisionBar({ review, kind }: { review: ReviewDetail; kind: string }) {
  const { t } = useTranslation('console');
  const kt = useKindText(kind);
  const lang = currentLanguage();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [rejectOpen, setRejectOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<RejectForm>();
  const reasons = useQuery({ queryKey: reviewKeys.reasons(kind, lang), queryFn: () => fetchReasons(kind), enabled: rejectOpen, staleTime: 10 * 60_000 });
  const standard = Form.useWatch('standard', form);

  /** After a decision the reviewer goes straight on to the oldest item still waiting. */
  const goToNext = async (successText: string) => {
    await queryClient.invalidateQueries({ queryKey: ['reviews'] });
    let nextId: string | undefined;
    try {
      const next = await fetchQueue(kind, 1, 5);
      nextId = next.items.find((i) => i.id !== review.id && i.status === 'pending')?.id;
    } catch {
      // Failing to load the next item must not hide that the decision was saved.
    }
    void message.success(nextId ? successText : `${successText} ${t('reviews.queueDone')}`);
    navigate(nextId ? `/reviews/${kind}/${nextId}` : `/reviews/${kind}`);
  };

  const submit = async (decision: 'approve' | 'reject', reason?: string) => {
    setBusy(true);
    try {
      await decide(review.id, decision, reason);
      setRejectOpen(false);
      form.resetFields();
      await goToNext(decision === 'approve' ? kt('approved') : kt('rejected'));
    } catch (e) {
      if (e instanceof ConsoleApiError && e.code === 'review_already_decided') {
        // Someone else was quicker: show them the outcome instead of a stale form.
        setRejectOpen(false);
        void message.warning(problemText(e, t));
        await queryClient.invalidateQueries({ queryKey: ['reviews'] });
      } else if (e instanceof ConsoleApiError && e.code === 'reason_required') {
        form.setFields([{ name: 'custom', errors: [problemText(e, t)] }]);
      } else {
        void message.error(problemText(e, t));
      }
    } finally {
      setBusy(false);
    }
  };

  const onApprove = () =>
    modal.confirm({
      title: kt('approveConfirmTitle'),
      content: kt('approveConfirm', { name: review.summary.name ?? '', plate: review.summary.plate ?? '' }),
      okText: kt('approve'),
      cancelText: t('actions.cancel'),
      onOk: () => submit('approve'),
    });

  const onRejectOk = async () => {
    const values = await form.validateFields();
    const picked = reasons.data?.find((r) => r.key === values.standard);
    const reason = values.standard === OTHER || !picked ? values.custom?.trim() : picked.text;
    await submit('reject', reason);
  };

  return (
    <Card>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <Typography.Text type="secondary">{kt('decisionHint')}</Typography.Text>
        <Space>
          <Button danger size="large" icon={<CloseOutlined />} onClick={() => setRejectOpen(true)} disabled={busy}>
            {kt('reject')}
          </Button>
          <Button type="primary" size="large" icon={<CheckOutlined />} onClick={onApprove} loading={busy && !rejectOpen}>
            {kt('approve')}
          </Button>
        </Space>
      </div>
      <Modal
        open={rejectOpen}
        title={kt('rejectTitle')}
        okText={kt('reject')}
        okButtonProps={{ danger: true, loading: busy }}
        cancelText={t('actions.cancel')}
        onOk={() => void onRejectOk().catch(() => undefined)}
        onCancel={() => {
          setRejectOpen(false);
          form.resetFields();
        }}
        forceRender
      >
        <Form<RejectForm> form={form} layout="vertical" requiredMark={false}>
          <Form.Item name="standard" label={t('reviews.standardReasons')} rules={[{ required: true, message: t('reviews.reasonRequired') }]}>
            {reasons.isLoading ? (
              <Skeleton active paragraph={{ rows: 3 }} title={false} />
            ) : (
              <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 8 }} aria-label={t('reviews.standardReasons')}>
                {(reasons.data ?? [])
                  .filter((r) => r.key !== OTHER)
                  .map((r) => (
                    <Radio key={r.key} value={r.key}>
                      {r.text}
                    </Radio>
                  ))}
                <Radio value={OTHER}>{reasons.data?.find((r) => r.key === OTHER)?.text ?? t('reviews.otherReason')}</Radio>
              </Radio.Group>
            )}
          </Form.Item>
          {reasons.isError && <Alert type="warning" showIcon title={problemText(reasons.error, t)} style={{ marginBottom: 12 }} />}
          <Form.Item
            name="custom"
            label={t('reviews.customReason')}
            hidden={standard !== OTHER}
            rules={[{ required: standard === OTHER, whitespace: true, message: t('reviews.reasonRequired') }, { max: 500 }]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
