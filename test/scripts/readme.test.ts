/** The README and .ci/run say the same about what the tests need, and package.json's engines agree with the README. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const read = (name: string) => readFileSync(join(root, name), 'utf8');

/** The packages of every `apt-get install` line in a text (options dropped). */
const aptPackages = (text: string) =>
  [...text.matchAll(/apt-get install ([^\n`]*)/g)].flatMap((m) => m[1]!.split(/\s+/).filter((w) => w && !w.startsWith('-') && !w.startsWith('>'))).sort();

describe('README', () => {
  it('lists the same Debian packages for the tests as .ci/run installs', () => {
    const readme = read('README.md');
    const tests = readme.slice(readme.indexOf('## Run the tests'), readme.indexOf('## Command line'));
    expect(aptPackages(tests)).toEqual(aptPackages(read('.ci/run')));
    expect(aptPackages(read('.ci/run'))).toEqual(['age', 'chromium', 'dbus-bin', 'dbus-daemon', 'fonts-noto-cjk', 'poppler-utils', 'postgresql']);
  });

  it('states the Node range package.json declares, and npm test is the summarising runner', () => {
    const pkg = JSON.parse(read('package.json')) as { engines: { node: string }; scripts: Record<string, string> };
    expect(pkg.engines.node).toBe('^20.19.0 || ^22.13.0 || >=24');
    expect(read('README.md')).toContain('Node ^20.19, ^22.13 or ≥ 24');
    expect(pkg.scripts.test).toBe('node scripts/test.mjs');
  });

  it('never suggests npx zhangdun outside the checkout, and links the exit code table', () => {
    const readme = read('README.md');
    const examples = readme.slice(readme.indexOf('cd "$(mktemp -d)"'));
    expect(examples.slice(0, examples.indexOf('```'))).not.toContain('npx');
    expect(readme).toContain('[docs/CLI.md](docs/CLI.md)');
  });
});
