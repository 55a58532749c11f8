/**
 * The scale phase's measurements, in a process of their own, as the app
 * would be: an unlock of the large vault (with its first client page), the
 * first client page, 1,000 searches, and the resident memory of the process
 * holding the vault afterwards. Run by
 * bench/run.ts with the vault it built; prints one JSON line.
 *
 *   node --import tsx bench/scale-child.ts <vaultDir> <staffName> <password> <queries.json>
 *
 * The queries file holds `{ names, inside }`: fragments of names and fields, and words printed inside documents.
 */
import { readFileSync } from 'node:fs';
import { warmTree } from './baselines';
import { VaultManager } from '../src/main/core/vault/vault-manager';
import { clientListSchema } from '../src/shared/contract';
import { medianOf, percentile, round } from './stats';

const MiB = 1024 * 1024;

async function main(): Promise<void> {
  const [vaultDir, staff, password, queryFile] = process.argv.slice(2);
  if (!vaultDir || !staff || !password || !queryFile) throw new Error('usage: scale-child <vaultDir> <staffName> <password> <queries.json>');
  const { names, inside } = JSON.parse(readFileSync(queryFile, 'utf8')) as { names: string[]; inside: string[] };
  // This VM drops files left cold for a few seconds from memory: the vault and its views are read once first,
  // as they are on a PC that has just had them open, so the searches time the vault and not the disk.
  warmTree(vaultDir);
  const manager = new VaultManager({ vaultDir });
  const page = clientListSchema.parse({ sort: 'name', limit: 50 });
  const t = performance.now();
  await manager.unlock(staff, Buffer.from(password));
  const s = manager.session();
  s.clients.list(page);
  const unlockMs = performance.now() - t;
  const clientPageMs = await medianOf(25, 5, () => void s.clients.list(page));

  // Every search looks in names, fields and content; 300 of the 1,000 are words printed inside documents.
  const queries = interleave(names, inside);
  for (const q of queries.slice(0, 50)) s.search.search(q);
  const times: number[] = [];
  const contentTimes: number[] = [];
  let contentFound = 0;
  const insideSet = new Set(inside);
  for (const q of queries) {
    const t = performance.now();
    const hit = s.search.search(q);
    const ms = performance.now() - t;
    times.push(ms);
    if (insideSet.has(q)) {
      contentTimes.push(ms);
      // Found by its name or fields, or inside it (a page of name hits leaves content unsearched).
      if (hit.documents.length > 0) contentFound++;
    }
  }
  const rss = process.memoryUsage().rss / MiB;
  await manager.close();
  process.stdout.write(
    `${JSON.stringify({
      unlock_scale_ms: round(unlockMs),
      client_page_ms: round(clientPageMs, 3),
      search_p50_ms: round(percentile(times, 50), 3),
      search_p95_ms: round(percentile(times, 95), 3),
      content_search_p50_ms: round(percentile(contentTimes, 50), 3),
      content_search_p95_ms: round(percentile(contentTimes, 95), 3),
      content_queries_found: round(contentFound / Math.max(1, contentTimes.length), 3),
      main_rss_mib: round(rss, 1),
    })}\n`,
  );
}

/** Three in every ten searches from `b`, spread through the run. */
function interleave(a: string[], b: string[]): string[] {
  const out: string[] = [];
  let ai = 0;
  let bi = 0;
  for (let i = 0; ai < a.length || bi < b.length; i++) {
    const fromB = (i % 10 === 2 || i % 10 === 5 || i % 10 === 8) && bi < b.length;
    if (fromB || ai >= a.length) out.push(b[bi++]!);
    else out.push(a[ai++]!);
  }
  return out;
}

main().catch((err: unknown) => {
  process.stderr.write(`scale child failed: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exitCode = 1;
});
