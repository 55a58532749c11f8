import { VaultError } from '../errors';
import { createHash } from 'node:crypto';
import type {
  ClientRecordRepo,
  CredentialRecordRepo,
  DocumentRecordRepo,
  SealedClientRow,
  SealedCredentialRow,
  SealedDocumentRow,
  SealedTextRow,
  SeqRepo,
  TextRecordRepo,
} from '../repositories/record-repos';
import { textRecordSchema, type TextData, type TextRecord } from './text-record';
import { clientRecordSchema, type ClientData, type ClientRecord } from './client-record';
import { credentialRecordSchema, type CredentialData, type CredentialRecord } from './credential-record';
import { documentRecordSchema, type DocumentData, type DocumentRecord } from './document-record';
import { duplicateTag, openBytes, openRecord, recordSigningBytes, sealBytes, sealRecord, type RecordHeader } from './record-seal';

/** A committed change a view applies (see view/view-sync.ts). */
export type ViewChange =
  | { kind: 'client'; data: ClientData }
  | { kind: 'document'; data: DocumentData }
  | { kind: 'document-deleted'; id: string; clientId: string }
  | { kind: 'credential'; data: CredentialData }
  | { kind: 'credential-deleted'; id: string; clientId: string }
  | { kind: 'client-deleted'; id: string }
  | { kind: 'text'; data: TextData };

export interface RecordStoreDeps {
  clients: ClientRecordRepo;
  documents: DocumentRecordRepo;
  credentials: CredentialRecordRepo;
  texts: TextRecordRepo;
  seq: SeqRepo;
  /** A client key of a version, when this session holds it. */
  key: (clientId: string, version: number) => Buffer | null;
  /** Who signs what this session writes (a staff id, or 'master'). */
  author: { id: string; sign: (data: Buffer) => Buffer };
  /** Told of every write, to bring the session's view along once the transaction commits. */
  changed: (change: ViewChange) => void;
}

/**
 * Client data in and out of vault.db: seals each record under its client's
 * key, signs it as its author, numbers it with the next write sequence, and
 * opens what this session's keys allow. Writes run inside the caller's
 * transaction (vault.write).
 */
export class RecordStore {
  constructor(private readonly deps: RecordStoreDeps) {}

  private requireKey(clientId: string, version: number): Buffer {
    const key = this.deps.key(clientId, version);
    if (!key) throw new VaultError('NOT_FOUND', { what: 'client' });
    return key;
  }

  // ---- reading ----

  /** A client's record from its sealed row; null when this session holds no key for it; TAMPERED when it does not open. */
  openClient(row: SealedClientRow): ClientData | null {
    const key = this.deps.key(row.id, row.keyVersion);
    if (!key) return null;
    const header: RecordHeader = { kind: 'client', id: row.id, clientId: row.id, rev: row.rev, keyVersion: row.keyVersion };
    const parsed = clientRecordSchema.safeParse(openRecord(key, header, row.body));
    if (!parsed.success) throw new VaultError('TAMPERED', { what: `client ${row.id}` });
    return { ...parsed.data, id: row.id, keyVersion: row.keyVersion, rev: row.rev };
  }

  openDocument(row: SealedDocumentRow): DocumentData | null {
    const key = this.deps.key(row.clientId, row.keyVersion);
    if (!key) return null;
    const header: RecordHeader = { kind: 'document', id: row.id, clientId: row.clientId, rev: row.rev, keyVersion: row.keyVersion };
    const parsed = documentRecordSchema.safeParse(openRecord(key, header, row.body));
    if (!parsed.success) throw new VaultError('TAMPERED', { what: `document ${row.id}` });
    return { ...parsed.data, id: row.id, clientId: row.clientId, blobId: row.blobId, size: row.size, keyVersion: row.keyVersion, rev: row.rev };
  }

  client(id: string): ClientData | null {
    const row = this.deps.clients.byId(id);
    return row ? this.openClient(row) : null;
  }

  document(id: string): DocumentData | null {
    const row = this.deps.documents.byId(id);
    return row ? this.openDocument(row) : null;
  }

