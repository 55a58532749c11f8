/**
 * `npm run bench [-- --quick]`: Zhangdun at a real firm's scale, each figure
 * next to a baseline measured in the same run on the same machine. Writes
 * bench/results.json and prints a table. Never fails the build.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createBackup } from '../src/main/core/backup/create-backup';
import { planSampleData } from '../src/main/core/demo/generator';
import { newRecoveryIdentity } from '../src/main/core/keys/age-keys';
import { VaultManager } from '../src/main/core/vault/vault-manager';
import { clientInputSchema, clientListSchema } from '../src/shared/contract';
import { bareKdfMs, cpSync, hasAge, importCryptoTimer, nodeCopy, sealOnly, tarAge, warmFiles, warmTree, writeFileSet } from './baselines';
import { encryptedVsPlain } from './db-workload';
import { measureAgePayload } from './age-payload';
import { alertsBench } from './alerts';
import { SCALE_PLAN, buildQueries } from './queries';
import { contentQueries, documentText } from './content-text';
import { extractionBench, ocrBench } from './content-reading';
import { EXTRACTOR_VERSION } from '../src/main/core/records/text-record';
import { round, spreadOf, timed, type Spread, type Timed } from './stats';

const quick = process.argv.includes('--quick');
const root = resolve(__dirname, '..');
const work = join(root, 'bench', '.work');
// The benchmark's own per-user state (anchors, pinned identities), never the real profile's; the scale child inherits it.
process.env.ZHANGDUN_STATE_DIR = join(work, 'state');
const MiB = 1024 * 1024;
const STAFF = '基准测试';
const PASSWORD = 'benchmark password 1';
/** Repetitions of each timed import and backup, each against its own baseline run just before it. */
const REPS = 3;
/** Each figure's median; for figures measured once per repetition, spreads holds all of them. */
const results: Record<string, number> = {};
const spreads: Record<string, Spread> = {};
const notes: string[] = [];

/** Records a figure measured once per repetition: its median in results, its min/median/max in spreads. */
function record(name: string, samples: readonly number[]): void {
  const spread = spreadOf(samples);
  results[name] = spread.median;
  spreads[name] = spread;
}

/**
 * What a ratio against a baseline would be if the work's CPU time were spread over every core with none
 * idle: above it a run is not CPU-bound; at it, only less CPU work per byte can go faster.
 */
function atFullCpu(work: Timed, baselineMs: number, higherIsBetter: boolean): number {
  const floorMs = work.cpuMs / availableParallelism();
  return higherIsBetter ? baselineMs / floorMs : floorMs / baselineMs;
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

function dirBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? dirBytes(p) : statSync(p).size;
  }
  return total;
}

async function freshManager(name: string): Promise<VaultManager> {
  const dir = join(work, name);
  rmSync(dir, { recursive: true, force: true });
  const manager = new VaultManager({ vaultDir: dir });
  await manager.create(STAFF, Buffer.from(PASSWORD));
  return manager;
}

async function unlockBench(): Promise<void> {
  log('unlock: default Argon2id (m=64 MiB, t=3, p=4) vs the bare KDF, alternating');
  const manager = await freshManager('unlock');
  const s = manager.session();
  for (let i = 0; i < 60; i++) s.clients.create(clientInputSchema.parse({ name: `基准客户${i}有限公司` }));
  await manager.lock();
  const firstPage = clientListSchema.parse({ limit: 50 });
  const unlocks: number[] = [];
  const kdfs: number[] = [];
  // The first pair warms up.
  for (let i = 0; i < 6; i++) {
    const kdf = await bareKdfMs();
    const t = performance.now();
    await manager.unlock(STAFF, Buffer.from(PASSWORD));
    manager.session().clients.list(firstPage);
    const ms = performance.now() - t;
    await manager.lock();
    if (i === 0) continue;
    kdfs.push(kdf);
    unlocks.push(ms);
  }
  record('unlock_ms', unlocks);
  record('kdf_ms', kdfs);
  record('unlock_vs_kdf', unlocks.map((u, i) => u / (kdfs[i] ?? Number.NaN)));
}

