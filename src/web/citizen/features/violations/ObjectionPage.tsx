import { useEffect, useRef, useState } from 'react';
import { Button, ErrorBlock, ProgressBar, Result, TextArea } from 'antd-mobile';
import { AddOutline, CloseOutline } from 'antd-mobile-icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiProblem } from '../../../shared/api.ts';
import { Page, PageLoading } from '../../components/Page.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { canObject, OBJECTION_PHOTOS_MAX, OBJECTION_REASON_MAX, reasonLength } from './format.ts';
import { useViolationsText } from './i18n.ts';
import { useViolation, VIOLATIONS_KEY } from './queries.ts';
import type { Violation } from './types.ts';
import { fileObjection } from './upload.ts';
import { PlateText } from './ViolationCard.tsx';
import './violations.css';

/** `/violations/:id/objection`: object to a camera record with a reason and photos. */
export function ObjectionPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { tv } = useViolationsText();
  const record = useViolation(id);
  const [submitted, setSubmitted] = useState(false);

  let body;
  if (submitted) body = <Submitted id={id} />;
  else if (record.isPending) body = <PageLoading />;
  else if (record.isError)
    body = (
      <div className="jg-pad">
        <ErrorBlock status="disconnected" title={t('errors.loadFailed')} description={problemMessage(t, record.error)} />
        <Link to="/violations" className="adm-button adm-button-primary adm-button-block adm-button-large adm-button-shape-default">
          {tv('detail.backToList')}
        </Link>
      </div>
    );
  else if (!canObject(record.data))
    // Handled, on-site, or already under review: the detail screen says which.
    body = (
      <div className="jg-pad">
        <ErrorBlock status="empty" title={tv('objection.title')} description={record.data.objectionPending ? tv('detail.objectionPending') : record.data.notHandleableText ?? tv(`status.${record.data.status}`)} />
        <Link to={`/violations/${encodeURIComponent(id)}`} className="adm-button adm-button-primary adm-button-block adm-button-large adm-button-shape-default">
          {tv('detail.title')}
        </Link>
      </div>
    );
  else body = <ObjectionForm v={record.data} onSubmitted={() => setSubmitted(true)} />;

  return (
    <Page title={submitted ? tv('objection.submittedTitle') : tv('objection.title')} back={`/violations/${encodeURIComponent(id)}`}>
      {body}
    </Page>
  );
}

interface Picked {
  file: File;
  url: string;
}

