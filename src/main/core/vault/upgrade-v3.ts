import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from '../crypto/canonical-json';
import { closeDatabase, type Db } from '../db/database';
import { dropLegacyTables } from '../db/migrations/0080-sealed-records';
import { transact } from '../db/transact';
import { VaultError } from '../errors';
import { genesisHash, eventHash, plainDetailHash, sealDetail, signingBytes, type AuditEvent, type UnsignedEvent } from '../audit/audit-event';
import { wrapForRecipient } from '../keys/age-keys';
import { ClientKeyring } from '../keys/client-keyring';
import { KEY_FILE_FORMAT, KEY_FILE_VERSION, rosterBytes, withDigest, writeKeyFile, type KeyFile, type KeySlot, type Role, type Roster, type RosterMember } from '../keys/key-file';
import { inboxPublicKey } from '../keys/inbox';
import { KeyRing, wipe } from '../keys/keyring';
import { masterCheck, openField, SENSITIVE_FIELDS } from '../keys/legacy/client-fields-v2';
import { parseKeyFileV2, unlockWithPasswordV2, unlockWithRecoveryV2, type KeyFile as KeyFileV2 } from '../keys/legacy/key-file-v2';
import { SEED_BYTES, masterSigningSeed, publicKeyOf, signWith, type Signer } from '../keys/signing';
import { deriveSubkey } from '../keys/subkeys';
import type { ClientRecord } from '../records/client-record';
import type { DocumentRecord } from '../records/document-record';
import { RecordStore } from '../records/record-store';
import { META_MASTER_KEY, META_ROSTER_VERSION } from '../repositories/meta-repo';
import type { StaffRow } from '../repositories/staff-repo';
import { openDatabase } from './common-key-rotation';
import { vaultPaths } from './layout';
import type { Repos } from './repos';
import type { Credentials, UnlockedKeys } from './credentials';

/**
 * Converting a vault made by version 2 (names, contacts, document metadata
 * and the audit log readable with the common key) to version 3 (all of it
 * sealed under client keys), the first time an owner or admin unlocks it.
 * Staff without the master key cannot convert (they do not hold every
 * client key) and are asked to wait (UPGRADE_REQUIRED).
 *
 * Crash-safe in two halves, each leaving either the old form or the new:
 * 1. vault.key becomes version 3 (one atomic file replace): same common and
 *    master keys, a signed roster, a signing key for every member. vault.db
 *    still opens with it, and migration 0080 marks it as still to convert.
 * 2. vault.db is converted: the sealed tables are filled in batches (the old
 *    tables stay the truth; a crash leaves half-filled new tables that the
 *    next attempt empties first), then one transaction drops the old tables
 *    and clears the mark.
 */
export const UPGRADE_PENDING = 'upgrade';

export function isLegacyKeyFile(text: string): boolean {
  try {
    return (JSON.parse(text) as { body?: { version?: unknown } } | null)?.body?.version === 2;
  } catch {
    return false;
  }
}

const b64 = (buffer: Buffer) => buffer.toString('base64');

/**
 * Opens a version-2 vault.key and, for an owner or admin (or the recovery
 * key), writes its version-3 form. Returns the keys as a version-3 unlock would.
 */
export async function openLegacyKeys(dir: string, text: string, credentials: Credentials): Promise<UnlockedKeys> {
  const v2 = parseKeyFileV2(text);
  const vaultId = v2.body.vaultId;
  let commonKey: Buffer;
  let masterKey: Buffer | null;
  let identity: string | null;
  let staffId: string | null;
  try {
    if ('password' in credentials) {
      const u = await unlockWithPasswordV2(v2, credentials.staffName, credentials.password);
      ({ commonKey, masterKey, identity } = u);
      staffId = u.slot.staffId;
    } else {
      const u = await unlockWithRecoveryV2(v2, credentials.recoveryIdentity);
      ({ commonKey, masterKey } = u);
      identity = null;
      staffId = null;
    }
  } finally {
    if ('password' in credentials) wipe(credentials.password);
  }
  if (!masterKey) {
    wipe(commonKey);
    throw new VaultError('UPGRADE_REQUIRED');
  }
  try {
    const staff = readLegacyStaff(dir, vaultId, commonKey);
    const { file, seeds } = await upgradeKeyFile(v2, { commonKey, masterKey }, staff, staffId ?? 'recovery');
    await writeKeyFile(vaultPaths(dir).keyFile, file);
    const signingSeed = staffId ? seeds.get(staffId) : masterSigningSeed(masterKey, vaultId);
    for (const [id, seed] of seeds) if (id !== staffId) wipe(seed);
    if (!signingSeed) throw new VaultError('TAMPERED', { what: 'vault.key' });
    return { file, commonKeys: new Map([[1, commonKey]]), masterKey, identity, signingSeed, signerId: staffId ?? 'master', staffId };
  } catch (err) {
    wipe(commonKey, masterKey);
    throw err;
  }
}

