import { defineConfig, devices } from '@playwright/test';

/**
 * Browser journeys in Debian's Chromium at phone size (390×844), against a fresh server on
 * the embedded database and — when TEST_DATABASE_URL is set — another on PostgreSQL.
 */
const withPostgres = Boolean(process.env.TEST_DATABASE_URL);
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Two people running journeys on one machine give each run its own ports.
const pglitePort = process.env.E2E_PGLITE_PORT ?? '3101';
const postgresPort = process.env.E2E_POSTGRES_PORT ?? '3102';
// SIGTERM, not Playwright's default SIGKILL: scripts/e2e-server.mjs then stops the server and
// removes what it made (the temporary data directory, the jg_e2e_* PostgreSQL database).
const gracefulShutdown = { signal: 'SIGTERM' as const, timeout: 15_000 };
const phone = {
  ...devices['Pixel 7'],
  viewport: { width: 390, height: 844 },
  browserName: 'chromium' as const,
  launchOptions: {
    executablePath: chromium,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  },
};

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure', locale: 'zh-CN', timezoneId: 'Asia/Shanghai' },
  projects: [
    { name: 'pglite', use: { ...phone, baseURL: `http://127.0.0.1:${pglitePort}` } },
    ...(withPostgres ? [{ name: 'postgres', use: { ...phone, baseURL: `http://127.0.0.1:${postgresPort}` } }] : []),
  ],
  webServer: [
    { command: `node scripts/e2e-server.mjs --port ${pglitePort}`, url: `http://127.0.0.1:${pglitePort}/healthz`, timeout: 120_000, reuseExistingServer: Boolean(process.env.E2E_REUSE), stdout: 'pipe', gracefulShutdown },
    ...(withPostgres
      ? [{ command: `node scripts/e2e-server.mjs --port ${postgresPort} --postgres`, url: `http://127.0.0.1:${postgresPort}/healthz`, timeout: 120_000, reuseExistingServer: Boolean(process.env.E2E_REUSE), stdout: 'pipe' as const, gracefulShutdown }]
      : []),
  ],
});
