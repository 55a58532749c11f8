import { resolve } from 'node:path';
import { build, type Rolldown } from 'vite';

const ENTRY = resolve(__dirname, 'bridge-entry.ts');

/**
 * Bundles bridge-entry.ts (and with it src/preload/bridge-factory.ts) into one
 * self-contained script for page.addInitScript, so the page gets the same
 * bridge object the preload builds.
 */
export async function buildBridgeInitScript(): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    root: resolve(__dirname, '../../..'),
    build: {
      write: false,
      minify: false,
      emptyOutDir: false,
      lib: { entry: ENTRY, formats: ['iife'], name: 'zhangdunE2eBridge', fileName: () => 'bridge.js' },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const chunk = outputs.flatMap((o) => o.output).find((o) => o.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('bridge init script: bundling produced no chunk');
  return chunk.code;
}