/** Roles and status of every staff member, from the version-2 database (its common key is version 1). */
function readLegacyStaff(dir: string, vaultId: string, commonKey: Buffer): Map<string, StaffRow> {
  // Read only: nothing changes on disk before vault.key is replaced.
  const { db } = openDatabase(vaultPaths(dir).database, vaultId, new Map([[1, commonKey]]), 1, { readonly: true });
  try {
    const rows = db.prepare('SELECT id, name, role, status, created_at AS createdAt FROM staff').all() as StaffRow[];
    return new Map(rows.map((r) => [r.id, r]));
  } finally {
    closeDatabase(db);
  }
}

/**
 * The version-3 key file of a version-2 one: each slot keeps its password
 * seal (payload 2) and master wrap; every member gets a new signing key and
 * the common key wrapped to their recipient (already endorsed by the master
 * key, checked when the master key was opened).
 */
export async function upgradeKeyFile(
  v2: KeyFileV2,
  keys: { commonKey: Buffer; masterKey: Buffer },
  staff: Map<string, StaffRow>,
  issuedBy: string,
  now = new Date(),
): Promise<{ file: KeyFile; seeds: Map<string, Buffer> }> {
  const { vaultId } = v2.body;
  const seeds = new Map<string, Buffer>();
  const members: RosterMember[] = [];
  const slots: KeySlot[] = [];
  for (const slot of v2.body.slots) {
    const row = staff.get(slot.staffId);
    if (!row || row.status !== 'active') continue;
    const seed = randomBytes(SEED_BYTES);
    seeds.set(slot.staffId, seed);
    members.push({ staffId: slot.staffId, slotId: slot.id, lookup: slot.lookup, role: row.role as Role, recipient: slot.recipient, signingKey: b64(publicKeyOf(seed)) });
    slots.push({
      id: slot.id,
      staffId: slot.staffId,
      lookup: slot.lookup,
      kdf: slot.kdf,
      payload: 2,
      sealed: slot.wrappedKey,
      wraps: {
        common: { '1': b64(await wrapForRecipient(slot.recipient, keys.commonKey)) },
        signing: b64(await wrapForRecipient(slot.recipient, seed)),
        ...(slot.wrappedMaster && (row.role === 'owner' || row.role === 'admin') ? { master: slot.wrappedMaster } : {}),
      },
    });
  }
  const masterSeed = masterSigningSeed(keys.masterKey, vaultId);
  try {
    const roster: Roster = {
      vaultId,
      createdAt: v2.body.createdAt,
      version: 1,
      epoch: randomBytes(8).toString('hex'),
      issuedAt: now.toISOString(),
      issuedBy,
      commonKeyVersion: 1,
      inbox: b64(inboxPublicKey(keys.commonKey, vaultId)),
      members,
      retired: [],
      recoveryRecipient: v2.body.recovery.recipient,
      backupSigners: [],
    };
    const file = withDigest({
      format: KEY_FILE_FORMAT,
      version: KEY_FILE_VERSION,
      vaultId,
      roster,
      rosterSig: b64(signWith(masterSeed, rosterBytes(roster))),
      signingChain: [{ key: b64(publicKeyOf(masterSeed)), fromRoster: 1 }],
      slots,
      recovery: { wraps: { common: { '1': v2.body.recovery.wrappedKey }, master: v2.body.recovery.wrappedMasterKey } },
    });
    return { file, seeds };
  } finally {
    wipe(masterSeed);
  }
}

interface LegacyClient {
  id: string;
  name: string;
  creditCode: string | null;
  taxpayerType: ClientRecord['taxpayerType'];
  contactPerson: string | null;
  address: string | null;
  serviceStart: string | null;
  serviceEnd: string | null;
  assignedStaff: string | null;
  notes: string | null;
  label: ClientRecord['label'];
  status: ClientRecord['status'];
  sample: number;
  keyVersion: number;
  phoneEnc: Buffer | null;
  bankAccountEnc: Buffer | null;
  createdAt: string;
  updatedAt: string;
}

interface LegacyDocument {
  id: string;
  clientId: string;
  blobId: string;
  wrappedKey: Buffer;
  keyVersion: number;
  name: string;
  category: string;
  periodYear: number | null;
  periodMonth: number | null;
  tags: string;
  notes: string;
  size: number;
  sha256: string;
  mime: string;
  status: DocumentRecord['status'];
  sample: number;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  trashedAt: string | null;
}

interface LegacyEvent {
  seq: number;
  at: string;
  staffId: string | null;
  staffName: string | null;
  role: string | null;
  action: string;
  clientId: string | null;
  documentId: string | null;
  outcome: 'success' | 'failure' | 'denied';
  machine: string;
  detail: string;
  mac: Buffer;
}

