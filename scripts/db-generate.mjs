// Generates the SQL migrations from every feature's tables.ts with drizzle-kit: each change
// to a tables.ts becomes a new numbered migration after 0000_init. Migrations that have
// landed are never rewritten — databases out there have applied them. (RESET_INITIAL=1
// rebuilds everything as one 0000_init; it was for the first build only.) A lock keeps
// parallel runs from mixing files.
import { mkdirSync, rmSync, rmdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const lock = path.join(root, '.tmp/db-generate.lock');
const migrations = path.join(root, 'src/server/db/migrations');
const resetInitial = process.env.RESET_INITIAL === '1';
mkdirSync(path.dirname(lock), { recursive: true });
const deadline = Date.now() + 60_000;
for (;;) {
  try {
    mkdirSync(lock);
    break;
  } catch {
    if (Date.now() > deadline) throw new Error(`lock ${lock} held for 60 s; remove it if no db:generate is running`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
try {
  if (resetInitial) rmSync(migrations, { recursive: true, force: true });
  const args = ['generate', ...(resetInitial ? ['--name', 'init'] : [])];
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules/drizzle-kit/bin.cjs'), ...args], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exitCode = 1;
} finally {
  rmdirSync(lock);
}
