import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectExit, runCliSync, useCliTimeouts } from '../../helpers/cli';

useCliTimeouts();
let dir: string;
let vault: string;
const PASSWORD = 'correct horse battery';

const zd = (args: string[], env: Record<string, string> = {}) => runCliSync(args, { password: PASSWORD, env });

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zd-cli-'));
  vault = join(dir, 'vault');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('zhangdun CLI', () => {
  let clientId = '';

  it('prints help with the exit codes and exits 2 on bad usage', () => {
    const help = zd(['--help']);
    expectExit(help, 0);
    expect(help.stdout).toContain('退出码');
    expect(zd(['--help', '--lang', 'en']).stdout).toContain('Exit codes');
    expectExit(zd(['frobnicate']), 2);
    expectExit(zd(['init', '--bogus']), 2);
  });

  it('inits a vault and writes the recovery key owner-only', () => {
    const rk = join(dir, 'recovery.txt');
    const res = zd(['init', '--vault', vault, '--staff', '张会计', '--recovery-key-out', rk]);
    expectExit(res, 0);
    // The key line, after a comment line with the vault's signing fingerprint.
    expect(readFileSync(rk, 'utf8')).toMatch(/^# .*([0-9A-F]{4} ){9}[0-9A-F]{4}\nAGE-SECRET-KEY-1[0-9A-Z]+\n$/);
    expect(statSync(rk).mode & 0o777).toBe(0o600);
    expectExit(zd(['init', '--vault', vault, '--staff', '张会计']), 8);
  });

  it('adds and lists clients', () => {
    const res = zd(['client', 'add', '--vault', vault, '--staff', '张会计', '--name', '福州闽江财税咨询有限公司', '--credit-code', '91350100M000100Y43']);
    expectExit(res, 0);
    clientId = res.stdout.trim();
    expect(clientId).toMatch(/^[0-9a-f]{32}$/);
    const list = JSON.parse(zd(['client', 'list', '--vault', vault, '--staff', '张会计', '--json']).stdout) as { id: string; name: string }[];
    expect(list).toEqual([expect.objectContaining({ id: clientId, name: '福州闽江财税咨询有限公司' })]);
    expectExit(zd(['client', 'add', '--vault', vault, '--staff', '张会计', '--name', 'X', '--credit-code', '91350100M000100Y44']), 2);
  });

  it('round-trips empty, large and oddly named files byte for byte', () => {
    const files = [join(dir, 'empty.txt'), join(dir, '银行 对账单 2024年3月 😀.pdf'), join(dir, 'big file.bin')];
    writeFileSync(files[0]!, '');
    writeFileSync(files[1]!, Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(200_000)]));
    const fd = openSync(files[2]!, 'w');
    const block = randomBytes(1024 * 1024);
    for (let i = 0; i < 101; i++) writeSync(fd, block);
    closeSync(fd);
    const res = zd(['doc', 'import', '--vault', vault, '--staff', '张会计', '--client', clientId, '--category', '银行对账单', '--period', '2024-03', ...files]);
    expectExit(res, 0);
    const ids = res.stdout.trim().split('\n');
    expect(ids).toHaveLength(3);
    const listed = JSON.parse(zd(['doc', 'list', '--vault', vault, '--staff', '张会计', '--client', clientId, '--json']).stdout) as { id: string; name: string; periodYear: number }[];
    expect(listed.map((d) => d.name).sort()).toEqual(['big file.bin', 'empty.txt', '银行 对账单 2024年3月 😀.pdf'].sort());
    expect(listed[0]?.periodYear).toBe(2024);
    ids.forEach((id, i) => {
      const out = join(dir, `out-${i}`);
      const exp = zd(['doc', 'export', '--vault', vault, '--staff', '张会计', '--doc', id, '--out', out]);
      expectExit(exp, 0);
      expect(sha(out)).toBe(sha(files[i]!));
    });
    // Refuses to overwrite unless --force.
    expectExit(zd(['doc', 'export', '--vault', vault, '--staff', '张会计', '--doc', ids[0]!, '--out', join(dir, 'out-1')]), 8);
    expect(sha(join(dir, 'out-1'))).toBe(sha(files[1]!));
    expectExit(zd(['doc', 'export', '--vault', vault, '--staff', '张会计', '--doc', ids[0]!, '--out', join(dir, 'out-1'), '--force']), 0);
    expect(readFileSync(join(dir, 'out-1')).length).toBe(0);
  });

  it('reports a duplicate import and a missing file per file, completing the batch', () => {
    const a = join(dir, 'dup.txt');
    writeFileSync(a, 'same content');
    const first = zd(['doc', 'import', '--vault', vault, '--staff', '张会计', '--client', clientId, a]);
    const again = zd(['doc', 'import', '--vault', vault, '--staff', '张会计', '--client', clientId, a, join(dir, 'missing.pdf')]);
    expect(again.stdout.trim().split('\n')[0]).toBe(first.stdout.trim());
    expect(again.stderr).toContain('内容已存在');
    expect(again.stderr).toContain('missing.pdf');
    expectExit(again, 6);
  });

  it('checks the vault and reports tampering with exit code 4', () => {
    expectExit(zd(['check', '--vault', vault, '--staff', '张会计']), 0);
    expectExit(zd(['check', '--vault', vault, '--identity', join(dir, 'recovery.txt')]), 0);
  });

  it('uses the documented exit codes for wrong password, unknown staff and missing documents', () => {
    expectExit(zd(['client', 'list', '--vault', vault, '--staff', '张会计'], { ZHANGDUN_PASSWORD: 'nope' }), 3);
    const unknown = zd(['client', 'list', '--vault', vault, '--staff', '陌生人']);
    expectExit(unknown, 3);
    expectExit(zd(['client', 'list', '--vault', join(dir, 'nowhere'), '--staff', '张会计']), 6);
    expectExit(zd(['doc', 'export', '--vault', vault, '--staff', '张会计', '--doc', 'f'.repeat(32), '--out', join(dir, 'x')]), 6);
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });

  it('changes a password with passwd; the old one stops working', () => {
    const res = zd(['passwd', '--vault', vault, '--staff', '张会计'], { ZHANGDUN_NEW_PASSWORD: 'brand new secret' });
    expectExit(res, 0);
    expectExit(zd(['client', 'list', '--vault', vault, '--staff', '张会计']), 3);
    expectExit(zd(['client', 'list', '--vault', vault, '--staff', '张会计'], { ZHANGDUN_PASSWORD: 'brand new secret' }), 0);
  });
});
