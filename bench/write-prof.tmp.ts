import { createHmac } from 'node:crypto';
import { shanghaiDate } from '../src/domain/dates.ts';
import { validateRecord, naturalKeys } from '../src/server/features/registry/validate.ts';
import { planRecords, planPersons } from '../src/server/features/registry/plan.ts';
import { copyText } from '../src/server/features/registry/bulk.ts';
import { importMix, RegistryGenerator } from './generate.ts';
const now = new Date();
const mix = importMix(60000);
const gen = new RegistryGenerator({ drivers: mix.persons, now, seed: 1 });
const lines = Array.from(gen.lines(mix), (l) => JSON.stringify(l));
const today = shanghaiDate(now);
const key = 'x'.repeat(32);
const h = (d: any) => createHmac('sha256', key).update(`${d.docType}:${d.docNumber}`, 'utf8').digest('hex');
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system); };
for (let r = 0; r < 3; r++) {
  let t = cpu();
  const items = lines.map((l, i) => ({ line: i + 1, record: validateRecord(JSON.parse(l), now, today) }));
  const tv = cpu() - t; t = cpu();
  let nk = 0; for (const it of items) { const ks = naturalKeys(it.record); nk += ks.length; }
  const tk = cpu() - t; t = cpu();
  const personOf = new Map<string, string>(); const persons = new Map();
  const out: any[] = [];
  for (let b = 0; b < items.length; b += 2000) {
    const batch = items.slice(b, b + 2000);
    const memo = new Map<string, string>();
    const dh = (d: any) => { const k = `${d.docType}:${d.docNumber}`; let x = memo.get(k); if (x === undefined) memo.set(k, (x = h(d))); return x; };
    const people = batch.filter((i) => i.record.kind === 'person') as any;
    const pp = planPersons(people, dh, personOf, persons, () => crypto.randomUUID());
    const plan = planRecords(batch, dh, personOf, new Set(), false);
    out.push(pp, plan);
  }
  const tp = cpu() - t; t = cpu();
  let bytes = 0;
  for (let i = 0; i < out.length; i += 2) { const pp = out[i], plan = out[i + 1];
    for (const rows of [pp.newPersons, pp.newDocuments, plan.licences, plan.vehicles, plan.violations]) if (rows.length) bytes += Buffer.from(copyText(rows), 'utf8').length; }
  const tc = cpu() - t;
  if (r === 2) console.log(`parse+validate ${(tv / 60000).toFixed(2)}  naturalKeys ${(tk / 60000).toFixed(2)}  plan+hash ${(tp / 60000).toFixed(2)}  copyText+Buffer ${(tc / 60000).toFixed(2)} µs/line; ${bytes} bytes`);
}
