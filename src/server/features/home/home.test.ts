import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { importRegistry } from '../registry/service.ts';
import { sendMessage } from '../messages/service.ts';
import { createCitizen, seedRegistry, STRONG_PASSWORD } from '../accounts/testing.ts';

const demoLines = readFileSync(new URL('../../../../demo/registry.ndjson', import.meta.url), 'utf8').split('\n');

async function* asLines(lines: string[]): AsyncIterable<string> {
  yield* lines;
}

type Auth = { authorization: string };
const ZHANG_WEI = { docType: 'cn_id', docNumber: '440303198503021318', name: '张伟', phone: '13800000001' };
const LI_NA = { docType: 'cn_id', docNumber: '440106199809212427', name: '李娜', phone: '13800000002' };

async function registerDemo(t: TestApp, who: typeof ZHANG_WEI): Promise<Auth & { id: string }> {
  const reg = await t.app.inject({ method: 'POST', url: '/api/v1/accounts', payload: { ...who, regionCode: '440300', password: STRONG_PASSWORD, agreedToTerms: true } });
  expect(reg.statusCode, reg.body).toBe(201);
  const login = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { login: who.phone, password: STRONG_PASSWORD } });
  expect(login.statusCode, login.body).toBe(200);
  return { id: reg.json().id, authorization: `Bearer ${login.json().token}` };
}

const get = async (t: TestApp, url: string, auth: Auth, lang = 'zh-CN') => {
  const res = await t.app.inject({ url, headers: { ...auth, 'accept-language': lang } });
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res.json();
};

/** What the separate endpoints say, shaped like the home screen. */
async function separately(t: TestApp, auth: Auth, lang = 'zh-CN') {
  const [licence, vehicles, unhandled, unread] = await Promise.all([
    get(t, '/api/v1/me/licence', auth, lang),
    get(t, '/api/v1/me/vehicles', auth, lang),
    get(t, '/api/v1/me/violations?status=unhandled', auth, lang),
    get(t, '/api/v1/me/messages/unread-count', auth, lang),
  ]);
  return {
    licence: licence.bound
      ? {
          numberMasked: licence.licence.numberMasked,
          class: licence.licence.class,
          status: licence.licence.status,
          statusText: licence.licence.statusText,
          validTo: licence.licence.validTo,
          points: licence.licence.points.total,
          cycleStart: licence.licence.points.cycleStart,
          cycleEnd: licence.licence.points.cycleEnd,
          inProbation: licence.licence.probation.inProbation,
          renewalNotice: licence.licence.renewal?.notice ?? null,
        }
      : null,
    licenceUnbound: licence.bound ? null : { reason: licence.reason, hint: licence.hint, ...(licence.licenceDocument ? { licenceDocument: licence.licenceDocument } : {}) },
    vehicles: (vehicles as Array<Record<string, unknown>>).map((v) => ({
      id: v.id,
      plate: v.plate,
      plateType: v.plateType,
      plateTypeText: v.plateTypeText,
      scheme: v.scheme,
      relation: v.relation,
      unhandledViolations: v.unhandledViolations,
    })),
    unhandledViolations: (unhandled as unknown[]).length,
    unreadMessages: unread.unreadCount as number,
  };
}

