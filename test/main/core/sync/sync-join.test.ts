/** Publishing a vault, inviting another PC, joining it with a member's own password (real PostgreSQL). */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstSync, invite, publish, runSync, syncStatus } from '../../../../src/main/core/sync/sync-service';
import { joinVault } from '../../../../src/main/core/sync/join-vault';
import { wrapForMember } from '../../../../src/main/core/sync/sync-credentials';
import { signWith } from '../../../../src/main/core/keys/signing';
import { randomBytes } from 'node:crypto';
import { openVault } from '../../../../src/main/core/vault/unlock-vault';
import { startCluster, type PgCluster } from '../../../helpers/pg-cluster';
import { dumpServer, sql } from '../../../helpers/sync-fixture';
import { settledCode } from '../../../helpers/thrown-code';
import { clientInput, createTestVault, password, sessionOf, useTempDirs } from '../../../helpers/vault-fixture';

let cluster: PgCluster;
let dbs = 0;
const fresh = useTempDirs('zd-sync-join-');
const ACCT = '会计周敏';
const ACCT_PW = 'Acct-测试-口令-2024!';
const SECRET = 'QZSERVERPASSWORD';

beforeAll(() => {
  cluster = startCluster();
});
afterAll(() => cluster?.stop());

/** The cluster trusts local connections: the password in the URL is only there to be looked for. */
const withPassword = (url: string) => url.replace('postgresql://zd@', `postgresql://zd:${SECRET}@`);

