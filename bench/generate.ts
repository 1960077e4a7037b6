/**
 * Scale data for benchmarks: realistic, valid registry records (REGISTRY-FORMAT.md) made
 * from an index, deterministically. Record `i` is the same on every run and on every
 * machine, so the import case, `jiaoguan bench seed` and the tests all see the same world,
 * and a violation can name its vehicle's plate without anything being held in memory:
 * every generator is a pure function of its index, which keeps memory flat at any scale.
 *
 * Check characters come from src/domain (through the registry's identity builders), so
 * the importer's own validation accepts every line (test/integration/bench-generate.test.ts).
 *
 * Uniqueness of natural keys is by construction, not by luck: each number space (identity
 * numbers, plates, archive and decision numbers, refs) is filled through an affine bijection
 * `x → (a·x + b) mod n` of a dense index, which spreads values over the space (birth dates,
 * regions, plate letters look scattered) while never repeating one.
 */
import { addDays, shanghaiDate } from '../src/domain/dates.ts';
import { citiesOf, provinces } from '../src/domain/regions.ts';
import { hkIdNumber, mainlandIdNumber, vinWithCheckDigit } from '../src/server/features/registry/identities.ts';
import type { DocRef } from '../src/server/features/registry/validate.ts';

// ---------------------------------------------------------------------------------------
// Deterministic helpers

