import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Button, Input, Toast } from 'antd-mobile';
import { CheckCircleFill } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiProblem } from '../../../shared/api.ts';
import { Page } from '../../components/Page.tsx';
import { Plate } from '../../components/plate/Plate.tsx';
import { useCountdown } from '../../lib/countdown.ts';
import { formatDateTime } from '../../lib/format.ts';
import { problemMessage, retryAfterSeconds } from '../../lib/problems.ts';
import { checkPlate, checkVinLast6, normaliseCodeInput, normalisePlateInput, normaliseVinInput } from './filing-form.ts';
import { useVehiclesText } from './i18n.ts';
import { useConfirmFiling, useRequestFiling } from './queries.ts';
import { FILABLE_PLATE_TYPES, type FilablePlateType, type FilingAwaiting, type FilingRequest } from './types.ts';
import './vehicles.css';

/** The server sends an owner at most one code a minute. */
const RESEND_SECONDS = 60;
/** Refusals after which the user's next step is on the vehicles screen. */
const TO_VEHICLES = new Set(['vehicle_is_own', 'vehicle_already_filed', 'filing_limit_reached']);
/** Refusals about one field: that field is marked as well. */
const FIELD_OF: Record<string, 'plate' | 'ownerName'> = {
  invalid_plate: 'plate',
  plate_type_not_allowed: 'plate',
  vehicle_not_found: 'plate',
  vehicle_is_own: 'plate',
  vehicle_already_filed: 'plate',
  owner_mismatch: 'ownerName',
};

/** `/vehicles/filings/new`: file a car one drives but does not own, confirmed with the owner's code. */
export function FilingPage() {
  const { tv } = useVehiclesText();
  const [request, setRequest] = useState<FilingRequest>({ plate: '', plateType: '02', ownerName: '', vinLast6: '' });
  const [awaiting, setAwaiting] = useState<FilingAwaiting | null>(null);
  const [wait, startWait] = useCountdown();

  return (
    <Page title={awaiting ? tv('code.title') : tv('filing.title')} back="/vehicles">
      {awaiting ? (
        <CodeStep
          request={request}
          awaiting={awaiting}
          wait={wait}
          startWait={startWait}
          onResent={setAwaiting}
          onEdit={() => setAwaiting(null)}
        />
      ) : (
        <FormStep
          initial={request}
          onSent={(sent, answer) => {
            setRequest(sent);
            setAwaiting(answer);
            startWait(RESEND_SECONDS);
          }}
          wait={wait}
          startWait={startWait}
        />
      )}
    </Page>
  );
}

/** A refusal from the server: its text (already in the user's language, saying what to do) and the next step, if it is elsewhere. */
function Refusal({ problem }: { problem: unknown }) {
  const { t } = useTranslation();
  const { tv } = useVehiclesText();
  const code = problem instanceof ApiProblem ? problem.code : '';
  const title = problem instanceof ApiProblem && problem.status > 0 && problem.title && problem.title !== problem.detail ? problem.title : null;
  return (
    <div className="jg-vfiling__refusal" role="alert">
      {title ? <p className="jg-vfiling__refusal-title">{title}</p> : null}
      <p>{problemMessage(t, problem)}</p>
      {TO_VEHICLES.has(code) ? (
        <Link to="/vehicles" className="jg-vfiling__refusal-action">
          {tv('filing.toVehicles')}
        </Link>
      ) : null}
    </div>
  );
}

interface FormStepProps {
  initial: FilingRequest;
  onSent: (request: FilingRequest, answer: FilingAwaiting) => void;
  wait: number;
  startWait: (seconds: number) => void;
}

