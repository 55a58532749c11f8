import { createRequire } from 'node:module';
import { basename, join, resolve } from 'node:path';

const REPO = resolve(__dirname, '../..');

/**
 * Bundles a child-process script once with esbuild (which tsx itself uses;
 * the native modules stay external, resolved to absolute paths), so each
 * run starts a plain `node` instead of transpiling through tsx.
 */
export async function bundleChild(entry: string, outDir: string): Promise<string> {
  const esbuild = await import('esbuild');
  const requireFromRepo = createRequire(join(REPO, 'package.json'));
  const outfile = join(outDir, `${basename(entry, '.ts')}.cjs`);
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'error',
    plugins: [
      {
        name: 'native-externals',
        setup(build) {
          build.onResolve({ filter: /^(better-sqlite3-multiple-ciphers|argon2)$/ }, (args) => ({ path: requireFromRepo.resolve(args.path), external: true }));
        },
      },
    ],
  });
  return outfile;
}
