/**
 * The rules inside a real vault: an alert is an audit event written in the
 * transaction of the event that raised it (both or neither), signed and
 * chained like any other, sealed under the client's key when it is about one
 * client; the windows survive a lock (rebuilt from the log's tail) without
 * raising an alert twice; failed unlocks are counted per name at the next
 * unlock; owners see open alerts at unlock and acknowledge them with a note.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_ALERT_SETTINGS, type AlertSettings } from '../../../../src/shared/alerts';
import { clientInputSchema } from '../../../../src/shared/contract';
import { isVaultError } from '../../../../src/main/core/errors';
import { VaultManager } from '../../../../src/main/core/vault/vault-manager';
import type { VaultSession } from '../../../../src/main/core/vault/session';

const pw = (s: string) => Buffer.from(s, 'utf8');
const OWNER = ['王所长', 'owner password 1'] as const;
const LI = ['李会计', 'accountant pw 1'] as const;
// Several Argon2id unlocks per test on two shared cores: a cap against a hang, not a speed assertion.
vi.setConfig({ testTimeout: 10 * 60_000 });
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function settings(over: Partial<AlertSettings>): AlertSettings {
  // Off-hours off: these tests run at any hour.
  return { ...DEFAULT_ALERT_SETTINGS, offHours: { ...DEFAULT_ALERT_SETTINGS.offHours, enabled: false }, ...over };
}

async function setup(now?: () => number) {
  const root = mkdtempSync(join(tmpdir(), 'zd-alerts-'));
  made.push(root);
  const m = new VaultManager({ vaultDir: join(root, 'vault'), stateDir: join(root, 'state'), ...(now ? { now } : {}) });
  await m.create(OWNER[0], pw(OWNER[1]));
  return { root, m };
}

async function clientWithDocs(s: VaultSession, root: string, name: string, count: number): Promise<{ clientId: string; docs: string[] }> {
  const c = s.clients.create(clientInputSchema.parse({ name }));
  const files = Array.from({ length: count }, (_, i) => {
    const f = join(root, `${name}-${i}.txt`);
    writeFileSync(f, `${name} 凭证 ${i}`);
    return f;
  });
  const outcomes = await s.documents.importFiles(c.id, files);
  return { clientId: c.id, docs: outcomes.flatMap((o) => (o.status === 'imported' ? [o.documentId] : [])) };
}

const raised = (s: VaultSession) => s.audit.listAll({ action: 'alert.raise' });

describe('alerts in the audit log', () => {
  it('are written right after the event that raised them, chained and signed; a rolled-back action takes its alert with it', async () => {
    const { root, m } = await setup();
    const s = m.session();
    s.alerts.setSettings(settings({ docBurst: { enabled: true, count: 3, minutes: 600 } }));
    const { docs } = await clientWithDocs(s, root, '福州测试有限公司', 5);
    await s.documents.preview(docs[0]!);
    await s.documents.preview(docs[1]!);
    expect(raised(s)).toEqual([]);
    await s.documents.preview(docs[2]!);
    const [alert, ...more] = raised(s);
    expect(more).toEqual([]);
    const views = s.audit.listAll({ action: 'doc.view' });
    expect(alert!.seq).toBe(views[2]!.seq + 1);
    expect(alert!.detail).toMatchObject({ rule: 'doc-burst', severity: 'high', subjectName: OWNER[0], count: 3, threshold: 3, events: views.map((v) => v.seq).join(',') });
    expect(alert!.staffName).toBe(OWNER[0]);

    // One transaction: the event and its alert both roll back with the action that recorded them.
    const before = s.vault.repos.audit.last()!.seq;
    const other = { id: 'f'.repeat(32), name: '孙会计', role: 'accountant' };
    expect(() =>
      s.vault.write(() => {
        for (let i = 0; i < 3; i++) s.vault.audit.record({ action: 'doc.view', clientId: null, documentId: docs[3]!, actor: other });
        // Raised inside the transaction…
        expect(s.vault.repos.audit.last()).toMatchObject({ action: 'alert.raise', actorName: '孙会计' });
        throw new Error('the action failed');
      }),
    ).toThrow('the action failed');
    // …and gone with it.
    expect(s.vault.repos.audit.last()!.seq).toBe(before);
    expect(s.audit.verify().ok).toBe(true);
    await m.close();
  });

  it('rebuild their windows from the log’s tail at unlock: a burst across a lock is caught, an alert already raised is not raised again', async () => {
    const { root, m } = await setup();
    let s = m.session();
    s.alerts.setSettings(settings({ docBurst: { enabled: true, count: 3, minutes: 600 } }));
    const { docs } = await clientWithDocs(s, root, '厦门测试有限公司', 6);
    await s.documents.preview(docs[0]!);
    await s.documents.preview(docs[1]!);
    await m.lock();
    await m.unlock(OWNER[0], pw(OWNER[1]));
    s = m.session();
    await s.documents.preview(docs[2]!);
    expect(raised(s).map((a) => a.detail.rule)).toEqual(['doc-burst']);
    expect(m.status().openAlerts).toBeUndefined();
    await m.lock();
    await m.unlock(OWNER[0], pw(OWNER[1]));
    expect(m.status().openAlerts).toBe(1);
    s = m.session();
    for (const id of docs.slice(3)) await s.documents.preview(id);
    expect(raised(s)).toHaveLength(1);
    await m.close();
  });

  it('about one client are sealed under its key; the owner reads them, acknowledges with a note (recorded, sealed too), and the count drops', async () => {
    const { root, m } = await setup();
    let s = m.session();
    const li = await s.staff.add(LI[0], 'accountant', pw(LI[1]));
    s.alerts.setSettings(settings({}));
    const { clientId, docs } = await clientWithDocs(s, root, '泉州绝密客户有限公司', 1);
    s.clients.update(clientId, clientInputSchema.parse({ name: '泉州绝密客户有限公司', label: 'secret' }));
    await s.access.grant(clientId, li.id);
    await m.lock();

    await m.unlock(LI[0], pw(LI[1]));
    s = m.session();
    expect(() => s.alerts.list()).toThrow(expect.objectContaining({ code: 'PERMISSION_DENIED' }));
    await s.documents.preview(docs[0]!);
    await s.documents.exportWithPolicy(docs[0]!, '对账需要', async () => join(root, 'out.txt'));
    await m.lock();

    await m.unlock(OWNER[0], pw(OWNER[1]));
    expect(m.status().openAlerts).toBe(2);
    s = m.session();
    const rows = s.vault.repos.audit.find({ action: 'alert.raise' }).rows;
    // Sealed: nothing about the client in the clear.
    expect(rows.every((r) => r.sealed !== null && r.detail === '{}' && r.clientId === clientId)).toBe(true);
    const page = s.alerts.list();
    expect(page.open).toBe(2);
    expect(page.items.map((a) => [a.rule, a.subjectName, a.clientName, a.suspendable])).toEqual([
      ['secret-export', LI[0], '泉州绝密客户有限公司', true],
      ['first-access', LI[0], '泉州绝密客户有限公司', true],
    ]);
    const [secret] = page.items;
    expect(s.alerts.events(secret!.seq).map((e) => [e.action, e.staffName, e.documentName])).toEqual([['doc.export', LI[0], '泉州绝密客户有限公司-0.txt']]);
    const acked = s.alerts.acknowledge(secret!.seq, '已电话核实，客户要求');
    expect(acked.ack).toMatchObject({ staffName: OWNER[0], note: '已电话核实，客户要求' });
    expect(() => s.alerts.acknowledge(secret!.seq, '再次')).toThrow(expect.objectContaining({ code: 'ALREADY_EXISTS' }));
    expect(s.alerts.list().open).toBe(1);
    expect(s.alerts.list({ openOnly: true }).items.map((a) => a.rule)).toEqual(['first-access']);
    const ack = s.vault.repos.audit.find({ action: 'alert.ack' }).rows[0]!;
    expect(ack.sealed).not.toBeNull();
    expect(s.audit.verify().ok).toBe(true);
    await m.close();
  });

  it('count failed unlocks per name when they are written at the next unlock, and show the alert to the owner there', async () => {
    let t = Date.parse('2024-03-13T02:00:00Z');
    const { m } = await setup(() => t);
    const s = m.session();
    await s.staff.add(LI[0], 'accountant', pw(LI[1]));
    s.alerts.setSettings(settings({ unlockFailures: { enabled: true, count: 3, minutes: 15 } }));
    await m.lock();
    for (let i = 0; i < 3; i++) {
      const err = await m.unlock(LI[0], pw('wrong password')).catch((e: unknown) => e);
      expect(isVaultError(err, 'WRONG_CREDENTIALS')).toBe(true);
      t += 60_000;
    }
    await m.unlock(OWNER[0], pw(OWNER[1]));
    expect(m.status().openAlerts).toBe(1);
    const [alert] = m.session().alerts.list().items;
    expect(alert).toMatchObject({ rule: 'unlock-failures', subjectName: LI[0], facts: expect.objectContaining({ count: 3 }) });
    expect(m.session().alerts.events(alert!.seq).map((e) => e.action)).toEqual(['unlock.failed', 'unlock.failed', 'unlock.failed']);
    await m.close();
  });
});
