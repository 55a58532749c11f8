import { createReadStream, promises as fsp } from 'node:fs';
import { openDestructionList } from '../retention/destruction-seal';
import { openShare } from '../shares/share-seal';
import { join, relative } from 'node:path';
import { openDetail } from '../audit/audit-event';
import type { Db } from '../db/database';
import { unwrapClientKeyWithIdentity, unwrapClientKeyWithMaster, unwrapFileKey } from '../keys/client-keys';
import { wipe } from '../keys/keyring';
import { openBytes, openRecord, type RecordHeader, type RecordKind } from '../records/record-seal';
import type { OpenVault } from '../vault/open-vault';
import { openRecordBody, unwrapRecordKey } from '../people/firm-seal';
import { unwrapWithIdentity } from '../keys/age-keys';

/**
 * What one person's keys read from a vault folder at the storage level: the
 * tool an owner uses to see what a given employee could carry out of the
 * office. Every table of vault.db as SQLite returns it once the page key is
 * applied, each sealed value decrypted where the keys allow and `<sealed>`
 * otherwise (keys themselves are never printed: a wrap that opens shows as
 * `<opens>`); the person's own view in full and the others' as sealed; the
 * blob headers and whether each blob's key opens; every other file as it is
 * on disk.
 */
export const SEALED = '<sealed>';
export const OPENS = '<opens>';

export type Cell = string | number | null | Record<string, unknown> | unknown[];

export interface TableDump {
  name: string;
  columns: string[];
  rows: Cell[][];
}

export interface FileReport {
  path: string;
  size: number;
  kind: 'vault.key' | 'vault.db' | 'view' | 'blob' | 'file';
  readable: boolean;
  /** What the person reads of it (tables, a header, the text of a plain file). */
  content?: TableDump[] | Record<string, unknown> | string;
}

export interface InspectReport {
  vaultId: string;
  as: { staffId: string | null; name: string; role: string; recovery: boolean };
  keyFile: Record<string, unknown>;
  files: FileReport[];
}

const hex = (b: Buffer) => b.toString('hex');

