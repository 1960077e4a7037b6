import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { shanghaiDate } from '../src/domain/dates.ts';
import { validateRecord } from '../src/server/features/registry/validate.ts';
import { importMix, RegistryGenerator } from './generate.ts';
const now = new Date();
const mix = importMix(60000);
const gen = new RegistryGenerator({ drivers: mix.persons, now, seed: 1 });
const values = Array.from(gen.lines(mix), (l) => JSON.parse(JSON.stringify(l)));
const today = shanghaiDate(now);
const kinds = new Map<string, unknown[]>();
for (const v of values) { const k = (v as any).kind; if (!kinds.has(k)) kinds.set(k, []); kinds.get(k)!.push(v); }
for (let r = 0; r < 3; r++) for (const [k, vs] of kinds) {
  const c = process.cpuUsage(); for (const v of vs) validateRecord(v, now, today); const u = process.cpuUsage(c);
  if (r === 2) console.log(k, vs.length, ((u.user + u.system) / vs.length).toFixed(2), 'µs');
}
const s = new Session(); s.connect(); await s.post('Profiler.enable'); await s.post('Profiler.setSamplingInterval', { interval: 100 }); await s.post('Profiler.start');
for (let r = 0; r < 5; r++) for (const v of values) validateRecord(v, now, today);
const { profile } = await s.post('Profiler.stop'); writeFileSync('/tmp/imp/val.cpuprofile', JSON.stringify(profile));
