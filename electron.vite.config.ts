import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/app/main.ts'),
          // The zhangdun CLI, same core code, runnable with plain Node.
          cli: resolve(__dirname, 'src/main/cli/entry.ts'),
          // Worker threads, started by core/workers/start-worker.ts from beside the bundle that runs it.
          'blob-writer.worker': resolve(__dirname, 'src/main/core/blobs/blob-writer.worker.ts'),
          'hash.worker': resolve(__dirname, 'src/main/core/backup/hashing/hash.worker.ts'),
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
