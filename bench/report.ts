/**
 * `npx tsx bench/report.ts <run.json>…`: the Markdown results table of docs/performance.md
 * from `npm run -s bench -- --json` documents, one row a case and database, so the published
 * table is the run's own output and not copied by hand.
 */
import { readFileSync } from 'node:fs';
import type { CaseResult } from './harness.ts';

interface Run {
  machine: { cpus: number; cpuModel: string; memoryGiB: number; platform: string; node: string; loadAverage: number[] };
  database: string;
  settings: { quick: boolean };
  baseline: { rps: number; p99Ms: number };
  cases: CaseResult[];
}

const fmt = (v: number | null | undefined, digits = 1) => (v === null || v === undefined ? '—' : Number(v.toFixed(digits)).toLocaleString('en-US'));

const files = process.argv.slice(2);
if (files.length === 0) throw new Error('usage: tsx bench/report.ts <run.json>…');
const runs = files.map((f) => ({ file: f, run: JSON.parse(readFileSync(f, 'utf8')) as Run }));
const out: string[] = [];
for (const { file, run } of runs) {
  const m = run.machine;
  out.push(`- \`${file}\`: ${run.database}, ${run.settings.quick ? 'quick' : 'full'} run; ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.platform}, Node ${m.node}; load average at the start ${m.loadAverage.join(' / ')}; bare Fastify baseline ${fmt(run.baseline.rps, 0)} rps (p99 ${run.baseline.p99Ms} ms).`);
}
out.push('', '| case | database | rps | p50 ms | p99 ms | baseline | baseline rps | ratio | bar | |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const { run } of runs) {
  for (const c of run.cases) {
    if (c.rps === null && c.ratio === null) continue;
    out.push(`| ${c.name} | ${run.database} | ${fmt(c.rps)} | ${fmt(c.p50Ms, 2)} | ${fmt(c.p99Ms, 2)} | ${c.baseline.what} | ${fmt(c.baseline.rps)} | ${fmt(c.ratio, 3)} | ${c.bar?.rule ?? '—'} | ${c.bar ? (c.bar.pass ? 'pass' : '**fail**') : ''} |`);
  }
}
console.log(out.join('\n'));
