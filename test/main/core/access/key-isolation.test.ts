/**
 * The property the key model is built for, attacked at the crypto layer
 * directly (no services, no permission checks): a staff member without a
 * grant, with their own password and a copy of the vault folder, reads
 * nothing of that client — no field, no document name, no content hash, no
 * audit detail, no file — by any code path.
 */
import { createHash, hkdfSync } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDetail } from '../../../../src/main/core/audit/audit-event';
import { BlobStore } from '../../../../src/main/core/blobs/blob-store';
import { open } from '../../../../src/main/core/crypto/aead';
import { openEncryptedDatabase, type Db } from '../../../../src/main/core/db/database';
import { unwrapWithIdentity } from '../../../../src/main/core/keys/age-keys';
import { unwrapClientKeyWithIdentity, unwrapClientKeyWithMaster, unwrapFileKey } from '../../../../src/main/core/keys/client-keys';
import { DEFAULT_KDF } from '../../../../src/main/core/keys/kdf';
import { parseKeyFile, unlockWithPassword, unlockWithRecovery } from '../../../../src/main/core/keys/key-file';
import { SUBKEY_LABELS, deriveSubkey, type SubkeyName } from '../../../../src/main/core/keys/subkeys';
import { openRecord, type RecordHeader } from '../../../../src/main/core/records/record-seal';
import { viewKey } from '../../../../src/main/core/view/view-db';
import { VaultManager } from '../../../../src/main/core/vault/vault-manager';
import { clientInputSchema } from '../../../../src/shared/contract';
import { backdate } from '../../../helpers/retention';

const pw = (s: string) => Buffer.from(s, 'utf8');
const SECRET = {
  name: '厦门鹭岛绝密贸易有限公司',
  contact: '绝密联系人欧阳',
  address: '厦门市思明区绝密路9号',
  notes: '机密备注：客户偷税风险',
  phone: '13859012345',
  bankAccount: '6222021602012345678',
  text: '绝密客户的增值税申报表：销项税额壹拾贰万元整',
  docName: '绝密申报表-2024-03.txt',
  tag: '绝密标签',
  reason: '绝密导出事由',
};
const MINE = { name: '福州闽江财税咨询有限公司', phone: '13906001234', bankAccount: '6217001930009876543', text: '本人负责客户的银行对账单' };

let root: string;
let copy: string;
let recovery: string;
let ownerId: string;
let secretClient: string;
let myClient: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zd-isolation-'));
  const vaultDir = join(root, 'vault');
  const m = new VaultManager({ vaultDir });
  recovery = (await m.create('张所长', pw('owner password 1'))).recoveryKey;
  const s = m.session();
  ownerId = s.vault.staff.id;
  await s.staff.add('李会计', 'accountant', pw('accountant pw 1'));
  const li = s.staff.byName('李会计').id;
  secretClient = s.clients.create(
    clientInputSchema.parse({ name: SECRET.name, contactPerson: SECRET.contact, address: SECRET.address, notes: SECRET.notes, phone: SECRET.phone, bankAccount: SECRET.bankAccount, label: 'secret' }),
  ).id;
  myClient = s.clients.create(clientInputSchema.parse({ name: MINE.name, phone: MINE.phone, bankAccount: MINE.bankAccount })).id;
  for (const [clientId, name, text] of [[secretClient, SECRET.docName, SECRET.text], [myClient, 'mine.txt', MINE.text]] as const) {
    const f = join(root, name);
    writeFileSync(f, text);
    const [o] = await s.documents.importFiles(clientId, [f], { tags: clientId === secretClient ? [SECRET.tag] : [] });
    rmSync(f);
    if (clientId === secretClient && o?.status === 'imported') {
      await s.documents.exportWithPolicy(o.documentId, SECRET.reason, async () => join(root, 'exported.txt'));
      backdate(s.documents, o.documentId);
      await s.documents.deletePermanently(o.documentId);
      const again = join(root, name);
      writeFileSync(again, text);
      await s.documents.importFiles(clientId, [again], { tags: [SECRET.tag] });
      rmSync(again);
    }
  }
  await s.access.grant(myClient, li);
  // A rotation leaves older versions behind nowhere: rotate the secret client once too.
  await s.access.rotateClient(secretClient);
  await m.close();
  // The accountant opens the vault once (their view is made), then walks away with a copy of the folder.
  const m2 = new VaultManager({ vaultDir });
  await m2.unlock('李会计', pw('accountant pw 1'));
  await m2.close();
  copy = join(root, 'copy');
  cpSync(vaultDir, copy, { recursive: true });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Loot {
  vaultId: string;
  commonKey: Buffer;
  identity: string;
  signingSeed: Buffer;
  db: Db;
}

