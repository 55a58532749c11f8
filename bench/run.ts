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
import { usePayloadCipher } from '../src/main/core/backup/format/chacha';
import { createBackup } from '../src/main/core/backup/create-backup';
import { planSampleData } from '../src/main/core/demo/generator';
import { readKeyFile } from '../src/main/core/keys/key-file';
import { VaultManager } from '../src/main/core/vault/vault-manager';
import { clientInputSchema, clientListSchema } from '../src/shared/contract';
import { bareKdfMs, cpSync, hasAge, importCryptoMs, nodeCopy, sealOnly, tarAge, warmFiles, warmTree, writeFileSet } from './baselines';
import { encryptedVsPlain } from './db-workload';
import { measureAgePayload } from './age-payload';
import { SCALE_PLAN } from './queries';
import { median, medianTimed, round, timed, type Timed } from './stats';

const quick = process.argv.includes('--quick');
const root = resolve(__dirname, '..');
const work = join(root, 'bench', '.work');
const MiB = 1024 * 1024;
const STAFF = '基准测试';
const PASSWORD = 'benchmark password 1';
const results: Record<string, number> = {};
const notes: string[] = [];

/**
 * What a ratio against a baseline would be if the work's CPU time were spread over every core with none
 * idle: above it a run is not CPU-bound; at it, only less CPU work per byte can go faster.
 */
function atFullCpu(work: Timed, baselineMs: number, higherIsBetter: boolean): number {
  const floorMs = work.cpuMs / availableParallelism();
  return round(higherIsBetter ? baselineMs / floorMs : floorMs / baselineMs);
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
  log('unlock: default Argon2id (m=64 MiB, t=3, p=4) vs the bare KDF');
  const kdf = await bareKdfMs(5);
  const manager = await freshManager('unlock');
  const s = manager.session();
  for (let i = 0; i < 60; i++) s.clients.create(clientInputSchema.parse({ name: `基准客户${i}有限公司` }));
  await manager.lock();
  const firstPage = clientListSchema.parse({ limit: 50 });
  const samples: number[] = [];
  for (let i = 0; i < 6; i++) {
    const t = performance.now();
    await manager.unlock(STAFF, Buffer.from(PASSWORD));
    manager.session().clients.list(firstPage);
    const ms = performance.now() - t;
    if (i > 0) samples.push(ms);
    await manager.lock();
  }
  results.unlock_ms = round(median(samples));
  results.kdf_ms = round(kdf);
  results.unlock_vs_kdf = round(results.unlock_ms / kdf);
}

