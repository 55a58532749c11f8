#!/usr/bin/env node
// The zhangdun command-line tool. Runs the built bundle (out/main/cli.js, made by
// `npm run build`) when it is newer than every source file; otherwise loads the
// TypeScript sources through tsx, so a checkout needs only `npm ci`.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'out', 'main', 'cli.js');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function builtIsFresh() {
  if (!existsSync(built)) return false;
  const builtAt = statSync(built).mtimeMs;
  return ['src/main', 'src/shared'].every((dir) => newestSource(join(root, dir)) <= builtAt);
}

if (builtIsFresh()) {
  createRequire(import.meta.url)(built);
} else {
  // The same entry as the bundle's: it runs the command and sets the exit code.
  const { tsImport } = await import('tsx/esm/api');
  await tsImport('../src/main/cli/entry.ts', import.meta.url);
}
