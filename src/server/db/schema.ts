/**
 * Every table of every feature, gathered for Drizzle (queries and drizzle-kit).
 * A feature owns its `tables.ts`; other features call its service, never these tables.
 */
export * from '../platform/tables.ts';
export * from '../features/registry/tables.ts';
export * from '../features/staff/tables.ts';
export * from '../features/reviews/tables.ts';
export * from '../features/accounts/tables.ts';
export * from '../features/messages/tables.ts';
export * from '../features/licences/tables.ts';
export * from '../features/elicence/tables.ts';
export * from '../features/vehicles/tables.ts';
export * from '../features/violations/tables.ts';
export * from '../features/payments/tables.ts';
