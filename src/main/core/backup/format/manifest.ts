import { z } from 'zod';
import { BackupError } from '../backup-errors';
import { vaultSignatureSchema } from '../../keys/vault-statements';
import { archiveLength } from './tar';

/** See docs/BACKUP-FORMAT.md. manifest.json is always the first entry, in every version. */
export const BACKUP_FORMAT = 'zhangdun-backup';
export const BACKUP_FORMAT_VERSION = 1;
export const BACKUP_EXTENSION = '.zdbk';
export const MANIFEST_NAME = 'manifest.json';
/** A manifest lists ~120 bytes per blob; this allows millions of documents and bounds what is read into memory. */
export const MAX_MANIFEST_BYTES = 256 * 1024 * 1024;

/** vault.key, vault.db, vault.db-wal (only from an at-rest copy after a crash), blobs/xx/<id>. */
const ENTRY_NAME = /^(?:vault\.key|vault\.db|vault\.db-wal|blobs\/([0-9a-f]{2})\/\1[0-9a-f]{30})$/;

export function isEntryName(name: string): boolean {
  return ENTRY_NAME.test(name);
}

export function blobEntryName(blobId: string): string {
  return `blobs/${blobId.slice(0, 2)}/${blobId}`;
}

const entrySchema = z.strictObject({
  name: z.string().refine(isEntryName, 'entry name'),
  size: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

const auditHeadSchema = z.strictObject({
  seq: z.number().int().nonnegative(),
  mac: z.string().regex(/^[0-9a-f]{1,128}$/),
});

export type AuditHead = z.infer<typeof auditHeadSchema>;

/** Unknown top-level fields are ignored, so a field added within a version does not break older readers. */
const manifestSchema = z.looseObject({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.literal(BACKUP_FORMAT_VERSION),
  appVersion: z.string().max(64),
  vaultId: z.string().regex(/^[0-9a-f]{32}$/),
  createdAt: z.iso.datetime(),
  /** How the copy was made consistent: the vault closed and locked, or an open vault's snapshot. */
  consistency: z.enum(['at-rest', 'snapshot']),
  /** The last audit event in the archived database (sequence number and chain MAC); null when copied at rest. */
  auditHead: auditHeadSchema.nullable(),
  entries: z.array(entrySchema).min(2),
  /** Over every other field of the manifest; absent in an unsigned backup (and in those made before signing existed). */
  signature: vaultSignatureSchema.optional(),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestEntry = z.infer<typeof entrySchema>;

/** What the signature covers: the manifest without its signature. */
export function manifestPayload(manifest: Manifest): Manifest {
  const payload = { ...manifest };
  delete payload.signature;
  return payload;
}

/** Two-space JSON with a newline, so `tar -xOf - manifest.json` is readable. */
export function encodeManifest(manifest: Manifest): Buffer {
  return Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
}

/** Parses a manifest; the format version is checked before anything else so a newer layout reads as such. */
export function parseManifest(bytes: Buffer): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new BackupError('not-a-backup', 'manifest.json is not JSON');
  }
  const head = raw as { format?: unknown; formatVersion?: unknown } | null;
  if (head?.format !== BACKUP_FORMAT) throw new BackupError('not-a-backup', 'not a Zhangdun backup');
  if (typeof head.formatVersion === 'number' && head.formatVersion > BACKUP_FORMAT_VERSION) {
    throw new BackupError('future-version', `format version ${head.formatVersion}`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw new BackupError('not-a-backup', 'manifest.json does not match the format');
  const names = parsed.data.entries.map((e) => e.name);
  if (new Set(names).size !== names.length || !names.includes('vault.key') || !names.includes('vault.db')) {
    throw new BackupError('not-a-backup', 'manifest.json entries');
  }
  return parsed.data;
}

/** The plaintext length: manifest, every entry, end marker and record padding. */
export function archiveLengthOf(manifestBytes: number, entries: readonly { name: string; size: number }[]): number {
  return archiveLength([{ name: MANIFEST_NAME, size: manifestBytes }, ...entries]);
}
