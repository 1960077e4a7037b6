import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { maskDocNumber } from '../../../domain/id-documents.ts';
import { cnId, hkId, seedRegistry, STRONG_PASSWORD } from './testing.ts';

const ZHANG = { name: '张三', docNumber: cnId('440305', '19900101', '123') };
const WANG = { name: '王五', docNumber: cnId('110101', '19851231', '457') };
// A Hong Kong resident whose licence is under the identity card…
const CHAN = { name: '陈大文', hkId: hkId('A123456'), hrp: 'H12345678' };
// …and one whose licence is under the Home Return Permit.
const LEE = { name: '李小龙', hkId: hkId('B234567'), hrp: 'H87654321' };

const registryLines = [
  { kind: 'person', name: ZHANG.name, sex: 'M', birthDate: '1990-01-01', documents: [{ docType: 'cn_id', docNumber: ZHANG.docNumber }] },
  { kind: 'person', name: WANG.name, sex: 'M', birthDate: '1985-12-31', documents: [{ docType: 'cn_id', docNumber: WANG.docNumber }] },
  {
    kind: 'person', name: CHAN.name, sex: 'M', birthDate: '1985-03-02',
    documents: [{ docType: 'hk_id', docNumber: CHAN.hkId }, { docType: 'hkmo_permit', docNumber: CHAN.hrp }],
  },
  {
    kind: 'person', name: LEE.name, sex: 'M', birthDate: '1979-11-27',
    documents: [{ docType: 'hk_id', docNumber: LEE.hkId }, { docType: 'hkmo_permit', docNumber: LEE.hrp }],
  },
  {
    kind: 'licence', holder: { docType: 'cn_id', docNumber: ZHANG.docNumber }, archiveNumber: '440300000001', class: 'C1',
    firstIssuedOn: '2012-05-10', validFrom: '2018-05-10', validTo: '2028-05-10', status: 'A', issuingAuthority: '深圳市公安局交通警察支队', regionCode: '440300',
  },
  {
    kind: 'licence', holder: { docType: 'hk_id', docNumber: CHAN.hkId }, archiveNumber: '440300000002', class: 'C1',
    firstIssuedOn: '2019-05-10', validFrom: '2019-05-10', validTo: '2029-05-10', status: 'A', issuingAuthority: '深圳市公安局交通警察支队', regionCode: '440300',
  },
  {
    kind: 'licence', holder: { docType: 'hkmo_permit', docNumber: LEE.hrp }, archiveNumber: '440400000003', class: 'C1',
    firstIssuedOn: '2020-01-15', validFrom: '2020-01-15', validTo: '2026-12-31', status: 'A', issuingAuthority: '珠海市公安局交通警察支队', regionCode: '440400',
  },
];

