// Builds the web apps when their sources changed since the last build (a content hash
// of the inputs is kept beside the output), so `npm start` serves current pages and
// starts fast when nothing changed.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const inputs = ['src/web', 'src/i18n', 'src/domain', 'vite.config.ts', 'package-lock.json'];
const stampFile = path.join(root, 'dist/web/.build-stamp');

function* walk(p) {
  const st = statSync(p);
  if (st.isDirectory()) for (const name of readdirSync(p).sort()) yield* walk(path.join(p, name));
  else if (!p.endsWith('.test.ts') && !p.endsWith('.test.tsx')) yield p;
}

export function webInputsHash() {
  const hash = createHash('sha256');
  for (const input of inputs) {
    const abs = path.join(root, input);
    if (!existsSync(abs)) continue;
    for (const file of walk(abs)) hash.update(path.relative(root, file)).update(readFileSync(file));
  }
  return hash.digest('hex');
}

export function buildWebIfNeeded({ force = false } = {}) {
  const wanted = webInputsHash();
  if (!force && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === wanted) return false;
  console.log('Building the web apps (first start or changed sources)…');
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('web build failed');
  writeFileSync(stampFile, wanted);
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    buildWebIfNeeded({ force: process.argv.includes('--force') });
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
