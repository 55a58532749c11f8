import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

/**
 * E2E tests drive the built renderer (out/renderer) in Debian's Chromium; run
 * `npm run test:e2e`, which builds first. Playwright never downloads a browser:
 * the executable comes from CHROMIUM_PATH or /usr/bin/chromium.
 */
const chromium = process.env['CHROMIUM_PATH'] || '/usr/bin/chromium';
if (!existsSync(chromium)) {
  throw new Error(`Chromium not found at ${chromium}: apt-get install -y chromium fonts-noto-cjk, or set CHROMIUM_PATH.`);
}

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/artifacts',
  // Two cores, and argon2 is CPU-heavy: one browser at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env['CI'],
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    locale: 'zh-CN',
    viewport: { width: 1280, height: 800 },
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    // The CSP must really apply, as in the app.
    bypassCSP: false,
    serviceWorkers: 'block',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
