import { z } from 'zod';
import { licenceSchema } from '../licences/schemas.ts';

export { problemSchema } from '../messages/schemas.ts';

const instant = (what: string) => z.string().describe(`${what} (ISO 8601 instant)`);

export const credentialSchema = z
  .object({
    qr: z.string().describe('Text for the QR code: a compact JWS (RFC 7515, ES256) of at most 1,200 characters'),
    issuedAt: instant('When this credential was signed'),
    expiresAt: instant('When it stops verifying (5 minutes after issue)'),
  })
  .describe('A fresh signed credential; every call issues a new one');

export const applicationSchema = z.object({
  id: z.string().uuid(),
  status: z.enum(['pending_review', 'approved', 'rejected']),
  source: z.enum(['camera', 'album']),
  submittedAt: instant('Submission time'),
  expectedBy: instant('Review due by: end of the next working day, Asia/Shanghai'),
  rejectReason: z.string().optional().describe('Why the photo was refused, in the request language'),
});

export const elicenceAnswerSchema = z.object({
  status: z.enum(['none', 'pending_review', 'issued', 'rejected', 'suspended']),
  licence: licenceSchema.optional().describe('The bound driving licence, as GET /me/licence shows it'),
  credential: credentialSchema.optional(),
  application: applicationSchema.optional().describe('The latest application'),
  photoUrl: z.string().optional().describe('The approved licence photo (GET, same authentication)'),
  suspendedReason: z.string().optional().describe('Why the e-licence cannot be used now (status suspended)'),
  revoked: z.boolean().optional().describe('Revoked by the authority'),
  photoChangeFrom: z.string().optional().describe('First day a new photo may be submitted (YYYY-MM-DD), while the 6-month wait runs'),
});

export const applicationCreatedSchema = z.object({
  id: z.string().uuid(),
  status: z.literal('pending_review'),
  expectedBy: instant('Review due by: end of the next working day, Asia/Shanghai'),
});

export const verifyBody = z.object({
  qr: z.string().max(4096).describe('The scanned QR text'),
});

export const verifyAnswerSchema = z.object({
  valid: z.boolean(),
  reason: z.enum(['malformed', 'bad_signature', 'expired', 'revoked', 'licence_invalid']).optional(),
  holder: z
    .object({
      name: z.string(),
      numberMasked: z.string(),
      class: z.string(),
      validTo: z.string().nullable().describe('YYYY-MM-DD; null for a long-term licence'),
      status: z.string().describe('State letters from the registry now'),
      statusText: z.string().describe('The state in words, in the request language'),
    })
    .optional()
    .describe('The holder as the registry shows them now (valid, or licence_invalid)'),
  checkedAt: instant('Verification time'),
});

export const jwksSchema = z.object({
  keys: z.array(
    z.object({
      kty: z.literal('EC'),
      crv: z.literal('P-256'),
      x: z.string(),
      y: z.string(),
      kid: z.string(),
      alg: z.literal('ES256'),
      use: z.literal('sig'),
    }),
  ),
});
