import type { AppContext } from '../context.ts';

/**
 * Platform services, set up in order on the context before any feature is registered.
 * Each entry adds its service to `ctx` (see the declaration merging in each module).
 */
export const platformSetups: Array<(ctx: AppContext) => Promise<void> | void> = [];
