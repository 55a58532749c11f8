/**
 * The issue's own check: the owner makes two clients with a distinct marker
 * in every field and in their documents' names, tags and notes; accountant
 * A is granted client X only. What A's keys read from the folder (inspect),
 * and every file of the folder scanned as UTF-8 and UTF-16, hold none of
 * client Y's markers and none of Y's plaintext file hashes; the owner's
 * inspect shows all of them (the positive control).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markersOf, sha256Hex } from '../../../helpers/isolation-markers';
import { inspectVault } from '../../../../src/main/core/inspect/inspect-vault';
import { VaultManager } from '../../../../src/main/core/vault/vault-manager';
import { clientInputSchema } from '../../../../src/shared/contract';
import { scanTree, textNeedles } from '../../../helpers/byte-scan';

const pw = (s: string) => Buffer.from(s, 'utf8');

const X = markersOf('客户甲', '00001234');
const Y = markersOf('客户乙', '00005678');
const sha = sha256Hex;

let root: string;
let vaultDir: string;
let m: VaultManager;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zd-inspect-'));
  vaultDir = join(root, 'vault');
  m = new VaultManager({ vaultDir });
  await m.create('王所长', pw('owner password 1'));
  const s = m.session();
  const a = await s.staff.add('会计甲', 'accountant', pw('accountant a pw'));
  const ids: Record<string, string> = {};
  for (const [label, mk] of [['X', X], ['Y', Y]] as const) {
    const client = s.clients.create(
      clientInputSchema.parse({ name: mk.name, creditCode: mk.creditCode, contactPerson: mk.contactPerson, phone: mk.phone, address: mk.address, bankAccount: mk.bankAccount, notes: mk.notes, label: 'confidential' }),
    );
    ids[label] = client.id;
    const f = join(root, mk.docName);
    writeFileSync(f, mk.content);
    const [o] = await s.documents.importFiles(client.id, [f], { tags: [mk.tag], notes: mk.docNotes, category: '银行对账单' });
    expect(o?.status).toBe('imported');
    rmSync(f);
  }
  await s.access.grant(ids.X!, a.id);
  await m.lock();
  // A opens once, so their own view exists in the folder too.
  await m.unlock('会计甲', pw('accountant a pw'));
  await m.lock();
}, 120_000);

afterAll(async () => {
  await m.close();
  rmSync(root, { recursive: true, force: true });
});

const markerValues = (mk: typeof X) => [...Object.values(mk), sha(mk.content)];

describe('what a staff member can carry out of the office (inspect)', () => {
  it('accountant A, granted X only, reads every marker of X and none of Y, nor Y’s file hash', async () => {
    await m.unlock('会计甲', pw('accountant a pw'));
    const report = JSON.stringify(await inspectVault(m.session().vault));
    await m.lock();
    for (const marker of markerValues(Y)) expect(report.includes(marker), `Y marker ${marker}`).toBe(false);
    for (const marker of markerValues(X).filter((v) => v !== X.content)) expect(report.includes(marker), `X marker ${marker}`).toBe(true);
    expect(report).toContain('<sealed>');
  });

  it('the owner reads every marker of both (positive control)', async () => {
    await m.unlock('王所长', pw('owner password 1'));
    const report = JSON.stringify(await inspectVault(m.session().vault));
    await m.lock();
    for (const marker of [...markerValues(X), ...markerValues(Y)].filter((v) => v !== X.content && v !== Y.content)) {
      expect(report.includes(marker), marker).toBe(true);
    }
    // File contents are never part of inspect: only headers, and whether the key opens.
    expect(report.includes(X.content)).toBe(false);
  });

  it('no file in the folder holds any marker or content hash of either client, as UTF-8 or UTF-16', async () => {
    const needles = [...markerValues(X), ...markerValues(Y)].flatMap((v, i) => textNeedles(`marker ${i}`, v, ['utf8', 'utf16le']));
    expect(await scanTree(vaultDir, needles)).toEqual([]);
  });
});
