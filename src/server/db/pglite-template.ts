/**
 * A fresh PGlite database starts from a copy of an empty cluster instead of running initdb.
 *
 * PGlite's initdb runs inside WebAssembly: 4–5 s of CPU on these 2-core machines, most of
 * the embedded database's first start (issue 5's bar: `npm start` answers within 10 s after
 * install) and of every in-memory test database. Loading the same cluster from a tarball
 * (`loadDataDir`) takes ~1 s. The tarball is PGlite's own `dumpDataDir` of a cluster it
 * has just initialised, so it is exactly what initdb would leave, and it is keyed by the
 * PGlite version: another version makes (and uses) its own.
 *
 * It lives in `node_modules/.cache/jiaoguan/` (made by `npm ci`'s prepare step, or by the
 * first database that needs it), so it goes away with the dependencies it belongs to.
 * Never required: without it, or if it cannot be written, PGlite runs initdb as before.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** The installed PGlite's version (its package.json is not exported, so it is found beside its entry point). */
function installedPgliteVersion(): string {
  let dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@electric-sql/pglite' && pkg.version) return pkg.version;
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the version of @electric-sql/pglite');
    dir = up;
  }
}
const pgliteVersion = installedPgliteVersion();

/** Where this PGlite version's template is kept (`JG_PGLITE_TEMPLATE_DIR` overrides the folder, for tests). */
export function templateFile(): string {
  const dir = process.env.JG_PGLITE_TEMPLATE_DIR ?? path.join(root, 'node_modules', '.cache', 'jiaoguan');
  return path.join(dir, `pglite-${pgliteVersion}-cluster.tar.gz`);
}

/** The template's bytes, or undefined when there is none (or it cannot be read). */
export function readTemplate(): Blob | undefined {
  const file = templateFile();
  if (!existsSync(file)) return undefined;
  try {
    return new Blob([readFileSync(file)]);
  } catch {
    return undefined;
  }
}

/**
 * Writes the template from a database that has just run initdb and nothing else. Written to
 * a temporary name and renamed, so that processes racing to write it (parallel test workers)
 * never read half a file. Best effort: a read-only install simply keeps running initdb.
 */
export async function saveTemplate(freshlyInitialised: PGlite): Promise<boolean> {
  const file = templateFile();
  try {
    const tarball = await freshlyInitialised.dumpDataDir('gzip');
    mkdirSync(path.dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}.${Date.now()}.partial`;
    writeFileSync(partial, Buffer.from(await tarball.arrayBuffer()));
    renameSync(partial, file);
    return true;
  } catch {
    return false;
  }
}

/** Makes the template if it is missing (`npm ci`'s prepare step). Returns how it went. */
export async function ensureTemplate(): Promise<'present' | 'created' | 'failed'> {
  if (existsSync(templateFile())) return 'present';
  const db = new PGlite();
  try {
    await db.waitReady;
    return (await saveTemplate(db)) ? 'created' : 'failed';
  } finally {
    await db.close();
  }
}

/** `node --import tsx src/server/db/pglite-template.ts`: makes the template when missing. */
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Part of `npm ci`: a template that cannot be made must not fail the install (the first
  // start then runs initdb, as before).
  const started = performance.now();
  const outcome = await ensureTemplate().catch((e: unknown) => {
    console.warn(`PGlite cluster template not made: ${e instanceof Error ? e.message : String(e)}`);
    return 'failed' as const;
  });
  console.log(`PGlite cluster template ${outcome} (${templateFile()}, ${Math.round(performance.now() - started)} ms)`);
}
