// Builds the demo registry (demo/registry.ndjson) and its identity table (docs/demo.md) from
// the readable definitions below. Check characters come from the domain's own functions,
// and every line is validated with the importer's rules before anything is written.
//   npx tsx scripts/gen-demo.ts
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hkIdNumber, mainlandIdNumber, vinWithCheckDigit } from '../src/server/features/registry/identities.ts';
import { validateRecord, LineError } from '../src/server/features/registry/validate.ts';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
/** The demo's "today" (the test clock): probation and overdue dates are relative to it. */
const DEMO_NOW = new Date('2026-11-25T10:00:00+08:00');

type Doc = { docType: string; docNumber: string };
interface DemoPerson {
  key: string;
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
  documents: Doc[];
  /** Which document the licence is held under (index into documents). */
  licenceUnder?: number;
  licence?: { archiveNumber: string; class: string; firstIssuedOn: string; validFrom: string; validTo: string | null; issuingAuthority: string; regionCode: string };
  vehicles?: Array<{ plate: string; plateType: string; scheme?: string; vin: string; brand: string; model: string; registeredOn: string; inspectionValidTo: string; permitValidTo?: string; ownerDoc?: number }>;
  shows: string;
}

const cn = (region: string, birth: string, seq: number): Doc => ({ docType: 'cn_id', docNumber: mainlandIdNumber(region, birth, seq) });
const SZ = '深圳市公安局交通警察支队';
const GZ = '广州市公安局交通警察支队';
const BJ = '北京市公安局公安交通管理局';
const ZH = '珠海市公安局交通警察支队';
const XM = '厦门市公安局交通警察支队';