function ObjectionForm({ v, onSubmitted }: { v: Violation; onSubmitted: () => void }) {
  const { t } = useTranslation();
  const { tv, lang } = useViolationsText();
  const client = useQueryClient();
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [photos, setPhotos] = useState<Picked[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const aborter = useRef<AbortController | null>(null);
  const urls = useRef(new Set<string>());

  // Previews hold the image in memory until revoked; an upload still running stops on leave.
  useEffect(
    () => () => {
      urls.current.forEach((u) => URL.revokeObjectURL(u));
      aborter.current?.abort();
    },
    [],
  );

  const addFiles = (files: FileList | null) => {
    if (!files) return;
    const room = OBJECTION_PHOTOS_MAX - photos.length;
    const chosen = Array.from(files).slice(0, Math.max(0, room));
    setFormError(files.length > room ? tv('objection.tooManyPhotos', { max: OBJECTION_PHOTOS_MAX }) : null);
    const added = chosen.map((file) => {
      const url = URL.createObjectURL(file);
      urls.current.add(url);
      return { file, url };
    });
    setPhotos((prev) => [...prev, ...added]);
  };

  const remove = (i: number) =>
    setPhotos((prev) => {
      const gone = prev[i];
      if (gone) {
        URL.revokeObjectURL(gone.url);
        urls.current.delete(gone.url);
      }
      return prev.filter((_, j) => j !== i);
    });

  const validate = (): boolean => {
    const n = reasonLength(reason);
    const error = n === 0 ? tv('objection.reasonRequired') : n > OBJECTION_REASON_MAX ? tv('objection.reasonTooLong', { max: OBJECTION_REASON_MAX }) : null;
    setReasonError(error);
    return error === null;
  };

  const submit = async () => {
    if (!validate() || progress !== null) return;
    setFormError(null);
    setProgress(0);
    aborter.current = new AbortController();
    try {
      await fileObjection({ violationId: v.id, reason, photos: photos.map((p) => p.file), signal: aborter.current.signal, onProgress: (f) => setProgress(Math.round(f * 100)) });
      await client.invalidateQueries({ queryKey: VIOLATIONS_KEY });
      onSubmitted();
    } catch (e) {
      if ((e as Error).name === 'AbortError') return;
      const text = problemMessage(t, e);
      if (e instanceof ApiProblem && e.field === 'reason') setReasonError(text);
      else setFormError(text);
      setProgress(null);
    }
  };

  return (
    <form
      className="jg-viol-objection"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <p className="jg-viol-detail__note">{tv('objection.intro')}</p>
      <section className="jg-card jg-viol-objection__record" aria-label={tv('objection.record')}>
        <div className="jg-viol__head">
          <PlateText plate={v.plate} plateType={v.plateType} />
        </div>
        <p className="jg-viol__desc">{v.description}</p>
        <p className="jg-viol__meta">
          {formatDateTime(v.occurredAt, lang)} · {v.location}
        </p>
      </section>

      <div className="jg-card jg-viol-objection__field">
        <label htmlFor="jg-objection-reason" className="jg-viol-objection__label">
          {tv('objection.reason')}
        </label>
        <TextArea
          id="jg-objection-reason"
          value={reason}
          onChange={(value) => {
            setReason(value);
            if (reasonError) setReasonError(null);
          }}
          placeholder={tv('objection.reasonPlaceholder')}
          rows={5}
          maxLength={OBJECTION_REASON_MAX}
          showCount
          aria-invalid={reasonError ? true : undefined}
          aria-describedby={reasonError ? 'jg-objection-reason-error' : undefined}
        />
        {reasonError && (
          <p id="jg-objection-reason-error" className="jg-field-error" role="alert">
            {reasonError}
          </p>
        )}
      </div>

      <div className="jg-card jg-viol-objection__field">
        <span className="jg-viol-objection__label" id="jg-objection-photos">
          {tv('objection.photos')}
        </span>
        <p className="jg-viol-objection__hint">{tv('objection.photosHint', { max: OBJECTION_PHOTOS_MAX })}</p>
        <ul className="jg-viol-objection__photos" aria-labelledby="jg-objection-photos">
          {photos.map((p, i) => (
            <li key={p.url} className="jg-viol-objection__photo">
              <img src={p.url} alt={tv('objection.photoAlt', { n: i + 1 })} />
              <button type="button" className="jg-viol-objection__remove" aria-label={tv('objection.removePhoto', { n: i + 1 })} onClick={() => remove(i)} disabled={progress !== null}>
                <CloseOutline aria-hidden="true" />
              </button>
            </li>
          ))}
          {photos.length < OBJECTION_PHOTOS_MAX && (
            <li>
              <button type="button" className="jg-viol-objection__add" onClick={() => input.current?.click()} disabled={progress !== null}>
                <AddOutline aria-hidden="true" fontSize={26} />
                <span>{tv('objection.addPhoto')}</span>
              </button>
            </li>
          )}
        </ul>
        <input
          ref={input}
          type="file"
          accept="image/jpeg,image/png,image/webp,image/heic"
          multiple
          hidden
          onChange={(e) => {
            addFiles(e.currentTarget.files);
            // The same file can be picked again after removing it.
            e.currentTarget.value = '';
          }}
        />
      </div>

      {formError && (
        <p className="jg-form-alert jg-viol-objection__alert" role="alert">
          {formError}
        </p>
      )}
      <div className="jg-viol-detail__actions">
        {progress !== null && <ProgressBar percent={progress} aria-hidden="true" />}
        <Button block type="submit" color="primary" size="large" loading={progress !== null} loadingText={tv('objection.submitting', { percent: progress ?? 0 })}>
          {tv('objection.submit')}
        </Button>
      </div>
    </form>
  );
}

function Submitted({ id }: { id: string }) {
  const { tv } = useViolationsText();
  return (
    <div className="jg-viol-result">
      <Result status="success" title={<h2 className="jg-viol-result__title">{tv('objection.submittedTitle')}</h2>} description={tv('objection.submittedBody')} />
      <div className="jg-viol-detail__actions">
        <Link to="/violations" className="adm-button adm-button-primary adm-button-block adm-button-large adm-button-shape-default">
          {tv('detail.backToList')}
        </Link>
        <Link to={`/violations/${encodeURIComponent(id)}`} className="adm-button adm-button-default adm-button-fill-outline adm-button-block adm-button-large adm-button-shape-default">
          {tv('detail.title')}
        </Link>
      </div>
    </div>
  );
}
