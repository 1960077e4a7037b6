/**
 * The benchmark driver of the home, violation-list and growth cases: one citizen with a
 * licence, two cars, a car filed with its owner's consent, a rental contract, about 300
 * records over three years (most decided and paid, the recent ones not, one handled online)
 * and unread messages — the heavy end of what one person's home screen shows.
 *
 * The same driver is written into every database the cases run on (a fresh one, or a
 * pre-seeded national-scale one), so the per-person work is equal and only the size of
 * the tables around it differs. It is written without disturbing what is there: registry
 * rows go straight in with `on conflict do nothing` (not through the importer, whose
 * notice job would then scan every unscanned record of a 10M-row registry), under numbers
 * the generator never makes (refs of 19 digits starting 4403999, the generator's have 24; decision numbers
 * of region 440399, which is no city), and a second run finds everything in place and only
 * logs in again.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { addDays, shanghaiDate } from '../src/domain/dates.ts';
import { sendMessage, countUnread } from '../src/server/features/messages/service.ts';
import { mainlandIdNumber, vinWithCheckDigit } from '../src/server/features/registry/identities.ts';
import { documentKey } from '../src/server/features/registry/lookup-hash.ts';
import {
  registryLicences,
  registryPersonDocuments,
  registryPersons,
  registryRentals,
  registryVehicles,
  registryViolations,
} from '../src/server/features/registry/tables.ts';

export const DRIVER_PASSWORD = 'Bench-Harbour-Kite-2026';
const PERSON_ID = 'b3e7c000-0000-4000-8000-00000000d001';
const OWNER_ID = 'b3e7c000-0000-4000-8000-00000000d002';
interface Who {
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
  doc: { docType: 'cn_id'; docNumber: string };
  phone: string;
}
const DRIVER: Who = { name: '钱思远', sex: 'M', birthDate: '1986-07-19', doc: { docType: 'cn_id', docNumber: mainlandIdNumber('440305', '1986-07-19', 731) }, phone: '13912349001' };
const OWNER: Who = { name: '孙雅琴', sex: 'F', birthDate: '1979-03-02', doc: { docType: 'cn_id', docNumber: mainlandIdNumber('440304', '1979-03-02', 482) }, phone: '13912349002' };
const CAR = { plate: '粤BZ9Q01', plateType: '02' };
const EV = { plate: '粤BD90001', plateType: '52' };
const FILED = { plate: '粤BZ9Q02', plateType: '02' };
const RENTAL = { plate: '粤BZ9Q03', plateType: '02' };
const VIN_BODY = ['LSVAB4187C2', 'LFVBA24G8K3', 'LGBH52E07KY', 'LVSHCFAE5LF'];

const DAY_MS = 86_400_000;
const pad = (n: number, w: number) => String(n).padStart(w, '0');
/** Cheap deterministic spread for record facts. */
const spread = (i: number, salt: number, n: number) => ((i * 2654435761 + salt * 40503) >>> 0) % n;

const KINDS = [
  { code: '1039', fineFen: 20000, points: 0, description: '机动车违反规定停放、临时停车，妨碍其他车辆、行人通行的' },
  { code: '1352A', fineFen: 20000, points: 0, description: '驾驶中型以上载客载货汽车、危险物品运输车辆以外的其他机动车行驶超过规定时速10%以上未达到20%的' },
  { code: '1345', fineFen: 10000, points: 1, description: '驾驶机动车违反禁止标线指示的' },
  { code: '10393', fineFen: 5000, points: 0, description: '机动车违反规定停放、临时停车，驾驶人不在现场，妨碍其他车辆、行人通行的' },
  { code: '1625', fineFen: 20000, points: 6, description: '驾驶机动车违反道路交通信号灯通行的' },
];

export interface BenchDriver {
  token: string;
  accountId: string;
  /** Records the driver sees in GET /me/violations. */
  records: number;
}

