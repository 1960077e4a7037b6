/**
 * `npx tsx bench/chart.ts <bench.json>… [--out docs/performance-growth]`: latency against
 * data size from the growth case of one or more `npm run bench -- --json` documents —
 * p50 and p99 of the home screen and of the violation list at each registry size — drawn
 * as an SVG (log-scale size axis) and rasterised to PNG with sharp.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import sharp from 'sharp';

interface Point {
  database: string;
  registryViolations: number;
  homeP50Ms: number;
  homeP99Ms: number;
  listP50Ms: number;
  listP99Ms: number;
}

function pointsOf(file: string): Point[] {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { cases: Array<{ name: string; details?: { points?: string | Point[] } }> };
  const growth = doc.cases.find((c) => c.name === 'growth');
  const raw = growth?.details?.points;
  if (!raw) throw new Error(`${file}: no growth case with points`);
  return typeof raw === 'string' ? (JSON.parse(raw) as Point[]) : raw;
}

const SERIES: Array<{ key: keyof Point; label: string; colour: string; dash?: string }> = [
  { key: 'homeP50Ms', label: 'home p50', colour: '#1677ff' },
  { key: 'homeP99Ms', label: 'home p99', colour: '#1677ff', dash: '6 4' },
  { key: 'listP50Ms', label: 'violation list p50', colour: '#fa8c16' },
  { key: 'listP99Ms', label: 'violation list p99', colour: '#fa8c16', dash: '6 4' },
];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const fmtSize = (n: number) => (n >= 1e6 ? `${round(n / 1e6)}M` : n >= 1e3 ? `${round(n / 1e3)}k` : String(n));
const round = (n: number) => Math.round(n * 10) / 10;

export function chartSvg(points: Point[], title: string): string {
  const W = 800;
  const H = 460;
  const m = { left: 70, right: 190, top: 50, bottom: 60 };
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const sizes = points.map((p) => p.registryViolations);
  const lo = Math.log10(Math.min(...sizes)) - 0.2;
  const hi = Math.log10(Math.max(...sizes)) + 0.2;
  const maxMs = Math.max(...points.flatMap((p) => SERIES.map((s) => p[s.key] as number)));
  const step = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].find((s) => maxMs / s <= 6) ?? 2000;
  const top = Math.ceil(maxMs / step) * step;
  const x = (n: number) => m.left + ((Math.log10(n) - lo) / (hi - lo)) * pw;
  const y = (ms: number) => m.top + ph - (ms / top) * ph;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, Arial, sans-serif">`);
  out.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  out.push(`<text x="${m.left}" y="28" font-size="17" font-weight="bold" fill="#222">${esc(title)}</text>`);
  for (let v = 0; v <= top; v += step) {
    out.push(`<line x1="${m.left}" x2="${m.left + pw}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/>`);
    out.push(`<text x="${m.left - 8}" y="${y(v) + 4}" font-size="12" text-anchor="end" fill="#555">${v}</text>`);
  }
  let lastLabel = -Infinity;
  for (const n of [...new Set(sizes)].sort((a, b) => a - b)) {
    out.push(`<line x1="${x(n)}" x2="${x(n)}" y1="${m.top}" y2="${m.top + ph}" stroke="#f3f3f3"/>`);
    // Sizes close together on the log axis would print over each other: the first one speaks for both.
    if (x(n) - lastLabel < 45) continue;
    lastLabel = x(n);
    out.push(`<text x="${x(n)}" y="${m.top + ph + 20}" font-size="12" text-anchor="middle" fill="#555">${fmtSize(n)}</text>`);
  }
  out.push(`<line x1="${m.left}" x2="${m.left + pw}" y1="${m.top + ph}" y2="${m.top + ph}" stroke="#999"/>`);
  out.push(`<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${m.top + ph}" stroke="#999"/>`);
  out.push(`<text x="${m.left + pw / 2}" y="${H - 16}" font-size="13" text-anchor="middle" fill="#333">registry violations (log scale)</text>`);
  out.push(`<text x="18" y="${m.top + ph / 2}" font-size="13" text-anchor="middle" fill="#333" transform="rotate(-90 18 ${m.top + ph / 2})">latency, ms (one request at a time)</text>`);
  const sorted = [...points].sort((a, b) => a.registryViolations - b.registryViolations);
  SERIES.forEach((s, i) => {
    const path = sorted.map((p, j) => `${j ? 'L' : 'M'}${x(p.registryViolations).toFixed(1)},${y(p[s.key] as number).toFixed(1)}`).join(' ');
    out.push(`<path d="${path}" fill="none" stroke="${s.colour}" stroke-width="2.5"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
    for (const p of sorted) out.push(`<circle cx="${x(p.registryViolations)}" cy="${y(p[s.key] as number)}" r="4" fill="${s.colour}"/>`);
    const ly = m.top + 10 + i * 24;
    out.push(`<line x1="${W - m.right + 20}" x2="${W - m.right + 50}" y1="${ly}" y2="${ly}" stroke="${s.colour}" stroke-width="2.5"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
    out.push(`<text x="${W - m.right + 58}" y="${ly + 4}" font-size="12" fill="#333">${esc(s.label)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}

async function main() {
  const args = process.argv.slice(2);
  let outBase = 'docs/performance-growth';
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--out') outBase = args[++i]!;
    else files.push(args[i]!);
  }
  if (files.length === 0) throw new Error('usage: npx tsx bench/chart.ts <bench.json>… [--out docs/performance-growth]');
  const points = files.flatMap(pointsOf);
  const svg = chartSvg(points, 'Home screen and violation list against registry size');
  writeFileSync(`${outBase}.svg`, svg);
  await sharp(Buffer.from(svg)).png().toFile(`${outBase}.png`);
  console.log(`${outBase}.svg and ${outBase}.png: ${points.length} points`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