async function importAndBackupBench(): Promise<void> {
  const target = quick ? 256 * MiB : 1024 * MiB;
  log(`import: ${target / MiB} MiB of mixed documents vs cp -r + sync`);
  const set = writeFileSet(join(work, 'files'), target);
  const cp = medianTimed([cpSync(set.dir, join(work, 'cp-1')), cpSync(set.dir, join(work, 'cp-2'))]);
  const manager = await freshManager('import');
  const s = manager.session();
  const client = s.clients.create(clientInputSchema.parse({ name: '导入基准有限公司' }));
  spawnSync('sync');
  let outcomes: Awaited<ReturnType<typeof s.documents.importFiles>> = [];
  warmFiles(set.files);
  const imported = await timed(async () => {
    outcomes = await s.documents.importFiles(client.id, set.files, { allowDuplicate: true });
    spawnSync('sync');
  });
  const importMs = imported.ms;
  const failed = outcomes.filter((o) => o.status === 'failed').length;
  if (failed) notes.push(`${failed} files failed to import`);
  results.import_files = set.files.length;
  results.import_mib = round(set.bytes / MiB);
  results.import_mib_s = round(set.bytes / MiB / (importMs / 1000));
  results.cp_sync_mib_s = round(set.bytes / MiB / (cp.ms / 1000));
  results.import_vs_cp = round(results.import_mib_s / results.cp_sync_mib_s);
  results.import_cpu_s = round(imported.cpuMs / 1000);
  results.cp_sync_cpu_s = round(cp.cpuMs / 1000);
  results.import_vs_cp_at_full_cpu = atFullCpu(imported, cp.ms, true);
  // Moving the same bytes through a Node process without any crypto: the floor below the crypto.
  const copied = medianTimed([await nodeCopy(set.files, join(work, 'node-copy-1')), await nodeCopy(set.files, join(work, 'node-copy-2'))]);
  results.node_copy_mib_s = round(set.bytes / MiB / (copied.ms / 1000));
  results.node_copy_vs_cp = round(results.node_copy_mib_s / results.cp_sync_mib_s);
  results.node_copy_cpu_s = round(copied.cpuMs / 1000);
  // The import's encryption pipeline alone (workers hashing, sealing, writing; one sync at the end).
  const sealed = medianTimed([await sealOnly(set.files, join(work, 'seal-1')), await sealOnly(set.files, join(work, 'seal-2'))]);
  results.seal_only_mib_s = round(set.bytes / MiB / (sealed.ms / 1000));
  results.seal_only_vs_cp = round(results.seal_only_mib_s / results.cp_sync_mib_s);
  results.seal_only_cpu_s = round(sealed.cpuMs / 1000);
  // The floor on one core: hashing and sealing the same bytes from memory, nothing else.
  results.import_crypto_mib_s = round(set.bytes / MiB / ((await importCryptoMs(set.files)) / 1000));
  results.import_vs_crypto = round(results.import_mib_s / results.import_crypto_mib_s);
  results.import_crypto_cpu_s = round(set.bytes / MiB / results.import_crypto_mib_s);

  log('backup: create + verify vs tar | age of the same vault folder');
  const vaultDir = join(work, 'import');
  const vaultBytes = dirBytes(vaultDir);
  const out = join(work, 'bench.zdbk');
  // The command line runs on Node (native ChaCha20-Poly1305); the app on Electron, whose BoringSSL has
  // none, uses the WebAssembly one.
  const backupRun = async (cipher: 'native' | 'wasm'): Promise<Timed> => {
    rmSync(out, { force: true });
    usePayloadCipher(cipher);
    warmTree(vaultDir);
    try {
      return await timed(() => createBackup({ vault: s.vault }, { out, appVersion: 'bench' }));
    } finally {
      usePayloadCipher(null);
      rmSync(out, { force: true });
    }
  };
  const native = medianTimed([await backupRun('native'), await backupRun('native')]);
  const wasm = await backupRun('wasm');
  const nativeMs = native.ms;
  const wasmMs = wasm.ms;
  results.backup_cpu_s = round(native.cpuMs / 1000);
  results.backup_wasm_cpu_s = round(wasm.cpuMs / 1000);
  results.backup_create_verify_ms = round(nativeMs);
  results.backup_mib_s = round(vaultBytes / MiB / (nativeMs / 1000));
  results.backup_wasm_mib_s = round(vaultBytes / MiB / (wasmMs / 1000));
  if (hasAge()) {
    const recipient = (await readKeyFile(s.vault.paths.keyFile)).body.recovery.recipient;
    const reference = medianTimed([tarAge(vaultDir, recipient, join(work, 'tar-age-1')), tarAge(vaultDir, recipient, join(work, 'tar-age-2'))]);
    results.tar_age_mib_s = round(vaultBytes / MiB / (reference.ms / 1000));
    results.tar_age_cpu_s = round(reference.cpuMs / 1000);
    results.backup_vs_tar_age = round(nativeMs / reference.ms);
    results.backup_wasm_vs_tar_age = round(wasmMs / reference.ms);
    results.backup_vs_tar_age_at_full_cpu = atFullCpu(native, reference.ms, false);
    results.backup_wasm_vs_tar_age_at_full_cpu = atFullCpu(wasm, reference.ms, false);
  } else {
    notes.push("Debian's age is not installed: backup_vs_tar_age not measured (apt-get install -y age)");
    results.backup_vs_tar_age = Number.NaN;
  }
  const payload = await measureAgePayload((quick ? 128 : 512) * MiB);
  for (const [name, rate] of Object.entries(payload)) {
    if (!rate) continue;
    results[`age_${name}_encrypt_mib_s`] = rate.encrypt_mib_s;
    results[`age_${name}_decrypt_mib_s`] = rate.decrypt_mib_s;
  }
  await manager.close();
}