const people: DemoPerson[] = [
  {
    key: 'zhang',
    name: '张伟',
    sex: 'M',
    birthDate: '1985-03-02',
    documents: [cn('440303', '1985-03-02', 131)],
    licence: { archiveNumber: '440300100001', class: 'C1', firstIssuedOn: '2008-06-18', validFrom: '2020-06-18', validTo: '2030-06-18', issuingAuthority: SZ, regionCode: '440300' },
    vehicles: [{ plate: '粤B12345', plateType: '02', vin: 'LSVAM4187C2184847', brand: '大众', model: '朗逸', registeredOn: '2018-06-01', inspectionValidTo: '2027-06-30' }],
    shows: 'Shenzhen driver with several camera violations (online-handleable, 0 points, a ¥300 fine that must go to a counter) and an overdue unpaid on-site fine',
  },
  {
    key: 'li',
    name: '李娜',
    sex: 'F',
    birthDate: '1998-09-21',
    documents: [cn('440106', '1998-09-21', 242)],
    licence: { archiveNumber: '440100100002', class: 'C1', firstIssuedOn: '2026-03-16', validFrom: '2026-03-16', validTo: '2032-03-16', issuingAuthority: GZ, regionCode: '440100' },
    vehicles: [{ plate: '粤A3K7Z9', plateType: '02', vin: 'LVGBE40K4LG012345', brand: '丰田', model: '卡罗拉', registeredOn: '2026-04-02', inspectionValidTo: '2032-04-30' }],
    shows: 'Guangzhou driver in probation (licence first issued 2026-03-16), one 0-point parking violation',
  },
  {
    key: 'wang',
    name: '王强',
    sex: 'M',
    birthDate: '1979-12-05',
    documents: [cn('110105', '1979-12-05', 357)],
    licence: { archiveNumber: '110000100003', class: 'C1', firstIssuedOn: '2001-04-20', validFrom: '2011-04-20', validTo: null, issuingAuthority: BJ, regionCode: '110000' },
    vehicles: [{ plate: '京N8M2Q6', plateType: '02', vin: 'LE4GG8BB5GL012345', brand: '奔驰', model: 'C260L', registeredOn: '2016-09-12', inspectionValidTo: '2026-12-31' }],
    shows: 'Beijing driver with a long-term licence, no violations',
  },
  {
    key: 'chen',
    name: '陈静',
    sex: 'F',
    birthDate: '1992-05-14',
    documents: [cn('440304', '1992-05-14', 182)],
    licence: { archiveNumber: '440300100004', class: 'C1', firstIssuedOn: '2014-07-08', validFrom: '2020-07-08', validTo: '2030-07-08', issuingAuthority: SZ, regionCode: '440300' },
    vehicles: [{ plate: '粤B6F3K8', plateType: '02', vin: 'LGBH52E05KY012345', brand: '本田', model: '思域', registeredOn: '2019-03-15', inspectionValidTo: '2027-03-31' }],
    shows: 'fresh identity for registration tests',
  },
  {
    key: 'liu',
    name: '刘洋',
    sex: 'M',
    birthDate: '1988-11-03',
    documents: [cn('440106', '1988-11-03', 215)],
    licence: { archiveNumber: '440100100005', class: 'C1', firstIssuedOn: '2010-01-22', validFrom: '2022-01-22', validTo: '2032-01-22', issuingAuthority: GZ, regionCode: '440100' },
    vehicles: [{ plate: '粤A5D9H2', plateType: '02', vin: 'LHGCV1658K8012345', brand: '吉利', model: '星瑞', registeredOn: '2021-05-20', inspectionValidTo: '2027-05-31' }],
    shows: 'fresh identity for registration tests',
  },
  {
    key: 'yang',
    name: '杨帆',
    sex: 'M',
    birthDate: '1995-02-27',
    documents: [cn('440305', '1995-02-27', 93)],
    licence: { archiveNumber: '440300100006', class: 'C1', firstIssuedOn: '2017-08-30', validFrom: '2023-08-30', validTo: '2033-08-30', issuingAuthority: SZ, regionCode: '440300' },
    vehicles: [{ plate: '粤B2T7W5', plateType: '02', vin: 'LFMAP22C0K0012345', brand: '长安', model: 'CS75', registeredOn: '2020-11-11', inspectionValidTo: '2026-11-30' }],
    shows: 'fresh identity for registration tests',
  },
  {
    key: 'zhao',
    name: '赵敏',
    sex: 'F',
    birthDate: '1990-08-09',
    documents: [cn('110108', '1990-08-09', 426)],
    licence: { archiveNumber: '110000100007', class: 'C1', firstIssuedOn: '2012-10-16', validFrom: '2018-10-16', validTo: '2028-10-16', issuingAuthority: BJ, regionCode: '110000' },
    vehicles: [{ plate: '京Q3H5P8', plateType: '02', vin: 'LSGPC52U5KF012345', brand: '别克', model: '英朗', registeredOn: '2019-12-03', inspectionValidTo: '2027-12-31' }],
    shows: 'fresh identity for registration tests',
  },
  {
    key: 'huang',
    name: '黄磊',
    sex: 'M',
    birthDate: '1987-06-19',
    documents: [cn('440303', '1987-06-19', 317)],
    licence: { archiveNumber: '440300100008', class: 'C1', firstIssuedOn: '2009-01-15', validFrom: '2017-01-15', validTo: '2027-01-15', issuingAuthority: SZ, regionCode: '440300' },
    shows: 'fresh identity for registration tests; licence expires 2027-01-15, so renewal is open (within 90 days); no vehicle',
  },
  {
    key: 'chan',
    name: '陈大文',
    sex: 'M',
    birthDate: '1980-01-15',
    documents: [
      { docType: 'hk_id', docNumber: hkIdNumber('A123456') },
      { docType: 'hkmo_permit', docNumber: 'H12345678' },
    ],
    licenceUnder: 0,
    licence: { archiveNumber: '440300200001', class: 'C1', firstIssuedOn: '2019-05-10', validFrom: '2025-05-10', validTo: '2035-05-10', issuingAuthority: SZ, regionCode: '440300' },
    vehicles: [
      {
        plate: 'AB1234',
        plateType: '20',
        scheme: 'hk_northbound',
        vin: 'JTDBR32E420123456',
        brand: '丰田',
        model: 'Alphard',
        registeredOn: '2021-04-01',
        inspectionValidTo: '2027-04-01',
        permitValidTo: '2027-03-31',
      },
    ],
    shows: 'Hong Kong resident (identity card + Home Return Permit), licence under the HK identity card, 港车北上 car AB1234 with an unhandled camera violation',
  },
  {
    key: 'wong',
    name: '黄志明',
    sex: 'M',
    birthDate: '1975-06-30',
    documents: [
      { docType: 'hk_id', docNumber: hkIdNumber('K654321') },
      { docType: 'hkmo_permit', docNumber: 'H23456789' },
    ],
    licenceUnder: 1,
    licence: { archiveNumber: '440300200002', class: 'C1', firstIssuedOn: '2016-03-01', validFrom: '2022-03-01', validTo: '2032-03-01', issuingAuthority: SZ, regionCode: '440300' },
    shows: 'Hong Kong resident whose licence is under the Home Return Permit: registering with the HK identity card gives doc_type_mismatch',
  },
  {
    key: 'leung',
    name: '梁嘉欣',
    sex: 'F',
    birthDate: '1993-10-12',
    documents: [
      { docType: 'hk_id', docNumber: hkIdNumber('Y234567') },
      { docType: 'hkmo_permit', docNumber: 'H34567890' },
    ],
    licenceUnder: 0,
    licence: { archiveNumber: '440300200003', class: 'C1', firstIssuedOn: '2020-11-20', validFrom: '2026-11-20', validTo: '2036-11-20', issuingAuthority: SZ, regionCode: '440300' },
    shows: 'Hong Kong resident, fresh for registration (review in /console); licence renewed on 2026-11-20',
  },
  {
    key: 'ho',
    name: '何家豪',
    sex: 'M',
    birthDate: '1989-04-25',
    documents: [
      { docType: 'hk_id', docNumber: hkIdNumber('Z345678') },
      { docType: 'hkmo_permit', docNumber: 'H45678901' },
    ],
    licenceUnder: 0,
    licence: { archiveNumber: '440300200004', class: 'C1', firstIssuedOn: '2018-02-14', validFrom: '2024-02-14', validTo: '2034-02-14', issuingAuthority: SZ, regionCode: '440300' },
    shows: 'Hong Kong resident, fresh for registration (review in /console)',
  },
  {
    key: 'lam',
    name: '林美华',
    sex: 'F',
    birthDate: '1986-07-19',
    documents: [
      { docType: 'mo_id', docNumber: '1234567(8)' },
      { docType: 'hkmo_permit', docNumber: 'M12345678' },
    ],
    licenceUnder: 0,
    licence: { archiveNumber: '440400200005', class: 'C1', firstIssuedOn: '2015-06-06', validFrom: '2021-06-06', validTo: '2031-06-06', issuingAuthority: ZH, regionCode: '440400' },
    vehicles: [
      {
        plate: 'MX-12-34',
        plateType: '20',
        scheme: 'mo_northbound',
        vin: 'WDDGF4HB1EA012345',
        brand: '梅赛德斯-奔驰',
        model: 'C200',
        registeredOn: '2020-08-18',
        inspectionValidTo: '2027-08-18',
        permitValidTo: '2027-06-30',
      },
    ],
    shows: 'Macau resident with a 澳车北上 car MX-12-34 and a violation; renter of 粤BD12345 (one violation inside the rental period, one outside)',
  },
  {
    key: 'chow',
    name: '周慧琳',
    sex: 'F',
    birthDate: '1991-12-01',
    documents: [{ docType: 'residence_permit', docNumber: mainlandIdNumber('810000', '1991-12-01', 64) }],
    licence: { archiveNumber: '440300200006', class: 'C1', firstIssuedOn: '2019-01-08', validFrom: '2025-01-08', validTo: '2035-01-08', issuingAuthority: SZ, regionCode: '440300' },
    shows: 'Hong Kong resident with a residence permit (verified against the registry at once)',
  },
  {
    key: 'lin',
    name: '林志明',
    sex: 'M',
    birthDate: '1984-02-11',
    documents: [{ docType: 'tw_permit', docNumber: '12345678' }],
    licence: { archiveNumber: '350200200007', class: 'C1', firstIssuedOn: '2013-05-28', validFrom: '2019-05-28', validTo: '2029-05-28', issuingAuthority: XM, regionCode: '350200' },
    shows: 'Taiwan resident (台胞证), licence issued in Xiamen',
  },
];

