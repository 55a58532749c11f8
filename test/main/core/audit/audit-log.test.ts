import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventHash, genesisHash, signingBytes, type AuditEvent } from '../../../../src/main/core/audit/audit-event';
import { DEFAULT_KDF } from '../../../../src/main/core/keys/kdf';
import { parseKeyFile, unlockWithPassword } from '../../../../src/main/core/keys/key-file';
import { Signer } from '../../../../src/main/core/keys/signing';
import { checkVault } from '../../../../src/main/core/services/check-service';
import { createVault } from '../../../../src/main/core/vault/create-vault';
import { VaultSession } from '../../../../src/main/core/vault/session';
import { openVault } from '../../../../src/main/core/vault/unlock-vault';
import { VaultManager } from '../../../../src/main/core/vault/vault-manager';
import { clientInputSchema } from '../../../../src/shared/contract';

let dir: string;
let master: string;
let identity: string;
let total = 0;
let accountantId = '';
const OWNER_PW = 'correct horse';
const ACCOUNTANT_PW = 'accountant horse';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zd-audit-'));
  master = join(dir, 'master');
  const created = await createVault(master, { staffName: '张会计', password: Buffer.from(OWNER_PW) });
  identity = created.recoveryIdentity;
  const s = new VaultSession(created.vault, () => 'zh-CN');
  accountantId = (await s.staff.add('李会计', 'accountant', Buffer.from(ACCOUNTANT_PW))).id;
  const c = s.clients.create(clientInputSchema.parse({ name: '福州闽江财税咨询有限公司', phone: '13912345678', label: 'secret' }));
  s.clients.reveal(c.id, 'phone');
  const f = join(dir, 'a.txt');
  writeFileSync(f, 'statement');
  const [o] = await s.documents.importFiles(c.id, [f]);
  const docId = o?.status === 'imported' ? o.documentId : '';
  await s.documents.preview(docId);
  await s.documents.exportWithPolicy(docId, '客户索取', async () => join(dir, 'out.txt'));
  s.documents.trash(docId);
  s.documents.restore(docId);
  await created.vault.lock('manual');
  const v = await openVault(master, { recoveryIdentity: identity });
  total = v.audit.head()?.seq ?? 0;
  await v.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function tamper(name: string, edit: (v: Awaited<ReturnType<typeof openVault>>) => void) {
  const copy = join(dir, name);
  cpSync(master, copy, { recursive: true });
  const v = await openVault(copy, { recoveryIdentity: identity });
  try {
    edit(v);
    return new VaultSession(v, () => 'zh-CN').audit.verify();
  } finally {
    await v.close();
  }
}

const sql = (statements: string[]) => (v: Awaited<ReturnType<typeof openVault>>) => statements.forEach((s) => v.db.exec(s));

