import { useEffect, useRef, useState } from 'react';
import { Button, ProgressBar } from 'antd-mobile';
import { CameraOutline, CheckCircleFill, PictureOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../../shared/api.ts';
import type { DocType } from '../../../../domain/id-documents.ts';
import { uploadDocumentPhoto } from './api/upload-document-photo.ts';
import type { PendingRegistration } from './registration-storage.ts';

/** Front, back, and one more page (some permits print details on an inner page). */
const SLOTS = ['front', 'back', 'extra'] as const;
type Slot = (typeof SLOTS)[number];

type SlotState =
  | { status: 'empty' }
  | { status: 'uploading'; progress: number; previewUrl: string }
  | { status: 'done'; previewUrl?: string }
  | { status: 'error'; message: string; previewUrl: string; file: File };

export interface PhotoStepProps {
  pending: PendingRegistration;
  docType: DocType | undefined;
  /** Called after each accepted photo with the new count, so a reload can resume. */
  onUploaded(count: number): void;
  onSubmit(result: { reviewExpectedHours?: number | undefined }): void;
}

/**
 * Step 3 for documents the registry cannot check: photos of the document for a reviewer.
 * Each photo goes up as soon as it is chosen, with progress, so a failure is visible at once
 * and only that photo needs retrying.
 */
export function PhotoStep({ pending, docType, onUploaded, onSubmit }: PhotoStepProps) {
  const { t } = useTranslation('citizen-registration');
  const [slots, setSlots] = useState<Record<Slot, SlotState>>(() => {
    const initial = {} as Record<Slot, SlotState>;
    SLOTS.forEach((slot, i) => (initial[slot] = i < pending.uploaded ? { status: 'done' } : { status: 'empty' }));
    return initial;
  });
  const [reviewExpectedHours, setReviewExpectedHours] = useState<number | undefined>();
  const [submitError, setSubmitError] = useState<string | null>(null);
  const uploadedCount = useRef(pending.uploaded);
  const previews = useRef(new Set<string>());
  const aborters = useRef(new Map<Slot, AbortController>());

  // Object URLs hold the image in memory until revoked; cancel uploads still running on leave.
  useEffect(
    () => () => {
      previews.current.forEach((url) => URL.revokeObjectURL(url));
      aborters.current.forEach((a) => a.abort());
    },
    [],
  );

  const setSlot = (slot: Slot, state: SlotState) => setSlots((prev) => ({ ...prev, [slot]: state }));

  const upload = async (slot: Slot, file: File, previewUrl: string) => {
    setSubmitError(null);
    const aborter = new AbortController();
    aborters.current.get(slot)?.abort();
    aborters.current.set(slot, aborter);
    setSlot(slot, { status: 'uploading', progress: 0, previewUrl });
    try {
      const accepted = await uploadDocumentPhoto({
        accountId: pending.id,
        uploadToken: pending.uploadToken,
        file,
        signal: aborter.signal,
        onProgress: (fraction) => setSlot(slot, { status: 'uploading', progress: Math.round(fraction * 100), previewUrl }),
      });
      if (typeof accepted.reviewExpectedHours === 'number') setReviewExpectedHours(accepted.reviewExpectedHours);
      setSlot(slot, { status: 'done', previewUrl });
      // The server's count is the truth (a retried upload may have arrived twice).
      uploadedCount.current = typeof accepted.photoCount === 'number' ? accepted.photoCount : uploadedCount.current + 1;
      onUploaded(uploadedCount.current);
    } catch (e) {
      if ((e as Error).name === 'AbortError') return;
      const message =
        e instanceof ApiProblem ? (e.status === 0 ? t('photo.offline') : e.detail || e.title || t('photo.failed')) : t('photo.failed');
      setSlot(slot, { status: 'error', message, previewUrl, file });
    } finally {
      if (aborters.current.get(slot) === aborter) aborters.current.delete(slot);
    }
  };

  const onPick = (slot: Slot, files: FileList | null) => {
    const file = files?.[0];
    if (!file) return;
    if (file.type && !file.type.startsWith('image/')) {
      setSubmitError(t('photo.notImage'));
      return;
    }
    const previewUrl = URL.createObjectURL(file);
    previews.current.add(previewUrl);
    void upload(slot, file, previewUrl);
  };

  const anyUploading = SLOTS.some((s) => slots[s].status === 'uploading');
  const frontDone = slots.front.status === 'done';

  const submit = () => {
    if (anyUploading) return setSubmitError(t('photo.waitUploads'));
    if (!frontDone) return setSubmitError(t('photo.needFront'));
    onSubmit({ reviewExpectedHours });
  };

  return (
    <section className="jg-reg__step" aria-labelledby="jg-reg-photo-heading">
      <h2 id="jg-reg-photo-heading" className="jg-reg__heading">
        {t('photo.heading')}
      </h2>
      <p className="jg-reg__lead">{docType ? t('photo.intro', { docName: t(`docTypes.${docType}.name`) }) : t('photo.introGeneric')}</p>
      <div className="jg-reg__tips">
        <h3>{t('photo.tipsTitle')}</h3>
        <ul>
          {(['front', 'flat', 'corners', 'glare'] as const).map((k) => (
            <li key={k}>{t(`photo.tips.${k}`)}</li>
          ))}
        </ul>
      </div>
      <ul className="jg-reg__slots">
        {SLOTS.map((slot) => (
          <PhotoSlot key={slot} slot={slot} state={slots[slot]} onPick={(files) => onPick(slot, files)} onRetry={(s) => void upload(slot, s.file, s.previewUrl)} />
        ))}
      </ul>
      {reviewExpectedHours ? <p className="jg-reg__ok jg-reg__expected" role="status">{t('photo.expected', { hours: reviewExpectedHours })}</p> : null}
      {submitError ? (
        <p className="jg-reg__error" role="alert">
          {submitError}
        </p>
      ) : null}
      <div className="jg-reg__footer">
        <Button block color="primary" size="large" disabled={!frontDone || anyUploading} onClick={submit}>
          {t('photo.submit')}
        </Button>
        {!frontDone ? <p className="jg-reg__footer-hint">{anyUploading ? t('photo.waitUploads') : t('photo.needFront')}</p> : null}
      </div>
    </section>
  );
}

function PhotoSlot({
  slot,
  state,
  onPick,
  onRetry,
}: {
  slot: Slot;
  state: SlotState;
  onPick(files: FileList | null): void;
  onRetry(state: Extract<SlotState, { status: 'error' }>): void;
}) {
  const { t } = useTranslation('citizen-registration');
  const camera = useRef<HTMLInputElement>(null);
  const album = useRef<HTMLInputElement>(null);
  const name = t(`photo.slots.${slot}`);
  const preview = 'previewUrl' in state ? state.previewUrl : undefined;
  const pick = (input: HTMLInputElement | null) => {
    if (!input) return;
    // Choosing the same file again after a failure must still fire `change`.
    input.value = '';
    input.click();
  };
  return (
    <li className={`jg-reg__slot is-${state.status}`}>
      <div className="jg-reg__slot-head">
        <span className="jg-reg__slot-name">{name}</span>
        {state.status === 'done' ? (
          <span className="jg-reg__slot-done">
            <CheckCircleFill aria-hidden="true" /> {preview ? t('photo.uploaded') : t('photo.uploadedEarlier')}
          </span>
        ) : null}
      </div>
      {preview ? <img className="jg-reg__preview" src={preview} alt={t('photo.previewAlt', { slot: name })} /> : null}
      {state.status === 'uploading' ? (
        <div
          className="jg-reg__progress"
          role="progressbar"
          aria-label={t('photo.progressLabel', { slot: name })}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={state.progress}
        >
          <ProgressBar percent={state.progress} />
          <span>{t('photo.uploading', { percent: state.progress })}</span>
        </div>
      ) : null}
      {state.status === 'error' ? (
        <div className="jg-reg__slot-error" role="alert">
          <p>{state.message}</p>
          <Button size="small" color="primary" fill="outline" onClick={() => onRetry(state)} aria-label={t('photo.retryAria', { slot: name })}>
            {t('photo.retry')}
          </Button>
        </div>
      ) : null}
      {state.status !== 'uploading' ? (
        <div className="jg-reg__slot-actions">
          <Button
            color="primary"
            fill={state.status === 'empty' && slot === 'front' ? 'solid' : 'outline'}
            onClick={() => pick(camera.current)}
            aria-label={state.status === 'empty' ? t('photo.takeAria', { slot: name }) : t('photo.retakeAria', { slot: name })}
          >
            <CameraOutline aria-hidden="true" /> {state.status === 'empty' ? t('photo.take') : t('photo.retake')}
          </Button>
          <Button color="default" fill="outline" onClick={() => pick(album.current)} aria-label={t('photo.chooseAria', { slot: name })}>
            <PictureOutline aria-hidden="true" /> {t('photo.choose')}
          </Button>
        </div>
      ) : null}
      <input
        ref={camera}
        type="file"
        accept="image/*"
        capture="environment"
        className="jg-reg__file"
        tabIndex={-1}
        aria-hidden="true"
        onChange={(e) => onPick(e.currentTarget.files)}
      />
      <input ref={album} type="file" accept="image/*" className="jg-reg__file" tabIndex={-1} aria-hidden="true" onChange={(e) => onPick(e.currentTarget.files)} />
    </li>
  );
}
