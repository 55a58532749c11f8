import { mapSqliteError } from '../db/database';
import { isVaultError } from '../errors';
import type { OpenVault } from '../vault/open-vault';
import { verifyAuditLog } from './audit-service';
import { DocumentService } from './document-service';

export interface CheckProblem {
  kind: 'database' | 'blob' | 'orphan' | 'missing' | 'audit';
  what: string;
  code: string;
}

export interface CheckReport {
  ok: boolean;
  documents: number;
  /** Documents of clients this session holds no key for (staff without the master key): not decrypted. */
  skipped: number;
  blobsOnDisk: number;
  problems: CheckProblem[];
}

/**
 * Full verification of an open vault: the key file was already authenticated by
 * opening; here every database page is read and checked, and every blob is
 * decrypted end to end and compared with its row.
 */
export async function checkVault(vault: OpenVault): Promise<CheckReport> {
  vault.assertOpen();
  const problems: CheckProblem[] = [];
  try {
    const integrity = vault.db.pragma('integrity_check') as { integrity_check: string }[];
    for (const row of integrity) {
      if (row.integrity_check !== 'ok') problems.push({ kind: 'database', what: row.integrity_check, code: 'CORRUPT' });
    }
    // dbstat walks every b-tree page, so each is decrypted and its HMAC checked.
    vault.db.prepare('SELECT count(*) AS n FROM dbstat').get();
    const freelist = vault.db.pragma('freelist_count', { simple: true }) as number;
    if (freelist !== 0) problems.push({ kind: 'database', what: `${freelist} free pages`, code: 'CORRUPT' });
  } catch (err) {
    const mapped = mapSqliteError(err, 'vault.db');
    problems.push({ kind: 'database', what: 'vault.db', code: isVaultError(mapped) ? mapped.code : 'CORRUPT' });
  }
  const docs = new DocumentService(vault);
  const refs = problems.length === 0 ? vault.repos.documentRecords.blobRefs() : [];
  const onDisk = new Set(await vault.blobs.list());
  let skipped = 0;
  for (const ref of refs) {
    if (!onDisk.has(ref.blobId)) {
      problems.push({ kind: 'missing', what: `document ${ref.id} (blob ${ref.blobId})`, code: 'CORRUPT' });
      continue;
    }
    const keyVersion = vault.repos.clientKeys.currentVersion(ref.clientId) ?? 0;
    if (!docs.canOpen({ clientId: ref.clientId, keyVersion })) {
      skipped++;
      continue;
    }
    try {
      await docs.verify(ref.id);
    } catch (err) {
      problems.push({ kind: 'blob', what: `document ${ref.id} (blob ${ref.blobId})`, code: isVaultError(err) ? err.code : 'CORRUPT' });
    }
  }
  if (problems.length === 0) {
    const chain = verifyAuditLog(vault);
    if (!chain.ok) problems.push({ kind: 'audit', what: `audit event #${chain.firstBadSeq} (${chain.reason})`, code: 'TAMPERED' });
    for (const id of vault.repos.audit.documentsWithoutImportEvent()) {
      problems.push({ kind: 'audit', what: `document ${id} has no import event`, code: 'TAMPERED' });
    }
  }
  // Scans of staff agreements are firm-level blobs: referenced, not orphans (their records open only under the master key).
  const referenced = new Set([...refs.map((r) => r.blobId), ...(problems.some((p) => p.kind === 'database') ? [] : vault.repos.staffRecords.blobIds())]);
  for (const blobId of onDisk) {
    if (!referenced.has(blobId) && problems.every((p) => p.kind !== 'database')) {
      problems.push({ kind: 'orphan', what: `blob ${blobId}`, code: 'CORRUPT' });
    }
  }
  return { ok: problems.length === 0, documents: refs.length, skipped, blobsOnDisk: onDisk.size, problems };
}
