import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { Problem } from '../../platform/problems.ts';
import { hkIdNumber, mainlandIdNumber, vinWithCheckDigit } from './identities.ts';
import { LineChecks } from './line-checks.ts';
import {
  findLicenceByArchiveNumber,
  findLicenceOfPerson,
  findPersonByDocument,
  findPersonIdByDocument,
  importRegistry,
  listRentalsOfPerson,
  listVehiclesOfPerson,
  listViolationsForPlates,
  type ImportOptions,
} from './service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  await t.app.ctx.database.exec(
    'truncate registry_rentals, registry_violations, registry_vehicles, registry_licences, registry_person_documents, registry_persons, registry_import_pending',
  );
});

async function* asLines(lines: Iterable<string>): AsyncIterable<string> {
  for (const l of lines) yield l;
}
const j = (o: unknown) => JSON.stringify(o);
const findViolationRefs = async () => {
  const r = await t.app.ctx.db.execute(sql`select ref from registry_violations order by ref`);
  return (r as unknown as { rows: Array<{ ref: string }> }).rows.map((x) => x.ref);
};
const run = (lines: Iterable<string>, opts: ImportOptions = {}) => importRegistry(t.app.ctx, asLines(lines), { lang: 'en', ...opts });

const zhang = mainlandIdNumber('440300', '1985-03-02', 123); // odd sequence: male
const hk = hkIdNumber('A123456');
const permit = 'H12345678';

const person = (over: Record<string, unknown> = {}) => ({
  kind: 'person',
  name: '张三',
  sex: 'M',
  birthDate: '1985-03-02',
  documents: [{ docType: 'cn_id', docNumber: zhang }],
  ...over,
});
const hkPerson = { kind: 'person', name: '陈大文', sex: 'M', birthDate: '1980-01-15', documents: [{ docType: 'hk_id', docNumber: hk }, { docType: 'hkmo_permit', docNumber: permit }] };
const licence = (over: Record<string, unknown> = {}) => ({
  kind: 'licence',
  holder: { docType: 'cn_id', docNumber: zhang },
  archiveNumber: '440300123456',
  class: 'C1',
  firstIssuedOn: '2010-05-10',
  validFrom: '2016-05-10',
  validTo: '2026-05-10',
  status: 'A',
  issuingAuthority: '深圳市公安局交通警察支队',
  regionCode: '440300',
  ...over,
});
const vin = vinWithCheckDigit('LSVAM4180C2184847');
const vehicle = (over: Record<string, unknown> = {}) => ({
  kind: 'vehicle',
  plate: '粤B12345',
  plateType: '02',
  scheme: 'mainland',
  owner: { docType: 'cn_id', docNumber: zhang },
  ownerName: '张三',
  vin,
  brand: '大众',
  model: '朗逸',
  registeredOn: '2018-06-01',
  inspectionValidTo: '2026-06-30',
  status: 'A',
  ...over,
});
const northbound = {
  kind: 'vehicle',
  plate: 'AB1234',
  plateType: '20',
  scheme: 'hk_northbound',
  owner: { docType: 'hkmo_permit', docNumber: permit },
  ownerName: '陈大文',
  vin: vinWithCheckDigit('JTDBR32E420123456'),
  brand: '丰田',
  model: 'Alphard',
  registeredOn: '2021-04-01',
  inspectionValidTo: '2027-04-01',
  permitValidTo: '2027-03-31',
  status: 'A',
};
const violation = (over: Record<string, unknown> = {}) => ({
  kind: 'violation',
  ref: '4403002025110100001',
  plate: '粤B12345',
  plateType: '02',
  occurredAt: '2025-11-01T08:12:00+08:00',
  location: '深南大道与华富路交叉口',
  code: '1625',
  description: '驾驶机动车违反道路交通信号灯通行的',
  fineFen: 20000,
  points: 6,
  source: 'camera',
  ...over,
});
const onsite = violation({
  ref: '4403002025120100002',
  occurredAt: '2025-11-30T17:40:00+08:00',
  code: '1345',
  points: 1,
  fineFen: 10000,
  source: 'onsite',
  driver: { docType: 'cn_id', docNumber: zhang },
  decisionNo: '4403001234567890',
  decidedAt: '2025-12-01T10:00:00+08:00',
  paidAt: '2025-12-05T09:00:00+08:00',
});
const rental = {
  kind: 'rental',
  plate: '粤BD12345',
  plateType: '52',
  company: '某某租车深圳分公司',
  renter: { docType: 'hk_id', docNumber: hk },
  from: '2025-10-01T09:00:00+08:00',
  to: '2025-10-05T18:00:00+08:00',
};