/** Writes (once) and logs in the benchmark driver on the app's database. */
export async function ensureBenchDriver(app: FastifyInstance): Promise<BenchDriver> {
  const ctx = app.ctx;
  const db = ctx.db;
  const now = ctx.clock.now();
  const hash = (d: { docType: string; docNumber: string }) => ctx.crypto.lookupHash(documentKey(d.docType, d.docNumber));

  // Registry: people, licence, vehicles, rental, records. Nothing is overwritten.
  const [mine] = await db.select({ personId: registryPersonDocuments.personId }).from(registryPersonDocuments).where(eq(registryPersonDocuments.docHash, hash(DRIVER.doc)));
  if (mine && mine.personId !== PERSON_ID) throw new Error('the benchmark driver’s document belongs to another registry person in this database; pick another number in bench/driver.ts');
  await db.insert(registryPersons).values([
    { id: PERSON_ID, name: DRIVER.name, sex: DRIVER.sex, birthDate: DRIVER.birthDate },
    { id: OWNER_ID, name: OWNER.name, sex: OWNER.sex, birthDate: OWNER.birthDate },
  ]).onConflictDoNothing();
  await db.insert(registryPersonDocuments).values([
    { docHash: hash(DRIVER.doc), ...DRIVER.doc, personId: PERSON_ID },
    { docHash: hash(OWNER.doc), ...OWNER.doc, personId: OWNER_ID },
  ]).onConflictDoNothing();
  await db.insert(registryLicences).values([
    { archiveNumber: '440399000001', holderDocType: DRIVER.doc.docType, holderDocNumber: DRIVER.doc.docNumber, holderDocHash: hash(DRIVER.doc), personId: PERSON_ID, class: 'C1', firstIssuedOn: '2009-08-14', validFrom: '2019-08-14', validTo: '2029-08-14', status: 'A', issuingAuthority: '深圳市公安局交通警察支队', regionCode: '440300' },
    { archiveNumber: '440399000002', holderDocType: OWNER.doc.docType, holderDocNumber: OWNER.doc.docNumber, holderDocHash: hash(OWNER.doc), personId: OWNER_ID, class: 'C1', firstIssuedOn: '2004-05-10', validFrom: '2014-05-10', validTo: null, status: 'A', issuingAuthority: '深圳市公安局交通警察支队', regionCode: '440300' },
  ]).onConflictDoNothing();
  const vehicle = (v: { plate: string; plateType: string }, owner: Who, personId: string, i: number) => ({
    ...v,
    scheme: 'mainland',
    ownerDocType: owner.doc.docType,
    ownerDocNumber: owner.doc.docNumber,
    ownerDocHash: hash(owner.doc),
    personId,
    ownerName: owner.name,
    vin: vinWithCheckDigit(`${VIN_BODY[i]!}${pad(900_100 + i, 6)}`),
    brand: v.plateType === '52' ? '比亚迪' : '大众',
    model: v.plateType === '52' ? '汉EV' : '朗逸',
    registeredOn: '2019-06-01',
    inspectionValidTo: addDays(shanghaiDate(now), 200),
    status: 'A',
  });
  const vehicles = [vehicle(CAR, DRIVER, PERSON_ID, 0), vehicle(EV, DRIVER, PERSON_ID, 1), vehicle(FILED, OWNER, OWNER_ID, 2), vehicle(RENTAL, OWNER, OWNER_ID, 3)];
  await db.insert(registryVehicles).values(vehicles).onConflictDoNothing();
  for (const v of vehicles) {
    const [row] = await db.select({ personId: registryVehicles.personId }).from(registryVehicles).where(and(eq(registryVehicles.plate, v.plate), eq(registryVehicles.plateType, v.plateType)));
    if (row?.personId !== v.personId) throw new Error(`plate ${v.plate} belongs to someone else in this database; pick another in bench/driver.ts`);
  }
  const rentalFrom = new Date(now.getTime() - 60 * DAY_MS);
  const rentalTo = new Date(now.getTime() - 50 * DAY_MS);
  await db
    .insert(registryRentals)
    .values({ ...RENTAL, from: rentalFrom, to: rentalTo, company: '深圳易行汽车租赁有限公司', renterDocType: DRIVER.doc.docType, renterDocNumber: DRIVER.doc.docNumber, renterDocHash: hash(DRIVER.doc), personId: PERSON_ID })
    .onConflictDoNothing();

  // Records: ~3 years on the own car, fewer on the others; older than a month mostly decided (the driver at a counter) and paid.
  const rows: Array<typeof registryViolations.$inferInsert> = [];
  let seq = 0;
  const record = (v: { plate: string; plateType: string }, occurredAt: Date, opts: { onsite?: boolean } = {}) => {
    const i = seq++;
    const kind = KINDS[spread(i, 1, KINDS.length)]!;
    const ageDays = (now.getTime() - occurredAt.getTime()) / DAY_MS;
    const decided = opts.onsite || (ageDays > 30 && spread(i, 2, 10) < 8);
    const decidedAt = decided ? new Date(occurredAt.getTime() + (opts.onsite ? 600_000 : 5 * DAY_MS)) : null;
    rows.push({
      // Not dated like real refs: a run on another day must find the same records, not add new ones.
      ref: `4403999${pad(i, 12)}`,
      ...v,
      occurredAt,
      location: `深圳市深南大道与华富路交叉口${pad(spread(i, 3, 90) + 10, 2)}号`,
      ...kind,
      source: opts.onsite ? 'onsite' : 'camera',
      driverDocType: decided ? DRIVER.doc.docType : null,
      driverDocNumber: decided ? DRIVER.doc.docNumber : null,
      driverDocHash: decided ? hash(DRIVER.doc) : null,
      decisionNo: decided ? `440399${pad(i, 10)}` : null,
      decidedAt,
      paidAt: decidedAt && spread(i, 4, 100) < 85 && decidedAt.getTime() + 3 * DAY_MS < now.getTime() ? new Date(decidedAt.getTime() + 3 * DAY_MS) : null,
    });
  };
  const at = (daysAgo: number, hour: number) => new Date(now.getTime() - daysAgo * DAY_MS - hour * 3_600_000);
  for (let k = 0; k < 240; k++) record(CAR, at(2 + k * 4.5, k % 9), k % 24 === 5 ? { onsite: true } : {});
  for (let k = 0; k < 24; k++) record(EV, at(5 + k * 40, k % 7));
  for (let k = 0; k < 16; k++) record(FILED, at(3 + k * 60, k % 5));
  for (let k = 0; k < 8; k++) record(RENTAL, at(48 + k * 2, 1));
  // Earlier versions dated the driver's refs (440399 + YYYYMMDD + 5 digits), so each day added records: those go.
  await db.execute(sql`delete from registry_violations where ref like '440399%' and length(ref) = 19 and substr(ref, 7, 1) <> '9'`);
  for (let i = 0; i < rows.length; i += 100) await db.insert(registryViolations).values(rows.slice(i, i + 100)).onConflictDoNothing();

  // Accounts, the filing (the owner's consent by SMS code), one record handled online, messages.
  const driver = await account(app, DRIVER);
  // The owner needs an account of her own to receive the consent code.
  await account(app, OWNER);
  const vehiclesNow = await app.inject({ url: '/api/v1/me/vehicles', headers: { authorization: `Bearer ${driver.token}` } });
  if (!(vehiclesNow.json() as Array<{ plate: string }>).some((v) => v.plate === FILED.plate)) {
    const asked = await app.inject({
      method: 'POST',
      url: '/api/v1/me/vehicles/filings',
      headers: { authorization: `Bearer ${driver.token}` },
      payload: { ...FILED, ownerName: OWNER.name, vinLast6: vehicles[2]!.vin.slice(-6) },
    });
    if (asked.statusCode !== 202) throw new Error(`benchmark filing refused: ${asked.statusCode} ${asked.body}`);
    await ctx.jobs.drain();
    const sms = (await app.inject({ url: `/api/v1/dev/sms?phone=${OWNER.phone}` })).json() as Array<{ purpose: string; code?: string }>;
    const code = sms.find((m) => m.purpose === 'vehicle_filing')?.code;
    const confirmed = await app.inject({ method: 'POST', url: `/api/v1/me/vehicles/filings/${(asked.json() as { filingId: string }).filingId}/confirm`, headers: { authorization: `Bearer ${driver.token}` }, payload: { code } });
    if (confirmed.statusCode !== 200) throw new Error(`benchmark filing not confirmed: ${confirmed.statusCode} ${confirmed.body}`);
  }
  const list = (await app.inject({ url: '/api/v1/me/violations', headers: { authorization: `Bearer ${driver.token}` } })).json() as Array<{ id: string; handleable: boolean; points: number; status: string }>;
  const handleable = list.find((r) => r.handleable && r.points === 0 && r.status === 'unhandled');
  if (handleable) {
    const handled = await app.inject({ method: 'POST', url: `/api/v1/violations/${handleable.id}/handle`, headers: { authorization: `Bearer ${driver.token}`, 'idempotency-key': 'bench-driver-1' } });
    if (handled.statusCode !== 200) throw new Error(`benchmark handling refused: ${handled.statusCode} ${handled.body}`);
  }
  const unread = await countUnread(db, driver.id);
  for (let i = unread; i < 4; i++) {
    await sendMessage(db, driver.id, { kind: 'bench', titleKey: 'identityReview.approved.title', bodyKey: 'identityReview.approved.body', params: { name: DRIVER.name, docType: 'cn_id' }, sentAt: now });
  }
  await db.execute(sql`analyze registry_violations`).catch(() => undefined);
  return { token: driver.token, accountId: driver.id, records: list.length };
}

/** Registers the person (once) and logs in. */
async function account(app: FastifyInstance, who: Who): Promise<{ id: string; token: string }> {
  const reg = await app.inject({
    method: 'POST',
    url: '/api/v1/accounts',
    payload: { docType: who.doc.docType, docNumber: who.doc.docNumber, name: who.name, phone: who.phone, regionCode: '440300', password: DRIVER_PASSWORD, agreedToTerms: true },
  });
  if (reg.statusCode !== 201 && reg.statusCode !== 409) throw new Error(`registration of the benchmark driver failed: ${reg.statusCode} ${reg.body}`);
  const login = await app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { login: who.phone, password: DRIVER_PASSWORD } });
  if (login.statusCode !== 200) throw new Error(`login of the benchmark driver failed: ${login.statusCode} ${login.body}`);
  const body = login.json() as { token: string; account: { id: string } };
  return { id: body.account.id, token: body.token };
}
