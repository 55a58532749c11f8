// Scratch probe (not committed): content search at 100k docs on the real view schema, encrypted.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { openEncryptedDatabase } from '../../src/main/core/db/database';
import { createViewSchema } from '../../src/main/core/view/view-db';
import { DocumentTextViewRepo } from '../../src/main/core/repositories/document-text-view-repo';
import { planSampleData } from '../../src/main/core/demo/generator';
import { SCALE_PLAN } from '../queries';
import { contentQueries, documentText } from '../content-text';

const path = '/tmp/probe-view.db';
const fresh = process.argv.includes('--fresh');
if (fresh) for (const f of [path, `${path}-wal`, `${path}-shm`]) rmSync(f, { force: true });
const key = Buffer.alloc(32, 7);
const db = openEncryptedDatabase(path, key, { synchronous: 'NORMAL', secureDelete: true });
const plan = planSampleData(SCALE_PLAN);
const repo = new DocumentTextViewRepo(db);
if (fresh) {
  createViewSchema(db, { vaultId: 'ab'.repeat(16), owner: 'x' });
  const ins = db.prepare(`INSERT INTO documents VALUES (?, ?, 'b', ?, '银行对账单', 2024, 3, '[]', '', 1, 's', 'application/pdf', 'active', 1, null, 'c', 'u', null, 1, 1)`);
  const t0 = performance.now();
  db.transaction(() => {
    for (let i = 0; i < plan.documents.length; i++) {
      const id = `d${i}`;
      ins.run(id, `c${plan.documents[i]!.clientIndex}`, `doc${i}.pdf`);
      repo.upsert({ id, clientId: `c${plan.documents[i]!.clientIndex}`, keyVersion: 1, rev: 1, status: 'ok', damaged: false, reason: null, method: 'layer', text: documentText(plan, i), truncated: false, pages: 1, extractor: 3, extractedAt: 'x' } as never);
    }
  })();
  console.log('built in', Math.round(performance.now() - t0), 'ms');
  db.pragma('wal_checkpoint(TRUNCATE)');
}
void randomBytes;
const queries = contentQueries(plan, 300);
for (const q of queries.slice(0, 50)) repo.search(q, 50); // warm
const times: { q: string; ms: number; n: number }[] = [];
for (const q of queries) {
  const t = performance.now();
  const r = repo.search(q, 50);
  times.push({ q, ms: performance.now() - t, n: r?.length ?? -1 });
}
const sorted = [...times].sort((a, b) => a.ms - b.ms);
const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!.ms;
console.log('p50', pct(50).toFixed(2), 'p95', pct(95).toFixed(2), 'max', sorted.at(-1)!.ms.toFixed(1));
console.log('slowest', sorted.slice(-15).map((t) => `${t.q}:${t.ms.toFixed(1)}/${t.n}`).join('  '));
