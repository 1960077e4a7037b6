import { useRef, useState } from 'react';
import { Alert, Button, Card, Col, Progress, Result, Row, Space, Statistic, Table, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import type { UploadFile } from 'antd';
import { useTranslation } from 'react-i18next';
import { firstNonNdjsonLine } from '../../format.ts';
import { problemText } from '../../problem-text.ts';
import { importRegistry, type ImportResult } from './api.ts';

/** How much of a file is checked at the desk before it is sent (the server checks every line). */
const SAMPLE_BYTES = 64 * 1024;

type Phase = { step: 'idle' } | { step: 'uploading'; fraction: number } | { step: 'processing' } | { step: 'done'; result: ImportResult } | { step: 'failed'; message: string };

/** Registry import for admins: an NDJSON file from disk, sent as is, then its counts and rejected lines. */
export function RegistryImportPage() {
  const { t } = useTranslation('console');
  const [file, setFile] = useState<File>();
  const [fileList, setFileList] = useState<UploadFile[]>([]);
  const [checkError, setCheckError] = useState<string>();
  const [phase, setPhase] = useState<Phase>({ step: 'idle' });
  const abort = useRef<AbortController | null>(null);
  const busy = phase.step === 'uploading' || phase.step === 'processing';

  const pick = async (picked: File) => {
    setPhase({ step: 'idle' });
    setCheckError(undefined);
    setFileList([{ uid: `${picked.name}-${picked.lastModified}`, name: picked.name, size: picked.size, status: 'done' }]);
    if (picked.size === 0) {
      setFile(undefined);
      setCheckError(t('registry.emptyFile'));
      return;
    }
    // Read the start of the file here so a wrong file is refused before a long upload.
    const whole = picked.size <= SAMPLE_BYTES;
    const sample = await picked.slice(0, SAMPLE_BYTES).text();
    const bad = firstNonNdjsonLine(sample, whole);
    if (bad > 0) {
      setFile(undefined);
      setFileList((l) => l.map((f) => ({ ...f, status: 'error' })));
      setCheckError(t('registry.notNdjson', { line: bad }));
      return;
    }
    setFile(picked);
  };

  const start = async () => {
    if (!file) return;
    const controller = new AbortController();
    abort.current = controller;
    setPhase({ step: 'uploading', fraction: 0 });
    try {
      const result = await importRegistry(
        file,
        (fraction) => setPhase(fraction >= 1 ? { step: 'processing' } : { step: 'uploading', fraction }),
        controller.signal,
      );
      setPhase({ step: 'done', result });
    } catch (e) {
      if ((e as Error).name === 'AbortError') setPhase({ step: 'idle' });
      else setPhase({ step: 'failed', message: problemText(e, t) });
    } finally {
      abort.current = null;
    }
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={2} style={{ fontSize: 20, marginTop: 0 }}>
          {t('registry.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('registry.intro')}</Typography.Paragraph>
        <Upload.Dragger
          accept=".ndjson,.jsonl,application/x-ndjson"
          multiple={false}
          fileList={fileList}
          disabled={busy}
          beforeUpload={(f) => {
            void pick(f);
            // Never let antd send the file itself: it would post multipart, not NDJSON.
            return false;
          }}
          onRemove={() => {
            setFile(undefined);
            setFileList([]);
            setCheckError(undefined);
            setPhase({ step: 'idle' });
          }}
          aria-label={t('registry.pick')}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('registry.pick')}</p>
          <p className="ant-upload-hint">{t('registry.pickHint')}</p>
        </Upload.Dragger>
        {checkError && <Alert type="error" showIcon title={checkError} style={{ marginTop: 16 }} role="alert" />}
        <div style={{ marginTop: 16, display: 'flex', gap: 8, alignItems: 'center' }}>
          <Button type="primary" size="large" disabled={!file || busy} loading={busy} onClick={() => void start()}>
            {t('registry.start')}
          </Button>
          {phase.step === 'uploading' && <Button onClick={() => abort.current?.abort()}>{t('actions.cancel')}</Button>}
        </div>
        {busy && (
          <div style={{ marginTop: 16 }} role="status" aria-live="polite">
            <Progress
              percent={phase.step === 'uploading' ? Math.round(phase.fraction * 100) : 100}
              status="active"
              aria-label={t('registry.progress')}
            />
            <Typography.Text type="secondary">{phase.step === 'uploading' ? t('registry.uploading') : t('registry.processing')}</Typography.Text>
          </div>
        )}
        {phase.step === 'failed' && <Alert type="error" showIcon title={t('registry.failed')} description={phase.message} style={{ marginTop: 16 }} role="alert" />}
      </Card>
      {phase.step === 'done' && <ImportReport result={phase.result} fileName={file?.name ?? ''} />}
    </Space>
  );
}

function ImportReport({ result, fileName }: { result: ImportResult; fileName: string }) {
  const { t } = useTranslation('console');
  const counts = [
    { key: 'created', value: result.created, color: '#15803d' },
    { key: 'updated', value: result.updated, color: '#1d4ed8' },
    { key: 'unchanged', value: result.unchanged, color: '#595959' },
    { key: 'rejected', value: result.rejected, color: result.rejected ? '#b91c1c' : '#595959' },
  ];
  return (
    <Card title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t('registry.resultTitle', { file: fileName })}</Typography.Title>}>
      <section aria-label={t('registry.counts')}>
        <Row gutter={16}>
          {counts.map((c) => (
            <Col span={6} key={c.key}>
              <Card size="small" role="group" aria-label={t(`registry.count.${c.key}`)}>
                <Statistic title={t(`registry.count.${c.key}`)} value={c.value} styles={{ content: { color: c.color } }} />
              </Card>
            </Col>
          ))}
        </Row>
      </section>
      {result.errors.length === 0 ? (
        <Result status="success" title={t('registry.allAccepted')} style={{ paddingBottom: 0 }} />
      ) : (
        <>
          <Typography.Title level={3} style={{ fontSize: 15, marginTop: 24 }}>
            {t('registry.rejectedLines')}
          </Typography.Title>
          {result.errors.length < result.rejected && (
            <Alert type="info" showIcon title={t('registry.errorsTruncated', { shown: result.errors.length, total: result.rejected })} style={{ marginBottom: 12 }} />
          )}
          <Table
            rowKey={(r) => `${r.line}:${r.reason}`}
            aria-label={t('registry.rejectedLines')}
            size="small"
            dataSource={result.errors}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
            columns={[
              { title: t('registry.line'), dataIndex: 'line', key: 'line', width: 100 },
              { title: t('registry.reason'), dataIndex: 'reason', key: 'reason' },
            ]}
          />
        </>
      )}
    </Card>
  );
}