async function whatTheAccountantHas(): Promise<Loot> {
  const file = parseKeyFile(readFileSync(join(copy, 'vault.key'), 'utf8'));
  const k = await unlockWithPassword(file, '李会计', pw('accountant pw 1'), DEFAULT_KDF);
  expect(k.masterKey).toBeNull();
  const commonKey = k.commonKeys.get(file.body.roster.commonKeyVersion)!;
  const dbKey = deriveSubkey(commonKey, Buffer.from(file.body.vaultId, 'hex'), 'database');
  return { vaultId: file.body.vaultId, commonKey, identity: k.identity, signingSeed: k.signingSeed, db: openEncryptedDatabase(join(copy, 'vault.db'), dbKey, { readonly: true }) };
}

type KeyRow = { client_id: string; version: number; holder: string; wrapped: Buffer };
type DocRow = { id: string; client_id: string; blob_id: string; wrapped_key: Buffer; key_version: number; rev: number; body: Buffer };
type ClientRow = { id: string; key_version: number; rev: number; body: Buffer };
type EventRow = { seq: number; client_id: string; key_version: number; sealed: Buffer };

/** Every key the accountant can make: the common key and its subkeys, their identity's and signing seed's bytes, their grant. */
async function candidatesOf(loot: Loot): Promise<Buffer[]> {
  const subkeys = (Object.keys(SUBKEY_LABELS) as SubkeyName[]).map((n) => deriveSubkey(loot.commonKey, Buffer.from(loot.vaultId, 'hex'), n));
  subkeys.push(Buffer.from(hkdfSync('sha256', loot.commonKey, Buffer.from(loot.vaultId, 'hex'), 'zhangdun/v1/documents', 32)));
  const granted: Buffer[] = [];
  for (const row of loot.db.prepare('SELECT client_id, version, holder, wrapped FROM client_keys').all() as KeyRow[]) {
    const k = await unwrapClientKeyWithIdentity(loot.identity, row.client_id, row.version, row.wrapped);
    if (k) granted.push(k);
  }
  expect(granted).toHaveLength(1);
  const identityBytes = createHash('sha256').update(loot.identity).digest();
  return [loot.commonKey, loot.signingSeed, identityBytes, ...subkeys, ...granted];
}