async function scaleBench(): Promise<void> {
  log(`scale: ${SCALE_PLAN.clients} clients, ${SCALE_PLAN.documents} documents: client page, 1000 searches, memory`);
  const manager = await freshManager('scale');
  const s = manager.session();
  const plan = planSampleData(SCALE_PLAN);
  const ids: string[] = [];
  s.vault.db.transaction(() => {
    for (const c of plan.clients) {
      ids.push(
        s.clients.create(
          clientInputSchema.parse({ name: c.name, creditCode: c.creditCode, contactPerson: c.contactPerson, phone: c.phone, taxpayerType: c.taxpayerType, label: c.label }),
        ).id,
      );
    }
  })();
  // Document rows without blobs: the search and the list read only the database.
  const now = new Date().toISOString();
  s.vault.db.transaction(() => {
    for (const [i, d] of plan.documents.entries()) {
      s.vault.repos.documents.insert({
        id: randomBytes(16).toString('hex'),
        clientId: ids[d.clientIndex] ?? ids[0]!,
        blobId: randomBytes(16).toString('hex'),
        wrappedKey: randomBytes(60),
        keyVersion: 1,
        name: d.name,
        category: d.category,
        periodYear: d.periodYear,
        periodMonth: d.periodMonth,
        tags: JSON.stringify(d.tags),
        notes: i % 7 === 0 ? '季度末补充' : '',
        size: 1000,
        sha256: randomBytes(32).toString('hex'),
        mime: 'application/pdf',
        status: 'active',
        sample: 1,
        createdBy: s.vault.staff.id,
        createdAt: now,
        updatedAt: now,
        trashedAt: null,
      });
    }
  })();
  await manager.close();
  // Measured in a fresh process that only unlocks and works, as the app's main process would, so the
  // memory figure is the vault's and not this process's (which built the data and ran the imports).
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'scale-child.ts'), join(work, 'scale'), STAFF, PASSWORD], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 16 * MiB,
  });
  if (child.status !== 0) throw new Error(`scale child failed: ${child.stderr}`);
  Object.assign(results, JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, number>);
}

async function main(): Promise<void> {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const started = performance.now();
  await unlockBench();
  await importAndBackupBench();
  await scaleBench();
  log('encrypted vs plain: the same database workload on SQLCipher and on plain SQLite');
  Object.assign(results, await encryptedVsPlain(join(work, 'db'), quick));
  results.total_s = round((performance.now() - started) / 1000, 1);
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? '?', memory_gib: round(totalmem() / 1024 ** 3, 1), node: process.version, quick };
  writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify({ machine, results, notes, at: new Date().toISOString() }, null, 2)}\n`);
  const targets: Record<string, string> = {
    unlock_vs_kdf: '≤ 1.2',
    import_vs_cp: '≥ 0.6',
    search_p95_ms: '≤ 20',
    client_page_ms: '≤ 5',
    backup_vs_tar_age: '≤ 1.5',
    encrypted_vs_plain: '≤ 1.3',
    backup_wasm_vs_tar_age: '≤ 1.5',
    main_rss_mib: '≤ 300',
  };
  log('');
  log(`| metric | value | target |`);
  log(`|---|---|---|`);
  for (const [k, v] of Object.entries(results)) log(`| ${k} | ${v} | ${targets[k] ?? ''} |`);
  for (const n of notes) log(`note: ${n}`);
  rmSync(work, { recursive: true, force: true });
}

void main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exitCode = 1;
});

export {};