const allKinds = [person(), hkPerson, licence(), vehicle(), northbound, violation(), onsite, rental].map(j);

describe('importRegistry', () => {
  it('imports every kind and the lookups find it', async () => {
    const r = await run(allKinds);
    expect(r).toMatchObject({ created: 8, updated: 0, unchanged: 0, rejected: 0, errors: [], lines: 8 });
    const db = t.app.ctx.db;

    const chan = await findPersonByDocument(db, { docType: 'hkmo_permit', docNumber: permit });
    expect(chan).toMatchObject({ name: '陈大文', sex: 'M', birthDate: '1980-01-15' });
    expect(chan!.documents).toEqual(
      expect.arrayContaining([
        { docType: 'hk_id', docNumber: hk },
        { docType: 'hkmo_permit', docNumber: permit },
      ]),
    );
    // The same person by the other document, typed without brackets as users do.
    expect(await findPersonIdByDocument(db, { docType: 'hk_id', docNumber: hk.replace(/[()]/g, '') })).toBe(chan!.personId);
    expect(await findPersonByDocument(db, { docType: 'hk_id', docNumber: hkIdNumber('B123456') })).toBeNull();

    const zhangId = (await findPersonIdByDocument(db, { docType: 'cn_id', docNumber: zhang }))!;
    expect(await findLicenceOfPerson(db, zhangId)).toMatchObject({
      archiveNumber: '440300123456',
      holder: { docType: 'cn_id', docNumber: zhang },
      class: 'C1',
      status: 'A',
      validTo: '2026-05-10',
      firstIssuedOn: '2010-05-10',
    });
    expect(await findLicenceByArchiveNumber(db, '440300123456')).toMatchObject({ personId: zhangId });
    expect(await listVehiclesOfPerson(db, zhangId)).toEqual([expect.objectContaining({ plate: '粤B12345', plateType: '02', scheme: 'mainland', vin })]);
    expect(await listVehiclesOfPerson(db, chan!.personId)).toEqual([
      expect.objectContaining({ plate: 'AB1234', plateType: '20', scheme: 'hk_northbound', permitValidTo: '2027-03-31', owner: { docType: 'hkmo_permit', docNumber: permit } }),
    ]);
    const v = await listViolationsForPlates(db, [{ plate: '粤B12345', plateType: '02' }]);
    expect(v.map((x) => x.ref)).toEqual(['4403002025120100002', '4403002025110100001']);
    expect(v[0]).toMatchObject({ source: 'onsite', decisionNo: '4403001234567890', fineFen: 10000, points: 1, driver: { docType: 'cn_id', docNumber: zhang } });
    expect(v[0]!.paidAt?.toISOString()).toBe('2025-12-05T01:00:00.000Z');
    expect(v[1]).toMatchObject({ source: 'camera', decisionNo: null, paidAt: null, driver: null });
    expect(v[1]!.occurredAt.toISOString()).toBe('2025-11-01T00:12:00.000Z');
    expect(await listRentalsOfPerson(db, chan!.personId)).toEqual([
      { plate: '粤BD12345', plateType: '52', company: '某某租车深圳分公司', from: new Date('2025-10-01T01:00:00Z'), to: new Date('2025-10-05T10:00:00Z') },
    ]);
  });

  it('is idempotent, and counts a real change as updated', async () => {
    await run(allKinds);
    expect(await run(allKinds)).toMatchObject({ created: 0, updated: 0, unchanged: 8, rejected: 0 });
    // The same instant written with another offset is the same value.
    const sameInstant = j(violation({ occurredAt: '2025-11-01T00:12:00Z' }));
    const changed = [j(licence({ status: 'BH' })), sameInstant, j(person({ name: '张叁' }))];
    expect(await run(changed)).toMatchObject({ created: 0, updated: 2, unchanged: 1, rejected: 0 });
    const id = (await findPersonIdByDocument(t.app.ctx.db, { docType: 'cn_id', docNumber: zhang }))!;
    expect((await findLicenceOfPerson(t.app.ctx.db, id))!.status).toBe('BH');
  });

  it('upserts a person by any of their documents and adds new ones', async () => {
    await run([j(hkPerson)]);
    // Known only by the permit: the same person; the identity card stays linked.
    const byPermit = { ...hkPerson, documents: [{ docType: 'hkmo_permit', docNumber: permit }] };
    expect(await run([j(byPermit)])).toMatchObject({ unchanged: 1 });
    const moved = { ...byPermit, documents: [...byPermit.documents, { docType: 'residence_permit', docNumber: mainlandIdNumber('810000', '1980-01-15', 21) }] };
    expect(await run([j(moved)])).toMatchObject({ updated: 1 });
    const p = await findPersonByDocument(t.app.ctx.db, { docType: 'residence_permit', docNumber: mainlandIdNumber('810000', '1980-01-15', 21) });
    expect(p!.documents).toHaveLength(3);
    // Two documents already held by two different people cannot be merged silently.
    await run([j(person())]);
    const clash = { ...hkPerson, birthDate: '1985-03-02', documents: [{ docType: 'hk_id', docNumber: hk }, { docType: 'cn_id', docNumber: zhang }] };
    const r = await run([j(clash)]);
    expect(r).toMatchObject({ rejected: 1 });
    expect(r.errors[0]!.reason).toMatch(/different persons/);
  });

  it('resolves references at the end of the run, and rejects what stays unresolved', async () => {
    const other = mainlandIdNumber('440100', '1990-07-08', 246);
    const lines = [
      j(licence()), // 1: before its person
      j(vehicle()), // 2: before its owner
      j(rental), // 3: renter comes last
      j(licence({ archiveNumber: '440100000001', holder: { docType: 'cn_id', docNumber: other } })), // 4: never resolved
      j(person()), // 5
      j(hkPerson), // 6
    ];
    const r = await run(lines);
    expect(r).toMatchObject({ created: 5, rejected: 1 });
    expect(r.errors).toEqual([{ line: 4, reason: expect.stringMatching(/^holder: no person holding cn_id 4401\*+\d{3}[\dX] is in the registry/) }]);
    expect(r.errors[0]!.reason).not.toContain(other);
    const pending = await t.app.ctx.db.execute(sql`select count(*)::int as n from registry_import_pending`);
    expect((pending as unknown as { rows: Array<{ n: number }> }).rows[0]!.n).toBe(0);
  });

  it('rejects bad lines with their line number and a readable reason, and applies the good ones', async () => {
    const cases: Array<[string, RegExp]> = [
      ['{"kind":"person",', /not valid JSON/],
      ['[1,2]', /not a JSON object/],
      [j({ name: 'x' }), /kind is missing/],
      [j({ kind: 'car' }), /unknown record kind "car"/],
      [j(person({ nickname: '三' })), /unknown field nickname/],
      [j(person({ documents: [{ docType: 'cn_id', docNumber: zhang.slice(0, 17) + (zhang[17] === '1' ? '2' : '1') }] })), /documents\[0\]\.docNumber: cn_id number .* wrong check character/],
      [j(person({ documents: [{ docType: 'hk_id', docNumber: 'A123456(9)' }] })), /hk_id number .* wrong check character/],
      [j(person({ documents: [{ docType: 'ssn', docNumber: '1' }] })), /unknown document type "ssn"/],
      [j(person({ documents: [] })), /documents must be a list/],
      [j(person({ name: '張三' })), /Simplified characters: 张三/],
      [j(person({ name: 'A' })), /name breaks the rules/],
      [j(person({ sex: 'X' })), /sex must be M or F/],
      [j(person({ birthDate: '1985-02-30' })), /birthDate must be a date/],
      [j(person({ birthDate: '1985-03-03' })), /birth date in the number differs/],
      [j(person({ sex: 'F' })), /sex in the number differs/],
      [j(licence({ archiveNumber: '12345' })), /archiveNumber must be 12 digits/],
      [j(licence({ class: 'C9' })), /licence class "C9"/],
      [j(licence({ status: 'AX' })), /licence status "AX"/],
      [j(licence({ regionCode: '999999' })), /region code "999999"/],
      [j(licence({ validTo: '2015-01-01' })), /validTo must not be before validFrom/],
      [j({ ...licence(), validTo: undefined }), /validTo is missing/],
      [j(vehicle({ plate: '粤B1234' })), /plate "粤B1234" is not a valid plate of type 02/],
      [j(vehicle({ plateType: '77' })), /plate type "77"/],
      [j(vehicle({ vin: 'LSVAM4180C2184847'.replace(/^(.{8})./, (_, a) => a + (vin[8] === '1' ? '2' : '1')) })), /VIN is not valid/],
      [j({ ...northbound, plateType: '02' }), /hk_northbound vehicle has plate type 20/],
      [j({ ...northbound, permitValidTo: undefined }), /northbound vehicle needs permitValidTo/],
      [j(vehicle({ scheme: 'space' })), /scheme must be/],
      [j(violation({ occurredAt: '2025-11-01 08:12' })), /occurredAt must be an ISO 8601 instant/],
      [j(violation({ occurredAt: '2027-01-01T00:00:00+08:00' })), /occurredAt lies in the future/],
      [j(violation({ points: 4 })), /points must be 0, 1, 3, 6, 9 or 12/],
      [j(violation({ fineFen: 12.5 })), /fineFen must be a whole number/],
      [j(violation({ source: 'radar' })), /source must be camera or onsite/],
      [j(violation({ code: 'red' })), /violation code "red"/],
      [j(violation({ source: 'onsite' })), /onsite violation needs driver, decisionNo and decidedAt \(driver is missing\)/],
      [j(violation({ paidAt: '2025-11-02T08:00:00+08:00' })), /paidAt needs a decision/],
      [j({ ...onsite, decisionNo: '12' }), /decisionNo must be 15 or 16 digits/],
      [j({ ...rental, to: rental.from }), /to must not be before from/],
      [j({ ...rental, renter: { docType: 'hk_id' } }), /renter\.docNumber is missing/],
      [j(licence({ issuingAuthority: '' })), /issuingAuthority must be non-empty text/],
    ];
    const lines = [j(person()), ...cases.map(([line]) => line), '', j(hkPerson)];
    const r = await run(lines);
    expect(r.created).toBe(2);
    expect(r.rejected).toBe(cases.length);
    expect(r.errors.map((e) => e.line)).toEqual(cases.map((_, i) => i + 2));
    for (const [i, [, pattern]] of cases.entries()) expect(r.errors[i]!.reason, `line ${i + 2}`).toMatch(pattern);
  });

  it('checks the lines of a long file in a worker thread, with the same outcomes as in its own', async () => {
    const bad = ['{"kind":"person",', '[1,2]', j(person({ sex: 'X' })), j(violation({ occurredAt: '2027-01-01T00:00:00+08:00' })), j({ ...rental, to: rental.from }), ''];
    const lines = Array.from({ length: 3000 }, (_, i) =>
      i % 7 === 3 ? bad[i % bad.length]! : j({ kind: 'person', name: '测试人员', sex: 'F', birthDate: '1990-01-02', documents: [{ docType: 'passport', docNumber: `P${String(i).padStart(8, '0')}` }] }),
    );
    // A source that pauses after its first line until the worker is up, as a slow upload might.
    let checks: LineChecks | undefined;
    async function* slowly(): AsyncIterable<string> {
      for (const [i, l] of lines.entries()) {
        yield l;
        for (let wait = 0; i === 0 && wait < 400 && !checks?.threaded; wait++) await new Promise((r) => setTimeout(r, 25));
      }
    }
    const inThread = await run(lines, { workerAfterLines: Infinity });
    await t.app.ctx.database.exec('truncate registry_person_documents, registry_persons cascade');
    const original = LineChecks.prototype.check;
    const threaded: boolean[] = [];
    const spy = vi.spyOn(LineChecks.prototype, 'check').mockImplementation(function (this: LineChecks, first: number, chunk: string[]) {
      threaded.push(this.threaded);
      return original.call(this, first, chunk);
    });
    const start = LineChecks.prototype.startWorker;
    const started = vi.spyOn(LineChecks.prototype, 'startWorker').mockImplementation(function (this: LineChecks) {
      checks = this;
      start.call(this);
    });
    let inWorker: Awaited<ReturnType<typeof run>>;
    try {
      inWorker = await importRegistry(t.app.ctx, slowly(), { lang: 'en', workerAfterLines: 1 });
    } finally {
      spy.mockRestore();
      started.mockRestore();
    }
    expect(threaded.filter(Boolean).length).toBeGreaterThan(0);
    expect(inWorker).toEqual(inThread);
    expect(inThread.rejected).toBeGreaterThan(300);
  });

  it('gives reasons in the requested language', async () => {
    const r = await importRegistry(t.app.ctx, asLines([j(person({ sex: 'X' })), j(person())]), { lang: 'zh-CN' });
    expect(r.errors).toEqual([{ line: 1, reason: 'sex 应为 M 或 F' }]);
  });

  it('refuses a file that is not NDJSON at all, changing nothing', async () => {
    const pretty = JSON.stringify([person()], null, 2).split('\n');
    await expect(run(pretty)).rejects.toSatisfy((e) => e instanceof Problem && e.code === 'registry_not_ndjson');
    await expect(run(['name,sex', '张三,M'])).rejects.toBeInstanceOf(Problem);
    expect(await findPersonIdByDocument(t.app.ctx.db, { docType: 'cn_id', docNumber: zhang })).toBeNull();
    // An empty file is valid NDJSON with no records.
    expect(await run([])).toMatchObject({ created: 0, rejected: 0, lines: 0 });
  });

  it('caps the reported errors but counts every rejection', async () => {
    const seen: number[] = [];
    const r = await run(['{}', ...Array.from({ length: 30 }, () => 'x'), j(person())], { maxErrors: 10, onRejected: (e) => seen.push(e.line) });
    expect(r.rejected).toBe(31);
    expect(r.errors).toHaveLength(10);
    expect(r.truncated).toBe(true);
    expect(seen).toHaveLength(31);
    expect(r.created).toBe(1);
  });

  it('applies a key repeated in one file in order (the last line wins)', async () => {
    // Line 1 waits for its person; lines 2 and 4 must wait behind it, or line 1 would win at the end.
    const r = await run([j(licence({ status: 'A' })), j(licence({ status: 'D' })), j(person()), j(licence({ status: 'DH' })), j(licence({ status: 'DH' }))]);
    expect(r).toMatchObject({ created: 2, updated: 2, unchanged: 1, rejected: 0 });
    const id = (await findPersonIdByDocument(t.app.ctx.db, { docType: 'cn_id', docNumber: zhang }))!;
    expect((await findLicenceOfPerson(t.app.ctx.db, id))!.status).toBe('DH');
  });

  describe('batch boundaries (set-based writes give the result of line-by-line ones)', () => {
    const other = mainlandIdNumber('440100', '1990-07-08', 246);
    const otherPerson = person({ name: '李四', birthDate: '1990-07-08', sex: 'F', documents: [{ docType: 'cn_id', docNumber: other }] });
    const otherLicence = licence({ archiveNumber: '440100000001', holder: { docType: 'cn_id', docNumber: other } });

    it('rejects a bad line in the middle of a batch and applies the lines around it', async () => {
      const lines = [j(person()), j(licence()), j(licence({ archiveNumber: '12' })), j(vehicle()), j(violation())];
      const r = await run(lines, { batchLines: 5 });
      expect(r).toMatchObject({ created: 4, rejected: 1 });
      expect(r.errors).toEqual([{ line: 3, reason: expect.stringMatching(/archiveNumber must be 12 digits/) }]);
      expect(await findViolationRefs()).toEqual(['4403002025110100001']);
    });

    it('rejects only the line the database refuses inside a batch (a decision number used twice)', async () => {
      const second = violation({ ...onsite, ref: '4403002025120100003' });
      const lines = [j(person()), j(vehicle()), j(onsite), j(violation()), j(second), j(violation({ ref: '4403002025110100009' }))];
      for (const batchLines of [6, 2]) {
        await t.app.ctx.database.exec('truncate registry_rentals, registry_violations, registry_vehicles, registry_licences, registry_person_documents, registry_persons');
        const r = await run(lines, { batchLines });
        expect(r, `batches of ${batchLines}`).toMatchObject({ created: 5, rejected: 1 });
        expect(r.errors).toEqual([{ line: 5, reason: 'decisionNo is already used by another violation' }]);
        expect(await findViolationRefs()).toEqual(['4403002025110100001', '4403002025110100009', '4403002025120100002']);
      }
    });

    it('applies a key repeated inside one batch in file order, counting each line', async () => {
      const lines = [j(person()), j(licence({ status: 'A' })), j(vehicle()), j(licence({ status: 'D' })), j(licence({ status: 'D' })), j(vehicle({ status: 'G' }))];
      const r = await run(lines, { batchLines: 100 });
      expect(r).toMatchObject({ created: 3, updated: 2, unchanged: 1, rejected: 0 });
      const id = (await findPersonIdByDocument(t.app.ctx.db, { docType: 'cn_id', docNumber: zhang }))!;
      expect((await findLicenceOfPerson(t.app.ctx.db, id))!.status).toBe('D');
      expect((await listVehiclesOfPerson(t.app.ctx.db, id))[0]!.status).toBe('G');
    });

    it('counts two lines naming one person by different documents in one batch as that person, last values winning', async () => {
      await run([j(hkPerson)]);
      const byCard = { ...hkPerson, name: '陈小文', documents: [{ docType: 'hk_id', docNumber: hk }] };
      const byPermit = { ...hkPerson, name: '陈中文', documents: [{ docType: 'hkmo_permit', docNumber: permit }] };
      const r = await run([j(byCard), j(byPermit)], { batchLines: 10 });
      expect(r).toMatchObject({ created: 0, updated: 2, unchanged: 0, rejected: 0 });
      expect((await findPersonByDocument(t.app.ctx.db, { docType: 'hk_id', docNumber: hk }))!.name).toBe('陈中文');
    });

    it('resolves references across a batch split between two kinds, in either direction', async () => {
      // Batches of 3: [person, other's licence, licence] [otherPerson, vehicle, violation] [rental, hkPerson].
      const lines = [j(person()), j(otherLicence), j(licence()), j(otherPerson), j(vehicle()), j(violation()), j(rental), j(hkPerson)];
      const r = await run(lines, { batchLines: 3 });
      expect(r).toMatchObject({ created: 8, updated: 0, rejected: 0 });
      const otherId = (await findPersonIdByDocument(t.app.ctx.db, { docType: 'cn_id', docNumber: other }))!;
      expect(await findLicenceOfPerson(t.app.ctx.db, otherId)).toMatchObject({ archiveNumber: '440100000001' });
      const chan = (await findPersonIdByDocument(t.app.ctx.db, { docType: 'hk_id', docNumber: hk }))!;
      expect(await listRentalsOfPerson(t.app.ctx.db, chan)).toHaveLength(1);
    });

    it('switches between new and existing keys from one batch to the next without losing a count', async () => {
      await run([j(person()), j(violation({ ref: 'R2' }))]);
      // Batches of 2: [new, new] [existing changed, new] [new, existing unchanged].
      const lines = [j(violation({ ref: 'R0' })), j(violation({ ref: 'R1' })), j(violation({ ref: 'R2', points: 3 })), j(violation({ ref: 'R3' })), j(violation({ ref: 'R4' })), j(violation({ ref: 'R0' }))];
      const r = await run(lines, { batchLines: 2 });
      expect(r).toMatchObject({ created: 4, updated: 1, unchanged: 1, rejected: 0 });
      expect(await findViolationRefs()).toEqual(['R0', 'R1', 'R2', 'R3', 'R4']);
      expect(await run(lines, { batchLines: 2 })).toMatchObject({ created: 0, updated: 0, unchanged: 6 });
    });
    it('runs a batch again with key look-ups when a COPY of presumed-new rows meets existing keys, undoing its first attempt', async () => {
      await run([j(person()), j(licence()), j(vehicle()), j(violation())]);
      // One batch: a new person and licence first (written before the conflict), then known
      // keys in every table that was still taking new rows without a look-up.
      const lines = [j(otherPerson), j(otherLicence), j(licence({ status: 'D' })), j(vehicle()), j(violation({ points: 3 }))];
      const r = await run(lines, { batchLines: 100 });
      expect(r).toMatchObject({ created: 2, updated: 2, unchanged: 1, rejected: 0 });
      const count = async (table: string) => Number(((await t.app.ctx.db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as { rows: Array<{ n: number }> }).rows[0]!.n);
      expect(await count('registry_persons')).toBe(2);
      expect(await count('registry_person_documents')).toBe(2);
      expect(await count('registry_licences')).toBe(2);
      const id = (await findPersonIdByDocument(t.app.ctx.db, { docType: 'cn_id', docNumber: zhang }))!;
      expect((await findLicenceOfPerson(t.app.ctx.db, id))!.status).toBe('D');
      expect((await listViolationsForPlates(t.app.ctx.db, [{ plate: '粤B12345', plateType: '02' }]))[0]!.points).toBe(3);
      expect(await run(lines, { batchLines: 100 })).toMatchObject({ created: 0, updated: 0, unchanged: 5, rejected: 0 });
    });
  });

  it('imports 50,000 generated lines in flat memory', { timeout: 240_000 }, async () => {
    const count = 25_000;
    async function* generate(): AsyncIterable<string> {
      for (let i = 0; i < count; i++) {
        const birth = `19${String(50 + (i % 40)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 9}`;
        const doc = { docType: 'passport', docNumber: `P${String(i).padStart(8, '0')}` };
        // Every tenth licence comes before its person, so the pending table is exercised.
        const p = j({ kind: 'person', name: '测试人员', sex: 'M', birthDate: birth, documents: [doc] });
        const l = j(licence({ holder: doc, archiveNumber: String(100000000000 + i) }));
        if (i % 10 === 0) {
          yield l;
          yield p;
        } else {
          yield p;
          yield l;
        }
      }
    }
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    const started = Date.now();
    const r = await importRegistry(t.app.ctx, generate(), {
      onProgress: () => {
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      },
    });
    const seconds = (Date.now() - started) / 1000;
    expect(r).toMatchObject({ created: 50_000, rejected: 0, lines: 50_000 });
    // Generous: the whole file as objects would be far above this; batches of 500 stay well under.
    expect(peak - before).toBeLessThan(150 * 1024 * 1024);
    console.info(`50k lines in ${seconds.toFixed(1)} s (${Math.round(50_000 / seconds)} lines/s), heap +${Math.round((peak - before) / 1048576)} MiB`);
  });
});