describe('GET /me/home', () => {
  let t: TestApp;
  let zhang: Auth & { id: string };
  let li: Auth & { id: string };

  beforeAll(async () => {
    t = await createTestApp();
    const result = await importRegistry(t.app.ctx, asLines(demoLines));
    expect(result.rejected, JSON.stringify(result.errors)).toBe(0);
    zhang = await registerDemo(t, ZHANG_WEI);
    li = await registerDemo(t, LI_NA);
    // 张伟 also rents the demo rental car for a few days (one of its camera records falls inside) …
    await seedRegistry(t.app, [
      { kind: 'rental', plate: '粤BD12345', plateType: '52', company: '深圳易行汽车租赁有限公司', renter: { docType: 'cn_id', docNumber: ZHANG_WEI.docNumber }, from: '2026-10-07T09:00:00+08:00', to: '2026-10-09T18:00:00+08:00' },
    ]);
    // … and files 李娜's car, which he drives, with her consent.
    const asked = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/vehicles/filings',
      headers: zhang,
      payload: { plate: '粤A3K7Z9', plateType: '02', ownerName: '李娜', vinLast6: '012345' },
    });
    expect(asked.statusCode, asked.body).toBe(202);
    await t.app.ctx.jobs.drain();
    const sms = (await t.app.inject({ url: `/api/v1/dev/sms?phone=${LI_NA.phone}` })).json() as Array<{ purpose: string; code?: string }>;
    const code = sms.find((m) => m.purpose === 'vehicle_filing')?.code;
    const confirmed = await t.app.inject({ method: 'POST', url: `/api/v1/me/vehicles/filings/${asked.json().filingId}/confirm`, headers: zhang, payload: { code } });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    // One record handled online, so the counts must leave it out.
    const handled = await t.app.inject({ method: 'POST', url: '/api/v1/violations/4403002026090300002/handle', headers: zhang });
    expect(handled.statusCode, handled.body).toBe(200);
    for (let i = 0; i < 3; i++) await sendMessage(t.app.ctx.db, zhang.id, { kind: 'test', titleKey: 'identityReview.approved.title', bodyKey: 'identityReview.approved.body' });
  });
  afterAll(() => t.close());

  it('says what the licence, vehicles, violations and messages endpoints say, on both databases', async () => {
    for (const lang of ['zh-CN', 'en']) {
      const home = await get(t, '/api/v1/me/home', zhang, lang);
      expect(home).toEqual(await separately(t, zhang, lang));
    }
    const home = await get(t, '/api/v1/me/home', zhang);
    // The demo facts: his own car and the filed one, four camera records of his car minus the one handled online,
    // 李娜's parking record on the filed car, and the rental record of 2026-10-08.
    expect(home.vehicles.map((v: { plate: string; relation: string }) => [v.plate, v.relation])).toEqual([
      ['粤B12345', 'owner'],
      ['粤A3K7Z9', 'filed'],
    ]);
    expect(home.vehicles.map((v: { unhandledViolations: number }) => v.unhandledViolations)).toEqual([3, 1]);
    expect(home.unhandledViolations).toBe(5);
    expect(home.licence).toMatchObject({ class: 'C1', numberMasked: '4403**********1318', status: 'A' });
    expect(home.unreadMessages).toBeGreaterThanOrEqual(3);
  });

  it('keeps one citizen’s data from another', async () => {
    const home = await get(t, '/api/v1/me/home', li);
    expect(home).toEqual(await separately(t, li));
    // 李娜 owns the car 张伟 filed; she never sees his car, his rental record or his messages.
    expect(home.vehicles.map((v: { plate: string }) => v.plate)).toEqual(['粤A3K7Z9']);
    expect(home.unhandledViolations).toBe(1);
    expect(JSON.stringify(home)).not.toContain('粤B12345');
    expect(JSON.stringify(home)).not.toContain('1318');
  });

  it('tells a citizen without a licence why, as GET /me/licence does', async () => {
    const c = await createCitizen(t.app, { phone: '13900000201', seq: '201' });
    const home = await get(t, '/api/v1/me/home', c.auth);
    expect(home).toEqual(await separately(t, c.auth));
    expect(home).toMatchObject({ licence: null, licenceUnbound: { reason: 'not_found' }, vehicles: [], unhandledViolations: 0, unreadMessages: 0 });
  });

  it('is in the OpenAPI document with its response schema', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    const op = doc.paths['/api/v1/me/home']?.get;
    expect(op?.tags).toEqual(['Home']);
    const schema = op.responses['200'].content['application/json'].schema;
    expect(Object.keys(schema.properties).sort()).toEqual(['licence', 'licenceUnbound', 'unhandledViolations', 'unreadMessages', 'vehicles']);
  });

  it('answers 401 without a session, and is never cached', async () => {
    const res = await t.app.inject({ url: '/api/v1/me/home' });
    expect(res.statusCode).toBe(401);
    const ok = await t.app.inject({ url: '/api/v1/me/home', headers: zhang });
    expect(ok.headers['cache-control']).toBe('no-store');
  });
});
