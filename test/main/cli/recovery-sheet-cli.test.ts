/** `init --recovery-key-out FILE.pdf` writes the recovery sheet; `--identity` reads the key back from it. */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recoveryKeyFromFile } from '../../../src/main/core/keys/recovery-key-text';
import { expectExit, runMain, useCliTimeouts } from '../../helpers/cli';

useCliTimeouts();
const dir = mkdtempSync(join(tmpdir(), 'zd-cli-sheet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('zhangdun init --recovery-key-out FILE.pdf', () => {
  it('writes the printable sheet (owner-only) and --identity opens the vault with it', async () => {
    const vault = join(dir, 'vault');
    const sheet = join(dir, '恢复密钥.pdf');
    expectExit(await runMain(['init', '--vault', vault, '--staff', '张会计', '--recovery-key-out', sheet], { password: 'cli sheet password 1' }), 0);
    const pdf = readFileSync(sheet);
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    expect(statSync(sheet).mode & 0o077).toBe(0);
    expect(recoveryKeyFromFile(pdf)).toMatch(/^AGE-SECRET-KEY-1/);
    expectExit(await runMain(['client', 'list', '--vault', vault, '--identity', sheet]), 0);
  });
});
