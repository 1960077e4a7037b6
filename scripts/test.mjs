// `npm test`: unit, property and integration tests (Vitest; on PGlite, and on PostgreSQL
// too when TEST_DATABASE_URL is set), then the browser journeys (Playwright in Chromium).
// With CI=true a missing browser or database is a failure, never a skip.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWebIfNeeded } from './build-if-needed.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const ci = process.env.CI === 'true' || process.env.CI === '1';
const args = process.argv.slice(2);
const only = args.find((a) => a === '--unit' || a === '--e2e');

function run(cmd, cmdArgs, env = {}) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

// Each runner also writes a JSON report, so the run ends with one plain count of every test.
const reports = path.join(root, '.tmp/test-reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const counts = { passed: 0, failed: 0, skipped: 0 };
function readReport(file, pick) {
  try {
    const c = pick(JSON.parse(readFileSync(path.join(reports, file), 'utf8')));
    for (const k of Object.keys(counts)) counts[k] += c[k] ?? 0;
  } catch {
    // No report: that runner failed before writing one, and its exit code already says so.
  }
}

if (ci && !process.env.TEST_DATABASE_URL) {
  console.error('CI=true but TEST_DATABASE_URL is not set: PostgreSQL tests cannot be skipped in CI.');
  process.exit(1);
}
if (!process.env.TEST_DATABASE_URL) console.warn('TEST_DATABASE_URL is not set: database tests run on embedded PGlite only.');

let failed = 0;
if (only !== '--e2e') {
  failed += run(process.execPath, [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${path.join(reports, 'vitest.json')}`]) ? 1 : 0;
  readReport('vitest.json', (r) => ({ passed: r.numPassedTests, failed: r.numFailedTests, skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0) }));
}

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
    failed += run(process.execPath, [path.join(root, 'node_modules/@playwright/test/cli.js'), 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: path.join(reports, 'playwright.json') }) ? 1 : 0;
    readReport('playwright.json', (r) => ({ passed: r.stats?.expected, failed: (r.stats?.unexpected ?? 0) + (r.stats?.flaky ?? 0), skipped: r.stats?.skipped }));
  }
}
console.log(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(failed ? 1 : 0);