const byKey = new Map(people.map((p) => [p.key, p]));
const docOf = (key: string, i = 0) => byKey.get(key)!.documents[i]!;

type Violation = Record<string, unknown>;
const camera = (ref: string, plate: string, plateType: string, occurredAt: string, location: string, code: string, description: string, fineFen: number, points: number): Violation => ({
  kind: 'violation',
  ref,
  plate,
  plateType,
  occurredAt,
  location,
  code,
  description,
  fineFen,
  points,
  source: 'camera',
});

const violations: Violation[] = [
  camera('4403002026101200001', '粤B12345', '02', '2026-10-12T08:12:00+08:00', '深南大道与华富路交叉口', '1625', '驾驶机动车违反道路交通信号灯通行的', 20000, 6),
  camera('4403002026090300002', '粤B12345', '02', '2026-09-03T14:25:00+08:00', '福华三路会展中心北侧', '1039', '机动车违反规定停放、临时停车，妨碍其他车辆、行人通行的', 20000, 0),
  camera('4403002026072000003', '粤B12345', '02', '2026-07-20T22:41:00+08:00', '滨河大道皇岗立交段', '1636', '驾驶机动车在高速公路、城市快速路以外的道路上行驶超过规定时速20%以上未达到50%的', 30000, 3),
  camera('4403002025122000004', '粤B12345', '02', '2025-12-20T17:05:00+08:00', '广深高速公路鹤洲段', '4204', '驾驶机动车在高速公路或者城市快速路上行驶时，驾驶人未按规定使用安全带的', 5000, 1),
  {
    kind: 'violation',
    ref: '4403002026102000005',
    plate: '粤B12345',
    plateType: '02',
    occurredAt: '2026-10-20T09:40:00+08:00',
    location: '北环大道香蜜湖段',
    code: '1345',
    description: '驾驶机动车违反禁止标线指示的',
    fineFen: 10000,
    points: 1,
    source: 'onsite',
    driver: docOf('zhang'),
    decisionNo: '4403001020261020',
    decidedAt: '2026-10-20T10:05:00+08:00',
  },
  {
    kind: 'violation',
    ref: '4403002025061100006',
    plate: '粤B12345',
    plateType: '02',
    occurredAt: '2025-06-11T18:30:00+08:00',
    location: '深南大道车公庙段',
    code: '1018',
    description: '驾驶机动车不在机动车道内行驶的',
    fineFen: 10000,
    points: 0,
    source: 'onsite',
    driver: docOf('zhang'),
    decisionNo: '4403001020250611',
    decidedAt: '2025-06-11T18:45:00+08:00',
    paidAt: '2025-06-13T11:20:00+08:00',
  },
  camera('4401002026102800007', '粤A3K7Z9', '02', '2026-10-28T11:50:00+08:00', '天河路体育中心南门', '1039', '机动车违反规定停放、临时停车，妨碍其他车辆、行人通行的', 20000, 0),
  camera('4403002026091800008', 'AB1234', '20', '2026-09-18T16:20:00+08:00', '深圳湾口岸东滨隧道入口', '1345', '驾驶机动车违反禁止标线指示的', 10000, 1),
  camera('4404002026102200009', 'MX-12-34', '20', '2026-10-22T10:15:00+08:00', '珠海情侣路拱北段', '10393', '机动车违反规定停放、临时停车，驾驶人不在现场，妨碍其他车辆、行人通行的', 5000, 0),
  camera('4403002026100300010', '粤BD12345', '52', '2026-10-03T13:05:00+08:00', '深圳北站西广场', '1039', '机动车违反规定停放、临时停车，妨碍其他车辆、行人通行的', 20000, 0),
  camera('4403002026100800011', '粤BD12345', '52', '2026-10-08T19:32:00+08:00', '梅观高速公路清湖段', '1352A', '驾驶中型以上载客载货汽车、危险物品运输车辆以外的其他机动车行驶超过规定时速10%以上未达到20%的', 20000, 0),
];

