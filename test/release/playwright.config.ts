import { defineConfig } from '@playwright/test';

/**
 * The release smoke test (electron-smoke.spec.ts), kept out of `npm test` and the e2e config: it drives the
 * build in dist/ and needs the Electron binary. .github/workflows/release.yml runs it after `npm run dist`
 * as `npm run test:release` (under xvfb-run on Linux). Paths here are relative to this folder.
 */
export default defineConfig({
  testDir: '.',
  testMatch: 'electron-smoke.spec.ts',
  outputDir: '../../test-results/release',
  // One app at a time: each creates a vault (Argon2id) and the binaries share the runner's two or three cores.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env['CI'],
  retries: 0,
  timeout: 240_000,
  expect: { timeout: 20_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: '../../playwright-report/release' }]],
  use: {
    actionTimeout: 20_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
