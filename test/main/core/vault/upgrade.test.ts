/**
 * A vault made by the released version 2 (test/fixtures/vault-v2, four staff,
 * two clients with a marker in every field) converted in place at the first
 * owner or admin unlock.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isVaultError } from '../../../../src/main/core/errors';
import { openLegacyKeys } from '../../../../src/main/core/vault/upgrade-v3';
import { VaultManager } from '../../../../src/main/core/vault/vault-manager';
import { scanTree, textNeedles } from '../../../helpers/byte-scan';
import { PW, X, Y, expectConverted, keyVersion, list, pw, useFixtureCopies } from '../../../helpers/upgrade-fixture';

const copyFixture = useFixtureCopies();

describe('upgrading a version-2 vault', () => {
  it('an accountant is asked to wait and nothing changes; the owner’s unlock converts everything; then the accountant sees their grant only', async () => {
    const { vault } = copyFixture();
    const before = readFileSync(join(vault, 'vault.key'));
    const m = new VaultManager({ vaultDir: vault });
    await expect(m.unlock('李会计', pw(PW.acct))).rejects.toSatisfy((e) => isVaultError(e, 'UPGRADE_REQUIRED'));
    expect(readFileSync(join(vault, 'vault.key')).equals(before)).toBe(true);
    await expectConverted(vault);
    await m.unlock('李会计', pw(PW.acct));
    expect(m.session().clients.list(list).items.map((c) => c.id)).toEqual([X]);
    expect(() => m.session().clients.get(Y)).toThrow();
    await m.unlock('周审计', pw(PW.audit));
    expect(m.session().audit.verify().ok).toBe(true);
    await m.close();
  });

  it('after the upgrade, vault.db holds no client text in the clear', async () => {
    const { vault } = copyFixture();
    await expectConverted(vault);
    const markers = ['V2X标记', 'V2Y标记', 'V2X联系人', 'V2Y联系人', 'V2X地址', 'V2Y备注', 'V2X标签', 'V2Y资料备注', 'tmp-contract.txt', 'HT-2024-0007'];
    const m = new VaultManager({ vaultDir: vault });
    await m.unlock('李会计', pw(PW.acct));
    const image = m.session().vault.db.serialize();
    await m.close();
    for (const marker of markers) expect(image.includes(Buffer.from(marker, 'utf8')), marker).toBe(false);
    // Nor any file of the folder, UTF-8 or UTF-16.
    expect(await scanTree(vault, markers.flatMap((t) => textNeedles(t, t, ['utf8', 'utf16le'])))).toEqual([]);
  });

  it('the recovery key converts too, and an admin’s unlock does', async () => {
    const first = copyFixture();
    const m = new VaultManager({ vaultDir: first.vault });
    await m.unlockWithRecovery(first.recovery);
    await m.close();
    await expectConverted(first.vault);
    const second = copyFixture();
    const m2 = new VaultManager({ vaultDir: second.vault });
    await m2.unlock('赵管理', pw(PW.admin));
    await m2.close();
    await expectConverted(second.vault);
  });

  it('stopped after vault.key became version 3 (the database not yet converted): staff still wait, the next owner unlock finishes', async () => {
    const { vault } = copyFixture();
    const keys = await openLegacyKeys(vault, readFileSync(join(vault, 'vault.key'), 'utf8'), { staffName: '王所长', password: pw(PW.owner) });
    expect(keyVersion(vault)).toBe(3);
    keys.commonKeys.forEach((k) => k.fill(0));
    const m = new VaultManager({ vaultDir: vault });
    await expect(m.unlock('李会计', pw(PW.acct))).rejects.toSatisfy((e) => isVaultError(e, 'UPGRADE_REQUIRED'));
    await m.close();
    await expectConverted(vault);
  });
});
