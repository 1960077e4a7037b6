/**
 * Account passwords. Source: REFERENCE.md §1 ("a password of at least 8 characters that a
 * strength estimator (zxcvbn) does not find guessable and that is not the phone or document
 * number … we follow NIST SP 800-63B: length and a guessability check, no composition rules").
 * NIST SP 800-63B §3.1.1.2: at least 8 characters, allow at least 64 (we allow 128), check
 * against commonly used and context-specific values, no composition rules.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
/** zxcvbn scores below this are "guessable" (3 = safely unguessable against online attacks with throttling). */
const MIN_SCORE = 3;

type Score = 0 | 1 | 2 | 3 | 4;
let estimator: ZxcvbnFactory | undefined;

/** The dictionaries weigh several hundred kB: load them into an estimator on first use only. */
function getEstimator(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });
  return estimator;
}

function length(password: string): number {
  return Array.from(password).length;
}

/** Strength 0–4 for the web strength meter (personal values count as known words when given). */
export function passwordScore(password: string, userInputs: string[] = []): Score {
  if (typeof password !== 'string' || password === '') return 0;
  // Scoring cost grows with length; anything past the maximum is refused anyway.
  return getEstimator().check(password.slice(0, PASSWORD_MAX_LENGTH * 2), userInputs).score as Score;
}

/** Digits and letters only, lower-case: so `138 1234 5678` still counts as the phone number. */
function compact(v: string): string {
  return v.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

export function checkPassword(
  password: string,
  personal: { phone?: string; docNumber?: string; name?: string },
): { ok: true; score: Score } | { ok: false; reason: 'too_short' | 'too_long' | 'guessable' | 'personal' } {
  if (typeof password !== 'string' || length(password) < PASSWORD_MIN_LENGTH) return { ok: false, reason: 'too_short' };
  if (length(password) > PASSWORD_MAX_LENGTH) return { ok: false, reason: 'too_long' };
  const pw = compact(password);
  const personalValues = [personal.phone, personal.docNumber, personal.name].filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  // Refuse a password built on the phone or document number (a long tail of their digits
  // counts too), or the name, since these are the first things an attacker tries.
  for (const value of personalValues) {
    const c = compact(value);
    if (c.length < 2) continue;
    if (pw === c) return { ok: false, reason: 'personal' };
    if (value !== personal.name && c.length >= 6 && (pw.includes(c) || pw.includes(c.slice(-8)) || pw.includes(c.slice(0, 8)))) {
      return { ok: false, reason: 'personal' };
    }
  }
  const score = passwordScore(password, personalValues.map(compact));
  if (score < MIN_SCORE) return { ok: false, reason: 'guessable' };
  return { ok: true, score };
}