  /** Documents of the client whose content hash is `sha256` (found by the keyed duplicate tag, never by the hash itself). */
  duplicatesOf(clientId: string, keyVersion: number, sha256: string): DocumentData[] {
    const tag = duplicateTag(this.requireKey(clientId, keyVersion), clientId, keyVersion, sha256);
    return this.deps.documents.byDupTag(clientId, tag).flatMap((row) => {
      const doc = this.openDocument(row);
      return doc && doc.sha256 === sha256 ? [doc] : [];
    });
  }

  openCredential(row: SealedCredentialRow): CredentialData | null {
    const key = this.deps.key(row.clientId, row.keyVersion);
    if (!key) return null;
    const header: RecordHeader = { kind: 'credential', id: row.id, clientId: row.clientId, rev: row.rev, keyVersion: row.keyVersion };
    const parsed = credentialRecordSchema.safeParse(openRecord(key, header, row.body));
    if (!parsed.success) throw new VaultError('TAMPERED', { what: `credential ${row.id}` });
    return { ...parsed.data, id: row.id, clientId: row.clientId, keyVersion: row.keyVersion, rev: row.rev, hasFile: row.file !== null };
  }

  openText(row: SealedTextRow): TextData | null {
    const key = this.deps.key(row.clientId, row.keyVersion);
    if (!key) return null;
    const header: RecordHeader = { kind: 'text', id: row.id, clientId: row.clientId, rev: row.rev, keyVersion: row.keyVersion };
    const parsed = textRecordSchema.safeParse(openRecord(key, header, row.body));
    if (!parsed.success) throw new VaultError('TAMPERED', { what: `text of document ${row.id}` });
    return { ...parsed.data, id: row.id, clientId: row.clientId, keyVersion: row.keyVersion, rev: row.rev };
  }

  text(id: string): TextData | null {
    const row = this.deps.texts.byId(id);
    return row ? this.openText(row) : null;
  }

  credential(id: string): CredentialData | null {
    const row = this.deps.credentials.byId(id);
    return row ? this.openCredential(row) : null;
  }

  /** A credential's attached file in clear (the caller wipes it), or null when it has none; TAMPERED when it does not open. */
  credentialFile(id: string): Buffer | null {
    const row = this.deps.credentials.byId(id);
    if (!row?.file) return null;
    const key = this.requireKey(row.clientId, row.keyVersion);
    const bytes = openBytes(key, this.fileHeader(row), row.file);
    if (!bytes) throw new VaultError('TAMPERED', { what: `credential ${row.id} file` });
    return bytes;
  }

  private fileHeader(h: { id: string; clientId: string; rev: number; keyVersion: number }): RecordHeader {
    return { kind: 'credential-file', id: h.id, clientId: h.clientId, rev: h.rev, keyVersion: h.keyVersion };
  }

  // ---- writing (inside vault.write) ----

  /** Writes a client's record at revision `rev` (an edit takes the next one; a reseal under a new key keeps it). */
  putClient(id: string, record: ClientRecord, keyVersion: number, rev: number): ClientData {
    const parsed = clientRecordSchema.parse(record);
    const key = this.requireKey(id, keyVersion);
    const header: RecordHeader = { kind: 'client', id, clientId: id, rev, keyVersion };
    const body = sealRecord(key, header, parsed);
    const author = this.deps.author.id;
    const sig = this.deps.author.sign(recordSigningBytes(header, { author }, body));
    this.deps.clients.put({ id, keyVersion, rev, seq: this.deps.seq.next(), author, body, sig });
    const data: ClientData = { ...parsed, id, keyVersion, rev };
    this.deps.changed({ kind: 'client', data });
    return data;
  }

