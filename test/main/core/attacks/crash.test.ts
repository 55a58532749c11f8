/**
 * Crash consistency: a child process works on the vault and is SIGKILLed at a
 * seeded random moment, again and again on one vault, until the kills have
 * cut enough operations short. How many trials that takes depends on the
 * machine's speed and load, so the loop counts what it proved rather than
 * trials (ZHANGDUN_CRASH_TRIALS raises the minimum). After each kill the
 * vault must open (taking over the dead child's vault.in-use, sweeping
 * orphans), pass the full check, and hold every operation the child
 * acknowledged — the one in flight may have happened or not.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkVault } from '../../../../src/main/core/services/check-service';
import type { OpenVault } from '../../../../src/main/core/vault/open-vault';
import { vaultPaths } from '../../../../src/main/core/vault/layout';
import { CrashChild, prepareCrashChild, sleep } from '../../../helpers/crash-harness';
import { seededRandom } from '../../../helpers/seeded-random';
import {
  clientInput,
  createTestVault,
  openWithRecovery,
  sessionOf,
  sha256File,
  useTempDirs,
  writeIdentityFile,
} from '../../../helpers/vault-fixture';

/** At least this many kills… */
const MIN_TRIALS = Number(process.env.ZHANGDUN_CRASH_TRIALS ?? 100);
/** …and on until this many operations were cut short mid-flight, this many were acknowledged, and one batch import was cut… */
const TARGET_CUT = 60;
const TARGET_ACKS = 60;
/** …but never more kills than this (a machine where nothing lands mid-operation fails the test). */
const MAX_TRIALS = Math.max(MIN_TRIALS, 1500);
const SEED = Number(process.env.ZHANGDUN_CRASH_SEED ?? 20_240_315);
/** Kill this long after the child is ready: long enough for several operations, short enough to land inside one. */
const MAX_KILL_DELAY_MS = 100;

interface DocState {
  sha256: string;
  name: string;
  status: 'active' | 'trashed';
}
type Model = Map<string, DocState>;

interface InFlight {
  op: string;
  args: string[];
}

interface Stats {
  acks: number;
  inFlight: Record<string, number>;
  inFlightApplied: number;
  orphansSwept: number;
  partsCleared: number;
  exportsHashed: number;
  killedOpening: number;
  batchesCut: number;
}

/**
 * Applies acknowledged operations; returns what was begun but not acknowledged (one operation, or
 * several files of a batch import), and the imports acknowledged.
 */
function applyAcks(model: Model, lines: readonly string[], deleted: Set<string>): { inFlight: InFlight[]; imported: Map<string, string>; acks: number } {
  let inFlight: InFlight[] = [];
  const imported = new Map<string, string>();
  let acks = 0;
  for (const line of lines) {
    const [kind, op = '', ...args] = line.split(' ');
    if (kind === 'begin') {
      inFlight.push({ op, args });
      continue;
    }
    if (kind !== 'ack') continue;
    acks++;
    const [id = '', a1 = '', a2 = ''] = args;
    // An import's ack names its content (and name); every other ack names its document.
    const settled = inFlight.findIndex((b) =>
      op === 'import' ? b.op === 'import' && b.args[0] === a1 && b.args[1] === a2 : op === 'duplicate' ? b.op === 'import' && b.args[0] === a1 : b.op === op && b.args[0] === id,
    );
    if (settled === -1) throw new Error(`ack without its begin: ${line}`);
    inFlight = inFlight.filter((_, i) => i !== settled);
    const doc = model.get(id);
    switch (op) {
      case 'import':
        model.set(id, { sha256: a1, name: a2, status: 'active' });
        imported.set(id, a1);
        break;
      case 'duplicate':
        break;
      case 'rename':
        if (doc) doc.name = a1;
        break;
      case 'trash':
        if (doc) doc.status = 'trashed';
        break;
      case 'restore':
        if (doc) doc.status = 'active';
        break;
      case 'delete':
        model.delete(id);
        imported.delete(id);
        deleted.add(id);
        break;
      default:
        throw new Error(`unknown ack: ${line}`);
    }
  }
  return { inFlight, imported, acks };
}

