import { useEffect, useId, useRef, useState } from 'react';
import { Button, ProgressBar } from 'antd-mobile';
import { CameraOutline, CheckCircleFill, PictureOutline } from 'antd-mobile-icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiProblem } from '../../../shared/api.ts';
import { Page } from '../../components/Page.tsx';
import { problemMessage } from '../../lib/problems.ts';
import { formatDayOrInstant } from '../licence/format.ts';
import { useLicenceText } from '../licence/i18n.ts';
import { ELICENCE_KEY } from './queries.ts';
import type { ApplicationAccepted, PhotoSource } from './types.ts';
import { submitApplication } from './upload.ts';
import '../licence/licence.css';
import './elicence.css';

type State =
  | { step: 'choose' }
  | { step: 'preview'; file: File; source: PhotoSource; url: string }
  | { step: 'uploading'; file: File; source: PhotoSource; url: string; percent: number }
  | { step: 'failed'; file: File; source: PhotoSource; url: string; problem: unknown }
  | { step: 'done'; accepted: ApplicationAccepted };

/** Where a problem sends the applicant: some cannot be fixed with another photo. */
const PROBLEM_LINKS: Record<string, { to: string; label: string }> = {
  licence_not_bound: { to: '/licence', label: 'apply.toLicence' },
  licence_not_eligible: { to: '/licence', label: 'apply.toLicence' },
  application_pending: { to: '/elicence', label: 'apply.toStatus' },
};

