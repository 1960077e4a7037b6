import { defineConfig } from 'vitest/config';

/**
 * Unit and property tests (src/domain, src/web) run once; everything that touches the
 * database (src/server, src/cli, bench helpers) runs on embedded PGlite and — when
 * TEST_DATABASE_URL is set — again on PostgreSQL.
 */
const dbTests = ['src/server/**/*.test.ts', 'src/cli/**/*.test.ts', 'test/integration/**/*.test.ts'];
const withPostgres = Boolean(process.env.TEST_DATABASE_URL);
// Several processes on one database: PostgreSQL only (the embedded database is single-process).
const postgresOnly = ['test/integration/cluster.test.ts', 'test/integration/read-cache.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/domain/**/*.test.ts', 'src/web/**/*.test.{ts,tsx}', 'src/i18n/**/*.test.ts'], env: { TZ: 'UTC' } } },
      { extends: true, test: { name: 'pglite', include: dbTests, exclude: postgresOnly, env: { TZ: 'UTC', JG_TEST_DB: 'pglite' } } },
      ...(withPostgres ? [{ extends: true as const, test: { name: 'postgres', include: dbTests, env: { TZ: 'UTC', JG_TEST_DB: 'postgres' } } }] : []),
    ],
  },
});
