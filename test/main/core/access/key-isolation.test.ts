/**
 * The property staff-and-grants is built for, attacked at the crypto layer
 * directly (no services, no permission checks): a staff member without a
 * grant, with their own password and a copy of the vault folder, cannot
 * decrypt that client's documents or sensitive fields by any code path.
 */
import { hkdfSync } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobStore } from '../../../../src/main/core/blobs/blob-store';
import { open } from '../../../../src/main/core/crypto/aead';
import {
  SENSITIVE_FIELDS,
  openField,
  unwrapClientKeyWithIdentity,
  unwrapClientKeyWithMaster,
  unwrapFileKey,
} from '../../../../src/main/core/keys/client-keys';
import { unwrapWithIdentity } from '../../../../src/main/core/keys/age-keys';
import { SUBKEY_LABELS, deriveSubkey, type SubkeyName } from '../../../../src/main/core/keys/subkeys';
import { openEncryptedDatabase, type Db } from '../../../../src/main/core/db/database';
import { parseKeyFile, unlockWithPassword, unlockWithRecovery } from '../../../../src/main/core/keys/key-file';
import { VaultManager } from '../../../../src/main/core/vault/vault-manager';
import { clientInputSchema } from '../../../../src/shared/contract';

const pw = (s: string) => Buffer.from(s, 'utf8');
const SECRET = { phone: '13859012345', bankAccount: '6222021602012345678', text: '绝密客户的增值税申报表：销项税额壹拾贰万元整' };
const MINE = { phone: '13906001234', bankAccount: '6217001930009876543', text: '本人负责客户的银行对账单' };

let root: string;
let copy: string;
let recovery: string;
let secretClient: string;
let myClient: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zd-isolation-'));
  const vaultDir = join(root, 'vault');
  const m = new VaultManager({ vaultDir });
  recovery = (await m.create('张所长', pw('owner password 1'))).recoveryKey;
  const s = m.session();
  await s.staff.add('李会计', 'accountant', pw('accountant pw 1'));
  const li = s.staff.byName('李会计').id;
  secretClient = s.clients.create(clientInputSchema.parse({ name: '厦门鹭岛绝密贸易有限公司', phone: SECRET.phone, bankAccount: SECRET.bankAccount, label: 'secret' })).id;
  myClient = s.clients.create(clientInputSchema.parse({ name: '福州闽江财税咨询有限公司', phone: MINE.phone, bankAccount: MINE.bankAccount })).id;
  for (const [clientId, text] of [[secretClient, SECRET.text], [myClient, MINE.text]] as const) {
    const f = join(root, `${clientId}.txt`);
    writeFileSync(f, text);
    await s.documents.importFiles(clientId, [f]);
    rmSync(f);
  }
  await s.access.grant(myClient, li);
  // A revocation leaves older versions behind nowhere: rotate the secret client once too.
  await s.access.rotateClient(secretClient);
  await m.close();
  // What the departing accountant walks away with: a copy of the folder.
  copy = join(root, 'copy');
  cpSync(vaultDir, copy, { recursive: true });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Loot {
  commonKey: Buffer;
  identity: string;
  db: Db;
}

async function whatTheAccountantHas(): Promise<Loot> {
  const file = parseKeyFile(readFileSync(join(copy, 'vault.key'), 'utf8'));
  const slot = await unlockWithPassword(file, '李会计', pw('accountant pw 1'));
  expect(slot.masterKey).toBeNull();
  const dbKey = deriveSubkey(slot.commonKey, Buffer.from(file.body.vaultId, 'hex'), 'database');
  return { commonKey: slot.commonKey, identity: slot.identity, db: openEncryptedDatabase(join(copy, 'vault.db'), dbKey, { readonly: true }) };
}

type KeyRow = { client_id: string; version: number; holder: string; wrapped: Buffer };
type DocRow = { id: string; client_id: string; blob_id: string; wrapped_key: Buffer; key_version: number };
type ClientRow = { id: string; key_version: number; phone_enc: Buffer | null; bank_account_enc: Buffer | null };