/** 32-bit avalanche hash of (index, salt): the generator's only source of "randomness". */
export function mix(index: number, salt: number): number {
  let h = (Math.imul(index | 0, 0x9e3779b1) ^ Math.imul((index / 0x100000000) | 0, 0x85ebca77) ^ Math.imul(salt, 0xc2b2ae3d)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** A value in [0, n) from (index, salt). */
function pick(index: number, salt: number, n: number): number {
  return mix(index, salt) % n;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * A bijection of [0, n): x → (a·x + b) mod n with a coprime to n. Values stay below 2^53
 * (n ≤ 2^32, a < 2^20), so plain numbers are exact.
 */
class Scatter {
  private readonly a: number;
  private readonly b: number;
  constructor(
    readonly n: number,
    salt: number,
  ) {
    let a = (611_953 + (salt % 1000) * 2) % n || 1;
    while (gcd(a, n) !== 1) a++;
    this.a = a;
    this.b = mix(salt, 7) % n;
  }
  map(x: number): number {
    if (x >= this.n) throw new RangeError(`benchmark generator: index ${x} is beyond the ${this.n} distinct values of this number space`);
    return (((x % this.n) * this.a) % this.n + this.b) % this.n;
  }
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

// ---------------------------------------------------------------------------------------
// Reference data

/** Province code prefix → plate character (GA 36). */
const PLATE_PROVINCE: Record<string, string> = {
  '11': '京', '12': '津', '13': '冀', '14': '晋', '15': '蒙', '21': '辽', '22': '吉', '23': '黑',
  '31': '沪', '32': '苏', '33': '浙', '34': '皖', '35': '闽', '36': '赣', '37': '鲁', '41': '豫',
  '42': '鄂', '43': '湘', '44': '粤', '45': '桂', '46': '琼', '50': '渝', '51': '川', '52': '贵',
  '53': '云', '54': '藏', '61': '陕', '62': '甘', '63': '青', '64': '宁', '65': '新',
};

interface City {
  code: string;
  name: string;
  plateChar: string;
}

let cityCache: City[] | undefined;
/** Registration cities of GB/T 2260 with a plate character (every mainland city). */
export function benchCities(): City[] {
  cityCache ??= provinces()
    .flatMap((p) => citiesOf(p.code))
    .filter((c) => PLATE_PROVINCE[c.code.slice(0, 2)] !== undefined)
    .map((c) => ({ code: c.code, name: c.name, plateChar: PLATE_PROVINCE[c.code.slice(0, 2)]! }));
  return cityCache;
}

/** Common surnames and given-name characters, all standard Simplified. */
const SURNAMES = Array.from('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤');
const GIVEN = Array.from('伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建文辉力永健斌波宁鹏飞欣怡佳宇浩然子轩思雨晨阳梓涵博文嘉琪俊杰志强海燕春梅晓东立新国庆雪婷凯瑞诗琪子豪家乐');

const CLASSES: Array<[string, number]> = [['C1', 780], ['C2', 110], ['B2', 30], ['A2', 20], ['A1', 10], ['C1E', 20], ['D', 20], ['B1', 10]];
const BRANDS: Array<[string, string]> = [
  ['大众', '朗逸'], ['丰田', '卡罗拉'], ['本田', '雅阁'], ['日产', '轩逸'], ['比亚迪', '秦PLUS'], ['吉利', '星瑞'], ['长安', 'CS75'],
  ['别克', '英朗'], ['奔驰', 'C260L'], ['宝马', '325Li'], ['奥迪', 'A4L'], ['哈弗', 'H6'], ['五菱', '宏光MINIEV'], ['特斯拉', 'Model 3'],
];
const NEW_ENERGY_BRANDS: Array<[string, string]> = [['比亚迪', '汉EV'], ['特斯拉', 'Model Y'], ['蔚来', 'ES6'], ['小鹏', 'P7'], ['理想', 'L7'], ['五菱', '宏光MINIEV']];
const WMIS = ['LSV', 'LFV', 'LGB', 'LVS', 'LHG', 'LSG', 'LBV', 'LDC', 'LGW', 'LFM', 'LVG', 'LE4', 'LNB', 'LGX'];
/** VIN characters (ISO 3779: no I, O, Q). */
const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
/** Model-year codes (10th VIN character) 2001–2030. */
const MODEL_YEAR = '123456789ABCDEFGHJKLMNPRSTVWXY';
/** Plate letters without I and O. */
const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const PLATE_SERIAL = `${PLATE_LETTERS}0123456789`;
const ENERGY_LETTERS = 'DFABCEGHJK';
/** Hong Kong mark letters: no I, O, Q. */
const HK_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

interface ViolationKind {
  code: string;
  fineFen: number;
  points: number;
  description: string;
  weight: number;
}
/** Example codes of REFERENCE.md §4 with Guangdong-like fines; weights follow how often they occur. */
const VIOLATION_KINDS: ViolationKind[] = [
  { code: '1039', fineFen: 20000, points: 0, description: '机动车违反规定停放、临时停车，妨碍其他车辆、行人通行的', weight: 300 },
  { code: '10393', fineFen: 5000, points: 0, description: '机动车违反规定停放、临时停车，驾驶人不在现场，妨碍其他车辆、行人通行的', weight: 200 },
  { code: '1352A', fineFen: 20000, points: 0, description: '驾驶中型以上载客载货汽车、危险物品运输车辆以外的其他机动车行驶超过规定时速10%以上未达到20%的', weight: 150 },
  { code: '1625', fineFen: 20000, points: 6, description: '驾驶机动车违反道路交通信号灯通行的', weight: 100 },
  { code: '1345', fineFen: 10000, points: 1, description: '驾驶机动车违反禁止标线指示的', weight: 100 },
  { code: '1018', fineFen: 10000, points: 0, description: '驾驶机动车不在机动车道内行驶的', weight: 60 },
  { code: '1636', fineFen: 30000, points: 3, description: '驾驶机动车在高速公路、城市快速路以外的道路上行驶超过规定时速20%以上未达到50%的', weight: 50 },
  { code: '4204', fineFen: 5000, points: 1, description: '驾驶机动车在高速公路或者城市快速路上行驶时，驾驶人未按规定使用安全带的', weight: 30 },
  { code: '4008', fineFen: 20000, points: 6, description: '驾驶机动车在高速公路或者城市快速路上违法占用应急车道行驶的', weight: 10 },
];
const ROADS = Array.from(new Set('人民路 解放路 中山路 建设路 和平路 胜利路 新华路 文化路 长江路 黄河路 滨海大道 环城路 迎宾大道 东风路 光明路 朝阳路 复兴路 青年路 工业大道 学府路 发展大道 世纪大道'.split(' ')));

function weighted<T>(items: Array<[T, number]>, r: number): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = r % total;
  for (const [item, w] of items) {
    if (x < w) return item;
    x -= w;
  }
  return items[items.length - 1]![0];
}

// ---------------------------------------------------------------------------------------
// Records

export interface PersonLine {
  kind: 'person';
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
  documents: DocRef[];
}
export interface LicenceLine {
  kind: 'licence';
  holder: DocRef;
  archiveNumber: string;
  class: string;
  firstIssuedOn: string;
  validFrom: string;
  validTo: string | null;
  status: string;
  issuingAuthority: string;
  regionCode: string;
}
export interface VehicleLine {
  kind: 'vehicle';
  plate: string;
  plateType: string;
  scheme: 'mainland' | 'hk_northbound' | 'mo_northbound';
  owner: DocRef;
  ownerName: string;
  vin: string;
  brand: string;
  model: string;
  registeredOn: string;
  inspectionValidTo: string;
  permitValidTo?: string;
  status: string;
}
export interface ViolationLine {
  kind: 'violation';
  ref: string;
  plate: string;
  plateType: string;
  occurredAt: string;
  location: string;
  code: string;
  description: string;
  fineFen: number;
  points: number;
  source: 'camera' | 'onsite';
  driver?: DocRef;
  decisionNo?: string;
  decidedAt?: string;
  paidAt?: string;
}
export type GeneratedLine = PersonLine | LicenceLine | VehicleLine | ViolationLine;

/** Who a person is: mostly mainland ID holders, and the Hong Kong, Macau and Taiwan residents 12123 serves. */
type PersonClass = 'cn' | 'hk' | 'rp' | 'mo' | 'tw';
/** Per 1000 people, contiguous ranges of `i mod 1000`: keeps each class's own index dense (see `classOf`). */
const CLASS_RANGES: Array<[PersonClass, number]> = [['cn', 960], ['hk', 15], ['rp', 10], ['mo', 8], ['tw', 7]];

export interface GeneratorOptions {
  drivers: number;
  /** Vehicles (default: one per driver). */
  vehicles?: number;
  /** Upper bound for every date and instant (the registry refuses the future). */
  now: Date;
  /** Another seed gives another, equally valid world. */
  seed?: number;
}

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/**
 * Calendar arithmetic on day numbers (days since 1970-01-01) with the date strings cached:
 * the generator makes tens of millions of dates, and building each through `Date` was most
 * of its time.
 */
const dayStrings: string[] = [];
function dayString(day: number): string {
  const cached = dayStrings[day + 40_000];
  if (cached !== undefined) return cached;
  const s = new Date(day * DAY_MS).toISOString().slice(0, 10);
  dayStrings[day + 40_000] = s;
  return s;
}
const dayNumber = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** ISO 8601 with the +08:00 offset, as the traffic-police systems write them. */
function toInstant(ms: number): string {
  const local = ms + SHANGHAI_OFFSET_MS;
  const day = Math.floor(local / DAY_MS);
  const secondOfDay = Math.floor((local - day * DAY_MS) / 1000);
  return `${dayString(day)}T${two(Math.floor(secondOfDay / 3600))}:${two(Math.floor(secondOfDay / 60) % 60)}:${two(secondOfDay % 60)}+08:00`;
}

export class RegistryGenerator {
  readonly drivers: number;
  readonly vehicles: number;
  private readonly now: Date;
  private readonly today: string;
  private readonly seed: number;
  private readonly cities = benchCities();
  private readonly cityByCode = new Map(this.cities.map((c) => [c.code, c]));
  /** Birth dates span 18–80 years before today: the day index space. */
  private readonly birthDays: number;
  private readonly birthStart: number;
  private readonly todayDay: number;
  private readonly cnIds: Scatter;
  private readonly rpIds: Scatter;
  private readonly hkIds: Scatter;
  private readonly permits: Scatter;
  private readonly moIds: Scatter;
  private readonly twIds: Scatter;
  private readonly ordinaryPlates: Scatter;
  private readonly energyPlates: Scatter;
  private readonly hkPlates: Scatter;
  private readonly moPlates: Scatter;

  constructor(opts: GeneratorOptions) {
    this.drivers = opts.drivers;
    this.vehicles = opts.vehicles ?? opts.drivers;
    this.now = opts.now;
    this.today = shanghaiDate(opts.now);
    this.seed = opts.seed ?? 1;
    const s = this.seed * 101;
    const latestBirth = addDays(this.today, -Math.ceil(18 * 365.25));
    this.birthStart = dayNumber(latestBirth) - 62 * 365;
    this.todayDay = dayNumber(this.today);
    this.birthDays = 62 * 365;
    // cn_id: city × birth day × sequence pair (499 pairs: 001–998, parity = sex).
    this.cnIds = new Scatter(this.cities.length * this.birthDays * 499, s + 1);
    this.rpIds = new Scatter(2 * this.birthDays * 499, s + 2);
    this.hkIds = new Scatter(26 * 1_000_000, s + 3);
    this.permits = new Scatter(100_000_000, s + 4);
    this.moIds = new Scatter(3 * 1_000_000, s + 5);
    this.twIds = new Scatter(100_000_000, s + 6);
    this.ordinaryPlates = new Scatter(PLATE_LETTERS.length * PLATE_SERIAL.length ** 5, s + 7);
    this.energyPlates = new Scatter(PLATE_LETTERS.length * ENERGY_LETTERS.length * PLATE_SERIAL.length * 10_000, s + 8);
    this.hkPlates = new Scatter(HK_LETTERS.length * HK_LETTERS.length * 9999, s + 9);
    this.moPlates = new Scatter(26 * 26 * 10_000, s + 10);
  }

  private h(i: number, salt: number, n: number): number {
    return pick(i, salt * 131 + this.seed, n);
  }

  /** The class of person `i` and its index among people of that class (dense, so the scatters never collide). */
  private classOf(i: number): { cls: PersonClass; local: number } {
    const block = Math.floor(i / 1000);
    let r = i % 1000;
    for (const [cls, width] of CLASS_RANGES) {
      if (r < width) return { cls, local: block * width + r };
      r -= width;
    }
    throw new Error('unreachable');
  }

  private cityOf(i: number): City {
    return this.cities[this.h(i, 1, this.cities.length)]!;
  }

  private name(i: number): string {
    const surname = SURNAMES[this.h(i, 2, SURNAMES.length)]!;
    const first = GIVEN[this.h(i, 3, GIVEN.length)]!;
    // About a third of given names are one character (张伟), the rest two (王子轩).
    return this.h(i, 4, 3) === 0 ? surname + first : surname + first + GIVEN[this.h(i, 5, GIVEN.length)]!;
  }

  /** Person `i`, 0 ≤ i < drivers. */
  person(i: number): PersonLine {
    const { cls, local } = this.classOf(i);
    const name = this.name(i);
    if (cls === 'cn' || cls === 'rp') {
      const space = cls === 'cn' ? this.cnIds : this.rpIds;
      let x = space.map(local);
      const pair = x % 499;
      x = Math.floor(x / 499);
      const day = x % this.birthDays;
      const regionIdx = Math.floor(x / this.birthDays);
      const region = cls === 'cn' ? this.cities[regionIdx]!.code : regionIdx === 0 ? '810000' : '820000';
      const sex: 'M' | 'F' = this.h(i, 6, 2) === 0 ? 'M' : 'F';
      const birthDate = dayString(this.birthStart + day);
      const docNumber = mainlandIdNumber(region, birthDate, pair * 2 + (sex === 'M' ? 1 : 2));
      return { kind: 'person', name, sex, birthDate, documents: [{ docType: cls === 'cn' ? 'cn_id' : 'residence_permit', docNumber }] };
    }
    const sex: 'M' | 'F' = this.h(i, 6, 2) === 0 ? 'M' : 'F';
    const birthDate = dayString(this.birthStart + this.h(i, 7, this.birthDays));
    if (cls === 'hk') {
      const x = this.hkIds.map(local);
      const body = `${String.fromCharCode(65 + Math.floor(x / 1_000_000))}${pad(x % 1_000_000, 6)}`;
      return {
        kind: 'person',
        name,
        sex,
        birthDate,
        documents: [
          { docType: 'hk_id', docNumber: hkIdNumber(body) },
          { docType: 'hkmo_permit', docNumber: `H${pad(this.permits.map(local * 2), 8)}` },
        ],
      };
    }
    if (cls === 'mo') {
      const x = this.moIds.map(local);
      const first = '157'[Math.floor(x / 1_000_000)]!;
      return {
        kind: 'person',
        name,
        sex,
        birthDate,
        documents: [
          { docType: 'mo_id', docNumber: `${first}${pad(x % 1_000_000, 6)}(${this.h(i, 8, 10)})` },
          { docType: 'hkmo_permit', docNumber: `M${pad(this.permits.map(local * 2 + 1), 8)}` },
        ],
      };
    }
    return { kind: 'person', name, sex, birthDate, documents: [{ docType: 'tw_permit', docNumber: pad(this.twIds.map(local), 8) }] };
  }

  /** The document person `i`'s licence and vehicles are registered under (their first). */
  holderOf(i: number): { doc: DocRef; name: string; city: City; cls: PersonClass; local: number } {
    const p = this.person(i);
    const { cls, local } = this.classOf(i);
    // Hong Kong, Macau and Taiwan residents deal with a Guangdong or Fujian city.
    const city = cls === 'cn' ? (this.cityByCode.get(p.documents[0]!.docNumber.slice(0, 6)) ?? this.cityOf(i)) : (this.cityByCode.get(cls === 'tw' ? '350200' : cls === 'mo' ? '440400' : '440300') ?? this.cityOf(i));
    return { doc: p.documents[0]!, name: p.name, city, cls, local };
  }

  /** Licence of person `i`: validity follows the 6 → 10 → long-term chain from the first issue (REFERENCE.md §2). */
  licence(i: number): LicenceLine {
    const p = this.person(i);
    const { doc, city } = this.holderOf(i);
    const adult = addDays(p.birthDate, Math.ceil(18 * 365.25));
    const earliest = adult > '1990-01-01' ? adult : '1990-01-01';
    const span = Math.max(1, daysBetweenDates(earliest, this.today) - 1);
    const firstIssuedOn = addDays(earliest, this.h(i, 10, span));
    let validFrom = firstIssuedOn;
    let validTo: string | null = addYears(firstIssuedOn, 6);
    if (validTo <= this.today) {
      validFrom = validTo;
      validTo = addYears(validFrom, 10);
      if (validTo <= this.today) {
        validFrom = validTo;
        validTo = null;
      }
    }
    const r = this.h(i, 11, 1000);
    // Most licences are in order; a few carry 违法未处理 (H), 超分 (B) or 暂扣 (D).
    const status = r < 955 ? 'A' : r < 985 ? 'H' : r < 995 ? 'B' : 'D';
    return {
      kind: 'licence',
      holder: doc,
      archiveNumber: `${city.code.slice(0, 4)}${pad(i, 8)}`,
      class: weighted(CLASSES, this.h(i, 12, 1 << 30)),
      firstIssuedOn,
      validFrom,
      validTo,
      status,
      issuingAuthority: `${city.name}公安局交通警察支队`,
      regionCode: city.code,
    };
  }

  /** Owner of vehicle `v`: the first `drivers` vehicles are one per person, further ones go to scattered people. */
  ownerOf(v: number): number {
    return v < this.drivers ? v : this.h(v, 20, this.drivers);
  }

  /** Plate and type of vehicle `v` (a pure function of `v`: violations use it to name their vehicle). */
  plateOf(v: number, holder = this.holderOf(this.ownerOf(v))): { plate: string; plateType: string; scheme: VehicleLine['scheme'] } {
    const { cls, local, city } = holder;
    // Half of the Hong Kong and Macau residents' first cars drive north on their own plates (港车北上 / 澳车北上).
    if (v < this.drivers && (cls === 'hk' || cls === 'mo') && this.h(v, 21, 2) === 0) {
      if (cls === 'hk') {
        const x = this.hkPlates.map(local);
        const letters = HK_LETTERS[Math.floor(x / 9999) % HK_LETTERS.length]! + HK_LETTERS[Math.floor(x / 9999 / HK_LETTERS.length)]!;
        return { plate: `${letters}${(x % 9999) + 1}`, plateType: '20', scheme: 'hk_northbound' };
      }
      const x = this.moPlates.map(local);
      const letters = String.fromCharCode(65 + Math.floor(x / 10_000 / 26), 65 + (Math.floor(x / 10_000) % 26));
      const digits = pad(x % 10_000, 4);
      return { plate: `${letters}-${digits.slice(0, 2)}-${digits.slice(2)}`, plateType: '20', scheme: 'mo_northbound' };
    }
    const province = cls === 'cn' ? city.plateChar : cls === 'tw' ? '闽' : '粤';
    if (this.h(v, 22, 100) < 12) {
      // Small new-energy plate: authority letter, energy letter, one letter or digit, 4 digits.
      let x = this.energyPlates.map(v);
      const digits = pad(x % 10_000, 4);
      x = Math.floor(x / 10_000);
      const serial = PLATE_SERIAL[x % PLATE_SERIAL.length]!;
      x = Math.floor(x / PLATE_SERIAL.length);
      const energy = ENERGY_LETTERS[x % ENERGY_LETTERS.length]!;
      const authority = PLATE_LETTERS[Math.floor(x / ENERGY_LETTERS.length)]!;
      return { plate: `${province}${authority}${energy}${serial}${digits}`, plateType: '52', scheme: 'mainland' };
    }
    let x = this.ordinaryPlates.map(v);
    let serial = '';
    for (let k = 0; k < 5; k++) {
      serial += PLATE_SERIAL[x % PLATE_SERIAL.length]!;
      x = Math.floor(x / PLATE_SERIAL.length);
    }
    const authority = PLATE_LETTERS[x]!;
    return { plate: `${province}${authority}${serial}`, plateType: this.h(v, 23, 100) < 3 ? '01' : '02', scheme: 'mainland' };
  }

  vehicle(v: number): VehicleLine {
    const holder = this.holderOf(this.ownerOf(v));
    const { doc, name } = holder;
    const { plate, plateType, scheme } = this.plateOf(v, holder);
    const registeredOn = addDays('2005-01-01', this.h(v, 24, Math.max(1, daysBetweenDates('2005-01-01', this.today) - 30)));
    const year = Number(registeredOn.slice(0, 4));
    const [brand, model] = plateType === '52' ? NEW_ENERGY_BRANDS[this.h(v, 25, NEW_ENERGY_BRANDS.length)]! : BRANDS[this.h(v, 25, BRANDS.length)]!;
    let vds = '';
    for (let k = 0; k < 5; k++) vds += VIN_CHARS[this.h(v, 30 + k, VIN_CHARS.length)]!;
    const plant = VIN_CHARS[Math.floor(v / 1_000_000) % VIN_CHARS.length]!;
    const vin = vinWithCheckDigit(`${WMIS[this.h(v, 26, WMIS.length)]!}${vds}0${MODEL_YEAR[Math.min(Math.max(year - 2001, 0), MODEL_YEAR.length - 1)]!}${plant}${pad(v % 1_000_000, 6)}`);
    const r = this.h(v, 27, 100);
    // Inspection due dates: most ahead of today, 2 % overdue (state Q 逾期未检验).
    const overdue = r < 2;
    const inspectionValidTo = overdue ? addDays(this.today, -1 - this.h(v, 28, 300)) : addDays(this.today, 1 + this.h(v, 28, 700));
    const line: VehicleLine = {
      kind: 'vehicle',
      plate,
      plateType,
      scheme,
      owner: doc,
      ownerName: name,
      vin,
      brand,
      model,
      registeredOn,
      inspectionValidTo,
      status: overdue ? 'Q' : r < 5 ? 'G' : 'A',
    };
    if (scheme !== 'mainland') line.permitValidTo = addDays(this.today, 30 + this.h(v, 29, 700));
    return line;
  }

  /**
   * Violation `k`, on a scattered vehicle, spread over the last three scoring cycles. Camera
   * records older than a month are mostly handled and paid; on-site tickets carry their
   * decision (and usually a payment).
   */
  violation(k: number): ViolationLine {
    const v = this.h(k, 40, this.vehicles);
    const holder = this.holderOf(this.ownerOf(v));
    const { plate, plateType } = this.plateOf(v, holder);
    const { doc, city } = holder;
    const kind = VIOLATION_KINDS[weightedIndex(VIOLATION_KINDS, this.h(k, 41, 1 << 30))]!;
    const nowMs = this.now.getTime();
    // Any day of the last 3 years, between 07:00 and 22:59 local time, at least an hour ago.
    const dayBack = this.h(k, 42, 3 * 365);
    const minuteOfDay = 7 * 60 + this.h(k, 43, 16 * 60);
    const dayStart = (this.todayDay - dayBack) * DAY_MS - SHANGHAI_OFFSET_MS;
    const occurredMs = Math.min(dayStart + minuteOfDay * 60_000, nowMs - 3_600_000);
    const ymd = toInstant(occurredMs).slice(0, 10).replaceAll('-', '');
    const road = ROADS[this.h(k, 44, ROADS.length)]!;
    const cross = ROADS[(this.h(k, 44, ROADS.length) + 1 + this.h(k, 45, ROADS.length - 1)) % ROADS.length]!;
    const line: ViolationLine = {
      kind: 'violation',
      ref: `${city.code}${ymd}${pad(k, 10)}`,
      plate,
      plateType,
      occurredAt: toInstant(occurredMs),
      location: `${city.name}${road}与${cross}交叉口`,
      code: kind.code,
      description: kind.description,
      fineFen: kind.fineFen,
      points: kind.points,
      source: this.h(k, 46, 100) < 15 ? 'onsite' : 'camera',
    };
    const ageDays = (nowMs - occurredMs) / DAY_MS;
    const decided = line.source === 'onsite' || (ageDays > 30 && this.h(k, 47, 100) < 80);
    if (decided) {
      const decidedMs = line.source === 'onsite' ? occurredMs + this.h(k, 48, 15) * 60_000 : Math.min(occurredMs + (3 + this.h(k, 48, 26)) * DAY_MS, nowMs - 60_000);
      line.driver = doc;
      line.decisionNo = `${city.code}${pad(k, 10)}`;
      line.decidedAt = toInstant(decidedMs);
      const paidMs = decidedMs + (1 + this.h(k, 49, 20)) * DAY_MS;
      if (this.h(k, 50, 100) < 85 && paidMs < nowMs) line.paidAt = toInstant(paidMs);
    }
    return line;
  }

  /**
   * Lines in dependency order (people, licences, vehicles, violations), `count` of them in
   * the proportions of `mix`. Streams: nothing is kept between lines.
   */
  *lines(counts: { persons: number; licences?: number; vehicles?: number; violations?: number }): Generator<GeneratedLine> {
    for (let i = 0; i < counts.persons; i++) yield this.person(i);
    for (let i = 0; i < (counts.licences ?? 0); i++) yield this.licence(i);
    for (let v = 0; v < (counts.vehicles ?? 0); v++) yield this.vehicle(v);
    for (let k = 0; k < (counts.violations ?? 0); k++) yield this.violation(k);
  }
}

function weightedIndex(kinds: ViolationKind[], r: number): number {
  const total = kinds.reduce((s, k) => s + k.weight, 0);
  let x = r % total;
  for (const [i, k] of kinds.entries()) {
    if (x < k.weight) return i;
    x -= k.weight;
  }
  return kinds.length - 1;
}

function daysBetweenDates(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Same day and month `years` later (29 February → 28 February in common years). */
function addYears(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) + years;
  const md = date.slice(5);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return `${y}-${md === '02-29' && !leap ? '02-28' : md}`;
}

/** Splits `total` registry lines into the proportions of a real registry: per driver a licence, a vehicle and a few violations. */
export function importMix(total: number): { persons: number; licences: number; vehicles: number; violations: number } {
  const persons = Math.max(1, Math.floor(total / 6));
  const licences = persons;
  const vehicles = persons;
  return { persons, licences, vehicles, violations: Math.max(0, total - persons - licences - vehicles) };
}
