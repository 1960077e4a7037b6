import { useCallback, useEffect, useRef, useState } from 'react';
import { Button, Dialog, Form, NavBar, Result, Steps, Toast } from 'antd-mobile';
import { LeftOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { DOC_TYPE_INFO, isDocType, type DocType } from '../../../../domain/id-documents.ts';
import { normalizePhone } from '../../../../domain/phones.ts';
import { ApiProblem } from '../../../shared/api.ts';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { createAccount } from './api/create-account.ts';
import { DetailsForm, fieldDomId, type DetailsValues } from './DetailsForm.tsx';
import { checkDocNumber } from './doc-number-check.ts';
import { DocTypeStep } from './DocTypeStep.tsx';
import { PhotoStep } from './PhotoStep.tsx';
import { routeRegistrationProblem, type RegistrationField } from './problem-routing.ts';
import {
  clearDraft,
  clearPendingRegistration,
  loadDraft,
  loadPendingRegistration,
  saveDraft,
  savePendingRegistration,
  type PendingRegistration,
  type RegistrationDraft,
} from './registration-storage.ts';
import './registration.css';

type Step = 'docType' | 'details' | 'photo' | 'done';

/** Same-app help links only: a problem's `helpUrl` must never send the user off the app. */
function safeHelpUrl(url: unknown): string | undefined {
  return typeof url === 'string' && url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/\\') ? url : undefined;
}

/**
 * Citizen registration (`/register`): document type → details → (documents needing manual
 * review) document photos. It is built around the two failures Hong Kong and Macau users
 * meet most — registering with a document other than the one the licence was issued under,
 * and a name in Traditional characters — and keeps everything typed across errors, help
 * links and reloads (passwords excepted, which are never stored).
 */
export function RegistrationPage() {
  const { t } = useTranslation('citizen-registration');
  const navigate = useNavigate();
  const [form] = Form.useForm<DetailsValues>();
  const [initialDraft] = useState<RegistrationDraft | null>(() => loadDraft());
  const [pending, setPending] = useState<PendingRegistration | null>(() => loadPendingRegistration());
  const [step, setStep] = useState<Step>(() => (pending ? 'photo' : (initialDraft?.step ?? 'docType')));
  const [docType, setDocType] = useState<DocType | undefined>(() => pending?.docType ?? initialDraft?.docType);
  const [docTypeError, setDocTypeError] = useState<string | undefined>();
  const [submitting, setSubmitting] = useState(false);
  const [nameSuggestion, setNameSuggestion] = useState<string | null>(null);
  const [loginOffer, setLoginOffer] = useState<{ field: RegistrationField; login: string } | null>(null);
  const [helpLinks, setHelpLinks] = useState<Partial<Record<RegistrationField, string>>>({});
  const [formError, setFormError] = useState<{ message: string; helpUrl?: string | undefined } | null>(null);
  const [mismatch, setMismatch] = useState<{ docType: DocType; docNumberMasked?: string | undefined } | null>(null);
  const [registeredPhone, setRegisteredPhone] = useState<string>('');
  const formSeeded = useRef(false);

  // Restore the draft into the form once (antd-mobile keeps field values in its own store).
  useEffect(() => {
    if (formSeeded.current || !initialDraft?.docType) return;
    formSeeded.current = true;
    form.setFieldsValue({
      docNumber: initialDraft.docNumber ?? '',
      name: initialDraft.name ?? '',
      phone: initialDraft.phone ?? '',
      region: initialDraft.region ?? [],
      terms: initialDraft.terms ?? false,
    });
  }, [form, initialDraft]);

  const persistDraft = useCallback(
    (nextStep: 'docType' | 'details', nextDocType: DocType | undefined) => {
      const v = form.getFieldsValue(true) as Partial<DetailsValues>;
      saveDraft({ step: nextStep, docType: nextDocType, docNumber: v.docNumber, name: v.name, phone: v.phone, region: v.region, terms: v.terms });
    },
    [form],
  );

  const goTo = (next: Step) => {
    setStep(next);
    if (next === 'docType' || next === 'details') persistDraft(next, docType);
    window.scrollTo({ top: 0 });
  };

  const chooseDocType = (value: DocType) => {
    setDocType(value);
    setDocTypeError(undefined);
    // The details form exists once a type was chosen; before that there is nothing to keep.
    if (!docType) return saveDraft({ step: 'docType', docType: value });
    // A number typed for another document would now fail its check; let it be re-checked on blur.
    form.setFields([{ name: 'docNumber', errors: [] }]);
    persistDraft('docType', value);
  };

  const clearFieldProblem = (field: RegistrationField) => {
    setHelpLinks((prev) => (prev[field] ? { ...prev, [field]: undefined } : prev));
    setLoginOffer((prev) => (prev?.field === field ? null : prev));
    if (field === 'name') setNameSuggestion(null);
  };

  const onValuesChange = (changed: Partial<DetailsValues>) => {
    // Errors belong to what was submitted: once the user edits a field its error goes away
    // (the field is checked again when it loses focus and on submit).
    const fields = Object.keys(changed) as Array<keyof DetailsValues>;
    form.setFields(fields.map((name) => ({ name, errors: [] })));
    for (const f of fields) clearFieldProblem(f === 'region' ? 'region' : (f as RegistrationField));
    setFormError(null);
    persistDraft('details', docType);
  };

  const focusField = (field: RegistrationField) => {
    const el = document.getElementById(fieldDomId(field));
    el?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    el?.focus({ preventScroll: true });
  };

  const useNameSuggestion = () => {
    if (!nameSuggestion) return;
    form.setFieldsValue({ name: nameSuggestion });
    form.setFields([{ name: 'name', errors: [] }]);
    setNameSuggestion(null);
    setHelpLinks((prev) => ({ ...prev, name: undefined }));
    persistDraft('details', docType);
  };

  const switchDocument = () => {
    if (!mismatch) return;
    setDocType(mismatch.docType);
    // The number belonged to the other document; keeping it would only fail again.
    form.setFieldsValue({ docNumber: '' });
    form.setFields([{ name: 'docNumber', errors: [] }]);
    setMismatch(null);
    setStep('docType');
    persistDraft('docType', mismatch.docType);
    window.scrollTo({ top: 0 });
  };

  const submit = async () => {
    if (!docType || submitting) return;
    let values: DetailsValues;
    try {
      values = await form.validateFields();
    } catch (e) {
      const first = (e as { errorFields?: Array<{ name: Array<string | number> }> }).errorFields?.[0]?.name[0];
      if (typeof first === 'string') focusField(first as RegistrationField);
      Toast.show({ content: t('details.fixErrors') });
      return;
    }
    setSubmitting(true);
    setFormError(null);
    setLoginOffer(null);
    setHelpLinks({});
    const doc = checkDocNumber(docType, values.docNumber);
    const docNumber = doc.kind === 'valid' ? doc.normalized : values.docNumber.trim();
    const phone = normalizePhone(values.phone) ?? values.phone.trim();
    try {
      const created = await createAccount({
        docType,
        docNumber,
        name: values.name.trim(),
        phone,
        regionCode: values.region[values.region.length - 1] ?? '',
        password: values.password,
        agreedToTerms: values.terms === true,
      });
      clearDraft();
      if (created.status === 'active') {
        setRegisteredPhone(phone);
        setStep('done');
      } else if (created.uploadToken) {
        const next: PendingRegistration = { id: created.id, uploadToken: created.uploadToken, docType, uploaded: 0 };
        savePendingRegistration(next);
        setPending(next);
        setStep('photo');
      } else {
        // Pending without a way to upload: nothing more to do here, the review page explains.
        navigate('/pending', { replace: true });
        return;
      }
      form.resetFields();
      window.scrollTo({ top: 0 });
    } catch (e) {
      if (!(e instanceof ApiProblem)) {
        setFormError({ message: t('details.failed') });
        return;
      }
      const action = routeRegistrationProblem(e);
      const message = e.detail || e.title || t('details.failed');
      const helpUrl = safeHelpUrl(e.body.helpUrl);
      switch (action.kind) {
        case 'offline':
          setFormError({ message: t('details.offline') });
          Toast.show({ content: t('details.offline') });
          break;
        case 'simplify-name':
          form.setFields([{ name: 'name', errors: [message] }]);
          setNameSuggestion(action.suggestion);
          if (helpUrl) setHelpLinks({ name: helpUrl });
          focusField('name');
          break;
        case 'switch-document':
          if (isDocType(action.docType)) setMismatch({ docType: action.docType, docNumberMasked: action.docNumberMasked });
          else setFormError({ message, helpUrl: helpUrl ?? '/help/registration#wrong-document' });
          break;
        case 'field':
          if (action.field === 'docType') {
            setDocTypeError(message);
            goTo('docType');
            break;
          }
          form.setFields([{ name: action.field, errors: [message] }]);
          if (action.offerLogin) setLoginOffer({ field: action.field, login: action.field === 'phone' ? phone : docNumber });
          if (helpUrl) setHelpLinks({ [action.field]: helpUrl });
          focusField(action.field);
          break;
        case 'form':
          setFormError({ message, helpUrl });
          break;
      }
    } finally {
      setSubmitting(false);
    }
  };

  const finishPhotos = ({ reviewExpectedHours }: { reviewExpectedHours?: number | undefined }) => {
    clearPendingRegistration();
    clearDraft();
    navigate('/pending', { replace: true, state: { reviewExpectedHours } });
  };

  const onBack = () => {
    if (step === 'details') return goTo('docType');
    // Leaving registration from step 1 (or after it ended): back to where the user came from.
    if (window.history.state && window.history.state.idx > 0) navigate(-1);
    else navigate('/login');
  };

  const needsPhoto = (pending?.docType ?? docType) ? DOC_TYPE_INFO[(pending?.docType ?? docType)!].verification === 'manual' : true;
  const stepIndex = step === 'docType' ? 0 : step === 'details' ? 1 : 2;
  const mismatchName = mismatch ? t(`docTypes.${mismatch.docType}.name`) : '';

  return (
    <div className="jg-page jg-reg">
      <header className="jg-page__bar">
        <NavBar
          backIcon={false}
          back={null}
          left={
            step === 'docType' || step === 'details' ? (
              <button type="button" className="jg-icon-button" aria-label={t('back')} onClick={onBack}>
                <LeftOutline aria-hidden="true" fontSize={22} />
              </button>
            ) : undefined
          }
          right={<LanguageSwitch />}
        >
          <h1 className="jg-page__title">{t('title')}</h1>
        </NavBar>
      </header>
      <main className="jg-page__body jg-reg__body">
        {step !== 'done' ? (
          <nav aria-label={t('steps.label')} className="jg-reg__steps">
            <Steps current={stepIndex}>
              <Steps.Step title={t('steps.docType')} />
              <Steps.Step title={t('steps.details')} />
              <Steps.Step title={needsPhoto ? t('steps.photo') : t('steps.done')} />
            </Steps>
          </nav>
        ) : null}

        {step === 'docType' ? (
          <DocTypeStep value={docType} onChange={chooseDocType} onNext={() => docType && goTo('details')} error={docTypeError} />
        ) : null}

        {/* Kept mounted (hidden) on step 1 so that going back and forth never loses what was typed. */}
        <div hidden={step !== 'details'}>
          {docType ? (
            <DetailsForm
              form={form}
              docType={docType}
              onChangeDocType={() => goTo('docType')}
              onValuesChange={onValuesChange}
              onSubmit={() => void submit()}
              submitting={submitting}
              nameSuggestion={nameSuggestion}
              onUseNameSuggestion={useNameSuggestion}
              loginOffer={loginOffer}
              helpLinks={helpLinks}
              formError={formError}
            />
          ) : null}
        </div>

        {step === 'photo' && pending ? (
          <PhotoStep
            pending={pending}
            docType={pending.docType ?? docType}
            onUploaded={(count) => {
              const next = { ...pending, uploaded: count };
              savePendingRegistration(next);
            }}
            onSubmit={finishPhotos}
          />
        ) : null}

        {step === 'done' ? (
          <Result
            className="jg-reg__result"
            status="success"
            title={t('result.activeTitle')}
            description={t('result.activeDescription', { phone: registeredPhone })}
          />
        ) : null}
        {step === 'done' ? (
          <div className="jg-reg__done-actions">
            <Button block color="primary" size="large" onClick={() => navigate('/login', { replace: true, state: { login: registeredPhone } })}>
              {t('result.login')}
            </Button>
          </div>
        ) : null}
      </main>

      <Dialog
        visible={mismatch !== null}
        title={t('mismatch.title')}
        onClose={() => setMismatch(null)}
        content={
          <div className="jg-reg__dialog">
            <p>
              {mismatch?.docNumberMasked
                ? t('mismatch.body', { docName: mismatchName, docNumberMasked: mismatch.docNumberMasked })
                : t('mismatch.bodyNoNumber', { docName: mismatchName })}
            </p>
            <Link to="/help/registration#wrong-document" className="jg-reg__inline-link" onClick={() => setMismatch(null)}>
              {t('mismatch.help')}
            </Link>
          </div>
        }
        closeOnAction={false}
        actions={[
          { key: 'switch', text: t('mismatch.switch', { docName: mismatchName }), bold: true, onClick: switchDocument },
          { key: 'cancel', text: t('mismatch.cancel'), onClick: () => setMismatch(null) },
        ]}
      />
    </div>
  );
}
