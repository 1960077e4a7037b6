import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { createStaffUser } from '../staff/service.ts';
import { importRegistry } from '../registry/service.ts';
import { createCitizen, documentJpeg, hkId, multipartBody, seedRegistry, STRONG_PASSWORD } from '../accounts/testing.ts';
import { vinCheckDigit } from '../../../domain/vin.ts';
import { registerHandledViolationFilter, vehiclesOfAccount } from './service.ts';

const demoLines = readFileSync(new URL('../../../../demo/registry.ndjson', import.meta.url), 'utf8').split('\n');

async function* asLines(lines: string[]): AsyncIterable<string> {
  yield* lines;
}

type Auth = { authorization: string };
interface Person {
  docType: string;
  docNumber: string;
  name: string;
  phone: string;
}

// docs/demo.md
const ZHANG_WEI: Person = { docType: 'cn_id', docNumber: '440303198503021318', name: '张伟', phone: '13800000001' };
const LI_NA: Person = { docType: 'cn_id', docNumber: '440106199809212427', name: '李娜', phone: '13800000002' };
const WANG_QIANG: Person = { docType: 'cn_id', docNumber: '110105197912053573', name: '王强', phone: '13800000003' };
const YANG_FAN: Person = { docType: 'cn_id', docNumber: '440305199502270934', name: '杨帆', phone: '13800000006' };
const LIU_YANG: Person = { docType: 'cn_id', docNumber: '440106198811032156', name: '刘洋', phone: '13800000005' };
const CHAN_TAI_MAN: Person = { docType: 'hk_id', docNumber: 'A123456(3)', name: '陈大文', phone: '13800000009' };
const LAM_MEI_WA: Person = { docType: 'mo_id', docNumber: '1234567(8)', name: '林美华', phone: '13800000013' };

/** 粤B12345, 张伟's car: VIN LSVAM4187C2184847. */
const ZHANG_CAR = { plate: '粤B12345', plateType: '02', ownerName: '张伟', vinLast6: '184847' };
const LI_CAR = { plate: '粤A3K7Z9', plateType: '02', ownerName: '李娜', vinLast6: '012345' };
const WANG_CAR = { plate: '京N8M2Q6', plateType: '02', ownerName: '王强', vinLast6: '012345' };
const LIU_CAR = { plate: '粤A5D9H2', plateType: '02', ownerName: '刘洋', vinLast6: '012345' };
/** 陈静 has no account: her car's owner cannot confirm. */
const CHEN_CAR = { plate: '粤B6F3K8', plateType: '02', ownerName: '陈静', vinLast6: '012345' };

async function setup(): Promise<TestApp> {
  const t = await createTestApp();
  const result = await importRegistry(t.app.ctx, asLines(demoLines));
  expect(result.rejected, JSON.stringify(result.errors)).toBe(0);
  return t;
}

async function login(t: TestApp, phone: string): Promise<Auth> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { login: phone, password: STRONG_PASSWORD } });
  expect(res.statusCode, res.body).toBe(200);
  return { authorization: `Bearer ${res.json().token}` };
}

/** Registers through the public API; documents that need review are approved by a reviewer. */
async function register(t: TestApp, who: Person): Promise<{ id: string; auth: Auth }> {
  const reg = await t.app.inject({ method: 'POST', url: '/api/v1/accounts', payload: { ...who, regionCode: '440300', password: STRONG_PASSWORD, agreedToTerms: true } });
  expect(reg.statusCode, reg.body).toBe(201);
  const { id, status, uploadToken } = reg.json() as { id: string; status: string; uploadToken?: string };
  if (status === 'pending_review') {
    const { payload, headers } = multipartBody('photo', await documentJpeg());
    const upload = await t.app.inject({ method: 'POST', url: `/api/v1/accounts/${id}/document-photos`, headers: { ...headers, authorization: `Bearer ${uploadToken}` }, payload });
    expect(upload.statusCode, upload.body).toBe(202);
    const username = `reviewer${Math.random().toString(36).slice(2, 8)}`;
    const password = 'Reviewer-desk-2026-bright';
    await createStaffUser(t.app.ctx, { username, role: 'reviewer', password, mustChangePassword: false });
    const staff = await t.app.inject({ method: 'POST', url: '/api/v1/staff/sessions', payload: { username, password } });
    const reviewer = { authorization: `Bearer ${staff.json().token}` };
    const queue = await t.app.inject({ url: '/api/v1/staff/reviews?kind=identity', headers: reviewer });
    for (const review of queue.json().items as Array<{ id: string }>) {
      const decision = await t.app.inject({ method: 'POST', url: `/api/v1/staff/reviews/${review.id}/decision`, headers: reviewer, payload: { decision: 'approve' } });
      expect(decision.statusCode, decision.body).toBe(200);
    }
  }
  return { id, auth: await login(t, who.phone) };
}