describe('a staff member without a grant, with their password and a copy of the vault', () => {
  it('gets the common key, their identity and their signing key from vault.key, and nothing else', async () => {
    const loot = await whatTheAccountantHas();
    try {
      const file = parseKeyFile(readFileSync(join(copy, 'vault.key'), 'utf8'));
      const others = [
        ...file.body.slots.filter((s) => s.wraps.master).flatMap((s) => [s.wraps.master!, s.wraps.signing]),
        file.body.recovery.wraps.master,
        ...Object.values(file.body.recovery.wraps.common),
      ];
      expect(others.length).toBeGreaterThanOrEqual(4);
      for (const b64 of others) expect(await unwrapWithIdentity(loot.identity, Buffer.from(b64, 'base64'))).toBeNull();
    } finally {
      loot.db.close();
    }
  });

  it('cannot open the secret client’s key, records, audit details, file keys or blobs — every key they have, every path', async () => {
    const loot = await whatTheAccountantHas();
    try {
      const candidates = await candidatesOf(loot);
      const keyRows = loot.db.prepare('SELECT client_id, version, holder, wrapped FROM client_keys WHERE client_id = ?').all(secretClient) as KeyRow[];
      expect(keyRows.length).toBeGreaterThan(0);
      for (const row of keyRows) {
        expect(await unwrapWithIdentity(loot.identity, row.wrapped)).toBeNull();
        for (const k of candidates) {
          expect(unwrapClientKeyWithMaster(k, row.client_id, row.version, row.wrapped)).toBeNull();
          expect(open(k, row.wrapped, Buffer.alloc(0))).toBeNull();
        }
      }
      const client = loot.db.prepare('SELECT id, key_version, rev, body FROM client_records WHERE id = ?').get(secretClient) as ClientRow;
      const docs = loot.db.prepare('SELECT id, client_id, blob_id, wrapped_key, key_version, rev, body FROM document_records WHERE client_id = ?').all(secretClient) as DocRow[];
      const events = loot.db.prepare('SELECT seq, client_id, key_version, sealed FROM audit_log WHERE client_id = ? AND sealed IS NOT NULL').all(secretClient) as EventRow[];
      expect(docs).toHaveLength(1);
      expect(events.length).toBeGreaterThan(0);
      const blobs = new BlobStore(join(copy, 'blobs'));
      for (const k of candidates) {
        for (let version = 0; version <= client.key_version + 1; version++) {
          const header = (kind: RecordHeader['kind'], id: string): RecordHeader => ({ kind, id, clientId: secretClient, rev: kind === 'client' ? client.rev : docs[0]!.rev, keyVersion: version });
          expect(openRecord(k, header('client', secretClient), client.body)).toBeUndefined();
          for (const d of docs) {
            expect(openRecord(k, header('document', d.id), d.body)).toBeUndefined();
            expect(unwrapFileKey(k, { blobId: d.blob_id, clientId: secretClient, keyVersion: version }, d.wrapped_key)).toBeNull();
          }
          for (const e of events) expect(openDetail(k, { vaultId: loot.vaultId, seq: e.seq, clientId: secretClient, keyVersion: version }, e.sealed)).toBeNull();
        }
        for (const d of docs) await expect(blobs.readAll(d.blob_id, k, 1 << 20)).rejects.toBeDefined();
      }
    } finally {
      loot.db.close();
    }
  });

  it('finds no client data in the whole decrypted database: no name, contact, note, field, document name, tag, content hash or reason', async () => {
    const loot = await whatTheAccountantHas();
    try {
      const image = loot.db.serialize();
      const sha = createHash('sha256').update(SECRET.text).digest('hex');
      const needles = [...Object.values(SECRET), MINE.name, MINE.phone, MINE.bankAccount, MINE.text, sha];
      for (const needle of needles) {
        expect(image.includes(Buffer.from(needle, 'utf8')), needle).toBe(false);
        expect(image.includes(Buffer.from(needle, 'utf16le')), `${needle} (UTF-16)`).toBe(false);
      }
      // What it does hold: the roster's names (staff), opaque ids.
      expect(image.includes(Buffer.from('张所长', 'utf8'))).toBe(true);
      expect(image.includes(Buffer.from(secretClient, 'utf8'))).toBe(true);
    } finally {
      loot.db.close();
    }
  });

  it('cannot open anyone else’s view, with any key they can make', async () => {
    const loot = await whatTheAccountantHas();
    try {
      const candidates = await candidatesOf(loot);
      const views = readdirSync(join(copy, 'views')).filter((f) => f.endsWith('.db'));
      expect(views).toContain(`${ownerId}.db`);
      const ownerView = join(copy, 'views', `${ownerId}.db`);
      for (const k of candidates) {
        for (const key of [k, viewKey(k, loot.vaultId, ownerId), viewKey(loot.identity, loot.vaultId, ownerId)]) {
          expect(() => openEncryptedDatabase(ownerView, key, { readonly: true })).toThrow();
        }
      }
    } finally {
      loot.db.close();
    }
  });

  it('control: the same paths open the granted client, their own view, and with the master key the secret one', async () => {
    const loot = await whatTheAccountantHas();
    try {
      const mine = loot.db.prepare('SELECT id, key_version, rev, body FROM client_records WHERE id = ?').get(myClient) as ClientRow;
      const wrap = loot.db.prepare("SELECT client_id, version, holder, wrapped FROM client_keys WHERE client_id = ? AND holder NOT IN ('master')").get(myClient) as KeyRow;
      const key = await unwrapClientKeyWithIdentity(loot.identity, myClient, mine.key_version, wrap.wrapped);
      expect(openRecord(key!, { kind: 'client', id: myClient, clientId: myClient, rev: mine.rev, keyVersion: mine.key_version }, mine.body)).toMatchObject({ phone: MINE.phone });
      const doc = loot.db.prepare('SELECT id, client_id, blob_id, wrapped_key, key_version, rev, body FROM document_records WHERE client_id = ?').get(myClient) as DocRow;
      const fileKey = unwrapFileKey(key!, { blobId: doc.blob_id, clientId: myClient, keyVersion: doc.key_version }, doc.wrapped_key);
      expect((await new BlobStore(join(copy, 'blobs')).readAll(doc.blob_id, fileKey!, 1 << 20)).toString('utf8')).toBe(MINE.text);
      const li = (loot.db.prepare("SELECT id FROM staff WHERE name = '李会计'").get() as { id: string }).id;
      const own = openEncryptedDatabase(join(copy, 'views', `${li}.db`), viewKey(loot.identity, loot.vaultId, li), { readonly: true });
      expect((own.prepare('SELECT name FROM clients').all() as { name: string }[]).map((r) => r.name)).toEqual([MINE.name]);
      own.close();

      const file = parseKeyFile(readFileSync(join(copy, 'vault.key'), 'utf8'));
      const { masterKey } = await unlockWithRecovery(file, recovery);
      const secret = loot.db.prepare('SELECT id, key_version, rev, body FROM client_records WHERE id = ?').get(secretClient) as ClientRow;
      const masterWrap = loot.db.prepare("SELECT wrapped FROM client_keys WHERE client_id = ? AND holder = 'master'").get(secretClient) as { wrapped: Buffer };
      const secretKey = unwrapClientKeyWithMaster(masterKey, secretClient, secret.key_version, masterWrap.wrapped);
      expect(openRecord(secretKey!, { kind: 'client', id: secretClient, clientId: secretClient, rev: secret.rev, keyVersion: secret.key_version }, secret.body)).toMatchObject({
        bankAccount: SECRET.bankAccount,
        notes: SECRET.notes,
      });
    } finally {
      loot.db.close();
    }
  });
});
