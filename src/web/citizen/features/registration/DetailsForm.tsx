import { useMemo, useState } from 'react';
import { Button, CascadePicker, Checkbox, Form, Input } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DocType } from '../../../../domain/id-documents.ts';
import { normalizePhone } from '../../../../domain/phones.ts';
import { checkPassword } from '../../../../domain/passwords.ts';
import { PasswordInput } from '../../components/PasswordInput.tsx';
import { useRegions } from './api/list-regions.ts';
import { checkDocNumber } from './doc-number-check.ts';
import { PasswordStrength } from './PasswordStrength.tsx';
import { PolicyPopup, type PolicyKind } from './PolicyPopup.tsx';
import type { RegistrationField } from './problem-routing.ts';

export type RegistrationFormInstance = ReturnType<typeof Form.useForm>[0];

export interface DetailsValues {
  docNumber: string;
  name: string;
  phone: string;
  region: string[];
  password: string;
  confirmPassword: string;
  terms: boolean;
}

export const FORM_NAME = 'registration';
/** The DOM id antd-mobile gives a field's control (`<form name>_<field>`), used to focus errors. */
export const fieldDomId = (field: RegistrationField) => `${FORM_NAME}_${field}`;

/** Documents held mostly by Hong Kong, Macau and Taiwan residents, who often type Traditional characters. */
const TRADITIONAL_SCRIPT_USERS: ReadonlySet<DocType> = new Set(['residence_permit', 'hkmo_permit', 'tw_permit', 'hk_id', 'mo_id']);

export interface DetailsFormProps {
  form: RegistrationFormInstance;
  docType: DocType;
  onChangeDocType(): void;
  onValuesChange(changed: Partial<DetailsValues>, all: DetailsValues): void;
  onSubmit(): void;
  submitting: boolean;
  /** The Simplified form of the name the server suggested, shown as a one-tap chip. */
  nameSuggestion: string | null;
  onUseNameSuggestion(): void;
  /** After phone_taken / doc_taken: which field carries the "log in instead" link and with what login. */
  loginOffer: { field: RegistrationField; login: string } | null;
  /** Help links the server attached to a field's problem (`helpUrl`). */
  helpLinks: Partial<Record<RegistrationField, string>>;
  formError: { message: string; helpUrl?: string | undefined } | null;
}