/** The states a document may be in when the operations in flight were cut short: before or after them. */
function allowedStates(id: string, expected: DocState | undefined, inFlightOps: readonly InFlight[]): (DocState | undefined)[] {
  const inFlight = inFlightOps.find((b) => b.op !== 'import' && b.args[0] === id);
  if (!inFlight) return [expected];
  if (!expected) return [undefined];
  switch (inFlight.op) {
    case 'rename':
      return [expected, { ...expected, name: inFlight.args[1] ?? '' }];
    case 'trash':
      return [expected, { ...expected, status: 'trashed' }];
    case 'restore':
      return [expected, { ...expected, status: 'active' }];
    case 'delete':
      return [expected, undefined];
    default:
      return [expected];
  }
}

function actualDocs(vault: OpenVault, clientId: string): Model {
  const docs = sessionOf(vault).documents;
  const out: Model = new Map();
  for (const d of [...docs.list(clientId, 'active'), ...docs.list(clientId, 'trashed')]) {
    out.set(d.id, { sha256: d.sha256, name: d.name, status: d.status });
  }
  return out;
}

interface Harness {
  vaultDir: string;
  identity: string;
  clientId: string;
  outDir: string;
  model: Model;
  deleted: Set<string>;
  stats: Stats;
}

/** Opens the vault after a kill and holds it to everything the child acknowledged. */
async function checkAfterKill(h: Harness, proc: CrashChild, where: string): Promise<void> {
  const paths = vaultPaths(h.vaultDir);
  // The dead child still "holds" the vault: opening must take its lock over.
  if (proc.lines.includes('ready')) {
    const holder = JSON.parse(readFileSync(paths.claim, 'utf8')) as { pid: number };
    expect(holder.pid, where).toBe(proc.pid);
  }
  const blobsBefore = listBlobFiles(paths.blobs);
  const tmp = join(paths.blobs, '.tmp');
  h.stats.partsCleared += existsSync(tmp) ? readdirSync(tmp).length : 0;

  const vault = await openWithRecovery(h.vaultDir, h.identity);
  try {
    const report = await checkVault(vault);
    expect(report.problems, where).toEqual([]);
    expect(readdirSync(tmp), `${where}: half-written blobs left`).toEqual([]);
    h.stats.orphansSwept += blobsBefore.filter((b) => !existsSync(join(paths.blobs, b))).length;

    const { inFlight, imported, acks } = applyAcks(h.model, proc.lines, h.deleted);
    h.stats.acks += acks;
    for (const b of inFlight) h.stats.inFlight[b.op] = (h.stats.inFlight[b.op] ?? 0) + 1;
    if (inFlight.filter((b) => b.op === 'import').length > 1) h.stats.batchesCut++;
    const actual = actualDocs(vault, h.clientId);
    expect(report.documents, where).toBe(actual.size);

    for (const [id, expected] of h.model) {
      expect(allowedStates(id, expected, inFlight), `${where}: document ${id}`).toContainEqual(actual.get(id));
      if (JSON.stringify(actual.get(id)) !== JSON.stringify(expected)) h.stats.inFlightApplied++;
    }
    for (const id of h.deleted) expect(actual.has(id), `${where}: acknowledged delete of ${id} undone`).toBe(false);
    const unacknowledged = inFlight.filter((b) => b.op === 'import');
    for (const [id, got] of actual) {
      if (h.model.has(id)) continue;
      // Only an import in flight may have left a document nobody acknowledged, and each at most once.
      const match = unacknowledged.findIndex((b) => JSON.stringify(got) === JSON.stringify({ sha256: b.args[0], name: b.args[1], status: 'active' }));
      expect(match, `${where}: unexpected document ${id} ${JSON.stringify(got)}`).toBeGreaterThanOrEqual(0);
      unacknowledged.splice(match, 1);
      h.stats.inFlightApplied++;
    }
    // Every import acknowledged in this trial, exported and hashed (absent only if the delete in flight took effect).
    for (const [id, sha] of imported) {
      if (!actual.has(id)) continue;
      const dest = join(h.outDir, id);
      await sessionOf(vault).documents.exportTo(id, dest);
      expect(sha256File(dest), `${where}: content of ${id}`).toBe(sha);
      rmSync(dest);
      h.stats.exportsHashed++;
    }
    h.model.clear();
    for (const [id, state] of actual) h.model.set(id, state);
  } finally {
    await vault.close();
  }
}

