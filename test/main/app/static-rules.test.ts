/**
 * Source-level rules that no single unit test can see: who talks to
 * ipcMain, who imports electron, who creates windows, and that no file
 * switches a security preference off.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(entry.name) ? [path] : [];
  });
}

/** Rules look at code, not at comments that mention an API. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

const files = sourceFiles(join(root, 'src')).map((path) => ({
  rel: relative(root, path).split(sep).join('/'),
  text: withoutComments(readFileSync(path, 'utf8')),
}));

const filesMatching = (pattern: RegExp) => files.filter((f) => pattern.test(f.text)).map((f) => f.rel);

describe('source rules', () => {
  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it('only src/main/app/ipc-wiring.ts calls ipcMain.handle', () => {
    expect(filesMatching(/ipcMain\s*\.\s*handle(Once)?\s*\(/)).toEqual(['src/main/app/ipc-wiring.ts']);
  });

  it('nothing registers raw ipcMain.on listeners', () => {
    expect(filesMatching(/ipcMain\s*\.\s*(on|once|addListener)\s*\(/)).toEqual([]);
  });

  it('only the shell and the preload import electron', () => {
    const importers = filesMatching(/from\s+['"]electron['"]|require\(\s*['"]electron['"]\s*\)/);
    for (const rel of importers) expect(rel.startsWith('src/main/app/') || rel.startsWith('src/preload/')).toBe(true);
  });

  it('every BrowserWindow is made by createMainWindow (main.ts only passes the constructor in)', () => {
    expect(filesMatching(/new\s+BrowserWindow\s*\(/)).toEqual(['src/main/app/main.ts']);
    const main = files.find((f) => f.rel === 'src/main/app/main.ts')?.text ?? '';
    expect(main.match(/new\s+BrowserWindow\s*\(/g)).toHaveLength(1);
    expect(main).toMatch(/createMainWindow\(\{\s*createWindow:\s*\(options\)\s*=>\s*new BrowserWindow\(options\),/);
  });

  it('no file turns a security preference off', () => {
    const weakened = filesMatching(
      /\b(sandbox|contextIsolation|webSecurity)\s*:\s*false|\b(nodeIntegration\w*|webviewTag|allowRunningInsecureContent|experimentalFeatures)\s*:\s*true|\bbypassCSP\s*:\s*true|disable-web-security|--no-sandbox/,
    );
    expect(weakened).toEqual([]);
  });

  it('the preload imports no zod and no node modules', () => {
    const preload = files.filter((f) => f.rel.startsWith('src/preload/'));
    expect(preload.map((f) => f.rel).sort()).toContain('src/preload/index.ts');
    for (const f of preload) {
      expect(f.text).not.toMatch(/from\s+['"]zod['"]/);
      expect(f.text).not.toMatch(/from\s+['"](node:)?(fs|path|os|child_process|crypto)['"]/);
    }
  });

  it.runIf(existsSync(join(root, 'out', 'preload', 'index.js')))('the built preload contains no zod and no ipcRenderer exposure', () => {
    const built = readFileSync(join(root, 'out', 'preload', 'index.js'), 'utf8');
    expect(built).not.toMatch(/require\(['"]zod['"]\)|ZodError|safeParse|\$ZodType/);
    expect(built).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\s*\)/);
    expect(built.match(/exposeInMainWorld/g)).toHaveLength(1);
  });
});
