import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { auditLog, jobs } from '../../platform/tables.ts';
import { createStaffUser, type StaffRole } from '../staff/service.ts';
import { DEMO_REGISTRY_FILE } from '../../../cli/demo.ts';
import { findLicenceOfPerson, findPersonByDocument, listRentalsOfPerson, listVehiclesOfPerson, listViolationsForPlates } from './service.ts';

let t: TestApp;
const tokens: Partial<Record<StaffRole, string>> = {};

beforeAll(async () => {
  t = await createTestApp();
  for (const role of ['reviewer', 'admin'] as const) {
    const { id } = await createStaffUser(t.app.ctx, { username: `import-${role}`, role, mustChangePassword: false });
    tokens[role] = (await t.app.ctx.sessions.create({ subjectType: 'staff', subjectId: id, role })).token;
  }
});
afterAll(async () => {
  await t.close();
});

const demo = readFileSync(DEMO_REGISTRY_FILE, 'utf8');
const post = (body: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/v1/staff/registry/imports', payload: body, headers: { 'content-type': 'application/x-ndjson', ...headers } });

describe('POST /api/v1/staff/registry/imports', () => {
  it('needs a staff session (401) with the admin role (403 for a reviewer)', async () => {
    const anonymous = await post(demo);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ code: 'unauthorized' });
    const reviewer = await post(demo, { authorization: `Bearer ${tokens.reviewer}` });
    expect(reviewer.statusCode).toBe(403);
    expect(reviewer.json()).toMatchObject({ code: 'forbidden' });
    expect(await findPersonByDocument(t.app.ctx.db, { docType: 'hkmo_permit', docNumber: 'H12345678' })).toBeNull();
  });

  it('imports the demo registry for an admin with zero rejections, audits it and enqueues registry.imported', async () => {
    const res = await post(demo, { authorization: `Bearer ${tokens.admin}` });
    expect(res.statusCode).toBe(200);
    const lines = demo.trim().split('\n').length;
    expect(res.json()).toEqual({ created: lines, updated: 0, unchanged: 0, rejected: 0, errors: [], truncated: false });

    const again = await post(demo, { authorization: `Bearer ${tokens.admin}` });
    expect(again.json()).toMatchObject({ created: 0, unchanged: lines, rejected: 0 });

    const audits = await t.app.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'registry.imported'));
    expect(audits).toHaveLength(2);
    expect(audits[0]).toMatchObject({ detail: expect.objectContaining({ created: lines, rejected: 0 }) });
    const queued = await t.app.ctx.db.select().from(jobs).where(eq(jobs.kind, 'registry.imported'));
    expect(queued.length).toBeGreaterThanOrEqual(2);
    expect(queued[0]!.payload).toMatchObject({ created: lines, rejected: 0 });
  });

  it('the demo registry holds what docs/demo.md promises', async () => {
    const db = t.app.ctx.db;
    const chan = (await findPersonByDocument(db, { docType: 'hkmo_permit', docNumber: 'H12345678' }))!;
    expect(chan.documents.map((d) => d.docType).sort()).toEqual(['hk_id', 'hkmo_permit']);
    expect(await findLicenceOfPerson(db, chan.personId)).toMatchObject({ holder: { docType: 'hk_id', docNumber: 'A123456(3)' }, class: 'C1', status: 'A' });
    expect(await listVehiclesOfPerson(db, chan.personId)).toEqual([expect.objectContaining({ plate: 'AB1234', plateType: '20', scheme: 'hk_northbound' })]);
    // 黄志明: licence under the Home Return Permit, so registering with the HK card is a doc_type_mismatch.
    const wong = (await findPersonByDocument(db, { docType: 'hkmo_permit', docNumber: 'H23456789' }))!;
    expect((await findLicenceOfPerson(db, wong.personId))!.holder.docType).toBe('hkmo_permit');
    const lam = (await findPersonByDocument(db, { docType: 'mo_id', docNumber: '1234567(8)' }))!;
    expect(await listVehiclesOfPerson(db, lam.personId)).toEqual([expect.objectContaining({ plate: 'MX-12-34', scheme: 'mo_northbound' })]);
    const [rental] = await listRentalsOfPerson(db, lam.personId);
    expect(rental).toMatchObject({ plate: '粤BD12345', plateType: '52' });
    const rentalViolations = await listViolationsForPlates(db, [{ plate: '粤BD12345', plateType: '52' }]);
    const inside = rentalViolations.filter((v) => v.occurredAt >= rental!.from && v.occurredAt <= rental!.to);
    expect(rentalViolations).toHaveLength(2);
    expect(inside).toHaveLength(1);
    // 张伟: several violations, one fine above ¥200, one onsite decision unpaid and past its 15 days.
    const zhangViolations = await listViolationsForPlates(db, [{ plate: '粤B12345', plateType: '02' }]);
    expect(zhangViolations.some((v) => v.source === 'camera' && v.fineFen > 20000)).toBe(true);
    expect(zhangViolations.some((v) => v.source === 'camera' && v.points === 0)).toBe(true);
    const overdue = zhangViolations.find((v) => v.source === 'onsite' && !v.paidAt)!;
    expect(overdue.decidedAt!.getTime() + 15 * 86_400_000).toBeLessThan(t.clock.now().getTime());
  });

  it('answers with reasons for rejected lines, in the request language', async () => {
    const res = await post('{"kind":"person","name":"张三"}\nnot json\n', { authorization: `Bearer ${tokens.admin}`, 'accept-language': 'en' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      created: 0,
      updated: 0,
      unchanged: 0,
      rejected: 2,
      truncated: false,
      errors: [
        { line: 1, reason: 'documents is missing' },
        { line: 2, reason: 'not valid JSON' },
      ],
    });
  });

  it('refuses a body that is not NDJSON at all (422) and other media types (415)', async () => {
    const res = await post('name,sex\n张三,M\n', { authorization: `Bearer ${tokens.admin}` });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'registry_not_ndjson' });
    const csv = await post('a,b', { authorization: `Bearer ${tokens.admin}`, 'content-type': 'text/csv' });
    expect(csv.statusCode).toBe(415);
  });
});
