import type { AppContext } from '../context.ts';
import { setupCrypto } from './crypto.ts';
import { setupJobs } from './jobs.ts';
import { setupSms } from './sms/index.ts';
import { setupSmsCodes } from './sms-codes.ts';
import { setupRateLimits } from './rate-limits.ts';
import { setupAudit } from './audit.ts';
import { setupImages } from './images.ts';
import { setupStorage } from './storage.ts';
import { setupSessions } from './auth.ts';
import { setupReadCache } from './read-cache.ts';

/**
 * Platform services, set up in order on the context before any feature is registered.
 * Each entry adds its service to `ctx` (see the declaration merging in each module).
 * Order matters where one uses another: sms needs jobs, smsCodes needs crypto and sms,
 * sessions need the read cache.
 */
export const platformSetups: Array<(ctx: AppContext) => Promise<void> | void> = [
  setupReadCache,
  setupCrypto,
  setupJobs,
  setupSms,
  setupSmsCodes,
  setupRateLimits,
  setupAudit,
  setupImages,
  setupStorage,
  setupSessions,
];