describe('audit log', () => {
  it('records every action of a session, in order, signed by whoever acted, with client details sealed', async () => {
    const v = await openVault(master, { recoveryIdentity: identity });
    try {
      const written = [...v.repos.audit.iterate()];
      expect(written.map((r) => r.seq)).toEqual(written.map((_, i) => i + 1));
      // The alert rules may add an alert.raise (an export at night, outside working hours): not this test's subject.
      const rows = written.filter((r) => r.action !== 'alert.raise');
      expect(rows.map((r) => r.action)).toEqual([
        'vault.create', 'staff.add', 'staff.add', 'client.create', 'client.reveal', 'doc.import', 'doc.view', 'doc.export', 'doc.trash', 'doc.restore', 'lock',
      ]);
      const owner = v.staff.id;
      expect(rows.every((r) => r.signer === owner && r.actorId === owner)).toBe(true);
      // The export's reason is client data: sealed under the client's key, readable through the service.
      const exportEvent = rows.find((r) => r.action === 'doc.export')!;
      expect(exportEvent.detail).toBe('{}');
      expect(exportEvent.sealed).not.toBeNull();
      const entries = new VaultSession(v, () => 'zh-CN').audit.listAll({ action: 'doc.export' });
      expect(entries.map((e) => e.detail)).toEqual([{ reason: '客户索取' }]);
      expect(rows.every((r) => r.machine.length > 0 && !Number.isNaN(Date.parse(r.at)))).toBe(true);
      expect(rows.find((r) => r.action === 'client.reveal')).toMatchObject({ actorName: '张会计', role: 'owner' });
      const all = JSON.stringify(written.map((r) => ({ ...r, sig: '', prev: '', sealed: '', detailHash: '' })));
      for (const secret of ['13912345678', 'statement', '客户索取', '福州闽江']) expect(all).not.toContain(secret);
      expect(new VaultSession(v, () => 'zh-CN').audit.verify()).toMatchObject({ ok: true, count: written.length, unopened: 0 });
    } finally {
      await v.close();
    }
  });

  it.each([3, 5, 7])('reports an edited event #%i', async (seq) => {
    const verdict = await tamper(`edit-${seq}`, sql([`UPDATE audit_log SET actor_name = '李四' WHERE seq = ${seq}`]));
    expect(verdict).toMatchObject({ ok: false, firstBadSeq: seq, reason: 'signature' });
  });

  it('reports a plain detail edited without touching the signature', async () => {
    const verdict = await tamper('edit-detail', sql(["UPDATE audit_log SET detail = '{\"role\":\"admin\"}' WHERE seq = 2"]));
    expect(verdict).toMatchObject({ ok: false, firstBadSeq: 2, reason: 'edited' });
  });

  it('reports a sealed detail altered, to anyone holding the client key', async () => {
    const verdict = await tamper('edit-sealed', (v) => {
      const row = v.db.prepare("SELECT seq, sealed FROM audit_log WHERE action = 'doc.export'").get() as { seq: number; sealed: Buffer };
      row.sealed[row.sealed.length - 1]! ^= 1;
      v.db.prepare('UPDATE audit_log SET sealed = ? WHERE seq = ?').run(row.sealed, row.seq);
    });
    expect(verdict).toMatchObject({ ok: false, reason: 'edited' });
  });

  it.each([2, 6])('reports a deleted event #%i', async (seq) => {
    const verdict = await tamper(`del-${seq}`, sql([`DELETE FROM audit_log WHERE seq = ${seq}`]));
    expect(verdict).toMatchObject({ ok: false, firstBadSeq: seq, reason: 'missing' });
  });

  it('reports deleted events renumbered to hide the gap', async () => {
    const verdict = await tamper('renumber', sql(['DELETE FROM audit_log WHERE seq = 4', 'UPDATE audit_log SET seq = seq - 1 WHERE seq > 4']));
    expect(verdict).toMatchObject({ ok: false, firstBadSeq: 4 });
  });

  it('reports two events swapped at the first of them', async () => {
    const verdict = await tamper('swap', sql(['UPDATE audit_log SET seq = -1 WHERE seq = 5', 'UPDATE audit_log SET seq = 5 WHERE seq = 6', 'UPDATE audit_log SET seq = 6 WHERE seq = -1']));
    expect(verdict).toMatchObject({ ok: false, firstBadSeq: 5 });
  });

  it('a colleague who deletes an event and re-signs the rest with their own key is caught: they cannot sign for others', async () => {
    // What an accountant holds: their own password, hence their own signing key, and the common key.
    const file = parseKeyFile(readFileSync(join(master, 'vault.key'), 'utf8'));
    const keys = await unlockWithPassword(file, '李会计', Buffer.from(ACCOUNTANT_PW), DEFAULT_KDF);
    const signer = new Signer(keys.signingSeed);
    const verdict = await tamper('resign', (v) => {
      const rows = [...v.repos.audit.iterate()].filter((r) => r.seq !== 5);
      v.db.exec('DELETE FROM audit_log');
      let prev = genesisHash(v.vaultId);
      rows.forEach((r, i) => {
        const unsigned = { ...r, seq: i + 1, prev, signer: accountantId };
        const event: AuditEvent = { ...unsigned, sig: signer.sign(signingBytes(v.vaultId, unsigned)) };
        v.repos.audit.insert(event);
        prev = eventHash(v.vaultId, event);
      });
    });
    expect(verdict).toMatchObject({ ok: false, firstBadSeq: 1, reason: 'roster' });
  });

  it('a truncated tail verifies on its own (anchors outside the folder catch it: see rollback tests)', async () => {
    const verdict = await tamper('truncate', sql([`DELETE FROM audit_log WHERE seq >= ${total - 1}`]));
    expect(verdict.ok).toBe(true);
    expect(verdict.head?.seq).toBe(total - 2);
  });

  it('check reports an edited audit log as tampered', async () => {
    const copy = join(dir, 'check-edit');
    cpSync(master, copy, { recursive: true });
    const v = await openVault(copy, { recoveryIdentity: identity });
    v.db.exec("UPDATE audit_log SET outcome = 'failure' WHERE action = 'doc.view'");
    const report = await checkVault(v);
    await v.close();
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'audit', code: 'TAMPERED' })]);
  });

  it('writes failed unlock attempts at the next successful unlock', async () => {
    const copy = join(dir, 'failures');
    cpSync(master, copy, { recursive: true });
    const m = new VaultManager({ vaultDir: copy });
    await m.unlock('张会计', Buffer.from('wrong one')).catch(() => undefined);
    await m.unlock('nobody', Buffer.from('wrong two')).catch(() => undefined);
    await m.unlock('张会计', Buffer.from(OWNER_PW));
    const rows = [...m.session().vault.repos.audit.iterate()].slice(-3);
    expect(rows.map((r) => [r.action, r.outcome, r.actorName])).toEqual([
      ['unlock.failed', 'failure', null],
      ['unlock.failed', 'failure', null],
      ['unlock', 'success', '张会计'],
    ]);
    expect(JSON.stringify(rows)).not.toContain('wrong');
    expect(JSON.stringify(rows)).not.toContain('nobody');
    expect(m.session().audit.verify().ok).toBe(true);
    await m.close();
  });
});