async function importAndBackupBench(): Promise<void> {
  const target = quick ? 256 * MiB : 1024 * MiB;
  log(`import: ${target / MiB} MiB of mixed documents vs cp -r + sync, ${REPS} times`);
  const set = writeFileSet(join(work, 'files'), target);
  const mib = set.bytes / MiB;
  const rate = (t: Timed) => mib / (t.ms / 1000);
  const cryptoPass = importCryptoTimer(set.files);
  cryptoPass(); // warm-up
  const rows = { cp: [] as Timed[], imported: [] as Timed[], copied: [] as Timed[], sealed: [] as Timed[], cryptoMs: [] as number[] };
  let manager: VaultManager | null = null;
  for (let rep = 0; rep < REPS; rep++) {
    rows.cp.push(cpSync(set.dir, join(work, 'cp')));
    // Each import into a fresh vault; the last one stays for the backups.
    if (manager) {
      const dir = manager.vaultDir;
      await manager.close();
      rmSync(dir, { recursive: true, force: true });
    }
    manager = await freshManager(`import-${rep}`);
    const s = manager.session();
    const client = s.clients.create(clientInputSchema.parse({ name: '导入基准有限公司' }));
    spawnSync('sync');
    warmFiles(set.files);
    let outcomes: Awaited<ReturnType<typeof s.documents.importFiles>> = [];
    rows.imported.push(
      await timed(async () => {
        outcomes = await s.documents.importFiles(client.id, set.files, { allowDuplicate: true });
        spawnSync('sync');
      }),
    );
    const failed = outcomes.filter((o) => o.status === 'failed').length;
    if (failed) notes.push(`${failed} files failed to import`);
    // Moving the same bytes through a Node process without any crypto: the floor below the crypto.
    rows.copied.push(await nodeCopy(set.files, join(work, 'node-copy')));
    // The import's encryption pipeline alone (workers hashing, sealing, writing; no database).
    rows.sealed.push(await sealOnly(set.files, join(work, 'seal')));
    // The floor on one core: hashing and sealing the same bytes from memory, nothing else.
    rows.cryptoMs.push(cryptoPass());
  }
  if (!manager) throw new Error('no import ran');
  results.import_files = set.files.length;
  results.import_mib = round(mib);
  const cpMs = rows.cp.map((t) => t.ms);
  record('cp_sync_mib_s', rows.cp.map(rate));
  record('cp_sync_cpu_s', rows.cp.map((t) => t.cpuMs / 1000));
  record('import_mib_s', rows.imported.map(rate));
  record('import_vs_cp', rows.imported.map((t, i) => (cpMs[i] ?? Number.NaN) / t.ms));
  record('import_cpu_s', rows.imported.map((t) => t.cpuMs / 1000));
  record('import_vs_cp_at_full_cpu', rows.imported.map((t, i) => atFullCpu(t, cpMs[i] ?? Number.NaN, true)));
  record('seal_only_mib_s', rows.sealed.map(rate));
  record('seal_only_vs_cp', rows.sealed.map((t, i) => (cpMs[i] ?? Number.NaN) / t.ms));
  record('seal_only_cpu_s', rows.sealed.map((t) => t.cpuMs / 1000));
  record('node_copy_mib_s', rows.copied.map(rate));
  record('node_copy_vs_cp', rows.copied.map((t, i) => (cpMs[i] ?? Number.NaN) / t.ms));
  record('node_copy_cpu_s', rows.copied.map((t) => t.cpuMs / 1000));
  record('import_crypto_mib_s', rows.cryptoMs.map((ms) => mib / (ms / 1000)));
  record('import_vs_crypto', rows.imported.map((t, i) => (rows.cryptoMs[i] ?? Number.NaN) / t.ms));
  record('import_crypto_cpu_s', rows.cryptoMs.map((ms) => ms / 1000));

  log(`backup: create + verify vs tar | age of the same vault folder, alternating, ${REPS} times`);
  const s = manager.session();
  const vaultDir = manager.vaultDir;
  const vaultMib = dirBytes(vaultDir) / MiB;
  const out = join(work, 'bench.zdbk');
  // One payload cipher (libsodium's native ChaCha20-Poly1305) for Node and Electron: this is the app's path.
  const backupRun = async (): Promise<Timed> => {
    rmSync(out, { force: true });
    spawnSync('sync');
    warmTree(vaultDir);
    try {
      return await timed(() => createBackup({ vault: s.vault }, { out, appVersion: 'bench' }));
    } finally {
      rmSync(out, { force: true });
    }
  };
  // Any X25519 recipient costs age the same: a fresh one keeps the baseline off the key file's format.
  const { recipient } = await newRecoveryIdentity();
  const backups: Timed[] = [];
  const references: Timed[] = [];
  const age = hasAge();
  if (!age) notes.push("Debian's age is not installed: backup_vs_tar_age not measured (apt-get install -y age)");
  for (let rep = 0; rep < REPS; rep++) {
    if (age) references.push(tarAge(vaultDir, recipient, join(work, 'tar-age')));
    backups.push(await backupRun());
  }
  record('backup_create_verify_ms', backups.map((t) => t.ms));
  record('backup_mib_s', backups.map((t) => vaultMib / (t.ms / 1000)));
  record('backup_cpu_s', backups.map((t) => t.cpuMs / 1000));
  if (age) {
    record('tar_age_mib_s', references.map((t) => vaultMib / (t.ms / 1000)));
    record('tar_age_cpu_s', references.map((t) => t.cpuMs / 1000));
    record('backup_vs_tar_age', backups.map((t, i) => t.ms / (references[i]?.ms ?? Number.NaN)));
    record('backup_vs_tar_age_at_full_cpu', backups.map((t, i) => atFullCpu(t, references[i]?.ms ?? Number.NaN, false)));
  }
  const payload = await measureAgePayload((quick ? 128 : 512) * MiB);
  results.age_payload_encrypt_mib_s = payload.encrypt_mib_s;
  results.age_payload_decrypt_mib_s = payload.decrypt_mib_s;
  await manager.close();
}

