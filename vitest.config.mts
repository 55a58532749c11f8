import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // argon2 and the crash harness are CPU-heavy; two cores here.
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'test/renderer/**', 'node_modules/**'],
          environment: 'node',
          setupFiles: ['test/setup/state-dir.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      // The renderer's pure modules and zustand stores, against a fake window.zhangdun: no DOM needed.
      {
        extends: true,
        test: {
          name: 'renderer',
          include: ['test/renderer/**/*.test.{ts,tsx}'],
          environment: 'node',
          setupFiles: ['test/renderer/setup.ts'],
        },
      },
    ],
  },
});
