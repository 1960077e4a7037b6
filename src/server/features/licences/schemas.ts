import { z } from 'zod';
import { DOC_TYPES } from '../../../domain/id-documents.ts';

export { problemSchema } from '../messages/schemas.ts';

const isoDate = (what: string) => z.string().describe(`${what} (YYYY-MM-DD, Asia/Shanghai)`);

export const pointRecordSchema = z.object({
  ref: z.string().describe('Violation reference'),
  occurredAt: z.string().describe('ISO 8601 instant'),
  code: z.string().describe('Violation code, e.g. 1625'),
  description: z.string(),
  points: z.number().int(),
  decisionNo: z.string().describe('Penalty decision number (决定书编号)'),
  decidedOn: isoDate('Day the points were recorded'),
  carriedOver: z.boolean().describe('Recorded in an earlier cycle and carried into this one (its fine was overdue when that cycle ended)'),
});

export const licenceSchema = z.object({
  numberMasked: z.string().describe('Licence number (the holder document number), first 4 and last 4 kept'),
  holderDocType: z.enum(DOC_TYPES).describe('Document the licence is held under'),
  name: z.string(),
  class: z.string().describe('Permitted classes as printed, e.g. C1 or C1E'),
  classes: z.array(z.string()).describe('The permitted classes one by one'),
  firstIssuedOn: isoDate('First issue date'),
  validFrom: isoDate('Start of validity'),
  validTo: isoDate('End of validity').nullable().describe('End of validity (YYYY-MM-DD); null for a long-term licence'),
  status: z.string().describe('State letters, e.g. A or BH'),
  statusText: z.string().describe('The states in words, in the request language'),
  statusLetters: z.array(z.object({ letter: z.string(), text: z.string() })),
  points: z.object({
    cycleStart: isoDate('First day of the current scoring cycle'),
    cycleEnd: isoDate('Last day of the current scoring cycle'),
    total: z.number().int().describe('Points standing in the current cycle'),
    nextClearingOn: isoDate('Day the next cycle starts and points under 12 clear'),
    records: z.array(pointRecordSchema).describe('The decisions whose points stand in this cycle, newest first'),
  }),
  issuingAuthority: z.string(),
  probation: z.object({ inProbation: z.boolean(), endsOn: isoDate('Last day of probation (实习期)') }),
  renewal: z
    .object({
      open: z.boolean().describe('A renewal (期满换证) may be applied for today'),
      opensOn: isoDate('First day of the 90-day renewal window'),
      daysLeft: z.number().int().describe('Days until the validity ends; negative once overdue'),
      overdue: z.boolean(),
      notice: z.string().nullable().describe('What the holder should do now, in the request language; null outside the window'),
    })
    .nullable()
    .describe('Null for a long-term licence'),
  archiveNumberFiled: z.boolean().describe('The account has filed this licence’s archive number'),
});

export const licenceAnswerSchema = z.union([
  z.object({ bound: z.literal(true), licence: licenceSchema }),
  z.object({
    bound: z.literal(false),
    reason: z.enum(['not_found', 'doc_mismatch']),
    hint: z.string().describe('What to do, in the request language'),
    licenceDocument: z
      .object({ docType: z.enum(DOC_TYPES), docNumberMasked: z.string() })
      .optional()
      .describe('doc_mismatch: the document the registry holds the licence under'),
  }),
]);

export const boundLicenceAnswerSchema = z.object({ bound: z.literal(true), licence: licenceSchema });

export const filingBody = z.object({
  archiveNumber: z.string().max(64).describe('档案编号: the 12 digits on the licence’s second page'),
});