/** Values as SQLite returns them; BLOBs as hex (they are ciphertext, signatures, hashes or tags). */
function plainCell(value: unknown): Cell {
  if (Buffer.isBuffer(value)) return hex(value);
  if (value === null || typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  return String(value);
}

function dumpTable(db: Db, name: string, cell: (row: Record<string, unknown>, column: string) => Cell): TableDump {
  const stmt = db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`);
  const columns = stmt.columns().map((c) => c.name);
  const rows = (stmt.all() as Record<string, unknown>[]).map((row) => columns.map((c) => cell(row, c)));
  return { name, columns, rows };
}

function tableNames(db: Db): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}

/** Tables whose `body` is one sealed record of this kind. */
const SEALED_RECORD_TABLES: Partial<Record<string, RecordKind>> = { client_records: 'client', document_records: 'document', text_records: 'text' };

/** A credential record with every secret value (secrets, TOTP seed, old values, secret custom fields) replaced by OPENS. */
function withoutSecrets(record: Record<string, unknown>): Record<string, unknown> {
  const secrets = Object.fromEntries(Object.keys((record.secrets as Record<string, unknown> | undefined) ?? {}).map((k) => [k, OPENS]));
  const history = ((record.history as { secret: string; changedAt: string; changedBy: string }[] | undefined) ?? []).map((h) => ({ secret: h.secret, changedAt: h.changedAt, changedBy: h.changedBy, value: OPENS }));
  const custom = ((record.custom as { name: string; value: string; secret: boolean }[] | undefined) ?? []).map((f) => (f.secret ? { ...f, value: OPENS } : f));
  return { ...record, secrets, history, custom, totp: record.totp ? OPENS : null };
}

export async function inspectVault(vault: OpenVault): Promise<InspectReport> {
  vault.assertOpen();
  const files: FileReport[] = [];
  const dir = vault.paths.dir;
  const identity = vault.identity;
  const master = vault.clientKeys.masterKey;
  const key = (clientId: string, version: number) => vault.clientKeys.key(clientId, version);

  // vault.key: public JSON; each wrap shown as opening for this person or not.
  const file = vault.keyFile;
  const opens = async (b64: string) => (identity ? (await unwrapWithIdentity(identity, Buffer.from(b64, 'base64')).then((k) => (wipe(k), k !== null))) : false);
  const slots = [];
  for (const slot of file.body.slots) {
    const mine = slot.staffId === vault.staff.id && identity !== null;
    const wraps: Record<string, unknown> = { common: {} };
    for (const [v, w] of Object.entries(slot.wraps.common)) (wraps.common as Record<string, string>)[v] = (await opens(w)) ? OPENS : SEALED;
    wraps.signing = (await opens(slot.wraps.signing)) ? OPENS : SEALED;
    if (slot.wraps.master) wraps.master = (await opens(slot.wraps.master)) ? OPENS : SEALED;
    slots.push({ id: slot.id, staffId: slot.staffId, lookup: slot.lookup, kdf: slot.kdf, sealed: mine ? '<yours: opens with your password>' : SEALED, wraps });
  }
  const recoveryWraps = { common: Object.fromEntries(Object.keys(file.body.recovery.wraps.common).map((v) => [v, SEALED])), master: SEALED };
  const keyFile = { ...file.body, slots, recovery: { wraps: vault.identity === null ? { common: '<opens with the recovery key>', master: '<opens with the recovery key>' } : recoveryWraps } };
  files.push({ path: 'vault.key', size: (await fsp.stat(vault.paths.keyFile)).size, kind: 'vault.key', readable: true, content: keyFile });

  // vault.db: every table.
  const wrapOpens = async (row: Record<string, unknown>): Promise<boolean> => {
    const holder = String(row.holder);
    const clientId = String(row.client_id);
    const version = Number(row.version);
    const wrapped = row.wrapped as Buffer;
    if (holder === 'master' || holder === 'master-next') return master !== null && holder === 'master' && withWipe(unwrapClientKeyWithMaster(master, clientId, version, wrapped));
    return identity !== null && holder === vault.staff.id && withWipe(await unwrapClientKeyWithIdentity(identity, clientId, version, wrapped));
  };
  const keyRows = new Map<string, boolean>();
  for (const row of vault.db.prepare('SELECT * FROM client_keys').all() as Record<string, unknown>[]) {
    keyRows.set(`${String(row.client_id)}:${String(row.version)}:${String(row.holder)}`, await wrapOpens(row));
  }
  const sealedCell = (table: string, row: Record<string, unknown>, column: string): Cell => {
    const value = row[column];
    if (table === 'client_keys' && column === 'wrapped') return keyRows.get(`${String(row.client_id)}:${String(row.version)}:${String(row.holder)}`) ? OPENS : SEALED;
    const recordKind = SEALED_RECORD_TABLES[table];
    if (recordKind && column === 'body') {
      const clientId = table === 'client_records' ? String(row.id) : String(row.client_id);
      const k = key(clientId, Number(row.key_version));
      const header: RecordHeader = { kind: recordKind, id: String(row.id), clientId, rev: Number(row.rev), keyVersion: Number(row.key_version) };
      const opened = k ? openRecord(k, header, value as Buffer) : undefined;
      return opened === undefined ? SEALED : (opened as Record<string, unknown>);
    }
    if (table === 'credential_records' && (column === 'body' || column === 'file') && value) {
      const clientId = String(row.client_id);
      const k = key(clientId, Number(row.key_version));
      const h = { id: String(row.id), clientId, rev: Number(row.rev), keyVersion: Number(row.key_version) };
      if (column === 'file') return k && withWipe(openBytes(k, { kind: 'credential-file', ...h }, value as Buffer)) ? OPENS : SEALED;
      const opened = k ? openRecord(k, { kind: 'credential', ...h }, value as Buffer) : undefined;
      // Secrets are shown only as opening: inspect is no way around an audited reveal.
      return opened === undefined ? SEALED : withoutSecrets(opened as Record<string, unknown>);
    }
    if (table === 'document_records' && column === 'wrapped_key') {
      const k = key(String(row.client_id), Number(row.key_version));
      return k && withWipe(unwrapFileKey(k, { blobId: String(row.blob_id), clientId: String(row.client_id), keyVersion: Number(row.key_version) }, value as Buffer)) ? OPENS : SEALED;
    }
    if (table === 'staff_records' && (column === 'wrapped_key' || column === 'wrapped_next' || column === 'body') && value) {
      // Firm-level: under the master key's firm key (see people/firm-seal.ts).
      // A next wrap (a master key being replaced) opens under a key this session does not hold yet.
      if (column === 'wrapped_next') return SEALED;
      const recordKey = master ? unwrapRecordKey(master, vault.vaultId, String(row.id), row.wrapped_key as Buffer) : null;
      if (column === 'wrapped_key') return withWipe(recordKey) ? OPENS : SEALED;
      const opened = recordKey ? openRecordBody(recordKey, { id: String(row.id), staffId: String(row.staff_id), kind: String(row.kind) }, value as Buffer) : undefined;
      wipe(recordKey);
      return opened === undefined ? SEALED : (opened as Record<string, unknown>);
    }
    if (table === 'destruction_lists' && column === 'body' && value) {
      // Sealed under a key from the master key: opens for owners and admins (and the recovery key).
      if (!master) return SEALED;
      try {
        const { id: _id, ...list } = openDestructionList(master, vault.vaultId, { id: String(row.id), rev: Number(row.rev), body: value as Buffer });
        return list as unknown as Record<string, unknown>;
      } catch {
        return SEALED;
      }
    }
    if (table === 'shares' && column === 'body' && value) {
      // Client data: under the client's key, like its records.
      const k = key(String(row.client_id), Number(row.key_version));
      if (!k) return SEALED;
      try {
        const { id: _id, clientId: _c, createdAt: _t, ...entry } = openShare(k, { id: String(row.id), clientId: String(row.client_id), keyVersion: Number(row.key_version), createdAt: String(row.created_at), body: value as Buffer });
        return entry as unknown as Record<string, unknown>;
      } catch {
        return SEALED;
      }
    }
    if (table === 'audit_log' && column === 'sealed' && value) {
      const clientId = String(row.client_id);
      const version = Number(row.key_version);
      const k = key(clientId, version);
      const opened = k ? openDetail(k, { vaultId: vault.vaultId, seq: Number(row.seq), clientId, keyVersion: version }, value as Buffer) : null;
      return opened ? (JSON.parse(opened.detail) as Record<string, unknown>) : SEALED;
    }
    return plainCell(value);
  };
  const dbTables = tableNames(vault.db).map((name) => dumpTable(vault.db, name, (row, column) => sealedCell(name, row, column)));
  files.push({ path: 'vault.db', size: (await fsp.stat(vault.paths.database)).size, kind: 'vault.db', readable: true, content: dbTables });

  // Views: one's own in full; anyone else's is sealed (it opens with nobody else's keys).
  const ownView = `${vault.identity ? vault.staff.id : 'recovery'}.db`;
  for (const name of (await fsp.readdir(vault.paths.views).catch(() => [] as string[])).sort()) {
    const path = join(vault.paths.views, name);
    const size = (await fsp.stat(path)).size;
    if (!name.endsWith('.db')) {
      // A view's write-ahead log: pages under the same key as the view.
      files.push({ path: relative(dir, path), size, kind: 'view', readable: name.startsWith(ownView), content: '<pages of the view>' });
    } else if (name === ownView) {
      const content = tableNames(vault.view.db).map((t) => dumpTable(vault.view.db, t, (row, column) => plainCell(row[column])));
      files.push({ path: relative(dir, path), size, kind: 'view', readable: true, content });
    } else {
      files.push({ path: relative(dir, path), size, kind: 'view', readable: false, content: SEALED });
    }
  }

  // Blobs: the header, and whether this person can open the document's file key.
  const blobKeys = new Map<string, boolean>();
  for (const row of vault.db.prepare('SELECT client_id, blob_id, key_version, wrapped_key FROM document_records').all() as { client_id: string; blob_id: string; key_version: number; wrapped_key: Buffer }[]) {
    const k = key(row.client_id, row.key_version);
    blobKeys.set(row.blob_id, k !== null && withWipe(unwrapFileKey(k, { blobId: row.blob_id, clientId: row.client_id, keyVersion: row.key_version }, row.wrapped_key)));
  }
  // Scans of staff agreements: their keys open with the master key only.
  for (const blobId of vault.repos.staffRecords.blobIds()) blobKeys.set(blobId, master !== null);
  for (const blobId of (await vault.blobs.list()).sort()) {
    const path = vault.blobs.pathFor(blobId);
    const size = (await fsp.stat(path)).size;
    const header = await readHeader(path);
    files.push({
      path: relative(dir, path),
      size,
      kind: 'blob',
      readable: blobKeys.get(blobId) ?? false,
      content: { magic: header.subarray(0, 8).toString('latin1').replace(/\0/g, '\\0'), version: header[8], chunkLog2: header[9], blobId: hex(header.subarray(12, 28)), noncePrefix: hex(header.subarray(28, 35)) },
    });
  }

  // Anything else in the folder, as it lies on disk.
  for (const path of await otherFiles(dir, [vault.paths.keyFile, vault.paths.database, vault.paths.views, vault.paths.blobs])) {
    const size = (await fsp.stat(path)).size;
    if (path.startsWith(`${vault.paths.database}-`)) {
      files.push({ path: relative(dir, path), size, kind: 'vault.db', readable: true, content: '<pages of vault.db, read through it>' });
      continue;
    }
    const text = size <= 64 * 1024 ? (await fsp.readFile(path)).toString('utf8') : `<${size} bytes>`;
    files.push({ path: relative(dir, path), size, kind: 'file', readable: true, content: text });
  }

  return {
    vaultId: vault.vaultId,
    as: { staffId: vault.identity ? vault.staff.id : null, name: vault.staff.name, role: vault.staff.role, recovery: vault.identity === null },
    keyFile,
    files,
  };
}

function withWipe(key: Buffer | null): boolean {
  const ok = key !== null;
  wipe(key);
  return ok;
}

async function readHeader(path: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of createReadStream(path, { start: 0, end: 35 })) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function otherFiles(dir: string, skip: string[]): Promise<string[]> {
  const out: string[] = [];
  const walk = async (folder: string) => {
    for (const entry of await fsp.readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (skip.includes(path)) continue;
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) out.push(path);
    }
  };
  await walk(dir);
  return out.sort();
}