async function scaleBench(): Promise<void> {
  log(`scale: ${SCALE_PLAN.clients} clients, ${SCALE_PLAN.documents} documents: client page, 1000 searches, memory`);
  const manager = await freshManager('scale');
  const s = manager.session();
  const plan = planSampleData(SCALE_PLAN);
  const ids: string[] = [];
  s.vault.write(() => {
    for (const c of plan.clients) {
      ids.push(
        s.clients.create(
          clientInputSchema.parse({ name: c.name, creditCode: c.creditCode, contactPerson: c.contactPerson, phone: c.phone, taxpayerType: c.taxpayerType, label: c.label }),
        ).id,
      );
    }
  });
  // Document records without blobs (sealed under their client's key, as imports write them): the search
  // and the list read only the view, which takes them in as the write commits.
  const now = new Date().toISOString();
  const docIds: string[] = [];
  s.vault.write(() => {
    for (const [i, d] of plan.documents.entries()) {
      const clientId = ids[d.clientIndex] ?? ids[0]!;
      docIds.push(randomBytes(16).toString('hex'));
      s.vault.records.putDocument(
        { id: docIds[i]!, clientId, blobId: randomBytes(16).toString('hex'), wrappedKey: randomBytes(60), size: 1000, keyVersion: 1, rev: 1 },
        {
          name: d.name,
          category: d.category,
          periodYear: d.periodYear,
          periodMonth: d.periodMonth,
          tags: d.tags,
          notes: i % 7 === 0 ? '季度末补充' : '',
          sha256: randomBytes(32).toString('hex'),
          mime: 'application/pdf',
          status: 'active',
          sample: true,
          createdBy: s.vault.staff.id,
          createdAt: now,
          updatedAt: now,
          trashedAt: null,
        },
      );
    }
  });
  // Each document's extracted text (about 2 KB), sealed as the content indexer seals it; the view indexes it.
  const textStarted = performance.now();
  let textBytes = 0;
  for (let from = 0; from < docIds.length; from += 5000) {
    s.vault.write(() => {
      for (let i = from; i < Math.min(from + 5000, docIds.length); i++) {
        const text = documentText(plan, i);
        textBytes += Buffer.byteLength(text);
        const clientId = ids[plan.documents[i]!.clientIndex] ?? ids[0]!;
        s.vault.records.putText(
          { id: docIds[i]!, clientId, keyVersion: 1, rev: 1 },
          { status: 'ok', damaged: false, reason: null, method: 'layer', text, truncated: false, pages: 1, extractor: EXTRACTOR_VERSION, extractedAt: now },
        );
      }
    });
  }
  results.scale_text_kib_avg = round(textBytes / docIds.length / 1024, 2);
  results.scale_text_seal_index_s = round((performance.now() - textStarted) / 1000, 1);
  await manager.close();
  // The searches are chosen here, from the plan: the child holds none of the generator's data (about 65 MiB
  // for 100,000 documents), which the app never has.
  const queries = join(work, 'scale-queries.json');
  writeFileSync(queries, JSON.stringify({ names: buildQueries(plan, 700), inside: contentQueries(plan, 300) }));
  // Measured in a fresh process that only unlocks and works, as the app's main process would, so the
  // memory figure is the vault's and not this process's (which built the data and ran the imports).
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'scale-child.ts'), join(work, 'scale'), STAFF, PASSWORD, queries], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 16 * MiB,
  });
  if (child.status !== 0) throw new Error(`scale child failed: ${child.stderr}`);
  Object.assign(results, JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, number>);
}

