import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { findWholePersonalNumber } from './audit.ts';
import { auditLog } from './tables.ts';

describe('ctx.audit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('records who did what to whom, at clock time', async () => {
    const { ctx } = t.app;
    await ctx.db.transaction((tx) =>
      ctx.audit.record(tx, {
        actor: { type: 'staff', id: 'staff-1', name: '王警官' },
        action: 'review.approve',
        subject: { type: 'review', id: 'r-9' },
        detail: { docNumberMasked: '4403**********1234', phoneMasked: '138****5678' },
      }),
    );
    await ctx.audit.record(ctx.db, { actor: { type: 'system' }, action: 'registry.import' });
    const rows = await ctx.db.select().from(auditLog).orderBy(auditLog.id);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      at: t.clock.now(),
      actorType: 'staff',
      actorId: 'staff-1',
      actorName: '王警官',
      action: 'review.approve',
      subjectType: 'review',
      subjectId: 'r-9',
      detail: { docNumberMasked: '4403**********1234', phoneMasked: '138****5678' },
    });
    expect(rows[1]).toMatchObject({ actorType: 'system', actorId: null, subjectType: null, detail: null });
  });

  it('writes nothing when the transaction rolls back', async () => {
    const { ctx } = t.app;
    const before = (await ctx.db.select().from(auditLog)).length;
    await ctx.db
      .transaction(async (tx) => {
        await ctx.audit.record(tx, { actor: { type: 'citizen', id: 'a-1' }, action: 'account.delete' });
        throw new Error('rollback');
      })
      .catch(() => undefined);
    expect(await ctx.db.select().from(auditLog)).toHaveLength(before);
  });

  it('refuses whole personal numbers in the detail', async () => {
    const { ctx } = t.app;
    await expect(ctx.audit.record(ctx.db, { actor: { type: 'system' }, action: 'x', detail: { phone: '13812345678' } })).rejects.toThrow(/detail\.phone/);
    await expect(ctx.audit.record(ctx.db, { actor: { type: 'system' }, action: 'x', detail: { docs: [{ n: '44030519900101123X' }] } })).rejects.toThrow(/detail\.docs\[0\]\.n/);
    expect(findWholePersonalNumber({ plate: '粤B12345', amountFen: 20000, at: '2026-11-25T10:00:00+08:00', id: 'b3f1c2e4-1234-4abc-9def-0123456789ab', other: '00000000-0000-4000-8000-123456789012' })).toBeUndefined();
    expect(findWholePersonalNumber({ masked: '4403**********1234' })).toBeUndefined();
  });
});