function FormStep({ initial, onSent, wait, startWait }: FormStepProps) {
  const { tv } = useVehiclesText();
  const id = useId();
  const [plateType, setPlateType] = useState<FilablePlateType>(initial.plateType);
  const [plate, setPlate] = useState(initial.plate);
  const [plateLeft, setPlateLeft] = useState(initial.plate !== '');
  const [ownerName, setOwnerName] = useState(initial.ownerName);
  const [vin, setVin] = useState(initial.vinLast6);
  const [vinLeft, setVinLeft] = useState(initial.vinLast6 !== '');
  const [submitted, setSubmitted] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const refusalRef = useRef<HTMLDivElement>(null);
  const send = useRequestFiling();

  const plateCheck = checkPlate(plate, plateType, plateLeft || submitted);
  const vinCheck = checkVinLast6(vin);
  const serverField = problem instanceof ApiProblem ? FIELD_OF[problem.code] : undefined;

  let plateError: string | null = null;
  if (plateCheck.state === 'empty' && submitted) plateError = tv('filing.plateRequired');
  else if (plateCheck.state === 'invalid') plateError = tv(`domain:plateReasons.${plateCheck.reason}`);
  const nameError = submitted && ownerName.trim() === '' ? tv('filing.ownerNameRequired') : null;
  let vinError: string | null = null;
  if (vinCheck === 'letters') vinError = tv('filing.vinLetters');
  else if (vinCheck === 'short' && (vinLeft || submitted)) vinError = tv('filing.vinLength', { count: vin.length });
  else if (vinCheck === 'empty' && submitted) vinError = tv('filing.vinRequired');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    setProblem(null);
    if (plateCheck.state !== 'ok' || ownerName.trim() === '' || vinCheck !== 'ok') return;
    const body: FilingRequest = { plate: plateCheck.value, plateType, ownerName: ownerName.trim(), vinLast6: vin };
    send.mutate(body, {
      onSuccess: (answer) => onSent(body, answer),
      onError: (err) => {
        setProblem(err);
        const seconds = retryAfterSeconds(err);
        if (err instanceof ApiProblem && err.code === 'sms_rate_limited' && seconds) startWait(seconds);
        // The refusal appears above the button just tapped; scroll only if it is out of sight.
        requestAnimationFrame(() => refusalRef.current?.scrollIntoView({ block: 'nearest' }));
      },
    });
  };

  const changed = () => setProblem(null);

  return (
    <form className="jg-vfiling" onSubmit={submit} noValidate>
      <section className="jg-card">
        <p className="jg-vfiling__lead">{tv('filing.lead')}</p>
        <p className="jg-muted jg-small">{tv('filing.rules')}</p>
      </section>

      <section className="jg-card">
        <fieldset className="jg-vfiling__types">
          <legend className="jg-vfiling__label">{tv('filing.plateType')}</legend>
          <div className="jg-vfiling__chips">
            {FILABLE_PLATE_TYPES.map((type) => (
              <label key={type} className={`jg-vfiling__chip${plateType === type ? ' is-checked' : ''}`}>
                <input
                  type="radio"
                  name={`${id}-type`}
                  value={type}
                  checked={plateType === type}
                  onChange={() => {
                    setPlateType(type);
                    changed();
                  }}
                />
                <span className={`jg-vfiling__swatch is-${type}`} aria-hidden="true" />
                <span>{tv(`filing.types.${type}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>

        <Field id={`${id}-plate`} label={tv('filing.plate')} invalid={Boolean(plateError) || serverField === 'plate'}>
          <Input
            id={`${id}-plate`}
            value={plate}
            onChange={(v) => {
              setPlate(normalisePlateInput(v));
              setPlateLeft(false);
              changed();
            }}
            onBlur={() => setPlateLeft(true)}
            placeholder={tv('filing.platePlaceholder')}
            autoComplete="off"
            autoCapitalize="characters"
            aria-invalid={plateError || serverField === 'plate' ? true : undefined}
            aria-describedby={plateError ? `${id}-plate-error` : undefined}
            clearable
          />
        </Field>
        {plateCheck.state === 'ok' ? (
          <div className="jg-vfiling__preview">
            <Plate plate={plateCheck.value} plateType={plateType} size="lg" />
            <CheckCircleFill aria-hidden="true" className="jg-vfiling__ok" />
          </div>
        ) : null}
        {plateError ? (
          <div id={`${id}-plate-error`} className="jg-field-error jg-vfiling__plate-error" role="alert">
            {plateError}
            {plateCheck.state === 'invalid' && plateCheck.otherType ? (
              <Button
                size="mini"
                color="primary"
                fill="outline"
                className="jg-vfiling__switch"
                onClick={() => {
                  setPlateType(plateCheck.otherType!);
                  changed();
                }}
              >
                {tv('filing.switchType', { type: tv(`filing.types.${plateCheck.otherType}`) })}
              </Button>
            ) : null}
          </div>
        ) : null}

        <Field id={`${id}-owner`} label={tv('filing.ownerName')} invalid={Boolean(nameError) || serverField === 'ownerName'} error={nameError}>
          <Input
            id={`${id}-owner`}
            value={ownerName}
            onChange={(v) => {
              setOwnerName(v.slice(0, 32));
              changed();
            }}
            placeholder={tv('filing.ownerNamePlaceholder')}
            autoComplete="off"
            aria-invalid={nameError || serverField === 'ownerName' ? true : undefined}
            aria-describedby={nameError ? `${id}-owner-error` : undefined}
            clearable
          />
        </Field>

        <Field id={`${id}-vin`} label={tv('filing.vin')} invalid={Boolean(vinError) || serverField === 'ownerName'} error={vinError} help={tv('filing.vinHelp')}>
          <Input
            id={`${id}-vin`}
            value={vin}
            onChange={(v) => {
              setVin(normaliseVinInput(v));
              setVinLeft(false);
              changed();
            }}
            onBlur={() => setVinLeft(true)}
            placeholder={tv('filing.vinPlaceholder')}
            autoComplete="off"
            autoCapitalize="characters"
            aria-invalid={vinError || serverField === 'ownerName' ? true : undefined}
            aria-describedby={vinError ? `${id}-vin-error` : `${id}-vin-help`}
          />
          <span className="jg-vfiling__count" aria-hidden="true">
            {vin.length}/6
          </span>
        </Field>

        <div ref={refusalRef}>{problem ? <Refusal problem={problem} /> : null}</div>
        <Button type="submit" block color="primary" size="large" loading={send.isPending} disabled={wait > 0 && problem !== null} className="jg-vfiling__submit">
          {wait > 0 && problem !== null ? tv('code.resendIn', { count: wait }) : tv('filing.submit')}
        </Button>
        <p className="jg-muted jg-small jg-vfiling__privacy">{tv('filing.privacy')}</p>
      </section>
    </form>
  );
}

/** A labelled input; the plate prints its own error below its preview, so `error` is optional. */
function Field({ id, label, invalid, error, help, children }: { id: string; label: string; invalid: boolean; error?: string | null; help?: string; children: ReactNode }) {
  return (
    <div className="jg-vfiling__field">
      <label htmlFor={id} className="jg-vfiling__label">
        {label}
      </label>
      <div className={`jg-vfiling__input${invalid ? ' is-invalid' : ''}`}>{children}</div>
      {help ? (
        <p id={`${id}-help`} className="jg-muted jg-small jg-vfiling__help">
          {help}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="jg-field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

interface CodeStepProps {
  request: FilingRequest;
  awaiting: FilingAwaiting;
  wait: number;
  startWait: (seconds: number) => void;
  onResent: (answer: FilingAwaiting) => void;
  onEdit: () => void;
}

function CodeStep({ request, awaiting, wait, startWait, onResent, onEdit }: CodeStepProps) {
  const { t } = useTranslation();
  const { tv, lang } = useVehiclesText();
  const navigate = useNavigate();
  const id = useId();
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | null>(null);
  const [expired, setExpired] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const resend = useRequestFiling();
  const confirm = useConfirmFiling();

  const sendAgain = () => {
    setProblem(null);
    setCodeError(null);
    resend.mutate(request, {
      onSuccess: (answer) => {
        onResent(answer);
        setExpired(false);
        setCode('');
        startWait(RESEND_SECONDS);
        Toast.show({ content: tv('code.resent') });
      },
      onError: (err) => {
        const seconds = retryAfterSeconds(err);
        if (err instanceof ApiProblem && err.code === 'sms_rate_limited' && seconds) startWait(seconds);
        setProblem(err);
      },
    });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    if (!/^\d{6}$/.test(code)) {
      setCodeError(tv('code.format'));
      return;
    }
    confirm.mutate(
      { filingId: awaiting.filingId, code },
      {
        onSuccess: (vehicle) => {
          Toast.show({ content: tv('list.filedToast', { plate: vehicle.plate }) });
          navigate('/vehicles', { replace: true, state: { filedId: vehicle.id } });
        },
        onError: (err) => {
          if (err instanceof ApiProblem && (err.code === 'invalid_code' || err.code === 'code_expired')) {
            setCodeError(problemMessage(t, err));
            setExpired(err.code === 'code_expired');
            return;
          }
          setProblem(err);
        },
      },
    );
  };

  return (
    <form className="jg-vfiling" onSubmit={submit} noValidate>
      <section className="jg-card jg-vfiling__code-card" aria-labelledby={`${id}-sent`}>
        <div className="jg-vfiling__code-plate">
          <Plate plate={request.plate} plateType={request.plateType} size="lg" />
        </div>
        <h2 id={`${id}-sent`} className="jg-vfiling__sent">
          {tv('code.sent', { phone: awaiting.ownerPhoneMasked })}
        </h2>
        <p className="jg-vfiling__ask">{tv('code.ask')}</p>
        <p className="jg-muted jg-small">{tv('code.validUntil', { time: formatDateTime(awaiting.expiresAt, lang) })}</p>

        <div className="jg-vfiling__field">
          <label htmlFor={`${id}-code`} className="jg-vfiling__label">
            {tv('code.label')}
          </label>
          <div className="jg-vfiling__code-row">
            <div className={`jg-vfiling__input jg-vfiling__code${codeError ? ' is-invalid' : ''}`}>
              <Input
                id={`${id}-code`}
                value={code}
                onChange={(v) => {
                  setCode(normaliseCodeInput(v));
                  setCodeError(null);
                }}
                placeholder={tv('code.placeholder')}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                aria-invalid={codeError ? true : undefined}
                aria-describedby={codeError ? `${id}-code-error` : undefined}
              />
            </div>
            <Button size="middle" color="primary" fill="outline" disabled={wait > 0} loading={resend.isPending} onClick={sendAgain}>
              {wait > 0 ? tv('code.resendIn', { count: wait }) : tv('code.resend')}
            </Button>
          </div>
          {codeError ? (
            <p id={`${id}-code-error`} className="jg-field-error" role="alert">
              {codeError}
            </p>
          ) : null}
        </div>

        {problem ? <Refusal problem={problem} /> : null}
        {expired && wait === 0 ? (
          <Button block color="primary" size="large" loading={resend.isPending} onClick={sendAgain} className="jg-vfiling__submit">
            {tv('code.sendAgain')}
          </Button>
        ) : (
          <Button type="submit" block color="primary" size="large" loading={confirm.isPending} className="jg-vfiling__submit">
            {tv('code.confirm')}
          </Button>
        )}
        <Button block fill="none" color="primary" onClick={onEdit} className="jg-vfiling__edit">
          {tv('code.edit')}
        </Button>
      </section>
    </form>
  );
}