const myVehicles = (t: TestApp, auth: Auth, lang = 'zh-CN') => t.app.inject({ url: '/api/v1/me/vehicles', headers: { ...auth, 'accept-language': lang } });
const file = (t: TestApp, auth: Auth, body: Record<string, unknown>, lang = 'zh-CN') =>
  t.app.inject({ method: 'POST', url: '/api/v1/me/vehicles/filings', headers: { ...auth, 'accept-language': lang }, payload: body });
const confirm = (t: TestApp, auth: Auth, filingId: string, code: string, lang = 'zh-CN') =>
  t.app.inject({ method: 'POST', url: `/api/v1/me/vehicles/filings/${filingId}/confirm`, headers: { ...auth, 'accept-language': lang }, payload: { code } });
const unfile = (t: TestApp, auth: Auth, filingId: string) => t.app.inject({ method: 'DELETE', url: `/api/v1/me/vehicles/filings/${filingId}`, headers: auth });

/** The newest code the owner's phone received for a filing (from the SMS outbox). */
async function ownerCode(t: TestApp, phone: string): Promise<{ code: string; text: string }> {
  await t.app.ctx.jobs.drain();
  const res = await t.app.inject({ url: `/api/v1/dev/sms?phone=${phone}` });
  expect(res.statusCode).toBe(200);
  const [latest] = (res.json() as Array<{ purpose: string; code?: string; text: string }>).filter((m) => m.purpose === 'vehicle_filing');
  expect(latest?.code).toMatch(/^\d{6}$/);
  return { code: latest!.code!, text: latest!.text };
}

/** One minute between codes to the same owner (the owner's SMS limit). */
const nextMinute = (t: TestApp) => t.clock.advance(61_000);

/** Files and confirms in the two-step form. */
async function fileAndConfirm(t: TestApp, auth: Auth, car: Record<string, string>, ownerPhone: string) {
  const asked = await file(t, auth, car);
  expect(asked.statusCode, asked.body).toBe(202);
  const { code } = await ownerCode(t, ownerPhone);
  const done = await confirm(t, auth, asked.json().filingId, code);
  expect(done.statusCode, done.body).toBe(200);
  nextMinute(t);
  return done.json();
}

