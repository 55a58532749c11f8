/**
 * Credentials as records of a client: what lists show (never a secret), what
 * reveals, copies and TOTP codes record, password history, reuse and weakness,
 * expiry, the 待更换 list after a revoke and after an offboarding, certificate
 * files, tampering, and the owner's export.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decrypter } from 'age-encryption';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDetail } from '../../../../src/main/core/audit/audit-event';
import { isVaultError } from '../../../../src/main/core/errors';
import { localDay } from '../../../../src/main/core/credentials/credential-service';
import { VaultManager } from '../../../../src/main/core/vault/vault-manager';
import type { VaultSession } from '../../../../src/main/core/vault/session';
import { clientInputSchema } from '../../../../src/shared/contract';
import { credentialInputSchema } from '../../../../src/shared/credential-schemas';
import { offboardReportPdf } from '../../../../src/main/core/reports/report-pdf';

const pw = (s: string) => Buffer.from(s, 'utf8');
const PASSWORDS: Record<string, string> = { 张所长: 'owner password 1', 李会计: 'accountant pw 1', 孙会计: 'accountant pw 2', 赵审计: 'auditor password' };
const RFC_SEED = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // "12345678901234567890", RFC 6238's SHA-1 seed

let root: string;
let m: VaultManager;
const ids: Record<string, string> = {};
let clientA: string; // granted to 李会计 and 孙会计
let clientB: string; // nobody's grant

async function as(name: string): Promise<VaultSession> {
  await m.lock();
  await m.unlock(name, pw(PASSWORDS[name] ?? ''));
  return m.session();
}

function code(fn: () => unknown): Promise<string> {
  return Promise.resolve()
    .then(fn)
    .then(
      () => 'allowed',
      (e: unknown) => (isVaultError(e) ? e.code : `unexpected ${String(e)}`),
    );
}

const input = (fields: Record<string, unknown>) => credentialInputSchema.parse({ kind: 'etax', title: '电子税务局', ...fields });

/** The actions (and opened details) of the session's audit events after `seq`. */
function eventsSince(s: VaultSession, seq: number) {
  return [...s.vault.repos.audit.iterate()].filter((e) => e.seq > seq).map((e) => {
    const key = e.sealed && e.clientId && e.keyVersion !== null ? s.vault.clientKeys.key(e.clientId, e.keyVersion) : null;
    const detail = key && e.sealed && e.clientId && e.keyVersion !== null
      ? (JSON.parse(openDetail(key, { vaultId: s.vault.vaultId, seq: e.seq, clientId: e.clientId, keyVersion: e.keyVersion }, e.sealed)!.detail) as Record<string, unknown>)
      : (JSON.parse(e.detail) as Record<string, unknown>);
    return { action: e.action, outcome: e.outcome, detail };
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zd-cred-'));
  m = new VaultManager({ vaultDir: join(root, 'vault') });
  await m.create('张所长', pw(PASSWORDS['张所长']!));
  const s = m.session();
  ids['张所长'] = s.vault.staff.id;
  for (const [name, role] of [['李会计', 'accountant'], ['孙会计', 'accountant'], ['赵审计', 'auditor']] as const) {
    ids[name] = (await s.staff.add(name, role, pw(PASSWORDS[name]!))).id;
  }
  clientA = s.clients.create(clientInputSchema.parse({ name: '福州闽江财税咨询有限公司', label: 'confidential' })).id;
  clientB = s.clients.create(clientInputSchema.parse({ name: '厦门鹭岛贸易有限公司' })).id;
  await s.access.grant(clientA, ids['李会计']!);
  await s.access.grant(clientA, ids['孙会计']!);
  await s.access.grant(clientA, ids['赵审计']!);
}, 120_000);

afterAll(async () => {
  await m.close();
  rmSync(root, { recursive: true, force: true });
});

describe('credentials of a client', () => {
  it('lists without any secret value; reveal, copy and TOTP are each recorded', async () => {
    const s = await as('李会计');
    const created = s.credentials.create(clientA, input({ login: '91350100MA2XYZ001K', phone: '13905911234', secrets: { password: 'Etax#Fz2024!q' }, totp: RFC_SEED }));
    expect(created.secrets).toEqual(['password']);
    expect(created.hasTotp).toBe(true);
    expect(created.phoneMasked).toBe('139****1234');
    const listed = s.credentials.list(clientA);
    expect(listed.map((c) => c.id)).toContain(created.id);
    expect(JSON.stringify(listed)).not.toContain('Etax#Fz2024!q');
    expect(JSON.stringify(listed)).not.toContain(RFC_SEED);
    expect(JSON.stringify(s.credentials.get(created.id))).not.toContain('13905911234');

    const before = s.vault.repos.audit.last()!.seq;
    expect(s.credentials.reveal(created.id, { secret: 'password' }).value).toBe('Etax#Fz2024!q');
    expect(s.credentials.secretForCopy(created.id, { secret: 'password' })).toBe('Etax#Fz2024!q');
    const totp = s.credentials.totp(created.id);
    expect(totp.code).toMatch(/^\d{6}$/);
    expect(totp.remaining).toBeGreaterThan(0);
    const events = eventsSince(s, before);
    expect(events.map((e) => e.action)).toEqual(['cred.reveal', 'cred.copy', 'cred.totp']);
    for (const e of events) expect(e.detail.credentialId).toBe(created.id);
    // Recorded facts, never the value.
    expect(JSON.stringify(events)).not.toContain('Etax#Fz2024!q');
    expect(await code(() => s.credentials.reveal(created.id, { secret: 'pin' }))).toBe('NOT_FOUND');
  });

  it('keeps old values in the history (revealed like the current one) and leaves stored secrets alone when an edit leaves them out', async () => {
    const s = await as('李会计');
    const c = s.credentials.create(clientA, input({ title: '社保', kind: 'social-security', secrets: { password: 'old-Social-2023' } }));
    const kept = s.credentials.update(c.id, input({ title: '社保（单位）', kind: 'social-security' }));
    expect(kept.secrets).toEqual(['password']);
    s.credentials.update(c.id, input({ title: '社保（单位）', kind: 'social-security', secrets: { password: 'new-Social-2024' } }));
    expect(s.credentials.reveal(c.id, { secret: 'password' }).value).toBe('new-Social-2024');
    const history = s.credentials.history(c.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ secret: 'password', changedBy: '李会计' });
    expect(JSON.stringify(history)).not.toContain('old-Social-2023');
    expect(s.credentials.reveal(c.id, { history: 0 }).value).toBe('old-Social-2023');
    s.credentials.update(c.id, input({ title: '社保（单位）', kind: 'social-security', secrets: { password: null } }));
    expect(s.credentials.get(c.id).secrets).toEqual([]);
  });

  it('an edit made from what the list shows (masked phone, blank secret custom values) loses nothing', async () => {
    const s = await as('李会计');
    const c = s.credentials.create(
      clientA,
      input({ title: '公积金（单位）', kind: 'housing-fund', phone: '13905917788', custom: [{ name: '单位账号', value: 'GJJ-0591', secret: false }, { name: '查询密码', value: 'Gjj-Query-11', secret: true }] }),
    );
    const shown = s.credentials.get(c.id);
    expect(shown.custom[1]).toEqual({ name: '查询密码', value: '', secret: true });
    s.credentials.update(c.id, input({ title: '公积金（单位，新）', kind: shown.kind, custom: shown.custom }));
    expect(s.credentials.get(c.id).phoneMasked).toBe('139****7788');
    expect(s.credentials.reveal(c.id, { custom: 1 }).value).toBe('Gjj-Query-11');
    s.credentials.update(c.id, input({ title: '公积金（单位，新）', kind: shown.kind, phone: null, custom: [] }));
    expect(s.credentials.get(c.id).phoneMasked).toBeNull();
  });

  it('flags a weak password and the same password on two clients, without comparing outside main', async () => {
    const s = await as('张所长');
    const a = s.credentials.create(clientA, input({ title: '公积金', kind: 'housing-fund', secrets: { password: 'Shared-Pass-7781!' } }));
    const b = s.credentials.create(clientB, input({ title: '电子税务局', secrets: { password: 'Shared-Pass-7781!' } }));
    const weak = s.credentials.create(clientB, input({ title: '工商年报', kind: 'annual-report', secrets: { password: '123456' } }));
    expect(s.credentials.get(a.id).reusedWith.map((r) => r.id)).toEqual([b.id]);
    expect(s.credentials.get(b.id).reusedWith[0]).toMatchObject({ id: a.id, clientName: '福州闽江财税咨询有限公司' });
    expect(s.credentials.get(weak.id).strength).toBe(0);
    const hygiene = s.credentials.hygiene();
    expect(hygiene.reused.map((c) => c.id).sort()).toEqual([a.id, b.id].sort());
    expect(hygiene.weak.map((c) => c.id)).toContain(weak.id);
    // 李会计 holds only client A: the reuse with B is not theirs to see.
    const li = await as('李会计');
    expect(li.credentials.get(a.id).reusedWith).toEqual([]);
  });

  it('lists what expires within 30, 60 and 90 days across the clients one holds', async () => {
    const s = await as('张所长');
    const inDays = (n: number) => localDay(new Date(Date.now() + n * 86_400_000));
    const soon = s.credentials.create(clientA, input({ kind: 'certificate', title: 'CA数字证书', expiresOn: inDays(20), secrets: { certPassword: '556677' } }));
    const later = s.credentials.create(clientB, input({ kind: 'certificate', title: 'CA证书（乙）', expiresOn: inDays(75) }));
    expect(s.credentials.expiring(30).map((c) => c.id)).toContain(soon.id);
    expect(s.credentials.expiring(30).map((c) => c.id)).not.toContain(later.id);
    expect(s.credentials.expiring(90).map((c) => c.id)).toEqual(expect.arrayContaining([soon.id, later.id]));
    const li = await as('李会计');
    expect(li.credentials.expiring(90).map((c) => c.id)).toEqual([soon.id]);
  });

  it('refuses staff without the client (NOT_FOUND) and auditors the secrets (PERMISSION_DENIED)', async () => {
    const owner = await as('张所长');
    const onB = owner.credentials.create(clientB, input({ title: '网银', kind: 'bank', secrets: { pin: '908172' } }));
    const onA = owner.credentials.create(clientA, input({ title: '个税扣缴端', kind: 'etax-individual', secrets: { password: 'Kj-2024-abc' } }));
    const li = await as('李会计');
    expect(await code(() => li.credentials.list(clientB))).toBe('NOT_FOUND');
    expect(await code(() => li.credentials.reveal(onB.id, { secret: 'pin' }))).toBe('NOT_FOUND');
    expect(await code(() => li.credentials.get(onB.id))).toBe('NOT_FOUND');
    expect(li.search.search('网银').credentials).toEqual([]);
    expect(li.search.search('个税扣缴').credentials.map((c) => c.id)).toEqual([onA.id]);
    const auditor = await as('赵审计');
    expect(auditor.credentials.list(clientA).map((c) => c.id)).toContain(onA.id);
    expect(await code(() => auditor.credentials.reveal(onA.id, { secret: 'password' }))).toBe('PERMISSION_DENIED');
    expect(await code(() => auditor.credentials.totp(onA.id))).toBe('PERMISSION_DENIED');
    expect(await code(() => auditor.credentials.update(onA.id, input({ title: 'x' })))).toBe('PERMISSION_DENIED');
  });

  it('keeps a certificate file sealed beside the record, exported only with a reason, through a key rotation', async () => {
    const s = await as('李会计');
    const c = s.credentials.create(clientA, input({ kind: 'certificate', title: 'CA证书（闽江）', secrets: { certPassword: '246810' } }));
    const pfx = Buffer.from('fake pfx bytes: 证书内容标记');
    expect(s.credentials.attachCertificate(c.id, '闽江.pfx', pfx).certificate).toEqual({ name: '闽江.pfx', size: pfx.length });
    expect(await code(() => s.credentials.certificateForExport(c.id, '  '))).toBe('REASON_REQUIRED');
    const owner = await as('张所长');
    await owner.access.rotateClient(clientA);
    const li = await as('李会计');
    const exported = li.credentials.certificateForExport(c.id, '客户更换电脑');
    expect(exported.bytes.equals(pfx)).toBe(true);
    expect(li.credentials.reveal(c.id, { secret: 'certPassword' }).value).toBe('246810');
    const last = eventsSince(li, li.vault.repos.audit.last()!.seq - 1)[0]!;
    expect(last.action).toBe('cred.reveal');
    expect(li.credentials.removeCertificate(c.id).certificate).toBeNull();
  });

  it('finds a tampered credential: reveal refuses with TAMPERED', async () => {
    const s = await as('张所长');
    const c = s.credentials.create(clientB, input({ title: '被篡改', secrets: { password: 'Tamper-me-123' } }));
    const row = s.vault.db.prepare('SELECT body FROM credential_records WHERE id = ?').get(c.id) as { body: Buffer };
    const body = Buffer.from(row.body);
    body.writeUInt8(body.readUInt8(body.length - 5) ^ 0x01, body.length - 5);
    s.vault.db.prepare('UPDATE credential_records SET body = ? WHERE id = ?').run(body, c.id);
    expect(await code(() => s.credentials.reveal(c.id, { secret: 'password' }))).toBe('TAMPERED');
    s.vault.db.prepare('UPDATE credential_records SET body = ? WHERE id = ?').run(row.body, c.id);
    expect(s.credentials.reveal(c.id, { secret: 'password' }).value).toBe('Tamper-me-123');
  });

  it('exports every credential for the owner only, with a reason, as an age file under a passphrase', async () => {
    const li = await as('李会计');
    expect(await code(() => li.credentialTransfer.exportAll('归档', 'a long export passphrase'))).toBe('PERMISSION_DENIED');
    const owner = await as('张所长');
    expect(await code(() => owner.credentialTransfer.exportAll('', 'a long export passphrase'))).toBe('REASON_REQUIRED');
    expect(await code(() => owner.credentialTransfer.exportAll('归档', 'short'))).toBe('INVALID_INPUT');
    const file = await owner.credentialTransfer.exportAll('年度归档', 'a long export passphrase');
    expect(file.includes(Buffer.from('Etax#Fz2024!q'))).toBe(false);
    const d = new Decrypter();
    d.addPassphrase('a long export passphrase');
    const json = JSON.parse(Buffer.from(await d.decrypt(file)).toString('utf8')) as { format: string; credentials: { secrets: Record<string, string>; client: { name: string } }[] };
    expect(json.format).toBe('zhangdun-credentials');
    expect(json.credentials.some((c) => c.secrets.password === 'Etax#Fz2024!q' && c.client.name === '福州闽江财税咨询有限公司')).toBe(true);
    // The last cred.export (an alert may follow it: an export at night is outside working hours).
    expect(owner.audit.listAll({ action: 'cred.export' }).at(-1)).toMatchObject({ action: 'cred.export', detail: { reason: '年度归档' } });
    // Two unlocks and two scrypt passes at age's real work factor (one in the test's pure-JS decrypter): seconds on
    // an idle machine, most of a minute beside a full suite.
  }, 240_000);
});

