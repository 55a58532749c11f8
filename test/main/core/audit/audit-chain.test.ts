import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVault } from '../../../../src/main/core/vault/create-vault';
import { openVault } from '../../../../src/main/core/vault/unlock-vault';
import { VaultManager } from '../../../../src/main/core/vault/vault-manager';
import { VaultSession } from '../../../../src/main/core/vault/session';
import { checkVault } from '../../../../src/main/core/services/check-service';
import { clientInputSchema } from '../../../../src/shared/contract';

let dir: string;
let master: string;
let identity: string;
let total = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zd-audit-'));
  master = join(dir, 'master');
  const created = await createVault(master, { staffName: '张会计', password: Buffer.from('correct horse') });
  identity = created.recoveryIdentity;
  const s = new VaultSession(created.vault, () => 'zh-CN');
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

async function tamper(name: string, sql: (seq: number) => string[], seq: number) {
  const copy = join(dir, name);
  cpSync(master, copy, { recursive: true });
  const v = await openVault(copy, { recoveryIdentity: identity });
  try {
    for (const statement of sql(seq)) v.db.exec(statement);
    return v.audit.verify();
  } finally {
    await v.close();
  }
}

describe('audit chain', () => {
  it('records every action of a session, in order, without secrets', async () => {
    const v = await openVault(master, { recoveryIdentity: identity });
    try {
      const rows = [...v.repos.audit.iterate()];
      expect(rows.map((r) => r.action)).toEqual([
        'vault.create', 'staff.add', 'client.create', 'client.reveal', 'doc.import', 'doc.view', 'doc.export', 'doc.trash', 'doc.restore', 'lock',
      ]);
      expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
      const exportEvent = rows.find((r) => r.action === 'doc.export');
      expect(JSON.parse(exportEvent!.detail)).toEqual({ reason: '客户索取' });
      expect(rows.every((r) => r.machine.length > 0 && !Number.isNaN(Date.parse(r.at)))).toBe(true);
      expect(rows.find((r) => r.action === 'client.reveal')).toMatchObject({ staffName: '张会计', role: 'owner' });
      const all = JSON.stringify(rows.map((r) => ({ ...r, mac: '' })));
      expect(all).not.toContain('13912345678');
      expect(all).not.toContain('statement');
      expect(v.audit.verify()).toMatchObject({ ok: true, count: rows.length });
    } finally {
      await v.close();
    }
  });

  it.each([3, 5, 7])('reports an edited event #%i', async (seq) => {
    const verdict = await tamper(`edit-${seq}`, (n) => [`UPDATE audit_events SET staff_name = '李四' WHERE seq = ${n}`], seq);
    expect(verdict).toMatchObject({ ok: false, firstBadSeq: seq, reason: 'edited' });
  });

  it.each([2, 6])('reports a deleted event #%i', async (seq) => {
    const verdict = await tamper(`del-${seq}`, (n) => [`DELETE FROM audit_events WHERE seq = ${n}`], seq);
    expect(verdict).toMatchObject({ ok: false, firstBadSeq: seq });
  });

  it('reports deleted events renumbered to hide the gap', async () => {
    const verdict = await tamper('renumber', (n) => [`DELETE FROM audit_events WHERE seq = ${n}`, `UPDATE audit_events SET seq = seq - 1 WHERE seq > ${n}`], 4);
    expect(verdict).toMatchObject({ ok: false, firstBadSeq: 4, reason: 'edited' });
  });

  it('reports two events swapped at the first of them', async () => {
    const verdict = await tamper('swap', () => [
      'UPDATE audit_events SET seq = -1 WHERE seq = 5',
      'UPDATE audit_events SET seq = 5 WHERE seq = 6',
      'UPDATE audit_events SET seq = 6 WHERE seq = -1',
    ], 5);
    expect(verdict).toMatchObject({ ok: false, firstBadSeq: 5 });
  });

  it('a truncated tail verifies on its own but no longer matches an earlier head', async () => {
    const verdict = await tamper('truncate', (n) => [`DELETE FROM audit_events WHERE seq >= ${n}`], total - 1);
    expect(verdict.ok).toBe(true);
    expect(verdict.head?.seq).toBe(total - 2);
  });

  it('check reports an edited audit log as tampered', async () => {
    const copy = join(dir, 'check-edit');
    cpSync(master, copy, { recursive: true });
    const v = await openVault(copy, { recoveryIdentity: identity });
    v.db.exec("UPDATE audit_events SET detail = '{}' WHERE action = 'doc.export'");
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
    await m.unlock('张会计', Buffer.from('correct horse'));
    const rows = [...m.session().vault.repos.audit.iterate()].slice(-3);
    expect(rows.map((r) => [r.action, r.outcome, r.staffName])).toEqual([
      ['unlock.failed', 'failure', null],
      ['unlock.failed', 'failure', null],
      ['unlock', 'success', '张会计'],
    ]);
    expect(JSON.stringify(rows)).not.toContain('wrong');
    expect(JSON.stringify(rows)).not.toContain('nobody');
    await m.close();
  });
});