describe('vehicles that bind by themselves', () => {
  let t: TestApp;
  let zhang: { id: string; auth: Auth };
  let chan: { id: string; auth: Auth };
  let lam: { id: string; auth: Auth };

  beforeAll(async () => {
    t = await setup();
    zhang = await register(t, ZHANG_WEI);
    chan = await register(t, CHAN_TAI_MAN);
    lam = await register(t, LAM_MEI_WA);
  });
  afterAll(() => t.close());

  it('lists a mainland owner’s car with its unhandled camera records, texts in the request language', async () => {
    const res = await myVehicles(t, zhang.auth);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const list = res.json();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      plate: '粤B12345',
      plateType: '02',
      plateTypeText: '小型汽车',
      scheme: 'mainland',
      relation: 'owner',
      brand: '大众',
      model: '朗逸',
      inspectionValidTo: '2027-06-30',
      // Demo day 2026-11-25: more than 3 months left.
      inspectionState: 'valid',
      inspectionDaysLeft: 217,
      status: 'A',
      statusText: '正常',
      plateColour: 'blue',
      // Four camera records without a decision; the two on-site tickets are not "unhandled".
      unhandledViolations: 4,
    });
    expect(list[0].permitValidTo).toBeUndefined();
    expect(list[0].id).toMatch(/^[0-9a-f]{32}$/);
    const en = (await myVehicles(t, zhang.auth, 'en')).json();
    expect(en[0]).toMatchObject({ plateTypeText: 'Small vehicle', relationText: 'Your vehicle', statusText: 'Normal' });
    const hk = (await myVehicles(t, zhang.auth, 'zh-HK')).json();
    expect(hk[0].relationText).toBe('本人車輛');
  });

  it('warns when the inspection is due, by the server’s Shanghai date', async () => {
    const yang = await register(t, YANG_FAN);
    const [car] = (await myVehicles(t, yang.auth)).json();
    // 粤B2T7W5 is inspected until 2026-11-30: five days after the demo day, inside the 3-month window.
    expect(car).toMatchObject({ plate: '粤B2T7W5', inspectionValidTo: '2026-11-30', inspectionState: 'due', inspectionDaysLeft: 5 });
    t.clock.set(new Date('2026-12-01T00:30:00+08:00'));
    try {
      const [later] = (await myVehicles(t, yang.auth)).json();
      expect(later).toMatchObject({ inspectionState: 'overdue', inspectionDaysLeft: -1 });
    } finally {
      t.clock.set(new Date('2026-11-25T10:00:00+08:00'));
    }
  });

  it('binds the Hong Kong northbound car (港车北上) held under the identity card', async () => {
    const list = (await myVehicles(t, chan.auth)).json();
    expect(list).toEqual([
      expect.objectContaining({
        plate: 'AB1234',
        plateType: '20',
        scheme: 'hk_northbound',
        relation: 'owner',
        brand: '丰田',
        permitValidTo: '2027-03-31',
        permitState: 'valid',
        plateColour: 'hk',
        unhandledViolations: 1,
      }),
    ]);
  });

  it('binds the Macau northbound car (澳车北上)', async () => {
    const list = (await myVehicles(t, lam.auth)).json();
    expect(list).toEqual([
      expect.objectContaining({ plate: 'MX-12-34', plateType: '20', scheme: 'mo_northbound', relation: 'owner', plateColour: 'mo', permitValidTo: '2027-06-30', unhandledViolations: 1 }),
    ]);
    // Her rental car 粤BD12345 is not hers: rentals show as violations, never as vehicles.
    expect(list.map((v: { plate: string }) => v.plate)).not.toContain('粤BD12345');
  });

  it('binds a car held under the identity card to an account registered with the Home Return Permit', async () => {
    const idCard = hkId('C765432');
    const vinBody = 'JHMRC1850XC654321';
    const vin = vinBody.slice(0, 8) + vinCheckDigit(vinBody) + vinBody.slice(9);
    await seedRegistry(t.app, [
      { kind: 'person', name: '张家乐', sex: 'M', birthDate: '1980-02-02', documents: [{ docType: 'hk_id', docNumber: idCard }, { docType: 'hkmo_permit', docNumber: 'H76543210' }] },
      {
        kind: 'vehicle',
        plate: 'CD5678',
        plateType: '20',
        scheme: 'hk_northbound',
        owner: { docType: 'hk_id', docNumber: idCard },
        ownerName: '张家乐',
        vin,
        brand: '本田',
        model: 'Odyssey',
        registeredOn: '2022-01-10',
        inspectionValidTo: '2027-01-10',
        permitValidTo: '2027-01-09',
        status: 'A',
      },
    ]);
    const cheung = await register(t, { docType: 'hkmo_permit', docNumber: 'H76543210', name: '张家乐', phone: '13800000077' });
    const list = (await myVehicles(t, cheung.auth)).json();
    expect(list).toEqual([expect.objectContaining({ plate: 'CD5678', scheme: 'hk_northbound', relation: 'owner', unhandledViolations: 0 })]);
  });

  it('never shows a citizen another’s vehicles', async () => {
    const stranger = await createCitizen(t.app, { phone: '13600000001', seq: '211', name: '路人甲' });
    const res = await myVehicles(t, stranger.auth);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([]);
    expect((await myVehicles(t, zhang.auth)).json().map((v: { plate: string }) => v.plate)).toEqual(['粤B12345']);
  });

  it('asks for a login', async () => {
    const res = await t.app.inject({ url: '/api/v1/me/vehicles' });
    expect(res.statusCode).toBe(401);
  });

  it('subtracts records the violations feature reports as handled', async () => {
    const remove = registerHandledViolationFilter(async (_db, refs) => new Set(refs.filter((r) => r === '4403002026101200001')));
    // A filter changes the code, not the data: no notification says so, so the cached answers go by hand.
    t.app.ctx.readCache.invalidate(['*']);
    try {
      const list = (await myVehicles(t, zhang.auth)).json();
      expect(list[0].unhandledViolations).toBe(3);
    } finally {
      remove();
      t.app.ctx.readCache.invalidate(['*']);
    }
    expect((await myVehicles(t, zhang.auth)).json()[0].unhandledViolations).toBe(4);
  });
});

