import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PasswordService } from '../../../src/main/core/services/password-service';
import { VaultManager } from '../../../src/main/core/vault/vault-manager';
import { STATE_DIR, expectExit, runCliSync, useCliTimeouts } from '../../helpers/cli';

useCliTimeouts();
const OWNER = '张所长';
const OWNER_PW = 'owner password 1';
const TEMP = 'tmp-Qz7k-Wp3m-Xr9v';
const LI_NEW = 'Li-新密码-Hv8#Tq2z';
let dir: string;
let vault: string;

const run = (args: string[], password: string, env: Record<string, string> = {}) => runCliSync(args, { password, env });
const asOwner = (args: string[], env: Record<string, string> = {}) => run([...args, '--vault', vault, '--staff', OWNER], OWNER_PW, env);
const asLi = (args: string[], password: string, env: Record<string, string> = {}) => run([...args, '--vault', vault, '--staff', '李会计'], password, env);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zd-cli-passwords-'));
  vault = join(dir, 'vault');
  expectExit(run(['init', '--vault', vault, '--staff', OWNER, '--recovery-key-out', join(dir, 'rk.txt')], OWNER_PW), 0);
  expectExit(asOwner(['staff', 'add', '--name', '李会计', '--role', 'accountant'], { ZHANGDUN_NEW_PASSWORD: 'accountant pw 1' }), 0);
  // The owner's policy (set in the app's settings): twelve characters, strength 3.
  const m = new VaultManager({ vaultDir: vault, stateDir: STATE_DIR });
  await m.unlock(OWNER, Buffer.from(OWNER_PW));
  new PasswordService(m.session().vault).setPolicy({ minLength: 12, minScore: 3 });
  await m.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('zhangdun staff reset and passwd', () => {
  it('resets with a temporary password from ZHANGDUN_NEW_PASSWORD that meets the policy, without printing it', () => {
    const weak = asOwner(['staff', 'reset', '--name', '李会计'], { ZHANGDUN_NEW_PASSWORD: 'password123' });
    expectExit(weak, 2);
    expect(weak.stderr).toContain('密码要求');
    const done = asOwner(['staff', 'reset', '--name', '李会计'], { ZHANGDUN_NEW_PASSWORD: TEMP });
    expectExit(done, 0);
    expect(done.stdout).toContain('李会计');
    expect(done.stdout + done.stderr).not.toContain(TEMP);
    expectExit(asLi(['client', 'list'], 'accountant pw 1'), 3);
  });

  it('with the temporary password only passwd runs, and it honours the policy', () => {
    const refused = asLi(['client', 'list'], TEMP);
    expectExit(refused, 5);
    expect(refused.stderr).toContain('新密码');
    expectExit(asLi(['passwd'], TEMP, { ZHANGDUN_NEW_PASSWORD: 'aaaaaaaaaaaaaaa' }), 2);
    expectExit(asLi(['passwd'], TEMP, { ZHANGDUN_NEW_PASSWORD: LI_NEW }), 0);
    expectExit(asLi(['client', 'list'], LI_NEW), 0);
    expectExit(asLi(['client', 'list'], TEMP), 3);
  });

  it('an accountant resets nobody; the owner cannot reset themselves', () => {
    expectExit(asLi(['staff', 'reset', '--name', OWNER], LI_NEW, { ZHANGDUN_NEW_PASSWORD: TEMP }), 5);
    expectExit(asOwner(['staff', 'reset', '--name', OWNER], { ZHANGDUN_NEW_PASSWORD: TEMP }), 5);
  });
});
