import type { Db } from '../db/database';
import { AuditRepo } from '../repositories/audit-repo';
import { BlobIntentRepo } from '../repositories/blob-intent-repo';
import { ClientKeyRepo } from '../repositories/client-key-repo';
import { ClientViewRepo } from '../repositories/client-view-repo';
import { DocumentViewRepo } from '../repositories/document-view-repo';
import { IncidentRepo } from '../repositories/incident-repo';
import { DestructionRepo } from '../repositories/destruction-repo';
import { withMappedErrors } from '../repositories/mapped-db';
import { MetaRepo } from '../repositories/meta-repo';
import { ClientRecordRepo, CredentialRecordRepo, DocumentRecordRepo, SeqRepo, TextRecordRepo } from '../repositories/record-repos';
import { CredentialViewRepo } from '../repositories/credential-view-repo';
import { DocumentTextViewRepo } from '../repositories/document-text-view-repo';
import { ShareRepo } from '../repositories/share-repo';
import { SettingsRepo } from '../repositories/settings-repo';
import { StaffRepo } from '../repositories/staff-repo';
import { StaffRecordRepo } from '../repositories/staff-record-repo';
import { SyncRepo } from '../repositories/sync-repo';
import type { ViewRepos } from '../view/view-sync';

/** vault.db's repositories: what the common key opens (sealed records, keys wraps, the audit log, the roster's mirror). */
export interface Repos {
  meta: MetaRepo;
  staff: StaffRepo;
  clientRecords: ClientRecordRepo;
  documentRecords: DocumentRecordRepo;
  credentialRecords: CredentialRecordRepo;
  textRecords: TextRecordRepo;
  seq: SeqRepo;
  audit: AuditRepo;
  clientKeys: ClientKeyRepo;
  blobIntents: BlobIntentRepo;
  settings: SettingsRepo;
  incidents: IncidentRepo;
  /** Staff agreements, training, acknowledgements (firm-level, sealed under the master key's firm key). */
  staffRecords: StaffRecordRepo;
  destructions: DestructionRepo;
  shares: ShareRepo;
  /** What this PC keeps about its sync with a server (empty until the vault is published or joined). */
  sync: SyncRepo;
}

export function makeRepos(raw: Db): Repos {
  const db = withMappedErrors(raw);
  return {
    meta: new MetaRepo(db),
    staff: new StaffRepo(db),
    clientRecords: new ClientRecordRepo(db),
    documentRecords: new DocumentRecordRepo(db),
    credentialRecords: new CredentialRecordRepo(db),
    textRecords: new TextRecordRepo(db),
    seq: new SeqRepo(db),
    audit: new AuditRepo(db),
    clientKeys: new ClientKeyRepo(db),
    blobIntents: new BlobIntentRepo(db),
    settings: new SettingsRepo(db),
    incidents: new IncidentRepo(db),
    staffRecords: new StaffRecordRepo(db),
    destructions: new DestructionRepo(db),
    shares: new ShareRepo(db),
    sync: new SyncRepo(db),
  };
}

/** A view's repositories (the session's own decrypted copy). */
export function makeViewRepos(raw: Db): ViewRepos {
  const db = withMappedErrors(raw);
  return { db, clients: new ClientViewRepo(db), documents: new DocumentViewRepo(db), credentials: new CredentialViewRepo(db), texts: new DocumentTextViewRepo(db) };
}
