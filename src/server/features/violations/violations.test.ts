import { readFileSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { translator } from '../../platform/i18n.ts';
import { COMPRESS_FROM_BYTES } from '../../platform/json-body.ts';
import { createStaffUser } from '../staff/service.ts';
import { importRegistry } from '../registry/service.ts';
import { createCitizen, documentJpeg, seedRegistry, STRONG_PASSWORD, type Citizen } from '../accounts/testing.ts';
import { computeMyViolations, getFineForAccount, markFinePaid } from './service.ts';
import { violationDecisions, violationNotices } from './tables.ts';

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

/** A multipart body with a `reason` field and any number of `photos`. */
function objectionBody(reason: string | undefined, photos: Buffer[]) {
  const boundary = `----jg${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  if (reason !== undefined) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="reason"\r\n\r\n${reason}\r\n`));
  for (const [i, p] of photos.entries()) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photos"; filename="p${i}.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`), p, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const VINS = ['LSVAM4187C2184847', 'LVGBE40KXLG012345', 'LE4GG8BB1GL012345', 'LGBH52E07KY012345', 'LHGCV1652K8012345'];
let refSeq = 0;
/** A fresh 19-digit record reference. */
const newRef = () => `4403002026${String(++refSeq).padStart(9, '0')}`;

const cameraRecord = (plate: string, occurredAt: string, kind: 'redLight' | 'parking' | 'speeding' | 'marking' = 'parking', plateType = '02') => {
  const facts = {
    redLight: { code: '1625', fineFen: 20000, points: 6, description: '驾驶机动车违反道路交通信号灯通行的' },
    parking: { code: '1039', fineFen: 20000, points: 0, description: '机动车违反规定停放、临时停车，妨碍其他车辆、行人通行的' },
    speeding: { code: '1636', fineFen: 30000, points: 3, description: '驾驶机动车在高速公路、城市快速路以外的道路上行驶超过规定时速20%以上未达到50%的' },
    marking: { code: '1345', fineFen: 10000, points: 1, description: '驾驶机动车违反禁止标线指示的' },
  }[kind];
  return { kind: 'violation', ref: newRef(), plate, plateType, occurredAt, location: '深南大道与华富路交叉口', ...facts, source: 'camera' };
};

interface Driver extends Citizen {
  name: string;
}

/** A mainland citizen with (optionally) a licence in the given state and vehicles. */
async function driver(
  t: TestApp,
  opts: { seq: string; phone: string; name?: string; licence?: { status?: string; firstIssuedOn?: string; archiveNumber: string } | null; plates?: string[] },
): Promise<Driver> {
  const name = opts.name ?? '测试公民';
  const c = await createCitizen(t.app, { name, phone: opts.phone, seq: opts.seq });
  const doc = { docType: 'cn_id', docNumber: c.docNumber };
  const lines: object[] = [];
  if (opts.licence) {
    lines.push({
      kind: 'licence',
      holder: doc,
      archiveNumber: opts.licence.archiveNumber,
      class: 'C1',
      firstIssuedOn: opts.licence.firstIssuedOn ?? '2015-03-10',
      validFrom: '2021-03-10',
      validTo: '2031-03-10',
      status: opts.licence.status ?? 'A',
      issuingAuthority: '深圳市公安局交通警察支队',
      regionCode: '440300',
    });
  }
  for (const [i, plate] of (opts.plates ?? []).entries()) {
    lines.push({
      kind: 'vehicle',
      plate,
      plateType: '02',
      scheme: 'mainland',
      owner: doc,
      ownerName: name,
      vin: VINS[i % VINS.length],
      brand: '大众',
      model: '朗逸',
      registeredOn: '2018-06-01',
      inspectionValidTo: '2027-06-30',
      status: 'A',
    });
  }
  if (lines.length) await seedRegistry(t.app, lines);
  return { ...c, name };
}

const list = (t: TestApp, auth: Auth, query = '', lang = 'zh-CN') => t.app.inject({ url: `/api/v1/me/violations${query}`, headers: { ...auth, 'accept-language': lang } });
const one = (t: TestApp, auth: Auth, ref: string) => t.app.inject({ url: `/api/v1/me/violations/${ref}`, headers: auth });
const handle = (t: TestApp, auth: Auth, ref: string, key?: string, lang = 'zh-CN') =>
  t.app.inject({ method: 'POST', url: `/api/v1/violations/${ref}/handle`, headers: { ...auth, 'accept-language': lang, ...(key ? { 'idempotency-key': key } : {}) } });
const fine = (t: TestApp, auth: Auth, decisionNo: string) => t.app.inject({ url: `/api/v1/fines/${decisionNo}`, headers: auth });

async function decisionCount(t: TestApp, ref: string): Promise<number> {
  const [row] = await t.app.ctx.db.select({ n: count() }).from(violationDecisions).where(eq(violationDecisions.ref, ref));
  return Number(row?.n ?? 0);
}

async function smsTo(t: TestApp, phone: string): Promise<Array<{ text: string; purpose: string; code?: string }>> {
  await t.app.ctx.jobs.drain();
  const res = await t.app.inject({ url: `/api/v1/dev/sms?phone=${phone}` });
  expect(res.statusCode).toBe(200);
  return res.json();
}

/** Sessions expire as the manual clock runs on: a fresh bearer token for this clock. */
async function relogin(t: TestApp, c: Citizen): Promise<Auth> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { login: c.phone, password: STRONG_PASSWORD } });
  expect(res.statusCode, res.body).toBe(200);
  return { authorization: `Bearer ${res.json().token}` };
}

describe('violations of the demo registry', () => {
  let t: TestApp;
  let zhang: Auth & { id: string };
  let li: Auth & { id: string };

  beforeAll(async () => {
    t = await createTestApp();
    const result = await importRegistry(t.app.ctx, asLines(demoLines));
    expect(result.rejected, JSON.stringify(result.errors)).toBe(0);
    zhang = await registerDemo(t, ZHANG_WEI);
    li = await registerDemo(t, LI_NA);
  });
  afterAll(() => t.close());

  it('lists the owner’s camera records and the on-site tickets he drove, with late fees for today', async () => {
    const res = await list(t, zhang);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json() as Array<Record<string, unknown>>;
    expect(items.map((i) => i.id).sort()).toEqual(
      ['4403002026101200001', '4403002026090300002', '4403002026072000003', '4403002025122000004', '4403002026102000005', '4403002025061100006'].sort(),
    );
    // Newest first.
    expect(items[0]!.id).toBe('4403002026102000005');
    const onsite = items.find((i) => i.id === '4403002026102000005')!;
    // Decided 2026-10-20 → due 2026-11-04 → 21 days late on 2026-11-25: 63% of ¥100.
    expect(onsite).toMatchObject({ status: 'handled', decisionNo: '4403001020261020', dueOn: '2026-11-04', lateFeeFen: 6300, payableFen: 16300, overdue: true, rental: false });
    const paid = items.find((i) => i.id === '4403002025061100006')!;
    expect(paid).toMatchObject({ status: 'paid', payableFen: 0, lateFeeFen: 0 });
    const speeding = items.find((i) => i.id === '4403002026072000003')!;
    expect(speeding).toMatchObject({ status: 'unhandled', handleable: false, notHandleableReason: 'fine_over_limit', payableFen: 30000, overdue: true });
    expect(speeding.notHandleableText).toBe(translator('zh-CN')('domain:onlineHandlingReasons.fine_over_limit'));
    expect(items.find((i) => i.id === '4403002026101200001')).toMatchObject({ status: 'unhandled', handleable: true, fineFen: 20000, points: 6 });

    const onlyPaid = await list(t, zhang, '?status=paid');
    expect((onlyPaid.json() as Array<{ id: string }>).map((i) => i.id)).toEqual(['4403002025061100006']);
    expect((await list(t, zhang, '?status=bogus')).statusCode).toBe(400);
  });

  it('sends the list compressed to a client that accepts it, the same JSON once decompressed', async () => {
    const plain = await t.app.inject({ url: '/api/v1/me/violations', headers: { ...zhang, 'accept-encoding': 'identity' } });
    expect(plain.statusCode, plain.body).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    expect(plain.rawPayload.length).toBeGreaterThan(COMPRESS_FROM_BYTES);
    for (const [accept, encoding, decode] of [
      ['gzip, deflate, br, zstd', 'br', brotliDecompressSync],
      ['gzip', 'gzip', gunzipSync],
    ] as const) {
      const res = await t.app.inject({ url: '/api/v1/me/violations', headers: { ...zhang, 'accept-encoding': accept } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
      expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
      expect(decode(res.rawPayload).equals(plain.rawPayload)).toBe(true);
    }
    // A refused coding is never sent.
    const refused = await t.app.inject({ url: '/api/v1/me/violations', headers: { ...zhang, 'accept-encoding': 'br;q=0, gzip;q=0' } });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.rawPayload.equals(plain.rawPayload)).toBe(true);
  });

  it('shows the on-site fine with its late fee, and hides it from another citizen', async () => {
    const mine = await fine(t, zhang, '4403001020261020');
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json()).toEqual({ decisionNo: '4403001020261020', status: 'unpaid', fineFen: 10000, lateFeeFen: 6300, payableFen: 16300, dueOn: '2026-11-04', daysLate: 21 });
    expect((await fine(t, li, '4403001020261020')).statusCode).toBe(404);
    const unknown = await fine(t, zhang, '9999999999999999');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('fine_not_found');
    expect((await fine(t, zhang, 'not-a-number')).statusCode).toBe(404);
  });

  it('records a payment exactly once and then shows the fine paid with its receipt', async () => {
    const paidAt = new Date('2026-11-25T09:00:00+08:00');
    const first = await t.app.ctx.db.transaction((tx) => markFinePaid(tx, '4403001020261020', { paidAt, receiptNo: 'R2026112500001', paymentId: 'p-1' }));
    const again = await t.app.ctx.db.transaction((tx) => markFinePaid(tx, '4403001020261020', { paidAt, receiptNo: 'R2026112500002', paymentId: 'p-2' }));
    expect([first, again]).toEqual(['paid', 'already_paid']);
    const res = await fine(t, zhang, '4403001020261020');
    expect(res.json()).toEqual({
      decisionNo: '4403001020261020',
      status: 'paid',
      fineFen: 10000,
      lateFeeFen: 6300,
      payableFen: 0,
      dueOn: '2026-11-04',
      daysLate: 21,
      paidAt: paidAt.toISOString(),
      receiptNo: 'R2026112500001',
    });
    const item = (await one(t, zhang, '4403002026102000005')).json();
    expect(item).toMatchObject({ status: 'paid', payableFen: 0, receiptNo: 'R2026112500001' });
    expect(await getFineForAccount(t.app.ctx, li.id, '4403001020261020')).toBeNull();
  });

  it('handles a record online once per Idempotency-Key, puts the points on the licence, and refuses a second handling', async () => {
    const before = (await t.app.inject({ url: '/api/v1/me/licence', headers: zhang })).json().licence.points.total as number;
    const first = await handle(t, zhang, '4403002026101200001', 'key-red-light-1');
    expect(first.statusCode, first.body).toBe(200);
    const body = first.json();
    expect(body).toMatchObject({ fineFen: 20000, points: 6, dueOn: '2026-12-10' });
    expect(body.decisionNo).toMatch(/^440300261125\d{4}$/);

    const retry = await handle(t, zhang, '4403002026101200001', 'key-red-light-1');
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(body);
    expect(await decisionCount(t, '4403002026101200001')).toBe(1);

    const after = (await t.app.inject({ url: '/api/v1/me/licence', headers: zhang })).json().licence.points;
    expect(after.total).toBe(before + 6);
    expect(after.records.map((r: { decisionNo: string }) => r.decisionNo)).toContain(body.decisionNo);

    const otherKey = await handle(t, zhang, '4403002026101200001', 'key-red-light-2');
    expect(otherKey.statusCode).toBe(409);
    expect(otherKey.json().code).toBe('already_handled');
    const reused = await handle(t, zhang, '4403002026090300002', 'key-red-light-1');
    expect(reused.statusCode).toBe(422);
    expect(reused.json().code).toBe('idempotency_key_reused');

    const item = (await one(t, zhang, '4403002026101200001')).json();
    expect(item).toMatchObject({ status: 'handled', decisionNo: body.decisionNo, dueOn: '2026-12-10', lateFeeFen: 0, payableFen: 20000, handleable: false });
    const f = await fine(t, zhang, body.decisionNo);
    expect(f.json()).toEqual({ decisionNo: body.decisionNo, status: 'unpaid', fineFen: 20000, lateFeeFen: 0, payableFen: 20000, dueOn: '2026-12-10', daysLate: 0 });
    expect((await fine(t, li, body.decisionNo)).statusCode).toBe(404);
  });

  it('refuses records over ¥200 and on-site tickets with the reason and where to go, in the user’s language', async () => {
    for (const lang of ['zh-CN', 'zh-HK', 'en'] as const) {
      const res = await handle(t, zhang, '4403002026072000003', undefined, lang);
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'not_handleable_online', reason: 'fine_over_limit', detail: translator(lang)('domain:onlineHandlingReasons.fine_over_limit') });
    }
    const onsite = await handle(t, zhang, '4403002026102000005');
    expect(onsite.statusCode).toBe(422);
    expect(onsite.json()).toMatchObject({ code: 'not_handleable_online', reason: 'not_camera' });
    expect(await decisionCount(t, '4403002026072000003')).toBe(0);
  });

  it('documents its endpoints in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    for (const path of ['/api/v1/me/violations', '/api/v1/me/violations/{id}', '/api/v1/violations/{id}/handle', '/api/v1/fines/{decisionNo}', '/api/v1/violations/{id}/objections']) {
      expect(doc.paths[path], path).toBeDefined();
    }
    const item = doc.paths['/api/v1/me/violations'].get.responses['200'].content['application/json'].schema.items;
    for (const field of ['id', 'plate', 'occurredAt', 'location', 'code', 'description', 'fineFen', 'points', 'status', 'decisionNo', 'dueOn', 'lateFeeFen', 'payableFen', 'rental']) {
      expect(item.properties[field], field).toBeDefined();
    }
  });

  it('never shows or handles another citizen’s records', async () => {
    for (const ref of ['4403002026090300002', '4403002026102000005', '4403002025061100006']) {
      expect((await one(t, li, ref)).statusCode).toBe(404);
      const h = await handle(t, li, ref);
      expect(h.statusCode).toBe(404);
      const { payload, headers } = objectionBody('不是我的车', []);
      expect((await t.app.inject({ method: 'POST', url: `/api/v1/violations/${ref}/objections`, headers: { ...li, ...headers }, payload })).statusCode).toBe(404);
    }
    expect((await list(t, li)).json().map((i: { id: string }) => i.id)).toEqual(['4401002026102800007']);
    expect((await t.app.inject({ url: '/api/v1/me/violations' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/violations/4403002026090300002/handle' })).statusCode).toBe(401);
    expect(await decisionCount(t, '4403002026090300002')).toBe(0);
  });
});

describe('online handling rules', () => {
  let t: TestApp;
  afterAll(() => t.close());
  beforeAll(async () => {
    t = await createTestApp();
  });

  it('needs a bound licence', async () => {
    const d = await driver(t, { seq: '101', phone: '13900000101', licence: null, plates: ['粤B1A101'] });
    const rec = cameraRecord('粤B1A101', '2026-11-01T08:00:00+08:00');
    await seedRegistry(t.app, [rec]);
    const item = (await one(t, d.auth, rec.ref)).json();
    expect(item).toMatchObject({ status: 'unhandled', handleable: false, notHandleableReason: 'licence_not_bound' });
    const res = await handle(t, d.auth, rec.ref, undefined, 'en');
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'licence_not_bound', detail: translator('en')('violations:notHandleable.licence_not_bound') });
    expect(await decisionCount(t, rec.ref)).toBe(0);
  });

  it('needs the licence state to be exactly A', async () => {
    const d = await driver(t, { seq: '103', phone: '13900000103', licence: { status: 'D', archiveNumber: '440300300103' }, plates: ['粤B1A103'] });
    const rec = cameraRecord('粤B1A103', '2026-11-01T08:00:00+08:00');
    await seedRegistry(t.app, [rec]);
    const res = await handle(t, d.auth, rec.ref);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'not_handleable_online', reason: 'licence_not_normal' });
  });

  it('refuses what would take the cycle to 12 points, and everything once at 12', async () => {
    const d = await driver(t, { seq: '105', phone: '13900000105', licence: { archiveNumber: '440300300105', firstIssuedOn: '2015-03-10' }, plates: ['粤B1A105'] });
    const doc = { docType: 'cn_id', docNumber: d.docNumber };
    const onsite = (n: number, decisionNo: string) => ({
      ...cameraRecord('粤B1A105', `2026-0${n}-01T08:00:00+08:00`, 'redLight'),
      source: 'onsite',
      driver: doc,
      decisionNo,
      decidedAt: `2026-0${n}-01T09:00:00+08:00`,
      paidAt: `2026-0${n}-02T09:00:00+08:00`,
    });
    const red = cameraRecord('粤B1A105', '2026-11-01T08:00:00+08:00', 'redLight');
    const parking = cameraRecord('粤B1A105', '2026-11-02T08:00:00+08:00', 'parking');
    await seedRegistry(t.app, [onsite(4, '4403001020260401'), red, parking]);
    const six = await handle(t, d.auth, red.ref);
    expect(six.statusCode).toBe(422);
    expect(six.json()).toMatchObject({ reason: 'points_would_reach_12' });
    // A 0-point record still can be handled at 6 points.
    expect((await handle(t, d.auth, parking.ref)).statusCode).toBe(200);

    await seedRegistry(t.app, [onsite(5, '4403001020260501')]);
    const parking2 = cameraRecord('粤B1A105', '2026-11-03T08:00:00+08:00', 'parking');
    await seedRegistry(t.app, [parking2]);
    const full = await handle(t, d.auth, parking2.ref);
    expect(full.statusCode).toBe(422);
    expect(full.json()).toMatchObject({ reason: 'already_full_points' });
  });

  it('moves a handled record between the cached status lists at once (read cache on)', async () => {
    const d = await driver(t, { seq: '131', phone: '13900000131', licence: { archiveNumber: '440300300131' }, plates: ['粤B1A131'] });
    const rec = cameraRecord('粤B1A131', '2026-11-01T08:00:00+08:00');
    await seedRegistry(t.app, [rec]);
    await t.app.ctx.readCache.settled();
    const ids = async (query: string) => ((await list(t, d.auth, query)).json() as Array<{ id: string }>).map((i) => i.id);
    let misses = 0;
    for (let i = 0; i < 2; i++) {
      expect(await ids('?status=unhandled')).toEqual([rec.ref]);
      expect(await ids('?status=handled')).toEqual([]);
      // Each filter is its own entry: computed on the first pass, served on the second.
      if (i === 1) expect(t.app.ctx.readCache.stats().misses).toBe(misses);
      misses = t.app.ctx.readCache.stats().misses;
    }
    expect((await handle(t, d.auth, rec.ref)).statusCode).toBe(200);
    // No settled() here: the handling's answer waited until this process had applied its notifications.
    expect(await ids('?status=unhandled')).toEqual([]);
    expect(await ids('?status=handled')).toEqual([rec.ref]);
    expect((await list(t, d.auth)).json()).toEqual(JSON.parse(JSON.stringify((await computeMyViolations(t.app.ctx, d.id, 'zh-CN')).value)));
  });

  it('lets exactly one of two racing handlers win', async () => {
    const d = await driver(t, { seq: '107', phone: '13900000107', licence: { archiveNumber: '440300300107' }, plates: ['粤B1A107'] });
    const rec = cameraRecord('粤B1A107', '2026-11-01T08:00:00+08:00', 'marking');
    await seedRegistry(t.app, [rec]);
    const results = await Promise.all([handle(t, d.auth, rec.ref, 'race-a'), handle(t, d.auth, rec.ref, 'race-b'), handle(t, d.auth, rec.ref)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409]);
    for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json().code).toBe('already_handled');
    expect(await decisionCount(t, rec.ref)).toBe(1);
    const licence = (await t.app.inject({ url: '/api/v1/me/licence', headers: d.auth })).json().licence;
    expect(licence.points.total).toBe(1);
  });

  it('answers concurrent retries with the same Idempotency-Key with the one first result', async () => {
    const d = await driver(t, { seq: '113', phone: '13900000113', licence: { archiveNumber: '440300300113' }, plates: ['粤B1A113'] });
    const rec = cameraRecord('粤B1A113', '2026-11-01T08:00:00+08:00', 'parking');
    await seedRegistry(t.app, [rec]);
    const results = await Promise.all([handle(t, d.auth, rec.ref, 'same-key'), handle(t, d.auth, rec.ref, 'same-key')]);
    expect(results.map((r) => r.statusCode)).toEqual([200, 200]);
    expect(results[0]!.json()).toEqual(results[1]!.json());
    expect(await decisionCount(t, rec.ref)).toBe(1);
  });

  it('lets a filer handle records without points, or with points after the filing date', async () => {
    const owner = await driver(t, { seq: '115', phone: '13900000115', name: '车主甲', licence: { archiveNumber: '440300300115' }, plates: ['粤B1A115'] });
    const filer = await driver(t, { seq: '117', phone: '13900000117', licence: { archiveNumber: '440300300117' } });
    const before = cameraRecord('粤B1A115', '2026-11-01T08:00:00+08:00', 'redLight');
    const beforeNoPoints = cameraRecord('粤B1A115', '2026-11-02T08:00:00+08:00', 'parking');
    await seedRegistry(t.app, [before, beforeNoPoints]);
    const asked = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/vehicles/filings',
      headers: filer.auth,
      payload: { plate: '粤B1A115', plateType: '02', ownerName: '车主甲', vinLast6: VINS[0]!.slice(-6) },
    });
    expect(asked.statusCode, asked.body).toBe(202);
    const code = (await smsTo(t, owner.phone)).find((m) => m.purpose === 'vehicle_filing') as { code?: string } | undefined;
    const confirmed = await t.app.inject({ method: 'POST', url: `/api/v1/me/vehicles/filings/${asked.json().filingId}/confirm`, headers: filer.auth, payload: { code: code?.code } });
    expect(confirmed.statusCode, confirmed.body).toBe(200);

    // Filed on 2026-11-25; a day later a 1-point record.
    t.clock.set(new Date('2026-11-27T10:00:00+08:00'));
    const after = cameraRecord('粤B1A115', '2026-11-26T08:00:00+08:00', 'marking');
    await seedRegistry(t.app, [after]);
    const auth = await relogin(t, filer);
    const items = (await list(t, auth)).json() as Array<{ id: string; relation: string; handleable: boolean; notHandleableReason?: string }>;
    expect(items.map((i) => i.id).sort()).toEqual([before.ref, beforeNoPoints.ref, after.ref].sort());
    expect(items.every((i) => i.relation === 'filer')).toBe(true);
    expect(items.find((i) => i.id === before.ref)).toMatchObject({ handleable: false, notHandleableReason: 'filer_points_before_filing' });
    const refused = await handle(t, auth, before.ref);
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'not_handleable_online', reason: 'filer_points_before_filing' });
    expect((await handle(t, auth, beforeNoPoints.ref)).statusCode).toBe(200);
    expect((await handle(t, auth, after.ref)).statusCode).toBe(200);
    const licence = (await t.app.inject({ url: '/api/v1/me/licence', headers: auth })).json().licence;
    expect(licence.points.total).toBe(1);
    // The owner sees them handled, not the filer's decisions.
    const ownerView = (await one(t, await relogin(t, owner), after.ref)).json();
    expect(ownerView).toMatchObject({ status: 'handled', handledByOther: true });
    expect(ownerView.decisionNo).toBeUndefined();
    t.clock.set(new Date('2026-11-25T10:00:00+08:00'));
  });

  it('lets the renter and the owner race for a rental record: one decision, the other refused', async () => {
    const owner = await driver(t, { seq: '109', phone: '13900000109', licence: { archiveNumber: '440300300109' }, plates: ['粤B1A109'] });
    const renter = await driver(t, { seq: '111', phone: '13900000111', licence: { archiveNumber: '440300300111' } });
    const inside = cameraRecord('粤B1A109', '2026-10-03T13:05:00+08:00', 'parking');
    const outside = cameraRecord('粤B1A109', '2026-10-08T19:32:00+08:00', 'parking');
    await seedRegistry(t.app, [
      { kind: 'rental', plate: '粤B1A109', plateType: '02', company: '深圳易行汽车租赁有限公司', renter: { docType: 'cn_id', docNumber: renter.docNumber }, from: '2026-10-01T09:00:00+08:00', to: '2026-10-05T18:00:00+08:00' },
      inside,
      outside,
    ]);
    const renterList = (await list(t, renter.auth)).json() as Array<{ id: string; rental: boolean; relation: string; handleable: boolean }>;
    expect(renterList).toHaveLength(1);
    expect(renterList[0]).toMatchObject({ id: inside.ref, rental: true, relation: 'renter', handleable: true });
    expect((await one(t, renter.auth, outside.ref)).statusCode).toBe(404);
    expect((await handle(t, renter.auth, outside.ref)).statusCode).toBe(404);
    const ownerList = (await list(t, owner.auth)).json() as Array<{ id: string; rental: boolean }>;
    expect(ownerList.map((i) => i.id).sort()).toEqual([inside.ref, outside.ref].sort());

    const results = await Promise.all([handle(t, renter.auth, inside.ref), handle(t, owner.auth, inside.ref)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(await decisionCount(t, inside.ref)).toBe(1);
    const winner = results[0]!.statusCode === 200 ? { who: renter, other: owner, body: results[0]!.json() } : { who: owner, other: renter, body: results[1]!.json() };
    // The loser sees it handled but not the winner’s decision or fine.
    const seen = (await one(t, winner.other.auth, inside.ref)).json();
    expect(seen).toMatchObject({ status: 'handled', handledByOther: true, payableFen: 0 });
    expect(seen.decisionNo).toBeUndefined();
    expect((await fine(t, winner.other.auth, winner.body.decisionNo)).statusCode).toBe(404);
    expect((await fine(t, winner.who.auth, winner.body.decisionNo)).statusCode).toBe(200);
  });
});

describe('late fees over month and year ends (manual clock)', () => {
  let t: TestApp;
  let d: Driver;
  afterAll(() => t.close());
  beforeAll(async () => {
    t = await createTestApp({ now: '2026-12-20T10:00:00+08:00' });
    d = await driver(t, { seq: '201', phone: '13900000201', licence: { archiveNumber: '440300300201' }, plates: ['粤B1A201'] });
  });

  it('counts days in Asia/Shanghai across the year end and caps the fee at the fine', async () => {
    const rec = cameraRecord('粤B1A201', '2026-12-01T08:00:00+08:00', 'parking');
    await seedRegistry(t.app, [rec]);
    // 23:30 in Shanghai on 2026-12-20 is still 2026-12-20 there (15:30 UTC).
    t.clock.set(new Date('2026-12-20T23:30:00+08:00'));
    const res = await handle(t, d.auth, rec.ref);
    expect(res.statusCode, res.body).toBe(200);
    const { decisionNo, dueOn } = res.json();
    expect(dueOn).toBe('2027-01-04');
    const at = async (instant: string) => {
      t.clock.set(new Date(instant));
      return (await fine(t, await relogin(t, d), decisionNo)).json() as { lateFeeFen: number; payableFen: number };
    };
    expect(await at('2027-01-04T23:59:00+08:00')).toMatchObject({ lateFeeFen: 0, payableFen: 20000 });
    // 00:10 on Jan 5 in Shanghai is still Jan 4 in UTC: the Shanghai date counts.
    expect(await at('2027-01-05T00:10:00+08:00')).toMatchObject({ lateFeeFen: 600, payableFen: 20600 });
    expect(await at('2027-01-31T12:00:00+08:00')).toMatchObject({ lateFeeFen: 16200, payableFen: 36200 });
    expect(await at('2027-02-10T12:00:00+08:00')).toMatchObject({ lateFeeFen: 20000, payableFen: 40000 });
    const item = (await one(t, await relogin(t, d), rec.ref)).json();
    expect(item).toMatchObject({ overdue: true, lateFeeFen: 20000, payableFen: 40000 });
  });

  it('counts over a month end: decided 2027-01-20, due 2027-02-04, 3% on 2027-02-05', async () => {
    t.clock.set(new Date('2027-01-20T10:00:00+08:00'));
    const rec = cameraRecord('粤B1A201', '2027-01-15T08:00:00+08:00', 'marking');
    await seedRegistry(t.app, [rec]);
    const res = await handle(t, await relogin(t, d), rec.ref);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().dueOn).toBe('2027-02-04');
    t.clock.set(new Date('2027-02-05T08:00:00+08:00'));
    expect((await fine(t, await relogin(t, d), res.json().decisionNo)).json()).toMatchObject({ lateFeeFen: 300, payableFen: 10300 });
    // Paid on 2027-02-06 (2 days late): the fee stays what it was that day.
    await t.app.ctx.db.transaction((tx) => markFinePaid(tx, res.json().decisionNo, { paidAt: new Date('2027-02-06T09:00:00+08:00'), receiptNo: 'R1', paymentId: 'p' }));
    t.clock.set(new Date('2027-03-30T08:00:00+08:00'));
    expect((await fine(t, await relogin(t, d), res.json().decisionNo)).json()).toMatchObject({ status: 'paid', lateFeeFen: 600, payableFen: 0 });
  });
});

describe('objections and notices', () => {
  let t: TestApp;
  let reviewer: Auth;
  afterAll(() => t.close());
  beforeAll(async () => {
    t = await createTestApp();
    const password = 'Reviewer-desk-2026-bright';
    await createStaffUser(t.app.ctx, { username: 'reviewer1', role: 'reviewer', password, mustChangePassword: false });
    const staff = await t.app.inject({ method: 'POST', url: '/api/v1/staff/sessions', payload: { username: 'reviewer1', password } });
    reviewer = { authorization: `Bearer ${staff.json().token}` };
  });

  const object = async (auth: Auth, ref: string, reason: string | undefined, photos: Buffer[], lang = 'zh-CN') => {
    const { payload, headers } = objectionBody(reason, photos);
    return t.app.inject({ method: 'POST', url: `/api/v1/violations/${ref}/objections`, headers: { ...auth, ...headers, 'accept-language': lang }, payload });
  };
  const decide = (reviewId: string, decision: 'approve' | 'reject', reason?: string) =>
    t.app.inject({ method: 'POST', url: `/api/v1/staff/reviews/${reviewId}/decision`, headers: reviewer, payload: { decision, ...(reason ? { reason } : {}) } });
  const inbox = async (auth: Auth, lang = 'zh-CN') => (await t.app.inject({ url: '/api/v1/me/messages', headers: { ...auth, 'accept-language': lang } })).json() as Array<{ kind: string; title: string; body: string }>;

  it('upheld: the record leaves the list and the citizen is told by SMS and message', async () => {
    const d = await driver(t, { seq: '301', phone: '13900000301', licence: { archiveNumber: '440300300301' }, plates: ['粤B1A301'] });
    const rec = cameraRecord('粤B1A301', '2026-11-10T08:00:00+08:00', 'redLight');
    await seedRegistry(t.app, [rec]);
    const photo = await documentJpeg(800, 600);
    expect((await object(d.auth, rec.ref, '车辆当时停在车库', [photo, photo, photo, photo], 'en')).json()).toMatchObject({ code: 'too_many_photos', detail: translator('en')('violations:details.too_many_photos', { max: 3 }) });
    expect((await object(d.auth, rec.ref, undefined, [photo])).statusCode).toBe(400);
    expect((await object(d.auth, rec.ref, 'x'.repeat(501), [photo])).json().code).toBe('objection_reason_too_long');
    const filed = await object(d.auth, rec.ref, '车辆当时停在车库，号牌被套用', [photo, photo]);
    expect(filed.statusCode, filed.body).toBe(201);
    const { reviewId } = filed.json();
    expect((await object(d.auth, rec.ref, '再次申诉', [])).statusCode).toBe(409);
    const blocked = await handle(t, d.auth, rec.ref);
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().code).toBe('objection_pending');
    expect((await one(t, d.auth, rec.ref)).json()).toMatchObject({ objectionPending: true, handleable: false, notHandleableReason: 'objection_pending' });

    const queue = await t.app.inject({ url: '/api/v1/staff/reviews?kind=objection', headers: reviewer });
    const item = queue.json().items.find((i: { id: string }) => i.id === reviewId);
    // The console shows the reviewer the record beside the reason and photos.
    expect(item).toMatchObject({ photoCount: 2, summary: { ref: rec.ref, plate: '粤B1A301', code: rec.code, description: rec.description, reason: '车辆当时停在车库，号牌被套用' } });
    const decision = await decide(reviewId, 'approve');
    expect(decision.statusCode, decision.body).toBe(200);

    expect((await one(t, d.auth, rec.ref)).statusCode).toBe(404);
    expect((await list(t, d.auth)).json()).toEqual([]);
    expect((await handle(t, d.auth, rec.ref)).statusCode).toBe(404);
    const sms = (await smsTo(t, d.phone)).filter((s) => s.purpose === 'review_result');
    expect(sms).toHaveLength(1);
    expect(sms[0]!.text).toBe(translator('zh-CN')('violations:sms.objectionUpheld', { plate: '粤B1A301', occurredOn: '2026-11-10', location: rec.location }));
    const messages = (await inbox(d.auth, 'en')).filter((m) => m.kind === 'violation_objection');
    expect(messages).toHaveLength(1);
    expect(messages[0]!.body).toBe(translator('en')('violations:inbox.objectionUpheld', { plate: '粤B1A301', occurredOn: '2026-11-10', location: rec.location }));
  });

  it('rejected: the record stays and the citizen is told why', async () => {
    const d = await driver(t, { seq: '303', phone: '13900000303', licence: { archiveNumber: '440300300303' }, plates: ['粤B1A303'] });
    const rec = cameraRecord('粤B1A303', '2026-11-10T08:00:00+08:00', 'parking');
    await seedRegistry(t.app, [rec]);
    const filed = await object(d.auth, rec.ref, '当时是临时上下客', []);
    expect(filed.statusCode, filed.body).toBe(201);
    expect((await decide(filed.json().reviewId, 'reject', 'evidence_confirms_violation')).statusCode).toBe(200);
    expect((await one(t, d.auth, rec.ref)).json()).toMatchObject({ status: 'unhandled', objectionPending: false, handleable: true });
    const reason = translator('zh-CN')('reviews:reasons.objection.evidence_confirms_violation').replace(/[。．.！!]+$/u, '');
    const sms = (await smsTo(t, d.phone)).filter((s) => s.purpose === 'review_result');
    expect(sms).toHaveLength(1);
    expect(sms[0]!.text).toContain(reason);
    const messages = (await inbox(d.auth)).filter((m) => m.kind === 'violation_objection');
    expect(messages[0]!.body).toContain(reason);
    // Handled records cannot be objected to.
    expect((await handle(t, d.auth, rec.ref)).statusCode).toBe(200);
    expect((await object(d.auth, rec.ref, '再申诉', [])).json().code).toBe('objection_not_allowed');
  });

  it('tells the owner of each new camera record once, by SMS and in-app message', async () => {
    const d = await driver(t, { seq: '305', phone: '13900000305', licence: { archiveNumber: '440300300305' }, plates: ['粤B1A305'] });
    const stranger = await driver(t, { seq: '307', phone: '13900000307', licence: null });
    await t.app.ctx.jobs.drain();
    const before = (await smsTo(t, d.phone)).length;
    const first = cameraRecord('粤B1A305', '2026-11-20T08:00:00+08:00', 'marking');
    await seedRegistry(t.app, [first]);
    await seedRegistry(t.app, [first]); // the same file again
    const notices = (await smsTo(t, d.phone)).filter((s) => s.purpose === 'violation_notice');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.text).toBe(
      translator('zh-CN')('violations:sms.newRecord', { plate: '粤B1A305', occurredOn: '2026-11-20', location: first.location, fine: '100.00', points: 1, handleBy: '2026-12-20' }),
    );
    expect((await inbox(d.auth)).filter((m) => m.kind === 'violation_notice')).toHaveLength(1);

    const second = cameraRecord('粤B1A305', '2026-11-21T08:00:00+08:00', 'parking');
    await seedRegistry(t.app, [second]);
    await t.app.ctx.jobs.drain();
    expect((await smsTo(t, d.phone)).filter((s) => s.purpose === 'violation_notice')).toHaveLength(2);
    expect((await smsTo(t, d.phone)).length).toBe(before + 2);
    expect((await inbox(d.auth)).filter((m) => m.kind === 'violation_notice')).toHaveLength(2);
    expect((await smsTo(t, stranger.phone)).filter((s) => s.purpose === 'violation_notice')).toHaveLength(0);
    const [row] = await t.app.ctx.db.select({ n: count() }).from(violationNotices).where(eq(violationNotices.accountId, d.id));
    expect(Number(row!.n)).toBe(2);
  });
});