/** `/elicence/apply`: the photo for a first e-licence or a photo change, with its rules. */
export function ApplyPage() {
  const { t } = useTranslation();
  const { tl, lang } = useLicenceText();
  const client = useQueryClient();
  const camera = useRef<HTMLInputElement>(null);
  const album = useRef<HTMLInputElement>(null);
  const aborter = useRef<AbortController | null>(null);
  const [state, setState] = useState<State>({ step: 'choose' });
  const [pickError, setPickError] = useState<string | null>(null);
  const rulesId = useId();

  // Release the preview's memory when it is replaced, and stop an upload when leaving.
  const url = 'url' in state ? state.url : null;
  useEffect(() => (url ? () => URL.revokeObjectURL(url) : undefined), [url]);
  useEffect(() => () => aborter.current?.abort(), []);

  const open = (input: HTMLInputElement | null) => {
    if (!input) return;
    // Choosing the same file again after a refusal must still fire `change`.
    input.value = '';
    input.click();
  };

  const onPick = (source: PhotoSource, files: FileList | null) => {
    const file = files?.[0];
    if (!file) return;
    if (file.type && !file.type.startsWith('image/')) {
      setPickError(tl('apply.notImage'));
      return;
    }
    setPickError(null);
    setState({ step: 'preview', file, source, url: URL.createObjectURL(file) });
  };

  const submit = async () => {
    if (state.step !== 'preview' && state.step !== 'failed') return;
    const { file, source, url } = state;
    const controller = new AbortController();
    aborter.current = controller;
    setState({ step: 'uploading', file, source, url, percent: 0 });
    try {
      const accepted = await submitApplication({
        photo: file,
        source,
        signal: controller.signal,
        onProgress: (f) =>
          setState((s) => (s.step === 'uploading' ? { ...s, percent: Math.round(f * 100) } : s)),
      });
      await client.invalidateQueries({ queryKey: ELICENCE_KEY });
      setState({ step: 'done', accepted });
    } catch (problem) {
      if ((problem as Error).name === 'AbortError') return;
      setState({ step: 'failed', file, source, url, problem });
    }
  };

  if (state.step === 'done') {
    return (
      <Page title={tl('apply.title')} back="/elicence">
        <div className="jg-elicence__state" role="status">
          <CheckCircleFill className="jg-elicence__state-icon is-done" aria-hidden="true" />
          <h2 className="jg-elicence__state-title">{tl('apply.doneTitle')}</h2>
          <p className="jg-elicence__state-text">
            {tl('elicence.pendingBody', { when: formatDayOrInstant(state.accepted.expectedBy, lang) })}
          </p>
          <p className="jg-muted jg-small">{tl('elicence.pendingMessage')}</p>
          <Link to="/elicence" className="jg-elicence__cta">
            {tl('apply.toStatus')}
          </Link>
        </div>
      </Page>
    );
  }

  const chosen = state.step === 'choose' ? null : state;
  const problem = state.step === 'failed' ? state.problem : null;
  const problemCode = problem instanceof ApiProblem ? problem.code : null;
  const link = problemCode ? PROBLEM_LINKS[problemCode] : undefined;

  return (
    <Page title={tl('apply.title')} back="/elicence">
      <section className="jg-card" aria-labelledby={rulesId}>
        <h2 id={rulesId} className="jg-section-title">
          {tl('apply.rulesTitle')}
        </h2>
        <div className="jg-elicence__rules">
          <PortraitFigure />
          <ul className="jg-list">
            {(['background', 'face', 'accessories', 'helper', 'recent'] as const).map((k) => (
              <li key={k}>{tl(`apply.rules.${k}`)}</li>
            ))}
          </ul>
        </div>
      </section>

      <section className="jg-card" aria-label={tl('apply.photoLabel')}>
        {chosen ? (
          <figure className="jg-elicence__preview">
            <img src={chosen.url} alt={tl('apply.previewAlt')} />
            <figcaption className="jg-muted jg-small">
              {chosen.source === 'camera' ? tl('apply.fromCamera') : tl('apply.fromAlbum')}
            </figcaption>
          </figure>
        ) : null}

        {state.step === 'uploading' ? (
          <div
            className="jg-elicence__progress"
            role="progressbar"
            aria-label={tl('apply.progressLabel')}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={state.percent}
          >
            <ProgressBar percent={state.percent} />
            <span>{tl('apply.uploading', { percent: state.percent })}</span>
          </div>
        ) : null}

        {problem ? (
          <div className="jg-form-alert" role="alert">
            <p>{problemMessage(t, problem)}</p>
            {link ? (
              <Link to={link.to} className="jg-elicence__inline-link">
                {tl(link.label)}
              </Link>
            ) : null}
          </div>
        ) : null}
        {pickError ? (
          <p className="jg-form-alert" role="alert">
            {pickError}
          </p>
        ) : null}

        {state.step !== 'uploading' ? (
          <div className="jg-elicence__choices">
            <Button block size="large" color="primary" fill={chosen ? 'outline' : 'solid'} onClick={() => open(camera.current)}>
              <CameraOutline aria-hidden="true" /> {chosen ? tl('apply.retake') : tl('apply.takeNow')}
            </Button>
            <p className="jg-muted jg-small">{tl('apply.takeNowHint')}</p>
            <Button block size="large" color="primary" fill="outline" onClick={() => open(album.current)}>
              <PictureOutline aria-hidden="true" /> {tl('apply.fromAlbumButton')}
            </Button>
            <p className="jg-muted jg-small">{tl('apply.albumHint')}</p>
          </div>
        ) : null}
        <input
          ref={camera}
          type="file"
          accept="image/*"
          capture="environment"
          hidden
          data-testid="elicence-camera"
          onChange={(e) => onPick('camera', e.target.files)}
        />
        <input ref={album} type="file" accept="image/*" hidden data-testid="elicence-album" onChange={(e) => onPick('album', e.target.files)} />
      </section>

      {chosen ? (
        <div className="jg-pad">
          <Button block size="large" color="primary" loading={state.step === 'uploading'} onClick={() => void submit()}>
            {state.step === 'failed' ? tl('apply.submitAgain') : tl('apply.submit')}
          </Button>
          <p className="jg-muted jg-small jg-elicence__submit-note">{tl('apply.reviewNote')}</p>
        </div>
      ) : null}
    </Page>
  );
}

/** A correct licence photo: head and shoulders, facing the camera, on a plain white ground. */
function PortraitFigure() {
  const { tl } = useLicenceText();
  const titleId = useId();
  return (
    <svg className="jg-elicence__portrait" viewBox="0 0 96 128" role="img" aria-labelledby={titleId}>
      <title id={titleId}>{tl('apply.figureTitle')}</title>
      <rect x="1" y="1" width="94" height="126" rx="6" fill="#ffffff" stroke="#c9cdd4" strokeWidth="2" />
      <ellipse cx="48" cy="52" rx="20" ry="25" fill="#f2d3b6" />
      <path d="M28 46 C 28 24, 68 24, 68 46 C 64 36, 32 36, 28 46 Z" fill="#3b3b3b" />
      <circle cx="40" cy="52" r="2" fill="#333" />
      <circle cx="56" cy="52" r="2" fill="#333" />
      <path d="M42 66 Q 48 70 54 66" stroke="#a15c3a" strokeWidth="2" fill="none" strokeLinecap="round" />
      <path d="M12 127 C 14 96, 30 84, 48 84 C 66 84, 82 96, 84 127 Z" fill="#2b4a7a" />
      <circle cx="80" cy="16" r="11" fill="#00b578" />
      <path d="M74 16 L78 20 L86 12" stroke="#fff" strokeWidth="2.5" fill="none" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
