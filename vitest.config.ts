import { defineConfig } from 'vitest/config';

// Tests run on real databases only: every *.db.test.ts runs twice, on PGlite and on PostgreSQL
// (a database of its own per test file, cloned from a migrated template made once per run).
const databaseTests = ['src/**/*.db.test.ts', 'test/**/*.db.test.ts'];

export default defineConfig({
  test: {
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...databaseTests, 'test/browser/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'pglite',
          include: databaseTests,
          env: { CIVIC_TEST_ENGINE: 'pglite' },
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: databaseTests,
          env: { CIVIC_TEST_ENGINE: 'postgres' },
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
      {
        // The web application in headless Chromium against the real server on PGlite.
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          env: { CIVIC_TEST_ENGINE: 'pglite' },
          globalSetup: ['test/support/global-setup.ts', 'test/browser/support/build-web.ts'],
        },
      },
    ],
  },
});
