import { z } from 'zod';
import { DOC_TYPES } from '../../../domain/id-documents.ts';
import { LANGUAGES } from '../../../i18n/languages.ts';

export { problemSchema } from '../messages/schemas.ts';

/*
 * Route schemas check shape only (a missing field or wrong JSON type → 400). Values are
 * plain strings here on purpose: a well-formed value that breaks a rule (an unknown
 * document type, a bad checksum) gets its own 422 code from the service.
 */

export const registrationBody = z.object({
  docType: z.string().max(40).describe(`One of: ${DOC_TYPES.join(', ')}`),
  docNumber: z.string().max(64).describe('As printed on the document; full-width characters, spaces and missing brackets are normalised'),
  name: z.string().max(100).describe('Name in Simplified Chinese (Latin letters only with a passport)'),
  phone: z.string().max(32).describe('Mainland mobile number'),
  regionCode: z.string().max(12).describe('6-digit GB/T 2260 city code, e.g. 440300'),
  password: z.string().max(1024),
  agreedToTerms: z.unknown().optional().describe('Must be `true`'),
});

export const registrationResponse = z.object({
  id: z.string().uuid(),
  status: z.enum(['active', 'pending_review']),
  uploadToken: z.string().optional().describe('Bearer token for POST /accounts/{id}/document-photos, valid 24 hours'),
  uploadTokenExpiresAt: z.string().optional(),
  docNumberNormalized: z.string().optional().describe('Present when the number was normalised: show it to the user'),
});

export const accountIdParams = z.object({ id: z.string().max(64) });

export const photoUploadResponse = z.object({
  status: z.literal('pending_review'),
  reviewExpectedHours: z.number().int(),
  photoCount: z.number().int().describe('Photos received so far for this registration'),
});

export const accountSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  docType: z.enum(DOC_TYPES),
  docNumberMasked: z.string(),
  phoneMasked: z.string(),
  regionCode: z.string(),
  status: z.enum(['active', 'pending_review', 'rejected', 'deleted']),
  gestureEnabled: z.boolean(),
  lang: z.enum(LANGUAGES),
  createdAt: z.string(),
});

export const loginBody = z.object({
  login: z.string().min(1).max(64).describe('Phone number or document number'),
  password: z.string().max(1024),
});

export const sessionResponse = z.object({
  token: z.string().describe('Bearer token; the web app uses the HttpOnly cookie set alongside'),
  expiresAt: z.string(),
  csrfToken: z.string().describe('Send as X-CSRF-Token on cookie-authenticated state changes (also in the jg_csrf cookie)'),
  account: accountSchema,
});

export const gestureBody = z.object({
  pattern: z.array(z.number().int()).max(16).describe('4–9 distinct dots numbered 0–8, row by row'),
  deviceToken: z.string().min(16).max(128).optional().describe('This device’s token, to replace its existing gesture'),
});

export const gestureLoginBody = z.object({
  deviceToken: z.string().min(1).max(128),
  pattern: z.array(z.number().int()).max(16),
});

export const smsCodeBody = z.object({ purpose: z.string().max(40).describe('`delete_account`, and purposes other features register') });
export const smsCodeResponse = z.object({ expiresAt: z.string() });

export const deleteAccountBody = z.object({
  reason: z.string().min(1).max(500),
  code: z.string().min(1).max(12),
});

export const regionsResponse = z.object({
  provinces: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      cities: z.array(z.object({ code: z.string(), name: z.string() })),
    }),
  ),
});