/** Step 2: the details. One column, big inputs, the submit button always in reach. */
export function DetailsForm(props: DetailsFormProps) {
  const { form, docType, submitting, nameSuggestion, loginOffer, helpLinks, formError } = props;
  const { t } = useTranslation('citizen-registration');
  const [policy, setPolicy] = useState<PolicyKind | null>(null);
  const regions = useRegions();

  const docNumber = (Form.useWatch('docNumber', form) as string | undefined) ?? '';
  const password = (Form.useWatch('password', form) as string | undefined) ?? '';
  const phone = (Form.useWatch('phone', form) as string | undefined) ?? '';
  const docState = checkDocNumber(docType, docNumber);
  const personal = [phone, docState.kind === 'valid' ? docState.normalized : docNumber].filter((v) => v.trim().length >= 6);

  const regionOptions = useMemo(
    () =>
      (regions.data ?? []).map((p) => ({
        label: p.name,
        value: p.code,
        children: p.cities.map((c) => ({ label: c.name, value: c.code })),
      })),
    [regions.data],
  );

  const nameHint =
    docType === 'passport' ? t('details.name.hintPassport') : TRADITIONAL_SCRIPT_USERS.has(docType) ? t('details.name.hintHkMo') : t('details.name.hint');

  const extraFor = (field: RegistrationField) => {
    const links = [];
    if (loginOffer?.field === field) {
      links.push(
        <Link key="login" to="/login" state={{ login: loginOffer.login }} className="jg-reg__inline-link">
          {t('details.loginInstead')}
        </Link>,
      );
    }
    const help = helpLinks[field];
    if (help) {
      links.push(
        <Link key="help" to={help} className="jg-reg__inline-link">
          {t('details.helpLink')}
        </Link>,
      );
    }
    return links.length ? <div className="jg-reg__field-links">{links}</div> : null;
  };

  return (
    <section className="jg-reg__step" aria-labelledby="jg-reg-details-heading">
      <h2 id="jg-reg-details-heading" className="jg-reg__heading">
        {t('details.heading')}
      </h2>
      <div className="jg-reg__chosen">
        <span className="jg-reg__chosen-label">{t('details.docTypeLabel')}</span>
        <strong className="jg-reg__chosen-value">{t(`docTypes.${docType}.name`)}</strong>
        <button type="button" className="jg-reg__text-button" onClick={props.onChangeDocType} aria-label={`${t('details.change')} ${t('details.docTypeLabel')}`}>
          {t('details.change')}
        </button>
      </div>
      <Form
        form={form}
        name={FORM_NAME}
        layout="vertical"
        mode="card"
        validateTrigger="onBlur"
        requiredMarkStyle="none"
        onValuesChange={props.onValuesChange}
        onFinish={props.onSubmit}
        className="jg-reg__form"
      >
        <Form.Item
          name="docNumber"
          label={t('details.docNumber.label')}
          rules={[
            { required: true, whitespace: true, message: t('details.docNumber.required') },
            {
              validator: async (_rule, value: string | undefined) => {
                const state = checkDocNumber(docType, value ?? '');
                if (state.kind === 'invalid') throw new Error(t('details.docNumber.invalid', { format: t(`details.docNumber.formats.${docType}`) }));
              },
            },
          ]}
          description={
            <div className="jg-reg__field-notes">
              {docState.kind === 'valid' ? (
                <p className="jg-reg__ok" role="status">
                  {docState.changed ? t('details.docNumber.willRegisterAs', { value: docState.normalized }) : t('details.docNumber.looksRight')}
                </p>
              ) : (
                <p>{t(`details.docNumber.formats.${docType}`)}</p>
              )}
              {docType === 'hk_id' || docType === 'mo_id' ? <p>{t('details.docNumber.hkBrackets')}</p> : null}
              {extraFor('docNumber')}
            </div>
          }
        >
          <Input
            placeholder={t('details.docNumber.placeholder')}
            autoComplete="off"
            autoCapitalize="characters"
            autoCorrect="off"
            clearable
          />
        </Form.Item>

        <Form.Item
          name="name"
          label={t('details.name.label')}
          rules={[
            { required: true, whitespace: true, message: t('details.name.required') },
            {
              validator: async (_rule, value: string | undefined) => {
                const length = Array.from((value ?? '').trim()).length;
                if (length > 0 && length < 2) throw new Error(t('details.name.tooShort'));
                if (length > 30) throw new Error(t('details.name.tooLong'));
              },
            },
          ]}
          description={
            <div className="jg-reg__field-notes">
              {nameSuggestion ? (
                <div className="jg-reg__chips">
                  <Button
                    size="small"
                    shape="rounded"
                    color="primary"
                    fill="outline"
                    className="jg-reg__chip"
                    onClick={props.onUseNameSuggestion}
                    aria-label={t('details.name.useAria', { name: nameSuggestion })}
                  >
                    {t('details.name.use', { name: nameSuggestion })}
                  </Button>
                </div>
              ) : null}
              <p>{nameHint}</p>
              {docType !== 'passport' && !helpLinks.name ? (
                <Link to="/help/registration#traditional-characters" className="jg-reg__inline-link">
                  {t('details.name.whyLink')}
                </Link>
              ) : null}
              {extraFor('name')}
            </div>
          }
        >
          <Input placeholder={t('details.name.placeholder')} autoComplete="name" clearable enterKeyHint="next" />
        </Form.Item>

        <Form.Item
          name="phone"
          label={t('details.phone.label')}
          rules={[
            { required: true, whitespace: true, message: t('details.phone.required') },
            {
              validator: async (_rule, value: string | undefined) => {
                if (value && value.trim() && !normalizePhone(value)) throw new Error(t('details.phone.invalid'));
              },
            },
          ]}
          description={
            <div className="jg-reg__field-notes">
              <p>{t('details.phone.hint')}</p>
              {extraFor('phone')}
            </div>
          }
        >
          <Input
            type="tel"
            inputMode="tel"
            autoComplete="tel-national"
            placeholder={t('details.phone.placeholder')}
            clearable
            maxLength={20}
          />
        </Form.Item>

        <Form.Item
          name="region"
          label={t('details.region.label')}
          trigger="onConfirm"
          validateTrigger="onConfirm"
          rules={[
            {
              validator: async (_rule, value: string[] | undefined) => {
                if (!value || value.length < 2 || !value[1]) throw new Error(t('details.region.required'));
              },
            },
          ]}
          description={
            <div className="jg-reg__field-notes">
              {regions.isError ? (
                <p className="jg-reg__warn">
                  {t('details.region.loadFailed')}{' '}
                  <button type="button" className="jg-reg__text-button" onClick={() => void regions.refetch()}>
                    {t('details.region.retry')}
                  </button>
                </p>
              ) : (
                <p>{t('details.region.hint')}</p>
              )}
              {extraFor('region')}
            </div>
          }
        >
          <CascadePicker
            options={regionOptions}
            title={t('details.region.title')}
            confirmText={t('details.region.confirm')}
            cancelText={t('details.region.cancel')}
            loading={regions.isLoading}
          >
            {(items, actions) => {
              const chosen = items.filter((i): i is NonNullable<typeof i> => Boolean(i));
              return (
                <button
                  type="button"
                  id={fieldDomId('region')}
                  className={`jg-reg__picker${chosen.length ? '' : ' is-empty'}`}
                  onClick={actions.open}
                  disabled={regions.isError}
                >
                  {chosen.length
                    ? chosen.map((i) => i.label).join(' / ')
                    : regions.isLoading
                      ? t('details.region.loading')
                      : t('details.region.placeholder')}
                </button>
              );
            }}
          </CascadePicker>
        </Form.Item>

        <Form.Item
          name="password"
          label={t('details.password.label')}
          rules={[
            { required: true, message: t('details.password.required') },
            {
              validator: async (_rule, value: string | undefined) => {
                if (!value) return;
                const normalized = docState.kind === 'valid' ? docState.normalized : docNumber;
                const result = checkPassword(value, { phone: normalizePhone(phone) ?? phone, docNumber: normalized });
                if (result.ok) return;
                if (result.reason === 'too_short') throw new Error(t('details.password.tooShort'));
                if (result.reason === 'personal') throw new Error(t('details.password.sameAsPersonal'));
                throw new Error(t('details.password.tooWeak'));
              },
            },
          ]}
          description={<PasswordStrength password={password} personal={personal} />}
        >
          <PasswordInput autoComplete="new-password" placeholder={t('details.password.placeholder')} />
        </Form.Item>

        <Form.Item
          name="confirmPassword"
          label={t('details.confirm.label')}
          dependencies={['password']}
          rules={[
            { required: true, message: t('details.confirm.required') },
            ({ getFieldValue }) => ({
              validator: async (_rule, value: string | undefined) => {
                if (value && value !== getFieldValue('password')) throw new Error(t('details.confirm.mismatch'));
              },
            }),
          ]}
        >
          <PasswordInput autoComplete="new-password" placeholder={t('details.confirm.placeholder')} />
        </Form.Item>

        <Form.Item
          name="terms"
          valuePropName="checked"
          validateTrigger="onChange"
          rules={[
            {
              validator: async (_rule, value: boolean | undefined) => {
                if (!value) throw new Error(t('details.terms.required'));
              },
            },
          ]}
          description={
            <div className="jg-reg__policy-links">
              <button type="button" className="jg-reg__text-button" onClick={() => setPolicy('terms')}>
                {t('details.terms.viewTerms')}
              </button>
              <button type="button" className="jg-reg__text-button" onClick={() => setPolicy('privacy')}>
                {t('details.terms.viewPrivacy')}
              </button>
            </div>
          }
        >
          <Checkbox id={fieldDomId('terms')} className="jg-reg__terms">
            {t('details.terms.agree')}
          </Checkbox>
        </Form.Item>
      </Form>

      {formError ? (
        <div className="jg-reg__form-error" role="alert">
          <p>{formError.message}</p>
          {formError.helpUrl ? (
            <Link to={formError.helpUrl} className="jg-reg__inline-link">
              {t('details.helpLink')}
            </Link>
          ) : null}
        </div>
      ) : null}

      <div className="jg-reg__footer">
        <Button block color="primary" size="large" loading={submitting} loadingText={t('details.submitting')} onClick={() => form.submit()}>
          {t('details.submit')}
        </Button>
      </div>
      <PolicyPopup kind={policy} onClose={() => setPolicy(null)} />
    </section>
  );
}
