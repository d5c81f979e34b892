import { configDefaults, defineConfig } from 'vitest/config';
import { sharedConfig } from './vitest.shared.js';

export default defineConfig({
  ...sharedConfig,
  test: {
    include: ['test/**/*.test.ts'],
    // The browser test needs Chromium: it runs with `npm run test:browser` (vitest.browser.config.ts).
    // The OpenSearch suites need a node: they run when OPENSEARCH_URL is set (the server run in CI).
    // The database outage suite kills connections to a server database, the Hawk suite runs two api processes on
    // one database, the slow-SQL server suite stops running statements, and the reminders' two-worker suite runs two
    // job processes and two workers on one database: they run when DATABASE_URL is set.
    exclude: [
      ...configDefaults.exclude,
      'test/browser/**',
      ...(process.env.OPENSEARCH_URL ? [] : ['test/search/opensearch-*.test.ts', 'test/search/outage.test.ts']),
      ...(process.env.DATABASE_URL ? [] : ['test/e2e/database-outage.test.ts', 'test/e2e/hawk-two-processes.test.ts', 'test/e2e/slow-sql-server.test.ts', 'test/e2e/reminders-two-workers.test.ts']),
    ],
    globalSetup: ['test/helpers/global-setup.ts'],
    setupFiles: ['reflect-metadata'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    reporters: ['default'],
  },
});
