/**
 * Nothing readable at rest: after a working session, and after a session
 * killed mid-operation, no byte of any file in the vault directory (nor any
 * file name) contains the SQLite header, the session's marker (UTF-8 or
 * UTF-16LE), a client's name or details, the staff name or the documents'
 * Chinese text; and no new file in os.tmpdir() contains them.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeDatabase, openPlainDatabase } from '../../../../src/main/core/db/database';
import { checkVault } from '../../../../src/main/core/services/check-service';
import { SQLITE_MAGIC, listFiles, newOrChanged, scanFiles, scanTree, snapshotTree, type Hit, type Needle } from '../../../helpers/byte-scan';
import { CrashChild, prepareCrashChild, sleep } from '../../../helpers/crash-harness';
import {
  createTestVault,
  openWithRecovery,
  realisticSession,
  sessionClients,
  sessionOwnSecrets,
  sessionSecrets,
  sha256File,
  useTempDirs,
  writeIdentityFile,
} from '../../../helpers/vault-fixture';

function newMarker(): string {
  return `ZD-PLAINTEXT-MARKER-${randomBytes(8).toString('hex')}`;
}

function describeHits(hits: Hit[], root: string): string[] {
  return hits.map((h) => `${relative(root, h.file)} @${h.offset}: ${h.label}`);
}

/**
 * What os.tmpdir() gained or changed while `run` ran (our own fixture root excluded), scanned for the
 * needles: only this session's own secrets, as suites running at the same time write their own
 * plaintext (the shared staff name, the shared document text) to the same folder.
 */
async function tmpdirLeaks<T>(ownRoot: string, needles: readonly Needle[], run: () => Promise<T>): Promise<{ result: T; leaks: Hit[] }> {
  const before = snapshotTree(tmpdir(), [ownRoot]);
  const result = await run();
  const changed = newOrChanged(before, snapshotTree(tmpdir(), [ownRoot]));
  return { result, leaks: await scanFiles(tmpdir(), changed, needles) };
}

describe('plaintext at rest', () => {
  const fresh = useTempDirs('zd-rest-');

  it('the scanner finds what it looks for (positive control)', async () => {
    const root = fresh();
    const marker = newMarker();
    const db = openPlainDatabase(join(root, 'plain.db'));
    db.exec('CREATE TABLE t (v TEXT)');
    db.prepare('INSERT INTO t VALUES (?)').run(sessionClients(marker)[0]!.name);
    closeDatabase(db);
    writeFileSync(join(root, `${marker}.bin`), Buffer.concat([randomBytes(70_000), Buffer.from(marker, 'utf16le'), randomBytes(10)]));
    const labels = (await scanTree(root, [SQLITE_MAGIC, ...sessionSecrets(marker)])).map((h) => `${h.offset === -1 ? 'path' : 'data'} ${h.label}`);
    expect(labels).toEqual(expect.arrayContaining(['data SQLite header', 'data client name (utf8)', 'data marker (utf16le)', 'path marker (utf8)']));
    // A file left in the temp folder with one of the session's own secrets is found; the shared ones are not looked for there.
    const stray = join(tmpdir(), `zd-stray-${randomBytes(4).toString('hex')}.txt`);
    try {
      const { leaks } = await tmpdirLeaks(root, sessionOwnSecrets(marker), async () => {
        writeFileSync(stray, `联系电话 ${sessionClients(marker)[1]!.phone}`);
      });
      expect(describeHits(leaks, tmpdir())).toEqual([`${relative(tmpdir(), stray)} @13: phone (utf8)`]);
    } finally {
      rmSync(stray, { force: true });
    }
  });

  it('after a full session and lock, the vault directory holds only ciphertext', async () => {
    const root = fresh();
    const marker = newMarker();
    const secrets = sessionSecrets(marker);
    const { result: session, leaks } = await tmpdirLeaks(root, sessionOwnSecrets(marker), () => realisticSession(root, marker));

    // The session really ran: the exports outside the vault are the plaintext, marker included.
    for (const e of session.exported) expect(sha256File(e.path)).toBe(e.sha256);
    expect((await scanTree(session.exportDir, secrets)).length).toBeGreaterThan(0);

    const vaultFiles = listFiles(session.vaultDir);
    expect(vaultFiles.map((f) => relative(session.vaultDir, f))).toEqual(expect.arrayContaining(['vault.db', 'vault.key']));
    // Three documents remain (one was deleted permanently), each one blob.
    expect(vaultFiles.filter((f) => /^blobs\/[0-9a-f]{2}\//.test(relative(session.vaultDir, f))).length).toBe(3);
    const hits = await scanFiles(session.vaultDir, vaultFiles, [SQLITE_MAGIC, ...secrets]);
    expect(describeHits(hits, session.vaultDir)).toEqual([]);
    // Nothing decrypted was left beside the vault or the exports (no .zdpart, no preview files).
    expect(readdirSync(root).sort()).toEqual(['export', 'inbox', 'share.tar.age', 'vault']);
    // The share package handed to an outsider is age ciphertext: recipient, purpose and contents unreadable.
    expect(describeHits(await scanFiles(root, [join(root, 'share.tar.age')], secrets), root)).toEqual([]);
    expect(readdirSync(session.exportDir).sort()).toEqual(session.exported.map((e) => relative(session.exportDir, e.path)).sort());
    expect(describeHits(leaks, tmpdir())).toEqual([]);
  });

  it('after SIGKILL mid-session (write-ahead log not checkpointed), the vault directory holds only ciphertext', async () => {
    const root = fresh();
    const marker = newMarker();
    const secrets = sessionSecrets(marker);
    const child = await prepareCrashChild(root);
    const vaultDir = join(root, 'vault');
    const inboxDir = join(root, 'inbox');
    mkdirSync(inboxDir);
    const created = await createTestVault(vaultDir);
    await created.vault.close();
    const identityFile = writeIdentityFile(root, created.recoveryIdentity);

    const { leaks } = await tmpdirLeaks(root, sessionOwnSecrets(marker), async () => {
      const proc = new CrashChild(child, { vaultDir, identityFile, seed: 99, inboxDir, clientName: sessionClients(marker)[0]!.name, maxDocs: 50, marker });
      proc.go();
      await proc.waitFor((lines) => lines.filter((l) => l.startsWith('ack import')).length >= 6, 60_000);
      await sleep(Math.floor(Math.random() * 15));
      await proc.kill();
    });

    // Killed, not closed: the write-ahead log is still there and must be ciphertext too.
    const vaultFiles = listFiles(vaultDir);
    const names = vaultFiles.map((f) => relative(vaultDir, f));
    expect(names).toEqual(expect.arrayContaining(['vault.db', 'vault.db-wal', 'vault.key', 'vault.in-use']));
    expect(statSync(join(vaultDir, 'vault.db-wal')).size).toBeGreaterThan(0);
    const hits = await scanFiles(vaultDir, vaultFiles, [SQLITE_MAGIC, ...secrets]);
    expect(describeHits(hits, vaultDir)).toEqual([]);
    expect(describeHits(leaks, tmpdir())).toEqual([]);

    // And the killed session's work is all there.
    const vault = await openWithRecovery(vaultDir, created.recoveryIdentity);
    try {
      expect((await checkVault(vault)).problems).toEqual([]);
    } finally {
      await vault.close();
    }
  });
});
