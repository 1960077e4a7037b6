// `npm test`: unit, property and integration tests (Vitest; on PGlite, and on PostgreSQL
// too when TEST_DATABASE_URL is set), then the browser journeys (Playwright in Chromium).
// With CI=true a missing browser or database is a failure, never a skip.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWebIfNeeded } from './build-if-needed.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const ci = process.env.CI === 'true' || process.env.CI === '1';
const args = process.argv.slice(2);
const only = args.find((a) => a === '--unit' || a === '--e2e');

function run(cmd, cmdArgs) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env: process.env });
  return r.status ?? 1;
}

if (ci && !process.env.TEST_DATABASE_URL) {
  console.error('CI=true but TEST_DATABASE_URL is not set: PostgreSQL tests cannot be skipped in CI.');
  process.exit(1);
}
if (!process.env.TEST_DATABASE_URL) console.warn('TEST_DATABASE_URL is not set: database tests run on embedded PGlite only.');

let failed = 0;
if (only !== '--e2e') failed += run(process.execPath, [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run']) ? 1 : 0;

if (only !== '--unit') {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    const msg = `Chromium not found at ${chromium}: install it (Debian: apt-get install chromium fonts-noto-cjk) to run the browser journeys.`;
    if (ci) {
      console.error(msg);
      process.exit(1);
    }
    console.warn(`${msg} Skipping end-to-end tests.`);
  } else {
    buildWebIfNeeded();
    failed += run(process.execPath, [path.join(root, 'node_modules/@playwright/test/cli.js'), 'test']) ? 1 : 0;
  }
}
process.exit(failed ? 1 : 0);
