import { z } from 'zod';

export { problemSchema } from '../messages/schemas.ts';

const isoDate = (what: string) => z.string().describe(`${what} (YYYY-MM-DD, Asia/Shanghai)`);

export const vehicleSchema = z.object({
  id: z.string().describe('Stable opaque id of the vehicle'),
  plate: z.string().describe('Plate number in canonical form; northbound cars carry their Hong Kong or Macau plate'),
  plateType: z.string().describe('Plate type code (GA 24.7), e.g. 02'),
  plateTypeText: z.string().describe('The plate type in words, in the request language'),
  scheme: z.enum(['mainland', 'hk_northbound', 'mo_northbound']),
  schemeText: z.string(),
  relation: z.enum(['owner', 'filed']).describe('`owner`: registered to the account holder; `filed`: filed with the owner’s consent'),
  relationText: z.string(),
  brand: z.string(),
  model: z.string(),
  inspectionValidTo: isoDate('Inspection valid until'),
  inspectionState: z
    .enum(['valid', 'due', 'overdue'])
    .describe('`due`: within the 3 months before the inspection validity ends (the car may be inspected now); `overdue`: ended, the car may not be driven'),
  inspectionDaysLeft: z.number().int().describe('Days from today (Asia/Shanghai) to the last valid day; negative once ended'),
  permitValidTo: isoDate('Northbound cars: temporary-entry permit valid until').optional(),
  permitState: z.enum(['valid', 'due', 'overdue']).optional().describe('Northbound cars: `due` within 30 days of the permit’s end, `overdue` after it'),
  status: z.string().describe('Vehicle state letters, e.g. A'),
  statusText: z.string().optional(),
  plateColour: z.enum(['blue', 'yellow', 'green', 'yellow-green', 'black', 'white', 'hk', 'mo']),
  unhandledViolations: z.number().int().describe('Camera-recorded violations of this vehicle not yet handled'),
  filingId: z.string().uuid().optional().describe('Filed vehicles: the filing, for unfiling'),
  filedOn: isoDate('Filed vehicles: the day the owner’s consent was confirmed').optional(),
  ownerNameMasked: z.string().optional().describe('Filed vehicles: the owner, first character kept'),
});

export const filingBody = z.object({
  plate: z.string().max(32).describe('Plate number as on the vehicle licence, e.g. 粤B12345'),
  plateType: z.string().max(8).describe('Only 02 (小型汽车) and 52 (小型新能源汽车) may be filed'),
  ownerName: z.string().max(64).describe('The registered owner’s name'),
  vinLast6: z.string().max(16).describe('The last 6 characters of the vehicle identification number (VIN)'),
  ownerCode: z
    .string()
    .max(16)
    .optional()
    .describe('Single-call form: the code the owner received for this filer’s pending request; files at once and answers 201 with the vehicle'),
});

export const filingAwaitingSchema = z.object({
  filingId: z.string().uuid(),
  status: z.literal('awaiting_owner'),
  ownerPhoneMasked: z.string().describe('Where the owner’s code went: first 3 and last 4 digits'),
  expiresAt: z.string().describe('ISO 8601 instant the code stops working'),
});

export const filingParams = z.object({ id: z.string().max(64) });
export const confirmBody = z.object({ code: z.string().max(16).describe('The 6-digit code the owner received') });
