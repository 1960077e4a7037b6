import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/helpers/app.ts';
import { appMeta } from '../server/platform/tables.ts';
import { authenticateStaff } from '../server/features/staff/service.ts';
import { findPersonByDocument } from '../server/features/registry/service.ts';
import { DEMO_META_KEY, DEMO_STAFF, DemoRefusedError, seedDemo, seedDemoIfEmpty } from './demo.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('demo seed', () => {
  it('seeds an empty registry once: demo identities, demo staff with the published passwords, a note in app_meta', async () => {
    const ctx = t.app.ctx;
    await seedDemoIfEmpty(ctx);
    expect(await findPersonByDocument(ctx.db, { docType: 'hk_id', docNumber: 'A123456(3)' })).toMatchObject({ name: '陈大文' });
    for (const s of DEMO_STAFF) {
      const user = await authenticateStaff(ctx, { username: s.username, password: s.password, ip: '127.0.0.1' });
      expect(user).toMatchObject({ role: s.role, mustChangePassword: false });
    }
    const [meta] = await ctx.db.select().from(appMeta).where(eq(appMeta.key, DEMO_META_KEY));
    expect(meta!.value).toMatchObject({ rejected: 0, staff: ['reviewer', 'admin'] });
    const created = (meta!.value as { created: number }).created;
    expect(created).toBeGreaterThan(40);

    // A registry that holds records is left alone.
    await seedDemoIfEmpty(ctx);
    const [after] = await ctx.db.select().from(appMeta).where(eq(appMeta.key, DEMO_META_KEY));
    expect(after!.value).toEqual(meta!.value);
  });

  it('is refused in production', async () => {
    const ctx = { ...t.app.ctx, config: { ...t.app.ctx.config, isProduction: true } };
    await expect(seedDemo(ctx)).rejects.toBeInstanceOf(DemoRefusedError);
  });
});
