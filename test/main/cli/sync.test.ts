/** `zhangdun sync publish|invite|join|run|status` against a throwaway PostgreSQL cluster. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { clientInputSchema } from '../../../src/shared/contract';
import { VaultManager } from '../../../src/main/core/vault/vault-manager';
import { STATE_DIR, expectExit, runMain, useCliTimeouts } from '../../helpers/cli';
import { startCluster, type PgCluster } from '../../helpers/pg-cluster';
import { sql } from '../../helpers/sync-fixture';

useCliTimeouts();
const OWNER = '张所长';
const OWNER_PW = 'owner password 1';
const LI = '李会计';
const LI_PW = 'accountant pw 1';
let cluster: PgCluster;
let dir: string;
let office: string;
let clientId: string;

beforeAll(async () => {
  cluster = startCluster();
  dir = mkdtempSync(join(tmpdir(), 'zd-cli-sync-'));
  office = join(dir, 'office');
  const m = new VaultManager({ vaultDir: office, stateDir: STATE_DIR });
  await m.create(OWNER, Buffer.from(OWNER_PW));
  const s = m.session();
  const li = await s.staff.add(LI, 'accountant', Buffer.from(LI_PW));
  clientId = s.clients.create(clientInputSchema.parse({ name: '莆田木兰溪鞋业有限公司' })).id;
  await s.access.grant(clientId, li.id);
  await m.close();
});
afterAll(() => {
  cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const asOwner = (args: string[], env: Record<string, string> = {}) => runMain([...args, '--vault', office, '--staff', OWNER], { password: OWNER_PW, env });

it('publishes, invites, joins another PC, syncs both ways, and reports status', async () => {
  const url = cluster.createDatabase('cli1');
  expectExit(await asOwner(['sync', 'publish']), 2);
  const status0 = await asOwner(['sync', 'status']);
  expectExit(status0, 0);
  expect(status0.stdout).toContain('尚未发布');
  // The URL from the environment: it never appears on the command line.
  const published = await asOwner(['sync', 'publish'], { ZHANGDUN_SYNC_SERVER: url });
  expectExit(published, 0);
  expect(published.stdout).toContain('已发布');
  expectExit(await asOwner(['sync', 'publish', '--server', url]), 8);

  const invited = await asOwner(['sync', 'invite', '--name', LI, '--hours', '2']);
  expectExit(invited, 0);
  const code = invited.stdout.trim();
  expect(code).toMatch(/^ZDJ1\./);
  expect(invited.stderr).toContain(LI);

  const pc = join(dir, 'pc2');
  const joined = await runMain(['sync', 'join', '--vault', pc, '--server', url, '--code', code, '--staff', LI], { password: LI_PW });
  expectExit(joined, 0);
  expect(joined.stdout).toContain('已加入');
  const list = await runMain(['client', 'list', '--vault', pc, '--staff', LI, '--json'], { password: LI_PW });
  expectExit(list, 0);
  expect(list.stdout).toContain('莆田木兰溪鞋业有限公司');
  // Used once.
  expectExit(await runMain(['sync', 'join', '--vault', join(dir, 'pc3'), '--server', url, '--code', code, '--staff', LI], { password: LI_PW }), 5);

  expectExit(await asOwner(['client', 'add', '--name', '新客户']), 0);
  const ran = await asOwner(['sync', 'run', '--json']);
  expectExit(ran, 0);
  expect((JSON.parse(ran.stdout) as { push: { records: number } }).push.records).toBe(1);
  const status = await runMain(['sync', 'status', '--vault', pc, '--staff', LI, '--json'], { password: LI_PW });
  expectExit(status, 0);
  expect(JSON.parse(status.stdout)).toMatchObject({ published: true, pending: 0, problems: [] });

  // A server that changes a ciphertext: refused, exit 4, listed by status.
  await sql(url, `UPDATE records SET body = set_byte(body, 40, get_byte(body, 40) # 1) WHERE server_seq = (SELECT max(server_seq) FROM records)`);
  const refused = await runMain(['sync', 'run', '--vault', pc, '--staff', LI], { password: LI_PW });
  expectExit(refused, 4);
  expect(refused.stderr).toContain('同步服务器不可信');
  const after = await runMain(['sync', 'status', '--vault', pc, '--staff', LI], { password: LI_PW });
  expectExit(after, 0);
  expect(after.stdout).toContain('tampered');
  expect(after.stderr).toContain('同步服务器不可信');
});

it('a server that cannot be reached is exit 9', async () => {
  const other = join(dir, 'lonely');
  const m = new VaultManager({ vaultDir: other, stateDir: STATE_DIR });
  await m.create(OWNER, Buffer.from(OWNER_PW));
  await m.close();
  const res = await runMain(['sync', 'publish', '--vault', other, '--staff', OWNER, '--server', `postgresql://zd@/x?host=${encodeURIComponent(dir)}&port=1`], { password: OWNER_PW });
  expectExit(res, 9);
  expect(res.stderr).toContain('无法连接同步服务器');
});
