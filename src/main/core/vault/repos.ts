import type { Db } from '../db/database';
import { AuditRepo } from '../repositories/audit-repo';
import { ClientKeyRepo } from '../repositories/client-key-repo';
import { ClientRepo } from '../repositories/client-repo';
import { DocumentRepo } from '../repositories/document-repo';
import { withMappedErrors } from '../repositories/mapped-db';
import { BlobIntentRepo } from '../repositories/blob-intent-repo';
import { MetaRepo } from '../repositories/meta-repo';
import { StaffRepo } from '../repositories/staff-repo';

export interface Repos {
  meta: MetaRepo;
  staff: StaffRepo;
  clients: ClientRepo;
  documents: DocumentRepo;
  audit: AuditRepo;
  clientKeys: ClientKeyRepo;
  blobIntents: BlobIntentRepo;
}
export function makeRepos(raw: Db): Repos {
  const db = withMappedErrors(raw);
  return {
    meta: new MetaRepo(db),
    staff: new StaffRepo(db),
    clients: new ClientRepo(db),
    documents: new DocumentRepo(db),
    audit: new AuditRepo(db),
    clientKeys: new ClientKeyRepo(db),
    blobIntents: new BlobIntentRepo(db),
  };
}
