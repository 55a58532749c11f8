/**
 * Staff records are firm-level: sealed under the master key's firm key, the
 * signed scan an encrypted blob no client key opens. They survive the
 * orphan sweep, `check`, and the master key being replaced (a demoted
 * admin): their keys are rewrapped, and nothing under the old one remains.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { checkVault } from '../../../../src/main/core/services/check-service';
import { OPENS, SEALED, inspectVault } from '../../../../src/main/core/inspect/inspect-vault';
import { unwrapRecordKey } from '../../../../src/main/core/people/firm-seal';
import { VaultManager } from '../../../../src/main/core/vault/vault-manager';
import { openVault } from '../../../../src/main/core/vault/unlock-vault';
import { createTestVault, password, sessionOf, useTempDirs } from '../../../helpers/vault-fixture';

vi.setConfig({ testTimeout: 10 * 60_000 });
const fresh = useTempDirs('zd-staffrec-');
const SCAN_TEXT = '保密协议 甲方：福州闽江财税 乙方：李会计 签字页 2026-01-05';

describe('staff records', () => {
  it('keeps the scan encrypted, round-trips it, survives reopen and check; only master-key holders open the records', async () => {
    const root = fresh();
    const dir = join(root, 'vault');
    const { vault, recoveryIdentity } = await createTestVault(dir);
    const s = sessionOf(vault);
    const li = await s.staff.add('李会计', 'accountant', password('accountant pw 1'));
    const scanPath = join(root, '李会计-保密协议.pdf');
    const scan = Buffer.concat([Buffer.from(SCAN_TEXT), Buffer.alloc(150_000, 7), Buffer.from(SCAN_TEXT)]);
    writeFileSync(scanPath, scan);
    const nda = await s.compliance.recordNda({ staffId: li.id, signedOn: '2026-01-05', expiresOn: '2027-01-04', policyVersion: '2026版', scanPath });
    s.compliance.recordTraining({ staffId: li.id, heldOn: '2026-02-01', topic: '客户信息保密意识', note: '案例：离职带走客户资料' });
    expect(nda.scan).toEqual({ name: '李会计-保密协议.pdf', size: scan.length });
    const row = vault.repos.staffRecords.byId(nda.id)!;
    const blob = readFileSync(vault.blobs.pathFor(row.blobId!));
    expect(blob.includes(Buffer.from('保密协议'))).toBe(false);
    expect(row.body.includes(Buffer.from('2026版'))).toBe(false);
    const out = join(root, 'out.pdf');
    await s.compliance.exportScan(nda.id, out);
    expect(readFileSync(out).equals(scan)).toBe(true);
    expect(s.audit.listAll({ action: 'staff.nda.scan' }).map((e) => e.detail.file)).toEqual(['李会计-保密协议.pdf']);
    expect(vault.keyFile.body.roster.members.find((m) => m.staffId === li.id)?.ndaExpires).toBe('2027-01-04');
    await vault.close();

    // Reopened (the orphan sweep runs): still there, check finds no orphan.
    const again = await openVault(dir, { recoveryIdentity });
    expect(await again.blobs.exists(row.blobId!)).toBe(true);
    const report = await checkVault(again);
    expect(report.problems).toEqual([]);
    const staffRecords = async (v: typeof again) => {
      const db = (await inspectVault(v)).files.find((f) => f.path === 'vault.db')!.content as { name: string; columns: string[]; rows: unknown[][] }[];
      const table = db.find((t) => t.name === 'staff_records')!;
      return table.rows.map((r) => Object.fromEntries(table.columns.map((c, i) => [c, r[i]])));
    };
    expect((await staffRecords(again)).map((r) => [r.kind, r.wrapped_key, (r.body as { topic?: string }).topic ?? null])).toEqual(
      expect.arrayContaining([['training', OPENS, '客户信息保密意识']]),
    );
    const detail = sessionOf(again).compliance.detail(li.id);
    expect(detail.ndas.map((n) => n.policyVersion)).toEqual(['2026版']);
    expect(detail.trainings.map((t) => [t.heldOn, t.topic, t.note])).toEqual([['2026-02-01', '客户信息保密意识', '案例：离职带走客户资料']]);
    await again.close();

    // The accountant's own session holds no master key: the records do not open for them.
    const m = new VaultManager({ vaultDir: dir, stateDir: join(root, 'state') });
    await m.unlock('李会计', password('accountant pw 1'));
    expect(m.session().vault.clientKeys.masterKey).toBeNull();
    expect(() => m.session().compliance.detail(li.id)).toThrow(/PERMISSION_DENIED/);
    // What the accountant's keys read from the folder: the records and the scan stay sealed.
    const seen = await staffRecords(m.session().vault);
    expect(seen.map((r) => [r.wrapped_key, r.body])).toEqual([
      [SEALED, SEALED],
      [SEALED, SEALED],
    ]);
    const scanFile = (await inspectVault(m.session().vault)).files.find((f) => f.path.endsWith(row.blobId!));
    expect(scanFile?.readable).toBe(false);
    await m.close();
  });

  it('a replaced master key (an admin demoted) rewraps every record key: they open under the new one only', async () => {
    const root = fresh();
    const dir = join(root, 'vault');
    const { vault } = await createTestVault(dir);
    const s = sessionOf(vault);
    const li = await s.staff.add('李会计', 'accountant', password('accountant pw 1'));
    const zhao = await s.staff.add('赵主管', 'admin', password('admin password 1'));
    const scanPath = join(root, 'scan.png');
    writeFileSync(scanPath, Buffer.from('PNG 签字页'));
    const nda = await s.compliance.recordNda({ staffId: li.id, signedOn: '2026-01-05', expiresOn: '2027-01-04', policyVersion: null, scanPath });
    s.compliance.acknowledgePolicy({ staffId: li.id, version: 'v3', acknowledgedOn: '2026-01-06' });
    const oldMaster = Buffer.from(vault.clientKeys.masterKey!);
    await s.staff.updateRole(zhao.id, 'accountant');
    const newMaster = vault.clientKeys.masterKey!;
    expect(newMaster.equals(oldMaster)).toBe(false);
    for (const w of vault.repos.staffRecords.wraps()) {
      expect(unwrapRecordKey(oldMaster, vault.vaultId, w.id, w.wrappedKey)).toBeNull();
      expect(unwrapRecordKey(newMaster, vault.vaultId, w.id, w.wrappedKey)).not.toBeNull();
    }
    expect(vault.db.prepare('SELECT count(*) AS n FROM staff_records WHERE wrapped_next IS NOT NULL').get()).toEqual({ n: 0 });
    expect(s.compliance.detail(li.id).ack?.version).toBe('v3');
    const out = join(root, 'out.png');
    await s.compliance.exportScan(nda.id, out);
    expect(readFileSync(out, 'utf8')).toBe('PNG 签字页');
    await vault.close();
  });
});
