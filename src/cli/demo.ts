import type { AppContext } from '../server/context.ts';

/** Loads the demo registry and demo staff on first start with the embedded database. */
export async function seedDemoIfEmpty(ctx: AppContext): Promise<void> {
  ctx.log.info('demo seed: not yet implemented');
}