describe('filing a vehicle one drives but does not own', () => {
  let t: TestApp;
  let zhang: { id: string; auth: Auth };
  let filer: Awaited<ReturnType<typeof createCitizen>>;

  beforeAll(async () => {
    t = await setup();
    zhang = await register(t, ZHANG_WEI);
    filer = await createCitizen(t.app, { phone: '13900000001', seq: '213', name: '赵小明' });
  });
  afterAll(() => t.close());

  it('asks the owner by SMS and in-app message, then files with the owner’s code', async () => {
    const asked = await file(t, filer.auth, ZHANG_CAR);
    expect(asked.statusCode, asked.body).toBe(202);
    const body = asked.json();
    expect(body).toMatchObject({ status: 'awaiting_owner', ownerPhoneMasked: '138****0001', expiresAt: '2026-11-25T02:10:00.000Z' });

    const sms = await ownerCode(t, ZHANG_WEI.phone);
    // The owner learns who asks (name masked) and that the code is for people they allow.
    expect(sms.text).toContain('赵**');
    expect(sms.text).not.toContain('赵小明');
    expect(sms.text).toContain('粤B12345');
    const inbox = await t.app.inject({ url: '/api/v1/me/messages', headers: zhang.auth });
    const inboxItems = (inbox.json().items ?? inbox.json()) as Array<{ kind: string; title: string; body: string }>;
    // Other features write to the same inbox (new violation notices): pick this one.
    const message = inboxItems.find((m) => m.kind === 'vehicle_filing');
    expect(message).toMatchObject({ kind: 'vehicle_filing', title: '有人申请备案您的机动车' });
    expect(message!.body).toContain('赵**');
    expect(message!.body).toContain('粤B12345');

    // Not listed before the owner agrees.
    expect((await myVehicles(t, filer.auth)).json()).toEqual([]);

    const wrong = await confirm(t, filer.auth, body.filingId, sms.code === '000000' ? '111111' : '000000', 'en');
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json()).toMatchObject({ code: 'invalid_code', field: 'code' });
    expect(wrong.json().detail).toContain('owner');

    const done = await confirm(t, filer.auth, body.filingId, sms.code);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({
      plate: '粤B12345',
      relation: 'filed',
      relationText: '备案车辆',
      filingId: body.filingId,
      filedOn: '2026-11-25',
      ownerNameMasked: '张*',
      unhandledViolations: 4,
    });
    const mine = (await myVehicles(t, filer.auth)).json();
    expect(mine).toEqual([expect.objectContaining({ plate: '粤B12345', relation: 'filed' })]);
    // The owner still sees it once, as the owner.
    expect((await myVehicles(t, zhang.auth)).json()).toEqual([expect.objectContaining({ plate: '粤B12345', relation: 'owner' })]);

    const forViolations = await vehiclesOfAccount(t.app.ctx, filer.id);
    expect(forViolations).toEqual([expect.objectContaining({ plate: '粤B12345', plateType: '02', relation: 'filed', filedOn: '2026-11-25' })]);
    expect(forViolations[0]!.filedAt).toEqual(new Date('2026-11-25T10:00:00+08:00'));
    expect(await vehiclesOfAccount(t.app.ctx, zhang.id)).toEqual([expect.objectContaining({ plate: '粤B12345', relation: 'owner' })]);

    // Confirming again answers the same vehicle; filing again is a conflict.
    expect((await confirm(t, filer.auth, body.filingId, sms.code)).statusCode).toBe(200);
    nextMinute(t);
    const again = await file(t, filer.auth, ZHANG_CAR);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('vehicle_already_filed');

    // Another citizen can neither confirm nor end this filing.
    const other = await createCitizen(t.app, { phone: '13900000002', seq: '215', name: '钱多多' });
    expect((await confirm(t, other.auth, body.filingId, sms.code)).statusCode).toBe(404);
    expect((await unfile(t, other.auth, body.filingId)).statusCode).toBe(404);
    expect((await myVehicles(t, other.auth)).json()).toEqual([]);

    // Unfiling removes it; a second unfile finds nothing.
    expect((await unfile(t, filer.auth, body.filingId)).statusCode).toBe(204);
    expect((await myVehicles(t, filer.auth)).json()).toEqual([]);
    expect((await unfile(t, filer.auth, body.filingId)).statusCode).toBe(404);
    expect(await vehiclesOfAccount(t.app.ctx, filer.id)).toEqual([]);
  });

  it('files in one call when the owner’s code is already at hand', async () => {
    nextMinute(t);
    const asked = await file(t, filer.auth, ZHANG_CAR);
    expect(asked.statusCode, asked.body).toBe(202);
    const { code } = await ownerCode(t, ZHANG_WEI.phone);
    const res = await file(t, filer.auth, { ...ZHANG_CAR, ownerCode: code });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ plate: '粤B12345', relation: 'filed', filingId: asked.json().filingId });
    expect((await unfile(t, filer.auth, asked.json().filingId)).statusCode).toBe(204);
  });

  it('refuses an owner’s code without a pending request in the one-call form', async () => {
    const res = await file(t, filer.auth, { ...ZHANG_CAR, ownerCode: '123456' });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'code_expired', field: 'ownerCode' });
  });

  it('spends the code after 10 minutes and after 5 wrong tries', async () => {
    nextMinute(t);
    const asked = await file(t, filer.auth, ZHANG_CAR);
    const { code } = await ownerCode(t, ZHANG_WEI.phone);
    t.clock.advance(10 * 60_000 + 1);
    const late = await confirm(t, filer.auth, asked.json().filingId, code);
    expect(late.statusCode).toBe(422);
    expect(late.json().code).toBe('code_expired');

    const again = await file(t, filer.auth, ZHANG_CAR);
    expect(again.statusCode, again.body).toBe(202);
    // Asking again renews the same filing with a new code.
    expect(again.json().filingId).toBe(asked.json().filingId);
    const fresh = await ownerCode(t, ZHANG_WEI.phone);
    const wrongCode = fresh.code === '999999' ? '888888' : '999999';
    for (let i = 0; i < 5; i++) expect((await confirm(t, filer.auth, again.json().filingId, wrongCode)).json().code).toBe('invalid_code');
    const spent = await confirm(t, filer.auth, again.json().filingId, fresh.code);
    expect(spent.json().code).toBe('code_expired');
    expect((await unfile(t, filer.auth, again.json().filingId)).statusCode).toBe(204);
  });

  it('sends an owner at most one code a minute', async () => {
    nextMinute(t);
    expect((await file(t, filer.auth, ZHANG_CAR)).statusCode).toBe(202);
    const other = await createCitizen(t.app, { phone: '13900000003', seq: '217', name: '孙一' });
    const res = await file(t, other.auth, ZHANG_CAR, 'en');
    expect(res.statusCode).toBe(429);
    expect(res.json().code).toBe('sms_rate_limited');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.json().detail).toContain('owner');
  });
});

