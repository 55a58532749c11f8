/** `zhangdun report compliance --out FILE.pdf [--json FILE]`, as a real process. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectExit, runCliSync, useCliTimeouts } from '../../helpers/cli';

useCliTimeouts();
const OWNER = '张所长';
let dir: string;
let vault: string;
const asOwner = (args: string[]) => runCliSync([...args, '--vault', vault, '--staff', OWNER], { password: 'owner password 1' });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zd-cli-selfcheck-'));
  vault = join(dir, 'vault');
  expectExit(runCliSync(['init', '--vault', vault, '--staff', OWNER, '--recovery-key-out', join(dir, 'rk.txt')], { password: 'owner password 1' }), 0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('writes the PDF and the JSON, refuses a stray argument and an existing file, records the export', () => {
  const pdf = join(dir, 'self-check.pdf');
  const json = join(dir, 'self-check.json');
  expectExit(asOwner(['report', 'compliance', '--out', pdf, 'stray.json']), 2);
  const res = asOwner(['report', 'compliance', '--out', pdf, '--json', json]);
  expectExit(res, 0);
  expect(res.stderr).toContain(`报告已写入 ${pdf}`);
  expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const report = JSON.parse(readFileSync(json, 'utf8')) as { format: string; items: { id: string; status: string }[]; sections: { no: string }[] };
  expect(report.format).toBe('zhangdun-compliance-self-check');
  expect(report.sections).toHaveLength(20);
  // No document has passed its period in this vault.
  expect(report.items.find((i) => i.id === 'retention')?.status).toBe('met');
  expect(report.items.find((i) => i.id === 'audit')?.status).toBe('met');
  // An existing file is replaced only with --force; without --json no JSON is written.
  expectExit(asOwner(['report', 'compliance', '--out', pdf]), 8);
  const only = join(dir, 'only.pdf');
  expectExit(asOwner(['report', 'compliance', '--out', only]), 0);
  expect(existsSync(join(dir, 'only.json'))).toBe(false);
  const events = JSON.parse(asOwner(['audit', 'list', '--json', '--action', 'report.compliance']).stdout) as { action: string }[];
  expect(events.map((e) => e.action)).toEqual(['report.compliance', 'report.compliance']);
});
