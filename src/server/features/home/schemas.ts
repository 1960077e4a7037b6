import { z } from 'zod';
import { DOC_TYPES } from '../../../domain/id-documents.ts';

export { problemSchema } from '../messages/schemas.ts';

const isoDate = (what: string) => z.string().describe(`${what} (YYYY-MM-DD, Asia/Shanghai)`);

export const homeLicenceSchema = z.object({
  numberMasked: z.string().describe('Licence number (the holder document number), first 4 and last 4 kept'),
  class: z.string().describe('Permitted classes as printed, e.g. C1'),
  status: z.string().describe('State letters, e.g. A or BH'),
  statusText: z.string().describe('The states in words, in the request language'),
  validTo: isoDate('End of validity').nullable().describe('End of validity (YYYY-MM-DD); null for a long-term licence'),
  points: z.number().int().describe('Points standing in the current scoring cycle (as GET /me/licence `points.total`)'),
  cycleStart: isoDate('First day of the current scoring cycle'),
  cycleEnd: isoDate('Last day of the current scoring cycle'),
  inProbation: z.boolean(),
  renewalNotice: z.string().nullable().describe('What the holder should do about renewal now; null outside the window'),
});

export const homeSchema = z.object({
  licence: homeLicenceSchema.nullable().describe('Null when no licence is bound; `licenceUnbound` says why'),
  licenceUnbound: z
    .object({
      reason: z.enum(['not_found', 'doc_mismatch']),
      hint: z.string().describe('What to do, in the request language'),
      licenceDocument: z.object({ docType: z.enum(DOC_TYPES), docNumberMasked: z.string() }).optional(),
    })
    .nullable()
    .describe('As GET /me/licence answers when unbound; null when a licence is bound'),
  vehicles: z
    .array(
      z.object({
        id: z.string(),
        plate: z.string(),
        plateType: z.string(),
        plateTypeText: z.string(),
        scheme: z.enum(['mainland', 'hk_northbound', 'mo_northbound']),
        relation: z.enum(['owner', 'filed']),
        unhandledViolations: z.number().int().describe('As GET /me/vehicles counts them'),
      }),
    )
    .describe('Owned and filed vehicles, as GET /me/vehicles lists them'),
  unhandledViolations: z.number().int().describe('Records GET /me/violations?status=unhandled lists: own and filed vehicles, rentals'),
  unreadMessages: z.number().int().describe('As GET /me/messages/unread-count'),
});

export type HomeAnswer = z.infer<typeof homeSchema>;
