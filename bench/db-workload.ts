import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AuditLog } from '../src/main/core/audit/audit-log';
import { openEncryptedDatabase, openPlainDatabase, closeDatabase, type Db } from '../src/main/core/db/database';
import { migrate } from '../src/main/core/db/migrate';
import { AuditRepo } from '../src/main/core/repositories/audit-repo';
import { ClientRepo } from '../src/main/core/repositories/client-repo';
import { DocumentRepo } from '../src/main/core/repositories/document-repo';
import { clientListSchema } from '../src/shared/contract';

/**
 * The database side of a working day, through the same repositories and audit
 * log the services use: single-action transactions (fsync each), bulk filing,
 * list pages and searches. Run on SQLCipher and on plain SQLite.
 */
function workload(db: Db, quick: boolean): number {
  migrate(db);
  const clients = new ClientRepo(db);
  const docs = new DocumentRepo(db);
  const audit = new AuditLog(db, new AuditRepo(db), randomBytes(32), 'b'.repeat(32), () => ({ id: 's', name: '基准', role: 'owner' }));
  const now = new Date().toISOString();
  const ids: string[] = [];
  const t = performance.now();
  const n = quick ? 300 : 1000;
  for (let i = 0; i < n; i++) {
    const id = randomBytes(16).toString('hex');
    ids.push(id);
    db.transaction(() => {
      clients.insert({
        id, name: `工作负载客户${i}有限公司`, creditCode: null, taxpayerType: 'small', contactPerson: '王经理', address: null,
        serviceStart: null, serviceEnd: null, assignedStaff: null, notes: null, label: 'internal', status: 'active', sample: 1,
        keyVersion: 1, phoneEnc: randomBytes(40), bankAccountEnc: randomBytes(48), createdAt: now, updatedAt: now,
      });
      audit.record({ action: 'client.create', clientId: id });
    })();
  }
  for (let batch = 0; batch < (quick ? 40 : 200); batch++) {
    db.transaction(() => {
      for (let j = 0; j < 50; j++) {
        const docId = randomBytes(16).toString('hex');
        const clientId = ids[(batch * 50 + j) % ids.length] ?? ids[0]!;
        docs.insert({
          id: docId, clientId, blobId: randomBytes(16).toString('hex'), wrappedKey: randomBytes(60), keyVersion: 1,
          name: `2025年${(j % 12) + 1}月 银行对账单-${batch}-${j}.pdf`, category: '银行对账单', periodYear: 2025,
          periodMonth: (j % 12) + 1, tags: '[]', notes: '', size: 1000, sha256: randomBytes(32).toString('hex'),
          mime: 'application/pdf', status: 'active', sample: 1, createdBy: null, createdAt: now, updatedAt: now, trashedAt: null,
        });
        audit.record({ action: 'doc.import', clientId, documentId: docId });
      }
    })();
  }
  const page = clientListSchema.parse({ limit: 50 });
  for (let i = 0; i < 200; i++) clients.page({ ...page, offset: (i * 50) % n }, null);
  for (let i = 0; i < 200; i++) docs.search(`${(i % 12) + 1}月`, null, 50, null);
  return performance.now() - t;
}

/** The workload's time in ms on each database, run alternately three times. */
export async function encryptedVsPlain(dir: string, quick: boolean): Promise<{ encrypted: number[]; plain: number[] }> {
  const times = { enc: [] as number[], plain: [] as number[] };
  for (let run = 0; run < 3; run++) {
    for (const kind of ['enc', 'plain'] as const) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const db = kind === 'enc' ? openEncryptedDatabase(join(dir, 'w.db'), randomBytes(32)) : openPlainDatabase(join(dir, 'w.db'));
      try {
        times[kind].push(workload(db, quick));
      } finally {
        closeDatabase(db);
      }
    }
  }
  rmSync(dir, { recursive: true, force: true });
  return { encrypted: times.enc, plain: times.plain };
}
