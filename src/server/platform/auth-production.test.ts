import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { buildApp } from '../app.ts';
import { createTestDatabase } from '../../../test/helpers/database.ts';
import { setSessionCookies } from './auth.ts';

// A file of its own: production secrets differ from the other tests', and some features keep
// process-wide state keyed by them.
describe('session cookies in production', () => {
  it('are Secure', async () => {
    // Production config needs real secrets and a real SMS provider; only the cookie flag is under test.
    const config = loadConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: 's'.repeat(32),
      LOOKUP_HASH_SECRET: 'l'.repeat(32),
      SANDBOX_PAYMENT_SECRET: 'p'.repeat(16),
      SMS_PROVIDER: 'aliyun',
      ALIYUN_SMS_ACCESS_KEY_ID: 'id',
      ALIYUN_SMS_ACCESS_KEY_SECRET: 'secret',
      ALIYUN_SMS_SIGN_NAME: 'sign',
      ALIYUN_SMS_TEMPLATE_CODE: 'SMS_1',
      ELICENCE_SIGNING_KEY: JSON.stringify((await import('node:crypto')).generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' })),
      LOG_LEVEL: 'silent',
    });
    const database = await createTestDatabase();
    const app = await buildApp({ config, database, migrate: false, startWorkers: false, logger: false });
    app.post('/probe/login', async (_request, reply) => {
      setSessionCookies(reply, await app.ctx.sessions.create({ subjectType: 'citizen', subjectId: 'acc-1' }));
      return {};
    });
    await app.ready();
    try {
      const res = await app.inject({ method: 'POST', url: '/probe/login' });
      for (const c of res.cookies) expect(c.secure, c.name).toBe(true);
      expect(res.cookies).toHaveLength(2);
    } finally {
      await app.close();
      await database.close();
    }
  });
});