export interface ConvertDeps {
  db: Db;
  repos: Repos;
  vaultId: string;
  file: KeyFile;
  masterKey: Buffer;
  commonKeys: Map<number, Buffer>;
  signer: Signer;
  signerId: string;
  staff: StaffRow;
  onProgress?: (done: number, total: number) => void;
}

/** Rows written per transaction while the sealed tables fill (the event loop runs in between, for progress). */
const BATCH = 500;

/** Converts vault.db's tables (step 2 above). */
export async function convertDatabase(deps: ConvertDeps): Promise<void> {
  const { repos, vaultId, masterKey } = deps;
  if (repos.meta.get('master_check') !== masterCheck(masterKey, vaultId)) throw new VaultError('TAMPERED', { what: 'master key' });
  const ring = new KeyRing();
  try {
    await convertWith(deps, new ClientKeyring(repos.clientKeys, ring, masterKey));
  } finally {
    ring.wipe();
  }
}

async function convertWith(deps: ConvertDeps, keyring: ClientKeyring): Promise<void> {
  const { db, repos, vaultId } = deps;
  const records = new RecordStore({
    clients: repos.clientRecords,
    documents: repos.documentRecords,
    credentials: repos.credentialRecords,
    texts: repos.textRecords,
    seq: repos.seq,
    key: (clientId, version) => keyring.key(clientId, version),
    author: { id: deps.signerId, sign: (data) => deps.signer.sign(data) },
    changed: () => undefined,
  });
  // A crash in an earlier attempt may have left these half filled.
  transact(db, () => {
    db.exec("DELETE FROM document_records; DELETE FROM client_records; DELETE FROM audit_log; DELETE FROM tombstones; UPDATE counters SET value = 0 WHERE name = 'seq';");
  });
  const clients = db
    .prepare(
      `SELECT id, name, credit_code AS creditCode, taxpayer_type AS taxpayerType, contact_person AS contactPerson, address,
        service_start AS serviceStart, service_end AS serviceEnd, assigned_staff AS assignedStaff, notes, label, status, sample,
        key_version AS keyVersion, phone_enc AS phoneEnc, bank_account_enc AS bankAccountEnc, created_at AS createdAt, updated_at AS updatedAt
       FROM clients ORDER BY rowid`,
    )
    .all() as LegacyClient[];
  const documents = db
    .prepare(
      `SELECT id, client_id AS clientId, blob_id AS blobId, wrapped_key AS wrappedKey, key_version AS keyVersion, name, category,
        period_year AS periodYear, period_month AS periodMonth, tags, notes, size, sha256, mime, status, sample, created_by AS createdBy,
        created_at AS createdAt, updated_at AS updatedAt, trashed_at AS trashedAt FROM documents ORDER BY rowid`,
    )
    .all() as LegacyDocument[];
  const legacyEvents = db
    .prepare(
      `SELECT seq, at, staff_id AS staffId, staff_name AS staffName, role, action, client_id AS clientId, document_id AS documentId,
        outcome, machine, detail, mac FROM audit_events ORDER BY seq`,
    )
    .all() as LegacyEvent[];
  const legacyVerdict = verifyLegacyChain(legacyEvents, deps.commonKeys.get(1), vaultId);
  const total = clients.length + documents.length + legacyEvents.length;
  let done = 0;
  const step = async <T>(items: T[], write: (item: T) => void) => {
    for (let i = 0; i < items.length; i += BATCH) {
      transact(db, () => items.slice(i, i + BATCH).forEach(write));
      done += Math.min(BATCH, items.length - i);
      deps.onProgress?.(done, total);
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  await step(clients, (c) => {
    const key = keyring.key(c.id, c.keyVersion);
    if (!key) throw new VaultError('TAMPERED', { what: `client ${c.id} key` });
    const fields: Record<string, string | null> = {};
    for (const field of SENSITIVE_FIELDS) {
      const value = openField(key, c.id, field, c.keyVersion, field === 'phone' ? c.phoneEnc : c.bankAccountEnc);
      if (value === undefined) throw new VaultError('TAMPERED', { what: `client ${c.id} ${field}` });
      fields[field] = value;
    }
    records.putClient(
      c.id,
      {
        name: c.name,
        creditCode: c.creditCode,
        taxpayerType: c.taxpayerType,
        contactPerson: c.contactPerson,
        phone: fields.phone ?? null,
        address: c.address,
        bankAccount: fields.bankAccount ?? null,
        serviceStart: c.serviceStart,
        serviceEnd: c.serviceEnd,
        assignedStaff: c.assignedStaff,
        notes: c.notes,
        label: c.label,
        status: c.status,
        sample: c.sample === 1,
        createdAt: c.createdAt,
        updatedAt: c.updatedAt,
      },
      c.keyVersion,
      1,
    );
  });
  await step(documents, (d) => {
    let tags: string[] = [];
    try {
      const parsed: unknown = JSON.parse(d.tags);
      if (Array.isArray(parsed)) tags = parsed.filter((t): t is string => typeof t === 'string');
    } catch {
      tags = [];
    }
    records.putDocument(
      { id: d.id, clientId: d.clientId, blobId: d.blobId, wrappedKey: d.wrappedKey, size: d.size, keyVersion: d.keyVersion, rev: 1 },
      {
        name: d.name,
        category: d.category,
        periodYear: d.periodYear,
        periodMonth: d.periodMonth,
        tags,
        notes: d.notes,
        sha256: d.sha256,
        mime: d.mime,
        status: d.status,
        sample: d.sample === 1,
        createdBy: d.createdBy,
        createdAt: d.createdAt,
        updatedAt: d.updatedAt,
        trashedAt: d.trashedAt,
      },
    );
  });
  const keyVersions = new Map(clients.map((c) => [c.id, c.keyVersion]));
  let prev = genesisHash(vaultId);
  await step(legacyEvents, (e) => {
    const version = e.clientId ? keyVersions.get(e.clientId) : undefined;
    const key = e.clientId && version !== undefined ? keyring.key(e.clientId, version) : null;
    const sealed = key && e.clientId && e.detail !== '{}' ? sealDetail(key, { vaultId, seq: e.seq, clientId: e.clientId, keyVersion: version! }, e.detail) : null;
    const unsigned: UnsignedEvent = {
      seq: e.seq,
      at: e.at,
      actorId: e.staffId,
      actorName: e.staffName,
      role: e.role,
      action: e.action,
      outcome: e.outcome,
      machine: e.machine,
      clientId: e.clientId,
      documentId: e.documentId,
      detail: sealed ? '{}' : e.detail,
      sealed: sealed?.sealed ?? null,
      keyVersion: sealed ? version! : null,
      detailHash: sealed?.detailHash ?? plainDetailHash(e.detail),
      rosterVersion: deps.file.body.roster.version,
      // Carried over: signed by whoever converted, marked as such (see signerKeysFor).
      signer: `legacy:${deps.signerId}`,
      prev,
    };
    const event: AuditEvent = { ...unsigned, sig: deps.signer.sign(signingBytes(vaultId, unsigned)) };
    repos.audit.insert(event);
    prev = eventHash(vaultId, event);
  });
  // The swap: one transaction, with foreign keys checked at the end rather than per statement.
  db.pragma('foreign_keys = OFF');
  try {
    transact(db, () => {
      dropLegacyTables(db);
      repos.meta.delete(UPGRADE_PENDING);
      repos.meta.delete('master_check');
      repos.meta.set(META_MASTER_KEY, deps.file.body.signingChain[deps.file.body.signingChain.length - 1]!.key);
      repos.meta.set(META_ROSTER_VERSION, String(deps.file.body.roster.version));
      repos.meta.set('upgraded_from', JSON.stringify({ version: 2, events: legacyEvents.length, legacyChain: legacyVerdict }));
      const problems = db.pragma('foreign_key_check') as unknown[];
      if (problems.length > 0) throw new VaultError('TAMPERED', { what: 'vault.db references' });
    });
  } finally {
    db.pragma('foreign_keys = ON');
  }
}

/** The version-2 chain: mac_n = HMAC(audit key, mac_{n-1} ‖ canonical(event_n)). 'intact', or where it breaks. */
function verifyLegacyChain(events: LegacyEvent[], commonKey: Buffer | undefined, vaultId: string): string {
  if (!commonKey) return 'unchecked';
  const key = deriveSubkey(commonKey, Buffer.from(vaultId, 'hex'), 'audit');
  try {
    let previous: Buffer = createHmac('sha256', key).update(`zhangdun/v1/audit-genesis\0${vaultId}`).digest();
    let expected = 1;
    for (const e of events) {
      if (e.seq !== expected) return `missing #${expected}`;
      const body = canonicalJson({
        seq: e.seq,
        at: e.at,
        staffId: e.staffId,
        staffName: e.staffName,
        role: e.role,
        action: e.action,
        clientId: e.clientId,
        documentId: e.documentId,
        outcome: e.outcome,
        machine: e.machine,
        detail: e.detail,
      });
      const mac = createHmac('sha256', key).update(previous).update(body).digest();
      if (mac.length !== e.mac.length || !timingSafeEqual(mac, e.mac)) return `edited #${e.seq}`;
      previous = e.mac;
      expected++;
    }
    return 'intact';
  } finally {
    wipe(key);
  }
}

