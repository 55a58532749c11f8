import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AuditLog, type AuditSigner } from '../src/main/core/audit/audit-log';
import { openEncryptedDatabase, openPlainDatabase, closeDatabase, type Db } from '../src/main/core/db/database';
import { migrate } from '../src/main/core/db/migrate';
import { transact } from '../src/main/core/db/transact';
import { Signer } from '../src/main/core/keys/signing';
import { RecordStore, type ViewChange } from '../src/main/core/records/record-store';
import { makeRepos, makeViewRepos } from '../src/main/core/vault/repos';
import { createViewSchema } from '../src/main/core/view/view-db';
import { ViewSync } from '../src/main/core/view/view-sync';
import { clientListSchema } from '../src/shared/contract';

/**
 * The database side of a working day, through the same record store, view
 * and audit log the services use: every record sealed and signed into
 * vault.db and brought to the staff member's view after each commit;
 * single-action transactions (fsync each), bulk filing, list pages and
 * searches on the view. Run with both databases on SQLCipher and with both
 * on plain SQLite: the ratio is the page encryption's cost.
 */
function workload(vaultDb: Db, viewDb: Db, quick: boolean): number {
  const vaultId = 'b'.repeat(32);
  migrate(vaultDb);
  createViewSchema(viewDb, { vaultId, owner: 's' });
  const repos = makeRepos(vaultDb);
  const view = makeViewRepos(viewDb);
  const clientKeys = new Map<string, Buffer>();
  const signer = new Signer(randomBytes(32));
  const author: AuditSigner = { id: 's', sign: (data) => signer.sign(data) };
  const changes: ViewChange[] = [];
  const records = new RecordStore({
    clients: repos.clientRecords,
    documents: repos.documentRecords,
    credentials: repos.credentialRecords,
    texts: repos.textRecords,
    seq: repos.seq,
    key: (clientId) => clientKeys.get(clientId) ?? null,
    author,
    changed: (change) => changes.push(change),
  });
  const sync = new ViewSync({
    view,
    records,
    source: { clients: repos.clientRecords, documents: repos.documentRecords, credentials: repos.credentialRecords, texts: repos.textRecords, seq: repos.seq },
    accessible: () => new Map([...clientKeys.keys()].map((id) => [id, 1])),
  });
  const audit = new AuditLog({
    db: vaultDb,
    repo: repos.audit,
    vaultId,
    signer: author,
    rosterVersion: () => 1,
    actor: () => ({ id: 's', name: '基准', role: 'owner' }),
    clientKey: (clientId) => {
      const key = clientKeys.get(clientId);
      return key ? { key, version: 1 } : null;
    },
  });
  const write = (fn: () => void) => {
    transact(vaultDb, fn);
    sync.apply(changes.splice(0));
  };
  const now = new Date().toISOString();
  const ids: string[] = [];
  const t = performance.now();
  const n = quick ? 300 : 1000;
  for (let i = 0; i < n; i++) {
    const id = randomBytes(16).toString('hex');
    ids.push(id);
    clientKeys.set(id, randomBytes(32));
    write(() => {
      records.putClient(
        id,
        {
          name: `工作负载客户${i}有限公司`, creditCode: null, taxpayerType: 'small', contactPerson: '王经理', phone: '13800000000', address: null,
          bankAccount: '6222000000000000000', serviceStart: null, serviceEnd: null, assignedStaff: null, notes: null, label: 'internal',
          status: 'active', sample: true, createdAt: now, updatedAt: now,
        },
        1,
        1,
      );
      audit.record({ action: 'client.create', clientId: id, detail: { label: 'internal' } });
    });
  }
  for (let batch = 0; batch < (quick ? 40 : 200); batch++) {
    write(() => {
      for (let j = 0; j < 50; j++) {
        const docId = randomBytes(16).toString('hex');
        const clientId = ids[(batch * 50 + j) % ids.length] ?? ids[0]!;
        records.putDocument(
          { id: docId, clientId, blobId: randomBytes(16).toString('hex'), wrappedKey: randomBytes(60), size: 1000, keyVersion: 1, rev: 1 },
          {
            name: `2025年${(j % 12) + 1}月 银行对账单-${batch}-${j}.pdf`, category: '银行对账单', periodYear: 2025, periodMonth: (j % 12) + 1,
            tags: [], notes: '', sha256: randomBytes(32).toString('hex'), mime: 'application/pdf', status: 'active', sample: true,
            createdBy: null, createdAt: now, updatedAt: now, trashedAt: null,
          },
        );
        audit.record({ action: 'doc.import', clientId, documentId: docId, detail: { size: 1000, category: '银行对账单' } });
      }
    });
  }
  const page = clientListSchema.parse({ limit: 50 });
  for (let i = 0; i < 200; i++) view.clients.page({ ...page, offset: (i * 50) % n });
  for (let i = 0; i < 200; i++) view.documents.search(`${(i % 12) + 1}月`, null, 50);
  const ms = performance.now() - t;
  signer.dispose();
  return ms;
}

/** The workload's time in ms on each pair of databases, run alternately three times. */
export async function encryptedVsPlain(dir: string, quick: boolean): Promise<{ encrypted: number[]; plain: number[] }> {
  const times = { enc: [] as number[], plain: [] as number[] };
  for (let run = 0; run < 3; run++) {
    for (const kind of ['enc', 'plain'] as const) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const open = (name: string) => (kind === 'enc' ? openEncryptedDatabase(join(dir, name), randomBytes(32)) : openPlainDatabase(join(dir, name)));
      const vaultDb = open('vault.db');
      // The view as the app opens it: NORMAL sync (it catches up from vault.db), deleted content overwritten.
      const viewDb = kind === 'enc' ? openEncryptedDatabase(join(dir, 'view.db'), randomBytes(32), { synchronous: 'NORMAL', secureDelete: true }) : open('view.db');
      if (kind === 'plain') {
        viewDb.pragma('synchronous = NORMAL');
        viewDb.pragma('secure_delete = ON');
      }
      try {
        times[kind].push(workload(vaultDb, viewDb, quick));
      } finally {
        closeDatabase(viewDb);
        closeDatabase(vaultDb);
      }
    }
  }
  rmSync(dir, { recursive: true, force: true });
  return { encrypted: times.enc, plain: times.plain };
}