const rentals = [
  {
    kind: 'rental',
    plate: '粤BD12345',
    plateType: '52',
    company: '深圳易行汽车租赁有限公司',
    renter: docOf('lam'),
    from: '2026-10-01T09:00:00+08:00',
    to: '2026-10-05T18:00:00+08:00',
  },
];

// Records, persons first for readability (the importer accepts any order).
const records: Array<Record<string, unknown>> = [];
for (const p of people) records.push({ kind: 'person', name: p.name, sex: p.sex, birthDate: p.birthDate, documents: p.documents });
for (const p of people) {
  if (p.licence) records.push({ kind: 'licence', holder: p.documents[p.licenceUnder ?? 0], ...p.licence, status: 'A' });
}
for (const p of people) {
  for (const v of p.vehicles ?? []) {
    const { ownerDoc, vin, ...rest } = v;
    records.push({
      kind: 'vehicle',
      ...rest,
      scheme: v.scheme ?? 'mainland',
      owner: p.documents[ownerDoc ?? 0],
      ownerName: p.name,
      vin: vinWithCheckDigit(vin),
      status: 'A',
    });
  }
}
records.push(...violations, ...rentals);

const today = '2026-11-25';
let failed = false;
for (const [i, r] of records.entries()) {
  try {
    validateRecord(r, DEMO_NOW, today);
  } catch (e) {
    if (!(e instanceof LineError)) throw e;
    failed = true;
    console.error(`record ${i + 1} (${String(r.kind)}): ${e.code} ${JSON.stringify(e.params)}`);
  }
}
if (failed) process.exit(1);

