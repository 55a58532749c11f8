import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Checks the built bundle (npm test builds before the unit suites): the UI
 * loads no script or style from the network, and main/preload/renderer exist.
 */
const out = resolve(__dirname, '../../out');
const built = existsSync(join(out, 'renderer', 'index.html'));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

describe.skipIf(!built)('built bundle', () => {
  it('has main, preload and renderer outputs', () => {
    expect(existsSync(join(out, 'main', 'index.js'))).toBe(true);
    expect(existsSync(join(out, 'main', 'cli.js'))).toBe(true);
    expect(existsSync(join(out, 'preload', 'index.js'))).toBe(true);
  });

  it('index.html loads only same-origin scripts and styles, none inline', () => {
    const html = readFileSync(join(out, 'renderer', 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(body?.trim(), 'inline script').toBe('');
      const src = /\bsrc="([^"]+)"/.exec(attrs ?? '')?.[1] ?? '';
      expect(src).toMatch(/^\.?\/?assets\//);
    }
    for (const [, href] of html.matchAll(/<link\b[^>]*\bhref="([^"]+)"/gi)) {
      expect(href).not.toMatch(/^(https?:)?\/\//i);
    }
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//i);
  });

  it('no stylesheet imports or references anything remote', () => {
    for (const file of files(join(out, 'renderer')).filter((f) => f.endsWith('.css'))) {
      const css = readFileSync(file, 'utf8');
      expect(css, file).not.toMatch(/@import\s+(url\()?["']?(https?:)?\/\//i);
      expect(css, file).not.toMatch(/url\(\s*["']?(https?:)?\/\//i);
    }
  });

  it('no script creates remote script or style elements', () => {
    for (const file of files(join(out, 'renderer')).filter((f) => /\.(m?js)$/.test(f))) {
      const js = readFileSync(file, 'utf8');
      expect(js, file).not.toMatch(/importScripts\(\s*["']https?:/);
      expect(js, file).not.toMatch(/import\(\s*["']https?:/);
      expect(js, file).not.toMatch(/\.src\s*=\s*["']https?:\/\/[^"']+\.js["']/);
    }
  });
});
