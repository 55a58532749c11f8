/**
 * Offboarding under SIGKILL: a child process offboards an accountant (the
 * roster update, revocations with key rotation, the handover, the common key
 * replaced by a rekey of vault.db) and is killed at a random moment. Every
 * time, the next owner unlock either finds nothing begun, or finishes the
 * offboarding: the accountant is off the roster, holds no grant, and the key
 * they had opens no later state of vault.db; nothing of the firm's is lost.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEncryptedDatabase } from '../../../../src/main/core/db/database';
import { DEFAULT_KDF } from '../../../../src/main/core/keys/kdf';
import { parseKeyFile, unlockWithPassword } from '../../../../src/main/core/keys/key-file';
import { deriveSubkey } from '../../../../src/main/core/keys/subkeys';
import { checkVault } from '../../../../src/main/core/services/check-service';
import { VaultManager } from '../../../../src/main/core/vault/vault-manager';
import { clientInputSchema } from '../../../../src/shared/contract';
import { CrashChild, prepareCrashChild, sleep, type ChildCommand } from '../../../helpers/crash-harness';
import { seededRandom } from '../../../helpers/seeded-random';
import { REPO_ROOT } from '../../../helpers/vault-fixture';

const TRIALS = 6;
const pw = (s: string) => Buffer.from(s, 'utf8');
const OWNER = { name: '王所长', password: 'owner password 1' };
const LEAVER = { name: '李会计', password: 'accountant pw 1' };
const COLLEAGUE = { name: '孙会计', password: 'accountant pw 2' };

let root: string;
let template: string;
let child: ChildCommand;
const texts = new Map<string, string>();

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zd-offboard-crash-'));
  template = join(root, 'template');
  const m = new VaultManager({ vaultDir: template, stateDir: join(root, 'template-state') });
  await m.create(OWNER.name, pw(OWNER.password));
  const s = m.session();
  const li = await s.staff.add(LEAVER.name, 'accountant', pw(LEAVER.password));
  await s.staff.add(COLLEAGUE.name, 'accountant', pw(COLLEAGUE.password));
  for (let i = 0; i < 6; i++) {
    const c = s.clients.create(clientInputSchema.parse({ name: `客户${i}有限公司`, phone: `1380000000${i}` }));
    const f = join(root, `doc-${i}.txt`);
    const text = `客户${i}的对账单`.repeat(200);
    writeFileSync(f, text);
    const [o] = await s.documents.importFiles(c.id, [f]);
    if (o?.status === 'imported') texts.set(o.documentId, text);
    // Most are granted to the leaver, half assigned to them too.
    if (i < 5) await s.access.grant(c.id, li.id, { assign: i % 2 === 0 });
  }
  await m.close();
  child = await prepareCrashChild(join(root, 'bundle'), join(REPO_ROOT, 'test', 'helpers', 'offboard-child.ts'));
}, 300_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** What the leaver took with them: their common key, as of before the offboarding. */
async function leaversCommonKey(vaultDir: string): Promise<{ vaultId: string; key: Buffer }> {
  const file = parseKeyFile(readFileSync(join(vaultDir, 'vault.key'), 'utf8'));
  const k = await unlockWithPassword(file, LEAVER.name, pw(LEAVER.password), DEFAULT_KDF);
  return { vaultId: file.body.vaultId, key: k.commonKeys.get(file.body.roster.commonKeyVersion)! };
}

async function trial(n: number, killAfterMs: number | null): Promise<{ ms: number; finished: boolean; begun: boolean }> {
  const dir = join(root, `trial-${n}`);
  cpSync(template, join(dir, 'vault'), { recursive: true });
  mkdirSync(join(dir, 'state'));
  const vaultDir = join(dir, 'vault');
  const stateDir = join(dir, 'state');
  const taken = await leaversCommonKey(vaultDir);
  const c = new CrashChild(child, { vaultDir, stateDir, owner: OWNER.name, password: OWNER.password, leaver: LEAVER.name, colleague: COLLEAGUE.name });
  let ms: number | undefined;
  try {
    await c.waitFor((lines) => lines.includes('ready'), 120_000);
    const started = Date.now();
    c.go();
    if (killAfterMs === null) await c.waitFor((lines) => lines.includes('done'), 300_000);
    else await sleep(killAfterMs);
    ms = Date.now() - started;
  } finally {
    await c.kill();
  }
  const begun = c.lines.includes('begin');
  const finishedByChild = c.lines.includes('done');

  // The next owner unlock finishes whatever was owed.
  const m = new VaultManager({ vaultDir, stateDir });
  await m.unlock(OWNER.name, pw(OWNER.password));
  const s = m.session();
  const roster = s.vault.keyFile.body.roster;
  const leaver = s.staff.byName(LEAVER.name);
  const offboarded = !roster.members.some((member) => member.staffId === leaver.id);
  if (offboarded) {
    expect(s.vault.repos.meta.get('offboard_pending')).toBeNull();
    expect(s.vault.repos.meta.get('common_rotation_pending')).toBeNull();
    expect(s.vault.repos.clientKeys.clientsGrantedTo(leaver.id)).toEqual([]);
    expect(roster.commonKeyVersion).toBeGreaterThan(1);
    // The common key they kept opens no later state of vault.db.
    await m.lock();
    const dbKey = deriveSubkey(taken.key, Buffer.from(taken.vaultId, 'hex'), 'database');
    expect(() => openEncryptedDatabase(join(vaultDir, 'vault.db'), dbKey, { readonly: true }).prepare('SELECT 1 FROM meta').get()).toThrow();
    await expect(m.unlock(LEAVER.name, pw(LEAVER.password))).rejects.toBeDefined();
    // Their colleague reads the clients handed over.
    await m.unlock(COLLEAGUE.name, pw(COLLEAGUE.password));
    expect(m.session().clients.list({ query: '', label: null, status: 'active', sort: 'name', offset: 0, limit: 100 }).total).toBeGreaterThan(0);
    await m.unlock(OWNER.name, pw(OWNER.password));
  } else {
    // Nothing begun that would show: the leaver is still a member with the keys they had.
    expect(finishedByChild).toBe(false);
  }
  const owner = m.session();
  expect((await checkVault(owner.vault)).problems).toEqual([]);
  expect(owner.audit.verify().ok).toBe(true);
  for (const [id, text] of texts) expect(new TextDecoder().decode((await owner.documents.preview(id)).data)).toBe(text);
  await m.close();
  rmSync(dir, { recursive: true, force: true });
  return { ms: ms ?? 0, finished: offboarded, begun };
}

describe('offboarding survives SIGKILL at any moment', () => {
  it(`in ${TRIALS} kills, the next owner unlock finishes it (or finds nothing begun), and nothing is lost`, async () => {
    const full = await trial(0, null);
    expect(full.finished).toBe(true);
    const rng = seededRandom(20261203);
    let finished = 0;
    for (let n = 1; n <= TRIALS; n++) {
      const result = await trial(n, Math.floor(rng.next() * full.ms * 1.1));
      if (result.finished) finished++;
    }
    // Where the kills landed depends on this machine's speed: reported, not asserted.
    console.info(`offboarding crash trials: an offboarding took ${full.ms} ms; after ${TRIALS} kills it was complete in ${finished} (by the child or the next unlock), not begun in ${TRIALS - finished}`);
  }, 900_000);
});
