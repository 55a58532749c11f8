import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, resolve } from 'node:path';
import type { BuildOptions, Plugin } from 'esbuild';

const REPO = resolve(__dirname, '../..');
const requireFromRepo = createRequire(join(REPO, 'package.json'));

/** Native addons stay external, resolved to absolute paths. */
const nativeExternals: Plugin = {
  name: 'native-externals',
  setup(build) {
    build.onResolve({ filter: /^(better-sqlite3-multiple-ciphers|argon2|sodium-native|onnxruntime-node)$/ }, (args) => ({ path: requireFromRepo.resolve(args.path), external: true }));
  },
};

/** Every worker thread's module (each <name>.worker.ts under src/main), by name, as electron.vite.config.ts builds them. */
function workerEntries(): Record<string, string> {
  const src = join(REPO, 'src', 'main');
  const entries: Record<string, string> = {};
  for (const file of readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.worker.ts'))) {
    entries[basename(file, '.ts')] = join(src, file);
  }
  return entries;
}

/**
 * Bundles a child-process script once with esbuild (which tsx itself uses;
 * the native modules stay external), so each run starts a plain `node`
 * instead of transpiling through tsx. The worker threads are bundled beside
 * it as `<name>.js`, where a bundle starts them from (core/workers/start-worker.ts).
 */
export async function bundleChild(entry: string, outDir: string): Promise<string> {
  const esbuild = await import('esbuild');
  const outfile = join(outDir, `${basename(entry, '.ts')}.cjs`);
  const common: BuildOptions = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error', plugins: [nativeExternals] };
  await esbuild.build({ ...common, entryPoints: [entry], outfile });
  await esbuild.build({ ...common, entryPoints: workerEntries(), outdir: outDir });
  return outfile;
}