describe('待更换: what someone who lost access could have seen', () => {
  it('lists every credential of the client after a revoke; changing the password or marking it clears it, recording who', async () => {
    const owner = await as('张所长');
    const before = owner.credentials.list(clientA).map((c) => c.id);
    expect(before.length).toBeGreaterThan(2);
    await owner.access.revoke(clientA, ids['孙会计']!);
    const due = owner.credentials.rotationList();
    expect(due.map((c) => c.id).sort()).toEqual([...before].sort());
    expect(due[0]!.rotationDue[0]).toMatchObject({ reason: 'revoke', staffName: '孙会计', staffId: ids['孙会计'] });
    expect(owner.credentials.rotationList().every((c) => c.clientId === clientA)).toBe(true);
    // The remaining grantee sees the list too.
    const li = await as('李会计');
    expect(li.credentials.rotationList().map((c) => c.id).sort()).toEqual([...before].sort());
    const [first, second] = li.credentials.rotationList();
    const marked = li.credentials.markRotated(first!.id);
    expect(marked.rotationDue).toEqual([]);
    expect(marked.lastRotation).toMatchObject({ byName: '李会计', forNames: ['孙会计'] });
    const withPassword = li.credentials.rotationList().find((c) => c.secrets.includes('password')) ?? second!;
    li.credentials.update(withPassword.id, input({ title: withPassword.title, kind: withPassword.kind, secrets: { password: 'Rotated-after-revoke-1' } }));
    expect(li.credentials.get(withPassword.id).rotationDue).toEqual([]);
    expect(li.credentials.rotationList().map((c) => c.id)).not.toContain(withPassword.id);
    // 孙会计 no longer opens the client at all.
    const sun = await as('孙会计');
    expect(await code(() => sun.credentials.list(clientA))).toBe('NOT_FOUND');
  });

  it('an offboarding lists every credential the person could have seen in the report, and they stay 待更换', async () => {
    const owner = await as('张所长');
    const open = owner.credentials.list(clientA).map((c) => c.id);
    const report = await owner.staff.offboard(ids['李会计']!, ids['张所长']!);
    expect(report.credentialsToRotate.map((c) => c.id).sort()).toEqual([...open].sort());
    expect(report.credentialsToRotate.every((c) => c.clientName === '福州闽江财税咨询有限公司')).toBe(true);
    expect(owner.credentials.rotationList().filter((c) => c.rotationDue.some((d) => d.staffName === '李会计' && d.reason === 'offboard')).length).toBe(open.length);
    // Credentials of clients they never held are not listed.
    expect(report.credentialsToRotate.some((c) => c.clientId === clientB)).toBe(false);
    expect(offboardReportPdf(report).length).toBeGreaterThan(1000);
  });
});
