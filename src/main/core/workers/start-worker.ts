import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** This module is itself running as TypeScript, not from the bundle. */
const fromSources = __filename.endsWith('.ts');

/**
 * Starts a worker thread from its own TypeScript module, `<name>.ts` in
 * `sourceDir` (pass the caller's `__dirname`). electron-vite builds each such
 * module as a main-process entry, `<name>.js` beside the app's and the command
 * line's bundles in out/main, which is where this code runs from once bundled
 * (Electron loads worker scripts from inside app.asar). Run from the sources
 * (vitest, tsx), the worker loads the `.ts` file through tsx's CommonJS hook:
 * `--import tsx` does not reach worker threads on Node 20, `--require` does.
 */
export function startWorker(name: string, sourceDir: string, options: WorkerOptions = {}): Worker {
  if (!fromSources) return new Worker(join(__dirname, `${name}.js`), options);
  const tsx = createRequire(__filename).resolve('tsx/cjs');
  return new Worker(join(sourceDir, `${name}.ts`), { ...options, execArgv: [...(options.execArgv ?? []), '--require', tsx] });
}