describe('registration', () => {
  let t: TestApp;
  let phoneSeq = 0;
  const nextPhone = () => `139${String(10_000_000 + ++phoneSeq).slice(-8)}`;
  const register = (body: Record<string, unknown>, lang?: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: lang ? { 'accept-language': lang } : {},
      payload: { regionCode: '440300', password: STRONG_PASSWORD, agreedToTerms: true, phone: nextPhone(), ...body },
    });

  beforeAll(async () => {
    t = await createTestApp();
    await seedRegistry(t.app, registryLines);
  });
  afterAll(() => t.close());

  describe('refuses with the code of the first rule broken', () => {
    it('unsupported_doc_type', async () => {
      const res = await register({ docType: 'driving_licence', docNumber: ZHANG.docNumber, name: ZHANG.name });
      expect(res.statusCode).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'unsupported_doc_type', field: 'docType', status: 422 });
    });

    it('invalid_doc_number, with a detail naming the expected format', async () => {
      const bad = ZHANG.docNumber.slice(0, 17) + (ZHANG.docNumber.endsWith('X') ? '1' : 'X');
      const res = await register({ docType: 'cn_id', docNumber: bad, name: ZHANG.name }, 'en');
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'invalid_doc_number', field: 'docNumber' });
      expect(res.json().detail).toContain('18 characters');
      const hk = await register({ docType: 'hk_id', docNumber: 'A123456(4)', name: CHAN.name }, 'zh-HK');
      expect(hk.json()).toMatchObject({ code: 'invalid_doc_number' });
      expect(hk.json().detail).toContain('A123456(3)');
    });

    it('name_not_simplified with the Simplified form as suggestion and the help link', async () => {
      const res = await register({ docType: 'hk_id', docNumber: CHAN.hkId, name: '陳大文' });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({
        code: 'name_not_simplified',
        field: 'name',
        suggestion: '陈大文',
        helpUrl: '/help/registration#traditional-characters',
      });
      expect(res.json().detail).toContain('陈大文');
    });

    it('invalid_name', async () => {
      const res = await register({ docType: 'cn_id', docNumber: ZHANG.docNumber, name: 'Zhang San' });
      expect(res.json()).toMatchObject({ status: 422, code: 'invalid_name', field: 'name' });
    });

    it('invalid_phone', async () => {
      const res = await register({ docType: 'cn_id', docNumber: ZHANG.docNumber, name: ZHANG.name, phone: '12345678901' });
      expect(res.json()).toMatchObject({ status: 422, code: 'invalid_phone', field: 'phone' });
    });

    it('invalid_region (unknown code, and a province that is not a city)', async () => {
      for (const regionCode of ['999999', '440000', '810000']) {
        const res = await register({ docType: 'cn_id', docNumber: ZHANG.docNumber, name: ZHANG.name, regionCode });
        expect(res.json()).toMatchObject({ status: 422, code: 'invalid_region', field: 'regionCode' });
      }
    });

    it('weak_password says why', async () => {
      const short = await register({ docType: 'cn_id', docNumber: ZHANG.docNumber, name: ZHANG.name, password: 'abc12' }, 'en');
      expect(short.json()).toMatchObject({ status: 422, code: 'weak_password', field: 'password', reason: 'too_short' });
      expect(short.json().detail).toContain('at least 8');
      const guessable = await register({ docType: 'cn_id', docNumber: ZHANG.docNumber, name: ZHANG.name, password: 'password123' }, 'en');
      expect(guessable.json()).toMatchObject({ code: 'weak_password', reason: 'guessable' });
      expect(guessable.json().detail).toContain('easy to guess');
      const phone = nextPhone();
      const personal = await register({ docType: 'cn_id', docNumber: ZHANG.docNumber, name: ZHANG.name, phone, password: `${phone}` }, 'en');
      expect(personal.json()).toMatchObject({ code: 'weak_password', reason: 'personal' });
      expect(personal.json().detail).toContain('mobile number');
    });

    it('terms_not_accepted when not exactly true', async () => {
      for (const agreedToTerms of [false, 'yes', undefined]) {
        const res = await register({ docType: 'cn_id', docNumber: ZHANG.docNumber, name: ZHANG.name, agreedToTerms });
        expect(res.json()).toMatchObject({ status: 422, code: 'terms_not_accepted', field: 'agreedToTerms' });
      }
    });

    it('identity_mismatch when the registry does not know this name with this number', async () => {
      const wrongName = await register({ docType: 'cn_id', docNumber: ZHANG.docNumber, name: '李四' });
      expect(wrongName.json()).toMatchObject({ status: 422, code: 'identity_mismatch' });
      const unknown = await register({ docType: 'cn_id', docNumber: cnId('440305', '19920202', '771'), name: '赵六' });
      expect(unknown.json()).toMatchObject({ status: 422, code: 'identity_mismatch' });
    });

    it('400 bad_request only for a missing field', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/accounts', payload: { docType: 'cn_id' } });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('bad_request');
    });
  });

  describe('doc_type_mismatch: the licence is under another document of the person', () => {
    it('licence under the HK identity card, registering with the Home Return Permit', async () => {
      const res = await register({ docType: 'hkmo_permit', docNumber: CHAN.hrp, name: CHAN.name }, 'en');
      expect(res.statusCode).toBe(422);
      const body = res.json();
      expect(body).toMatchObject({
        code: 'doc_type_mismatch',
        suggestion: { docType: 'hk_id', docNumberMasked: maskDocNumber(CHAN.hkId) },
        helpUrl: '/help/registration#wrong-document',
      });
      expect(body.detail).toContain('Hong Kong Identity Card');
      expect(JSON.stringify(body)).not.toContain(CHAN.hkId);
    });

    it('licence under the Home Return Permit, registering with the HK identity card', async () => {
      const res = await register({ docType: 'hk_id', docNumber: LEE.hkId, name: LEE.name });
      expect(res.json()).toMatchObject({
        code: 'doc_type_mismatch',
        suggestion: { docType: 'hkmo_permit', docNumberMasked: maskDocNumber(LEE.hrp) },
        helpUrl: '/help/registration#wrong-document',
      });
      expect(res.json().detail).toContain('回乡证');
    });

    it('gives no hint to someone who does not know the registered name', async () => {
      const res = await register({ docType: 'hkmo_permit', docNumber: CHAN.hrp, name: '路人甲' });
      expect(res.statusCode).toBe(201);
      expect(res.json().status).toBe('pending_review');
    });
  });

  describe('accepted registrations', () => {
    it('registry-verified documents are active at once (a lower-case x is upper-cased and shown back)', async () => {
      const res = await register({ docType: 'cn_id', docNumber: ZHANG.docNumber.toLowerCase(), name: ZHANG.name });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toEqual({ id: expect.any(String), status: 'active', docNumberNormalized: ZHANG.docNumber });
    });

    it('normalises a Hong Kong number typed without brackets and shows it back', async () => {
      const res = await register({ docType: 'hk_id', docNumber: CHAN.hkId.replace(/[()]/g, ''), name: CHAN.name });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ status: 'pending_review', docNumberNormalized: CHAN.hkId, uploadToken: expect.any(String) });
    });

    it('normalises full-width brackets and the renewal digits of an old Home Return Permit', async () => {
      const res = await register({ docType: 'hkmo_permit', docNumber: `${LEE.hrp}01`, name: LEE.name });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ status: 'pending_review', docNumberNormalized: LEE.hrp });
    });

    it('does not echo a number typed in its canonical form', async () => {
      const res = await register({ docType: 'cn_id', docNumber: WANG.docNumber, name: WANG.name });
      expect(res.statusCode).toBe(201);
      expect(res.json().docNumberNormalized).toBeUndefined();
    });
  });

  describe('one live account per phone and per document', () => {
    it('phone_taken and doc_taken (409)', async () => {
      const docNumber = cnId('440305', '19930303', '135');
      await seedRegistry(t.app, [{ kind: 'person', name: '孙七', sex: 'M', birthDate: '1993-03-03', documents: [{ docType: 'cn_id', docNumber }] }]);
      const phone = nextPhone();
      const first = await register({ docType: 'cn_id', docNumber, name: '孙七', phone });
      expect(first.statusCode).toBe(201);
      const samePhone = await register({ docType: 'passport', docNumber: 'E12345678', name: 'John Smith', phone });
      expect(samePhone.statusCode).toBe(409);
      expect(samePhone.json()).toMatchObject({ code: 'phone_taken', field: 'phone' });
      const sameDoc = await register({ docType: 'cn_id', docNumber, name: '孙七' });
      expect(sameDoc.statusCode).toBe(409);
      expect(sameDoc.json()).toMatchObject({ code: 'doc_taken', field: 'docNumber' });
    });

    it('two registrations racing for one document: one 201, one 409', async () => {
      const body = { docType: 'passport', docNumber: 'P99887766', name: 'Ada Lovelace' };
      const results = await Promise.all([register(body), register(body), register(body)]);
      const codes = results.map((r) => r.statusCode).sort();
      expect(codes).toEqual([201, 409, 409]);
      for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json().code).toBe('doc_taken');
    });

    it('two registrations racing for one phone: one 201, one 409', async () => {
      const phone = nextPhone();
      const [a, b] = await Promise.all([
        register({ docType: 'passport', docNumber: 'R11223344', name: 'Grace Hopper', phone }),
        register({ docType: 'passport', docNumber: 'R55667788', name: 'Alan Turing', phone }),
      ]);
      expect([a!.statusCode, b!.statusCode].sort()).toEqual([201, 409]);
      expect([a!, b!].find((r) => r.statusCode === 409)!.json().code).toBe('phone_taken');
    });
  });

  it('problems come in the request language', async () => {
    const body = { docType: 'cn_id', docNumber: ZHANG.docNumber, name: ZHANG.name, phone: '123' };
    const zh = (await register(body)).json();
    const hk = (await register(body, 'zh-HK')).json();
    const en = (await register(body, 'en')).json();
    expect(zh.title).toBe('手机号码有误');
    expect(hk.title).toBe('手機號碼有誤');
    expect(en.title).toBe('Mobile number not valid');
  });

  it('lists registration provinces and cities, names in Chinese, cacheable', async () => {
    const res = await t.app.inject('/api/v1/regions');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('max-age');
    const guangdong = res.json().provinces.find((p: { code: string }) => p.code === '440000');
    expect(guangdong.name).toBe('广东省');
    expect(guangdong.cities).toEqual(expect.arrayContaining([{ code: '440300', name: '深圳市' }, { code: '440400', name: '珠海市' }]));
    expect(res.json().provinces.some((p: { code: string }) => p.code === '810000')).toBe(false);
  });
});
