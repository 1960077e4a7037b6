import { useDeferredValue, useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { passwordScore } from '../../../../domain/passwords.ts';
import { ACCEPTABLE_SCORE, passwordWeaknesses } from './password-weaknesses.ts';

export interface PasswordStrengthProps {
  password: string;
  /** Phone and document number: a password built on them is weak whatever its length. */
  personal: string[];
}

/**
 * Strength meter under the password field. It says why a password is weak ("contains your
 * phone number", "a keyboard row") because a bare red bar teaches nothing; NIST SP 800-63B
 * asks for exactly this feedback instead of composition rules.
 */
export function PasswordStrength({ password, personal }: PasswordStrengthProps) {
  const { t } = useTranslation('citizen-registration');
  const id = useId();
  // Scoring runs the dictionaries on every keystroke; let typing stay responsive.
  const deferred = useDeferredValue(password);
  const personalKey = personal.join('\u0000');
  const analysis = useMemo(() => {
    if (!deferred) return null;
    const inputs = personalKey ? personalKey.split('\u0000').filter(Boolean) : [];
    const score = passwordScore(deferred, inputs);
    const reasons = passwordWeaknesses(deferred, inputs);
    // A short or personal password is weak whatever the estimator thinks of its characters.
    const capped = reasons.includes('tooShort') || reasons.includes('personal') ? Math.min(score, 1) : score;
    return { score: capped, reasons };
  }, [deferred, personalKey]);

  if (!analysis) return null;
  const { score, reasons } = analysis;
  const label = t(`details.password.strength.${score}`);
  const level = score < 2 ? 'weak' : score < ACCEPTABLE_SCORE ? 'fair' : 'strong';
  return (
    <div className={`jg-reg__strength is-${level}`} aria-live="polite">
      <div className="jg-reg__strength-row">
        <span id={`${id}-label`} className="jg-reg__strength-label">
          {t('details.password.strengthLabel')}
        </span>
        <div
          className="jg-reg__meter"
          role="meter"
          aria-labelledby={`${id}-label`}
          aria-valuemin={0}
          aria-valuemax={4}
          aria-valuenow={score}
          aria-valuetext={label}
        >
          {[1, 2, 3, 4].map((segment) => (
            <span key={segment} className={`jg-reg__meter-seg${score >= segment ? ' is-on' : ''}`} />
          ))}
        </div>
        <span className="jg-reg__strength-value">{label}</span>
      </div>
      {reasons.length > 0 ? (
        <>
          <ul className="jg-reg__reasons">
            {reasons.map((r) => (
              <li key={r}>{t(`details.password.reasons.${r}`)}</li>
            ))}
          </ul>
          <p className="jg-reg__advice">{t('details.password.advice')}</p>
        </>
      ) : null}
    </div>
  );
}