/** `--only=scale,extract` runs just those phases (unlock, import, scale, db, extract, ocr, alerts); all by default. */
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',') ?? null;
const runs = (phase: string) => only === null || only.includes(phase);

async function main(): Promise<void> {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const started = performance.now();
  if (runs('unlock')) await unlockBench();
  if (runs('import')) await importAndBackupBench();
  if (runs('scale')) await scaleBench();
  if (runs('db')) {
    log('encrypted vs plain: the same database workload on SQLCipher and on plain SQLite, alternating');
    const db = await encryptedVsPlain(join(work, 'db'), quick);
    record('workload_encrypted_ms', db.encrypted);
    record('workload_plain_ms', db.plain);
    record('encrypted_vs_plain', db.encrypted.map((e, i) => e / (db.plain[i] ?? Number.NaN)));
  }
  if (runs('extract')) Object.assign(results, await extractionBench(log));
  if (runs('ocr')) Object.assign(results, await ocrBench(log, quick ? 6 : 12));
  if (runs('alerts')) {
    log(`alerts: ${quick ? 500 : 2000} audited document views with the alert rules on vs off, alternating`);
    const alerts = await alertsBench(work, quick);
    record('alerts_on_ms', alerts.onMs);
    record('alerts_off_ms', alerts.offMs);
    record('alerts_vs_off', alerts.onMs.map((on, i) => on / (alerts.offMs[i] ?? Number.NaN)));
    record('alerts_added_us_per_event', alerts.onMs.map((on, i) => ((on - (alerts.offMs[i] ?? Number.NaN)) * 1000) / alerts.events));
  }
  results.total_s = round((performance.now() - started) / 1000, 1);
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? '?', memory_gib: round(totalmem() / 1024 ** 3, 1), node: process.version, quick };
  writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify({ machine, results, spreads, notes, at: new Date().toISOString() }, null, 2)}\n`);
  const targets: Record<string, string> = {
    unlock_vs_kdf: '≤ 1.2',
    import_vs_cp: '≥ 0.6',
    search_p95_ms: '≤ 20',
    content_search_p95_ms: '≤ 20',
    client_page_ms: '≤ 5',
    backup_vs_tar_age: '≤ 1.2',
    encrypted_vs_plain: '≤ 1.3',
    alerts_vs_off: '≤ 1.1',
    main_rss_mib: '≤ 300',
    ocr_char_accuracy: '≥ 0.9',
  };
  log('');
  log('| metric | median | min – max (n) | target |');
  log('|---|---|---|---|');
  for (const [k, v] of Object.entries(results)) {
    const spread = spreads[k];
    log(`| ${k} | ${v} | ${spread ? `${spread.min} – ${spread.max} (${spread.n})` : ''} | ${targets[k] ?? ''} |`);
  }
  for (const n of notes) log(`note: ${n}`);
  rmSync(work, { recursive: true, force: true });
}

void main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exitCode = 1;
});

export {};