describe('filing refusals', () => {
  let t: TestApp;
  let zhang: { id: string; auth: Auth };

  beforeAll(async () => {
    t = await setup();
    zhang = await register(t, ZHANG_WEI);
  });
  afterAll(() => t.close());

  it('names each rule that is broken, in the request language', async () => {
    const filer = await createCitizen(t.app, { phone: '13900000011', seq: '219', name: '周二' });
    const cases: Array<[Record<string, string>, number, string, string?]> = [
      [{ ...ZHANG_CAR, plateType: '01' }, 422, 'plate_type_not_allowed', 'plateType'],
      [{ plate: 'AB1234', plateType: '20', ownerName: '陈大文', vinLast6: '123456' }, 422, 'plate_type_not_allowed', 'plateType'],
      [{ ...ZHANG_CAR, plateType: '7' }, 422, 'plate_type_not_allowed', 'plateType'],
      [{ ...ZHANG_CAR, plate: '粤B1234' }, 422, 'invalid_plate', 'plate'],
      [{ ...ZHANG_CAR, plate: '粤B54321' }, 422, 'vehicle_not_found', 'plate'],
      [{ ...ZHANG_CAR, vinLast6: '184848' }, 422, 'owner_mismatch', 'ownerName'],
      [{ ...ZHANG_CAR, ownerName: '张三' }, 422, 'owner_mismatch', 'ownerName'],
      [CHEN_CAR, 422, 'owner_not_registered'],
    ];
    for (const [body, status, code, field] of cases) {
      const res = await file(t, filer.auth, body);
      expect(res.statusCode, `${code}: ${res.body}`).toBe(status);
      expect(res.json().code).toBe(code);
      if (field) expect(res.json().field).toBe(field);
      expect(res.json().detail.length).toBeGreaterThan(10);
    }
    const plate = await file(t, filer.auth, { ...ZHANG_CAR, plate: '粤B1234' }, 'en');
    expect(plate.json().detail).toContain('not in the right format');
    const notRegistered = await file(t, filer.auth, CHEN_CAR, 'zh-HK');
    expect(notRegistered.json().detail).toContain('二維碼');
  });

  it('refuses filing one’s own vehicle, and takes the plate as people type it', async () => {
    const own = await file(t, zhang.auth, { ...ZHANG_CAR, plate: '粤b·12345' });
    expect(own.statusCode).toBe(422);
    expect(own.json().code).toBe('vehicle_is_own');
    // Traditional characters for the owner's name are accepted (the registry holds Simplified).
    const filer = await createCitizen(t.app, { phone: '13900000012', seq: '221', name: '吴三' });
    const asked = await file(t, filer.auth, { ...ZHANG_CAR, ownerName: '張偉', vinLast6: '184847 ' });
    expect(asked.statusCode, asked.body).toBe(202);
  });

  it('stops a filer after 5 details that do not match in a day', async () => {
    const guesser = await createCitizen(t.app, { phone: '13900000013', seq: '223', name: '郑四' });
    for (let i = 0; i < 5; i++) expect((await file(t, guesser.auth, { ...ZHANG_CAR, vinLast6: `00000${i}` })).json().code).toBe('owner_mismatch');
    const blocked = await file(t, guesser.auth, ZHANG_CAR);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().code).toBe('too_many_attempts');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('refuses a body that lacks a field with 400', async () => {
    const filer = await createCitizen(t.app, { phone: '13900000014', seq: '225', name: '王五' });
    const res = await file(t, filer.auth, { plate: '粤B12345', plateType: '02' });
    expect(res.statusCode).toBe(400);
  });
});

describe('filing limits', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await setup();
    await register(t, ZHANG_WEI);
    await register(t, LI_NA);
    await register(t, WANG_QIANG);
    await register(t, LIU_YANG);
  });
  afterAll(() => t.close());

  it('lets a citizen file at most 3 vehicles', async () => {
    const filer = await createCitizen(t.app, { phone: '13900000021', seq: '231', name: '冯六' });
    await fileAndConfirm(t, filer.auth, ZHANG_CAR, ZHANG_WEI.phone);
    await fileAndConfirm(t, filer.auth, LI_CAR, LI_NA.phone);
    const third = await fileAndConfirm(t, filer.auth, WANG_CAR, WANG_QIANG.phone);
    const fourth = await file(t, filer.auth, LIU_CAR, 'en');
    expect(fourth.statusCode).toBe(422);
    expect(fourth.json()).toMatchObject({ code: 'filing_limit_reached', scope: 'account', limit: 3 });
    expect(fourth.json().detail).toContain('at most 3');
    expect((await myVehicles(t, filer.auth)).json()).toHaveLength(3);
    // Unfiling one makes room.
    expect((await unfile(t, filer.auth, third.filingId)).statusCode).toBe(204);
    nextMinute(t);
    expect((await file(t, filer.auth, LIU_CAR)).statusCode).toBe(202);
  });

  it('lets a vehicle have at most 3 filers, checked again when the code is entered', async () => {
    const filers = [];
    for (let i = 0; i < 5; i++) filers.push(await createCitizen(t.app, { phone: `1390000003${i}`, seq: `${241 + 2 * i}`, name: '陈司机' }));
    // 粤A3K7Z9 already has one filer (the test above): two more fill it.
    await fileAndConfirm(t, filers[0]!.auth, LI_CAR, LI_NA.phone);
    // Two requests wait for the owner at the same time; only one of them can still fit.
    const a = await file(t, filers[1]!.auth, LI_CAR);
    expect(a.statusCode, a.body).toBe(202);
    const codeA = (await ownerCode(t, LI_NA.phone)).code;
    nextMinute(t);
    const b = await file(t, filers[2]!.auth, LI_CAR);
    expect(b.statusCode, b.body).toBe(202);
    const codeB = (await ownerCode(t, LI_NA.phone)).code;
    expect((await confirm(t, filers[1]!.auth, a.json().filingId, codeA)).statusCode).toBe(200);
    const late = await confirm(t, filers[2]!.auth, b.json().filingId, codeB, 'en');
    expect(late.statusCode).toBe(422);
    expect(late.json()).toMatchObject({ code: 'filing_limit_reached', scope: 'vehicle' });
    expect(late.json().detail).toContain('already has 3');
    nextMinute(t);
    const refused = await file(t, filers[3]!.auth, LI_CAR);
    expect(refused.json()).toMatchObject({ code: 'filing_limit_reached', scope: 'vehicle' });
  });

  it('lets only one of two parallel confirmations take the last place of a vehicle', async () => {
    // 京N8M2Q6 has no filer left (the first test unfiled it): two fill it up to one place.
    const drivers = [];
    for (let i = 0; i < 4; i++) drivers.push(await createCitizen(t.app, { phone: `1390000005${i}`, seq: `${261 + 2 * i}`, name: '并发司机' }));
    await fileAndConfirm(t, drivers[0]!.auth, WANG_CAR, WANG_QIANG.phone);
    await fileAndConfirm(t, drivers[1]!.auth, WANG_CAR, WANG_QIANG.phone);
    const pending = [];
    for (const d of drivers.slice(2)) {
      const asked = await file(t, d.auth, WANG_CAR);
      expect(asked.statusCode, asked.body).toBe(202);
      pending.push({ auth: d.auth, filingId: asked.json().filingId as string, code: (await ownerCode(t, WANG_QIANG.phone)).code });
      nextMinute(t);
    }
    const results = await Promise.all(pending.map((p) => confirm(t, p.auth, p.filingId, p.code)));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 422]);
    expect(results.find((r) => r.statusCode === 422)!.json().code).toBe('filing_limit_reached');
  });

  it('documents both filing forms in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    const post = doc.paths['/api/v1/me/vehicles/filings'].post;
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['201', '202', '409', '422', '429']));
    expect(post.requestBody.content['application/json'].schema.properties).toHaveProperty('ownerCode');
    expect(doc.paths['/api/v1/me/vehicles/filings/{id}/confirm'].post.responses).toHaveProperty('200');
    expect(doc.paths['/api/v1/me/vehicles/filings/{id}'].delete.responses).toHaveProperty('204');
    expect(doc.paths['/api/v1/me/vehicles'].get.responses['200']).toBeDefined();
  });
});
