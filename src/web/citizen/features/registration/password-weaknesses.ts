import { ZxcvbnFactory, type MatchExtended } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import { PASSWORD_MIN_LENGTH } from '../../../../domain/passwords.ts';

/** Why a password is easy to guess, as keys of `details.password.reasons.*`. */
export type PasswordWeakness = 'tooShort' | 'common' | 'sequence' | 'repeat' | 'keyboard' | 'date' | 'personal' | 'name' | 'guessable';

/** Scores below this are refused as guessable (domain/passwords.ts uses the same bound). */
export const ACCEPTABLE_SCORE = 3;

let estimator: ZxcvbnFactory | undefined;

/** Built on first use: the dictionaries take a moment to rank and are only needed on this screen. */
function getEstimator(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });
  return estimator;
}

/** Lower-case letters and digits only, so `138 1234 5678` is still recognised in a password. */
function compact(v: string): string {
  return v.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * Explains a weak password in words the user can act on, from the patterns the strength
 * estimator (zxcvbn, the same dictionaries the server uses) found in it. The score itself
 * comes from the domain's `passwordScore`; this only says why, and says nothing about a
 * password the estimator finds strong.
 */
export function passwordWeaknesses(password: string, personal: string[] = []): PasswordWeakness[] {
  if (!password) return [];
  const reasons = new Set<PasswordWeakness>();
  if (Array.from(password).length < PASSWORD_MIN_LENGTH) reasons.add('tooShort');
  const pw = compact(password);
  for (const value of personal) {
    const c = compact(value);
    if (c.length >= 6 && (pw.includes(c) || pw.includes(c.slice(-8)) || pw.includes(c.slice(0, 8)))) reasons.add('personal');
  }
  const result = getEstimator().check(password.slice(0, 256), personal.map(compact).filter((v) => v.length >= 2));
  for (const match of result.sequence as MatchExtended[]) {
    // A short fragment (one common syllable) is not worth telling the user about.
    if (match.token.length < 3) continue;
    switch (match.pattern) {
      case 'dictionary':
        if (match.dictionaryName === 'userInputs') reasons.add('personal');
        else if (String(match.dictionaryName).startsWith('passwords')) reasons.add('common');
        else reasons.add('name');
        break;
      case 'sequence':
        reasons.add('sequence');
        break;
      case 'repeat':
        reasons.add('repeat');
        break;
      case 'spatial':
        reasons.add('keyboard');
        break;
      case 'date':
        reasons.add('date');
        break;
      case 'regex':
        if (match.regexName === 'recentYear') reasons.add('date');
        break;
      default:
        break;
    }
  }
  // A strong password may still contain a word or a year; that is no reason to call it weak.
  if (result.score >= ACCEPTABLE_SCORE && !reasons.has('tooShort') && !reasons.has('personal')) return [];
  if (reasons.size === 0) reasons.add('guessable');
  return [...reasons];
}