describe('a staff member without a grant, with their password and a copy of the vault', () => {
  it('gets the common key and their own identity from their slot, and nothing else from vault.key', async () => {
    const loot = await whatTheAccountantHas();
    try {
      const file = parseKeyFile(readFileSync(join(copy, 'vault.key'), 'utf8'));
      // Every age-encrypted value in the key file: master wraps of owners/admins, the recovery wraps.
      const ageBlobs = [
        ...file.body.slots.flatMap((s) => (s.wrappedMaster ? [s.wrappedMaster] : [])),
        file.body.recovery.wrappedKey,
        file.body.recovery.wrappedMasterKey,
      ];
      expect(ageBlobs.length).toBeGreaterThanOrEqual(3);
      for (const b64 of ageBlobs) expect(await unwrapWithIdentity(loot.identity, Buffer.from(b64, 'base64'))).toBeNull();
    } finally {
      loot.db.close();
    }
  });

  it('cannot open any wrap of the secret client key, any file key, any field, or any blob — every key they have, every path', async () => {
    const loot = await whatTheAccountantHas();
    try {
      const vaultId = (loot.db.prepare("SELECT value FROM meta WHERE key = 'vault_id'").get() as { value: string }).value;
      const subkeys = (Object.keys(SUBKEY_LABELS) as SubkeyName[]).map((n) => deriveSubkey(loot.commonKey, Buffer.from(vaultId, 'hex'), n));
      // …and what v1 used to wrap file keys with, derived the same way from the key every staff member holds.
      subkeys.push(Buffer.from(hkdfSync('sha256', loot.commonKey, Buffer.from(vaultId, 'hex'), 'zhangdun/v1/documents', 32)));
      // The client keys they legitimately hold (their grant on their own client).
      const granted: Buffer[] = [];
      for (const row of loot.db.prepare('SELECT client_id, version, holder, wrapped FROM client_keys').all() as KeyRow[]) {
        const k = await unwrapClientKeyWithIdentity(loot.identity, row.client_id, row.version, row.wrapped);
        if (k) granted.push(k);
      }
      expect(granted).toHaveLength(1);
      const candidates = [loot.commonKey, ...subkeys, ...granted];

      const secretKeys = loot.db.prepare('SELECT client_id, version, holder, wrapped FROM client_keys WHERE client_id = ?').all(secretClient) as KeyRow[];
      expect(secretKeys.length).toBeGreaterThan(0);
      for (const row of secretKeys) {
        expect(await unwrapWithIdentity(loot.identity, row.wrapped)).toBeNull();
        for (const k of candidates) {
          expect(unwrapClientKeyWithMaster(k, row.client_id, row.version, row.wrapped)).toBeNull();
          expect(open(k, row.wrapped, Buffer.alloc(0))).toBeNull();
        }
      }

      const blobs = new BlobStore(join(copy, 'blobs'));
      const docs = loot.db.prepare('SELECT id, client_id, blob_id, wrapped_key, key_version FROM documents WHERE client_id = ?').all(secretClient) as DocRow[];
      expect(docs).toHaveLength(1);
      for (const d of docs) {
        for (const k of candidates) {
          for (let version = 0; version <= d.key_version + 1; version++) {
            expect(unwrapFileKey(k, { blobId: d.blob_id, clientId: d.client_id, keyVersion: version }, d.wrapped_key)).toBeNull();
          }
          // …and the candidate used directly as the file key.
          await expect(blobs.readAll(d.blob_id, k, 1 << 20)).rejects.toBeDefined();
        }
      }

      const secret = loot.db.prepare('SELECT id, key_version, phone_enc, bank_account_enc FROM clients WHERE id = ?').get(secretClient) as ClientRow;
      for (const field of SENSITIVE_FIELDS) {
        const sealed = field === 'phone' ? secret.phone_enc : secret.bank_account_enc;
        expect(sealed).not.toBeNull();
        for (const k of candidates) {
          for (let version = 0; version <= secret.key_version + 1; version++) {
            expect(openField(k, secretClient, field, version, sealed)).toBeUndefined();
          }
        }
      }
    } finally {
      loot.db.close();
    }
  });

  it('opens only non-sensitive columns with the database key: no plaintext phone, account or content anywhere in it', async () => {
    const loot = await whatTheAccountantHas();
    try {
      const columns = (loot.db.prepare('PRAGMA table_info(clients)').all() as { name: string }[]).map((c) => c.name);
      expect(columns).not.toContain('phone');
      expect(columns).not.toContain('bank_account');
      // The whole decrypted database image (every page, free pages included).
      const image = loot.db.serialize();
      for (const needle of [SECRET.phone, SECRET.bankAccount, SECRET.text, MINE.phone, MINE.bankAccount, MINE.text]) {
        expect(image.includes(Buffer.from(needle, 'utf8')), needle).toBe(false);
      }
      // What it does show: names and metadata (documented as non-sensitive).
      expect(image.includes(Buffer.from('厦门鹭岛绝密贸易有限公司', 'utf8'))).toBe(true);
    } finally {
      loot.db.close();
    }
  });

  it('control: the same paths do open the granted client, and the master key opens the secret one', async () => {
    const loot = await whatTheAccountantHas();
    try {
      const mine = loot.db.prepare('SELECT id, key_version, phone_enc, bank_account_enc FROM clients WHERE id = ?').get(myClient) as ClientRow;
      const wrap = loot.db.prepare('SELECT client_id, version, holder, wrapped FROM client_keys WHERE client_id = ? AND holder NOT IN (?)').get(myClient, 'master') as KeyRow;
      const key = await unwrapClientKeyWithIdentity(loot.identity, myClient, mine.key_version, wrap.wrapped);
      expect(key).not.toBeNull();
      expect(openField(key!, myClient, 'phone', mine.key_version, mine.phone_enc)).toBe(MINE.phone);
      const doc = loot.db.prepare('SELECT id, client_id, blob_id, wrapped_key, key_version FROM documents WHERE client_id = ?').get(myClient) as DocRow;
      const fileKey = unwrapFileKey(key!, { blobId: doc.blob_id, clientId: myClient, keyVersion: doc.key_version }, doc.wrapped_key);
      expect((await new BlobStore(join(copy, 'blobs')).readAll(doc.blob_id, fileKey!, 1 << 20)).toString('utf8')).toBe(MINE.text);

      const file = parseKeyFile(readFileSync(join(copy, 'vault.key'), 'utf8'));
      const { masterKey } = await unlockWithRecovery(file, recovery);
      const secret = loot.db.prepare('SELECT id, key_version, phone_enc, bank_account_enc FROM clients WHERE id = ?').get(secretClient) as ClientRow;
      const masterWrap = loot.db.prepare("SELECT wrapped FROM client_keys WHERE client_id = ? AND holder = 'master'").get(secretClient) as { wrapped: Buffer };
      const secretKey = unwrapClientKeyWithMaster(masterKey, secretClient, secret.key_version, masterWrap.wrapped);
      expect(openField(secretKey!, secretClient, 'bankAccount', secret.key_version, secret.bank_account_enc)).toBe(SECRET.bankAccount);
    } finally {
      loot.db.close();
    }
  });
});
