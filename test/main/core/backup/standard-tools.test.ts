import { execFileSync, spawnSync } from 'node:child_process';
import { hkdfSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, promises as fsp, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptTo } from '../../../../src/main/core/backup/format/age-file';
import { createBackup } from '../../../../src/main/core/backup/create-backup';
import type { Manifest } from '../../../../src/main/core/backup/format/manifest';
import { checkVault } from '../../../../src/main/core/services/check-service';
import { APP_VERSION, exportAll, makeVault, openWithRecovery, type TestVault } from './fixtures';

/**
 * The promise of the format: in 10–30 years, Debian's `age` and `tar` and
 * any SQLCipher build open a backup without Zhangdun. CI installs `age`.
 */
let root: string;
let vault: TestVault;
let backup: string;
let manifest: Manifest;
let identityFile: string;

function sh(script: string, env: Record<string, string> = {}): Buffer {
  return execFileSync('sh', ['-c', script], { env: { PATH: process.env.PATH ?? '', ...env }, maxBuffer: 64 * 1024 * 1024 });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zd-backup-tools-'));
  vault = await makeVault(root, [123_456, 65_536, 2_000_000, 0]);
  backup = join(root, 'backup.zdbk');
  manifest = (await createBackup({ vaultDir: vault.dir }, { out: backup, appVersion: APP_VERSION })).manifest;
  identityFile = join(root, 'recovery.txt');
  writeFileSync(identityFile, `# recovery key printed at vault creation\n${vault.identity}\n`, { mode: 0o600 });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a backup opens with standard tools', () => {
  it('age -d -i recovery.txt | tar -t lists the manifest first, then every entry', () => {
    const listing = sh('age -d -i "$ID" "$FILE" | tar -t', { ID: identityFile, FILE: backup }).toString('utf8').trim().split('\n');
    expect(listing).toEqual(['manifest.json', ...manifest.entries.map((e) => e.name)]);
    const fromTar = JSON.parse(sh('age -d -i "$ID" "$FILE" | tar -xOf - manifest.json', { ID: identityFile, FILE: backup }).toString('utf8')) as Manifest;
    expect(fromTar).toEqual(manifest);
  });

  it('restores by hand: age | tar -x gives a folder that opens as the vault and checks clean', async () => {
    const dir = join(root, 'by-hand');
    mkdirSync(dir);
    sh('age -d -i "$ID" "$FILE" | tar -x -C "$DIR"', { ID: identityFile, FILE: backup, DIR: dir });
    const hashes = sh('cd "$DIR" && sha256sum manifest.json vault.key vault.db && find blobs -type f -exec sha256sum {} +', { DIR: dir }).toString('utf8');
    for (const entry of manifest.entries) expect(hashes).toContain(`${entry.sha256}  ${entry.name}`);
    rmSync(join(dir, 'manifest.json'));
    const opened = await openWithRecovery(dir, vault.identity);
    try {
      expect((await checkVault(opened)).ok).toBe(true);
      expect(await exportAll(opened, join(root, 'export'))).toEqual(vault.documents);
    } finally {
      await opened.close();
    }
  });

  it('opens vault.db with only the documented SQLCipher settings and the documented key derivation', () => {
    const dir = join(root, 'db-by-hand');
    mkdirSync(dir);
    sh('age -d -i "$ID" "$FILE" | tar -x -C "$DIR" vault.key vault.db', { ID: identityFile, FILE: backup, DIR: dir });
    const keyFile = JSON.parse(readFileSync(join(dir, 'vault.key'), 'utf8')) as {
      body: { vaultId: string; roster: { commonKeyVersion: number }; recovery: { wraps: { common: Record<string, string> } } };
    };
    // The common key: its recovery wrap in vault.key is itself an age file for the recovery identity.
    writeFileSync(join(dir, 'wrapped.age'), Buffer.from(keyFile.body.recovery.wraps.common[String(keyFile.body.roster.commonKeyVersion)]!, 'base64'));
    const vaultKey = sh('age -d -i "$ID" "$W"', { ID: identityFile, W: join(dir, 'wrapped.age') });
    expect(vaultKey.length).toBe(32);
    const dbKey = Buffer.from(hkdfSync('sha256', vaultKey, Buffer.from(keyFile.body.vaultId, 'hex'), 'zhangdun/v1/database', 32));
    const db = new Database(join(dir, 'vault.db'), { readonly: true });
    try {
      db.pragma(`cipher = 'sqlcipher'`);
      db.pragma('legacy = 4');
      db.pragma(`key = "x'${dbKey.toString('hex')}'"`);
      expect(db.prepare('SELECT count(*) AS n FROM document_records').get()).toEqual({ n: vault.documents.size });
      expect(db.prepare(`SELECT value FROM meta WHERE key = 'vault_id'`).get()).toEqual({ value: keyFile.body.vaultId });
    } finally {
      db.close();
    }
  });

  it('Go age accepts what the age-encryption package writes at the chunk edges (full final chunk, empty file)', async () => {
    const identity = identityFile;
    for (const size of [0, 1, 65_535, 65_536, 131_072, 131_073]) {
      const path = join(root, `edge-${size}.age`);
      const handle = await fsp.open(path, 'w');
      const plain = Buffer.alloc(size, 0x5a);
      try {
        await encryptTo((async function* () { if (size) yield plain; })(), handle, { recipients: [vault.recipient] });
      } finally {
        await handle.close();
      }
      const res = spawnSync('age', ['-d', '-i', identity, path]);
      expect(res.status, res.stderr.toString()).toBe(0);
      expect(res.stdout.equals(plain)).toBe(true);
    }
  });

  it('Go age refuses a damaged backup too', () => {
    const bytes = readFileSync(backup);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = (bytes[middle] ?? 0) ^ 0x40;
    const damaged = join(root, 'damaged.zdbk');
    writeFileSync(damaged, bytes);
    expect(spawnSync('sh', ['-c', 'age -d -i "$ID" "$F" > /dev/null'], { env: { PATH: process.env.PATH ?? '', ID: identityFile, F: damaged } }).status).not.toBe(0);
  });
});