mkdirSync(path.join(root, 'demo'), { recursive: true });
writeFileSync(path.join(root, 'demo/registry.ndjson'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');

// docs/demo.md: the identities table, generated so the numbers can never drift from the file.
const docLabel: Record<string, string> = {
  cn_id: 'cn_id',
  residence_permit: 'residence_permit',
  hk_id: 'hk_id',
  hkmo_permit: 'hkmo_permit',
  mo_id: 'mo_id',
  tw_permit: 'tw_permit',
};
const rows = people.map((p, i) => {
  const docs = p.documents.map((d, j) => `\`${docLabel[d.docType]}\` \`${d.docNumber}\`${p.licence && (p.licenceUnder ?? 0) === j ? ' (licence)' : ''}`).join('<br>');
  const vehicles = (p.vehicles ?? []).map((v) => `${v.plate} (${v.plateType})`).join(', ') || '—';
  return `| ${p.name} | ${docs} | ${p.licence ? `${p.licence.class}, archive \`${p.licence.archiveNumber}\`` : '—'} | ${vehicles} | \`1380000${String(i + 1).padStart(4, '0')}\` | ${p.shows} |`;
});
const md = `# Demo identities

\`npm start\` with no configuration seeds this demo registry once (from
[\`demo/registry.ndjson\`](../demo/registry.ndjson), generated by \`npx tsx scripts/gen-demo.ts\`;
edit the definitions there, never the file). Reload it at any time with
\`npm run jiaoguan -- demo seed\` (idempotent). Every number below is fictional but valid
by the real rules (check characters included). The demo clock of tests is
2026-11-25 10:00 Asia/Shanghai; dates are chosen relative to it.

## Staff logins (console at \`/console\`)

| username | password | role |
| --- | --- | --- |
| \`reviewer\` | \`Reviewer#2026\` | reviewer: works the review queues — approves Hong Kong, Macau and Taiwan registrations and e-licence photos |
| \`admin\` | \`Admin#2026\` | admin: everything, including registry imports |

Demo passwords are fixed and public: the demo is refused in production.

## Citizens

Phone numbers belong to accounts, not to the registry: register with any unused mainland
mobile number; the column suggests one per person so that test journeys do not collide.
Registration with \`cn_id\` or \`residence_permit\` is verified against the registry at once;
the other documents go to manual review: log in to \`/console\` as \`reviewer\` to approve.

| name | documents | licence | vehicles | suggested phone | what it shows |
| --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

Identities nobody else uses, kept for registration tests (each journey needs a fresh one):
${people
  .filter((p) => p.shows.startsWith('fresh') || p.shows.includes('fresh for registration'))
  .map((p) => `${p.name} (\`${p.documents[0]!.docType}\` \`${p.documents[0]!.docNumber}\`)`)
  .join(', ')}.

## Violations and rentals

| ref | plate | when (UTC+8) | code | fine | points | state |
| --- | --- | --- | --- | --- | --- | --- |
${violations
  .map((v) => {
    const state = v.paidAt ? 'on-site, decided and paid' : v.decisionNo ? `on-site, decision \`${String(v.decisionNo)}\`, unpaid and overdue` : 'camera, unhandled';
    return `| \`${String(v.ref)}\` | ${String(v.plate)} | ${String(v.occurredAt).slice(0, 16).replace('T', ' ')} | ${String(v.code)} | ¥${Number(v.fineFen) / 100} | ${String(v.points)} | ${state} |`;
  })
  .join('\n')}

Rental: 粤BD12345 (52, small new-energy) rented from 深圳易行汽车租赁有限公司 by 林美华
(\`mo_id\` \`1234567(8)\`) from 2026-10-01 09:00 to 2026-10-05 18:00. The camera violation of
2026-10-03 lies inside the rental period and shows in her list (\`rental: true\`); the one of
2026-10-08 lies outside it and does not.

Notable cases: 张伟's ¥300 speeding fine is above the ¥200 online limit (\`not_handleable_online\`);
黄志明 registering with his HK identity card is refused with \`doc_type_mismatch\` (his licence is
under his Home Return Permit); 李娜 is in probation; 黄磊's licence is due for renewal.
`;
writeFileSync(path.join(root, 'docs/demo.md'), md);
console.log(`demo/registry.ndjson: ${records.length} records; docs/demo.md written`);