describe('SIGKILL at a random moment never loses an acknowledged operation', () => {
  const fresh = useTempDirs('zd-crash-');

  it(`survives kills until ${TARGET_CUT} operations were cut short (seed ${SEED})`, { timeout: 30 * 60_000 }, async () => {
    const root = fresh();
    const child = await prepareCrashChild(root);
    const vaultDir = join(root, 'vault');
    const inboxDir = join(root, 'inbox');
    const outDir = join(root, 'out');
    mkdirSync(inboxDir);
    mkdirSync(outDir);
    const created = await createTestVault(vaultDir);
    const clientId = sessionOf(created.vault).clients.create(clientInput({ name: '泉州晋江鞋业有限公司' })).id;
    await created.vault.close();
    const identityFile = writeIdentityFile(root, created.recoveryIdentity);
    const h: Harness = {
      vaultDir,
      identity: created.recoveryIdentity,
      clientId,
      outDir,
      model: new Map(),
      deleted: new Set(),
      stats: { acks: 0, inFlight: {}, inFlightApplied: 0, orphansSwept: 0, partsCleared: 0, exportsHashed: 0, killedOpening: 0, batchesCut: 0 },
    };
    const rng = seededRandom(SEED);
    const started = Date.now();
    let childMs = 0;

    const spawnTrial = (trial: number) => new CrashChild(child, { vaultDir, identityFile, seed: SEED + trial, inboxDir, clientId, maxDocs: 16 });
    const cut = () => Object.values(h.stats.inFlight).reduce((a, b) => a + b, 0);
    const enough = (trial: number) => trial >= MIN_TRIALS && cut() >= TARGET_CUT && h.stats.acks >= TARGET_ACKS && h.stats.batchesCut > 0;
    let next = spawnTrial(0);
    let trials = 0;
    try {
      for (let trial = 0; trial < MAX_TRIALS && !enough(trial); trial++) {
        trials = trial + 1;
        const where = `trial ${trial} (ZHANGDUN_CRASH_SEED=${SEED}, child seed ${SEED + trial})`;
        const t0 = Date.now();
        const proc = next;
        proc.go();
        // One trial in ten is cut short while opening (lock take-over, orphan sweep); the rest while working.
        if (rng.next() < 0.1) {
          await sleep(rng.int(40));
        } else {
          await proc.waitFor((lines) => lines.includes('ready'), 30_000);
          await sleep(rng.int(MAX_KILL_DELAY_MS));
        }
        const exit = await proc.kill();
        childMs += Date.now() - t0;
        // The next child loads its modules while this trial is checked; it opens the vault only on go().
        next = spawnTrial(trial + 1);
        expect(exit.signal, `${where}: child ended by itself: ${proc.errorOutput}`).toBe('SIGKILL');
        expect(proc.lines.filter((l) => l.startsWith('error')), where).toEqual([]);
        if (!proc.lines.includes('ready')) h.stats.killedOpening++;
        await checkAfterKill(h, proc, where);
        for (const name of readdirSync(inboxDir)) rmSync(join(inboxDir, name), { force: true });
      }
    } finally {
      await next.kill();
    }

    const { stats } = h;
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `crash harness (${child.how}): ${trials} trials in ${seconds.toFixed(1)} s (children ${(childMs / 1000).toFixed(1)} s); ` +
        `${stats.acks} acknowledged operations; ${stats.killedOpening} killed while opening; ` +
        `killed mid-operation: ${JSON.stringify(stats.inFlight)} (${stats.batchesCut} batch imports), of which ${stats.inFlightApplied} had taken effect; ` +
        `orphan blobs swept: ${stats.orphansSwept}; half-written blobs cleared: ${stats.partsCleared}; exports hashed: ${stats.exportsHashed}`,
    );
    // The harness must actually have cut operations short, or it proves nothing.
    expect(cut()).toBeGreaterThanOrEqual(TARGET_CUT);
    expect(stats.acks).toBeGreaterThanOrEqual(TARGET_ACKS);
    expect(stats.batchesCut).toBeGreaterThan(0);
  });
});

function listBlobFiles(blobsDir: string): string[] {
  const out: string[] = [];
  for (const shard of readdirSync(blobsDir)) {
    if (!/^[0-9a-f]{2}$/.test(shard)) continue;
    for (const name of readdirSync(join(blobsDir, shard))) out.push(join(shard, name));
  }
  return out;
}