describe('publish, invite, join', () => {
  it('an accountant joins from another PC with a code and their own password, sees their granted client, and edits sync both ways', async () => {
    const url = withPassword(cluster.createDatabase(`j${++dbs}`));
    const dir = fresh();
    const { vault: owner, recoveryIdentity: recovery } = await createTestVault(join(dir, 'office'));
    const s = sessionOf(owner);
    const acct = await s.staff.add(ACCT, 'accountant', password(ACCT_PW));
    const granted = s.clients.create(clientInput({ name: '授权公司QZGRANTED' }));
    s.clients.create(clientInput({ name: '未授权公司QZHIDDEN' }));
    await s.access.grant(granted.id, acct.id);
    expect(syncStatus(owner)).toMatchObject({ published: false, pending: 0 });
    // The one-PC path: writes to a vault never published touch none of the sync's tables.
    const syncTables = (owner.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'sync_%'").all() as { name: string }[]).map((t) => t.name);
    expect(syncTables.length).toBeGreaterThanOrEqual(8);
    for (const table of syncTables) expect(owner.db.prepare(`SELECT count(*) AS n FROM ${table}`).get(), table).toEqual({ n: 0 });

    const published = await publish(owner, url);
    expect(published.push.records).toBeGreaterThanOrEqual(2);
    expect(syncStatus(owner)).toMatchObject({ published: true, pending: 0 });
    // Stored sealed: neither the URL nor its password is in the row.
    const row = owner.repos.sync.config()!;
    expect(row.sealed!.includes(Buffer.from(SECRET))).toBe(false);
    expect(row.sealed!.includes(Buffer.from('postgresql'))).toBe(false);
    const wrap = owner.repos.sync.serverWrap(acct.id)!;
    expect(wrap.wrapped.includes(Buffer.from(SECRET))).toBe(false);

    const { code } = await invite(owner, acct.id, 24);
    const pcDir = join(dir, 'pc2');
    const joined = await joinVault(pcDir, { url, code, staffName: ACCT, password: password(ACCT_PW) });
    expect(joined.staffId).toBe(acct.id);
    // Single use.
    expect(await settledCode(() => joinVault(join(dir, 'pc3'), { url, code, staffName: ACCT, password: password(ACCT_PW) }))).toBe('PERMISSION_DENIED');

    const pc = await openVault(pcDir, { staffName: ACCT, password: password(ACCT_PW) });
    try {
      const first = await firstSync(pc);
      expect([...pc.repos.audit.iterate()].map((e) => e.action)).toContain('sync.join');
      expect(first.pull.applied).toBeGreaterThan(0);
      const ps = sessionOf(pc);
      const names = ps.clients.list({ query: '', label: null, status: 'active', sort: 'name', offset: 0, limit: 100 }).items.map((c) => c.name);
      expect(names).toEqual(['授权公司QZGRANTED']);
      ps.clients.update(granted.id, clientInput({ name: '授权公司改名' }));
      await runSync(pc);
      await runSync(owner);
      expect(s.clients.get(granted.id).name).toBe('授权公司改名');
      expect(syncStatus(pc).problems).toEqual([]);

      // A member added on the office PC after this PC joined: their edits are accepted here, under the newer
      // roster the office put on the server (signed by the vault's master key; this PC's vault.key is older).
      const second = await s.staff.add('会计钱芳', 'accountant', password('Second-测试-口令-2024!'));
      await s.access.grant(granted.id, second.id);
      await runSync(owner);
      await owner.close();
      const asSecond = await openVault(join(dir, 'office'), { staffName: '会计钱芳', password: password('Second-测试-口令-2024!') });
      try {
        sessionOf(asSecond).clients.update(granted.id, clientInput({ name: '授权公司第三版' }));
        await runSync(asSecond);
      } finally {
        await asSecond.close();
      }
      expect(pc.keyFile.body.roster.version).toBeLessThan((await openVault(join(dir, 'office'), { recoveryIdentity: recovery }).then(async (v) => { const n = v.keyFile.body.roster.version; await v.close(); return n; })));
      await runSync(pc);
      expect(ps.clients.get(granted.id).name).toBe('授权公司第三版');
      expect(syncStatus(pc).problems).toEqual([]);
    } finally {
      await pc.close();
    }
    const dump = await dumpServer(url);
    for (const marker of [SECRET, 'QZGRANTED', 'QZHIDDEN', '授权公司', ACCT, '会计钱芳']) expect(dump.includes(Buffer.from(marker)), marker).toBe(false);
  });

  it('a join code is refused when expired, altered, or used with another member\'s password; an accountant cannot publish or invite', async () => {
    const url = cluster.createDatabase(`j${++dbs}`);
    const dir = fresh();
    const { vault: owner } = await createTestVault(join(dir, 'office'));
    const s = sessionOf(owner);
    const acct = await s.staff.add(ACCT, 'accountant', password(ACCT_PW));
    await publish(owner, url);
    const { code } = await invite(owner, acct.id, 1);
    // Expired on the server and in the code itself.
    expect(await settledCode(() => joinVault(join(dir, 'a'), { url, code, staffName: ACCT, password: password(ACCT_PW), now: () => new Date(Date.now() + 2 * 3_600_000) }))).toBe('PERMISSION_DENIED');
    // Altered: another member named, signature no longer matches.
    const [p, body, sig] = code.split('.');
    const claim = JSON.parse(Buffer.from(body!, 'base64url').toString()) as Record<string, string>;
    const forged = `${p}.${Buffer.from(JSON.stringify({ ...claim, member: owner.staff.id })).toString('base64url')}.${sig}`;
    expect(await settledCode(() => joinVault(join(dir, 'b'), { url, code: forged, staffName: ACCT, password: password(ACCT_PW) }))).toBe('TAMPERED');
    // The owner's own password with a code naming the accountant.
    expect(await settledCode(() => joinVault(join(dir, 'c'), { url, code, staffName: '会计林晓燕', password: password() }))).toBe('PERMISSION_DENIED');
    // Still unused after those refusals: the server marks a code only once the member proved who they are.
    expect((await sql(url, 'SELECT count(*)::int AS n FROM join_codes WHERE used_at IS NULL')).rows[0].n).toBe(1);
    await owner.close();
    const pcDir = join(dir, 'pc');
    await joinVault(pcDir, { url, code, staffName: ACCT, password: password(ACCT_PW) });
    const pc = await openVault(pcDir, { staffName: ACCT, password: password(ACCT_PW) });
    try {
      expect(await settledCode(() => invite(pc, acct.id, 1))).toBe('PERMISSION_DENIED');
      expect(await settledCode(() => publish(pc, url))).toBe('PERMISSION_DENIED');
      // Someone with vault.db's key (any member) swaps in a wrap pointing elsewhere, signed with a key not on the roster.
      const member = pc.keyFile.body.roster.members.find((m) => m.staffId === acct.id)!;
      const stranger = randomBytes(32);
      const forged = await wrapForMember(pc.vaultId, acct.id, member.recipient, { url: 'postgresql://evil@elsewhere/db' }, (data) => signWith(stranger, data));
      pc.write(() => pc.repos.sync.putServerWrap(acct.id, forged.wrapped, acct.id, forged.sig));
      expect(await settledCode(() => runSync(pc))).toBe('TAMPERED');
    } finally {
      await pc.close();
    }
  });
});