  putDocument(
    columns: { id: string; clientId: string; blobId: string; wrappedKey: Buffer; size: number; keyVersion: number; rev: number },
    record: DocumentRecord,
  ): DocumentData {
    const parsed = documentRecordSchema.parse(record);
    const { id, clientId, keyVersion, rev } = columns;
    const key = this.requireKey(clientId, keyVersion);
    const header: RecordHeader = { kind: 'document', id, clientId, rev, keyVersion };
    const body = sealRecord(key, header, parsed);
    const dupTag = duplicateTag(key, clientId, keyVersion, parsed.sha256);
    const author = this.deps.author.id;
    const plain = { blobId: columns.blobId, wrappedKey: columns.wrappedKey.toString('hex'), size: columns.size, dupTag: dupTag.toString('hex'), author };
    const sig = this.deps.author.sign(recordSigningBytes(header, plain, body));
    this.deps.documents.put({ ...columns, dupTag, seq: this.deps.seq.next(), author, body, sig });
    const data: DocumentData = { ...parsed, id, clientId, blobId: columns.blobId, size: columns.size, keyVersion, rev };
    this.deps.changed({ kind: 'document', data });
    return data;
  }

  /**
   * Writes a credential at revision `rev`. `file`: new bytes to attach, null to
   * remove the attachment, undefined to keep the one stored (resealed with the header).
   */
  putCredential(columns: { id: string; clientId: string; keyVersion: number; rev: number }, record: CredentialRecord, file?: Buffer | null): CredentialData {
    const parsed = credentialRecordSchema.parse(record);
    const { id, clientId, keyVersion, rev } = columns;
    const key = this.requireKey(clientId, keyVersion);
    const header: RecordHeader = { kind: 'credential', id, clientId, rev, keyVersion };
    // Undefined keeps the stored file: opened here (under the old header) to be sealed under the new one.
    const ownFile = file === undefined;
    const plainFile = ownFile ? this.credentialFile(id) : file;
    try {
      const sealedFile = plainFile ? sealBytes(key, this.fileHeader(columns), plainFile) : null;
      const body = sealRecord(key, header, parsed);
      const author = this.deps.author.id;
      const fileHash = sealedFile ? createHash('sha256').update(sealedFile).digest('hex') : null;
      const sig = this.deps.author.sign(recordSigningBytes(header, { author, file: fileHash }, body));
      this.deps.credentials.put({ id, clientId, keyVersion, rev, seq: this.deps.seq.next(), author, body, file: sealedFile, sig });
      const data: CredentialData = { ...parsed, id, clientId, keyVersion, rev, hasFile: sealedFile !== null };
      this.deps.changed({ kind: 'credential', data });
      return data;
    } finally {
      if (ownFile && plainFile) plainFile.fill(0);
    }
  }

  deleteCredential(id: string, clientId: string): void {
    this.deps.credentials.delete(id);
    this.deps.seq.tombstone('credential', id, clientId, this.deps.seq.next());
    this.deps.changed({ kind: 'credential-deleted', id, clientId });
  }

  /** Writes what was read from inside document `id` at revision `rev` (a re-read takes the next one). */
  putText(columns: { id: string; clientId: string; keyVersion: number; rev: number }, record: TextRecord): TextData {
    const parsed = textRecordSchema.parse(record);
    const { id, clientId, keyVersion, rev } = columns;
    const key = this.requireKey(clientId, keyVersion);
    const header: RecordHeader = { kind: 'text', id, clientId, rev, keyVersion };
    const body = sealRecord(key, header, parsed);
    const author = this.deps.author.id;
    const sig = this.deps.author.sign(recordSigningBytes(header, { author }, body));
    this.deps.texts.put({ id, clientId, keyVersion, rev, seq: this.deps.seq.next(), author, body, sig });
    const data: TextData = { ...parsed, id, clientId, keyVersion, rev };
    this.deps.changed({ kind: 'text', data });
    return data;
  }

  /** The client's own record (its documents, texts and credentials must be gone already: they refer to it). */
  deleteClient(id: string): void {
    this.deps.clients.delete(id);
    this.deps.seq.tombstone('client', id, id, this.deps.seq.next());
    this.deps.changed({ kind: 'client-deleted', id });
  }

  deleteDocument(id: string, clientId: string): void {
    // Its text goes with it (the view drops both on the document's tombstone).
    this.deps.texts.delete(id);
    this.deps.documents.delete(id);
    this.deps.seq.tombstone('document', id, clientId, this.deps.seq.next());
    this.deps.changed({ kind: 'document-deleted', id, clientId });
  }
}
