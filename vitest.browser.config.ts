import { defineConfig } from 'vitest/config';
import { sharedConfig } from './vitest.shared.js';

// The browser tests (headless Chromium via playwright-core), kept out of `npm test` so that the ordinary
// suite needs no browser: `npm run test:browser`.
export default defineConfig({
  ...sharedConfig,
  test: {
    include: ['test/browser/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    setupFiles: ['reflect-metadata'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One Chromium at a time.
    fileParallelism: false,
    reporters: ['default'],
  },
});
