import { readdirSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

/**
 * Worker threads: every <name>.worker.ts under src/main, built as out/main/<name>.worker.js beside the bundles
 * that start them (core/workers/start-worker.ts).
 */
function workerEntries(): Record<string, string> {
  const src = resolve(__dirname, 'src/main');
  const entries: Record<string, string> = {};
  for (const file of readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.worker.ts'))) {
    entries[basename(file, '.ts')] = resolve(src, file);
  }
  return entries;
}

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/app/main.ts'),
          // The zhangdun CLI, same core code, runnable with plain Node.
          cli: resolve(__dirname, 'src/main/cli/entry.ts'),
          ...workerEntries(),
        },
        // Shared chunks beside the entries, not in chunks/: code in any of them finds the workers at __dirname.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
      // age-encryption is ESM-only; bundle it rather than require() it from CJS.
      externalizeDeps: { exclude: ['age-encryption'] },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/renderer/index.html') },
      },
    },
  },
});
