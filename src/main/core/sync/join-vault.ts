import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { VaultError, fsError } from '../errors';
import { closeDatabase, type Db } from '../db/database';
import { migrate } from '../db/migrate';
import { transact } from '../db/transact';
import { normaliseStaffName, writeKeyFile } from '../keys/key-file';
import { signWith } from '../keys/signing';
import { wipe } from '../keys/keyring';
import { META_MASTER_KEY, META_ROSTER_VERSION } from '../repositories/meta-repo';
import { openDatabase } from '../vault/common-key-rotation';
import { vaultExists } from '../vault/create-vault';
import { vaultPaths } from '../vault/layout';
import { makeRepos } from '../vault/repos';
import { defaultStateDir } from '../vault/state-dir';
import { unlockKeys } from '../vault/unlock-vault';
import { readJoinCode, verifyJoinCode } from './join-code';
import { assembleKeyFile } from './key-file-parts';
import { sealForMaster, wrapForMember } from './sync-credentials';
import { ServerRepository } from './server-repository';

/**
 * Makes a vault folder on a new PC from a server and a join code: vault.key
 * from its parts on the server (checked against the code, which the master
 * signing key signed and which pins the vault), the member's own password to
 * open it, the code marked used, then an empty vault.db under the common key
 * with the member's staff row and the server's URL sealed for them (and for
 * the master key, for an owner or admin). The first
 * sync (the caller's) fills it. Nothing is written until the password opened
 * vault.key and the code was accepted.
 */
export async function joinVault(
  dir: string,
  options: { url: string; code: string; staffName: string; password: Buffer; stateDir?: string; now?: () => Date },
): Promise<{ vaultId: string; staffId: string; device: string }> {
  const now = options.now ?? (() => new Date());
  const paths = vaultPaths(dir);
  const stateDir = options.stateDir ?? defaultStateDir();
  const code = readJoinCode(options.code);
  if (await vaultExists(dir)) throw new VaultError('VAULT_EXISTS');
  const server = await ServerRepository.connect(options.url);
  let db: Db | undefined;
  const staging = `${dir}.joining-${randomBytes(4).toString('hex')}`;
  try {
    await server.checkSchema(code.claim.vaultId);
    const parts = await server.keyFile();
    if (!parts) throw new VaultError('NOT_FOUND', { what: 'vault on the server' });
    const file = assembleKeyFile(parts);
    verifyJoinCode(file, code, now());
    // The key file alone, in a folder of its own, to unlock it the way every unlock does (signatures, pinned root).
    await fsp.mkdir(staging, { recursive: true, mode: 0o700 });
    await writeKeyFile(vaultPaths(staging).keyFile, file);
    const keys = await unlockKeys(staging, { staffName: options.staffName, password: options.password }, stateDir);
    try {
      if (keys.staffId !== code.claim.member) throw new VaultError('PERMISSION_DENIED', { reason: 'join code names another member' });
      const device = randomBytes(16).toString('hex');
      if (!(await server.claimJoinCode(code.claim.codeId, device))) throw new VaultError('PERMISSION_DENIED', { reason: 'join code used or expired' });
      await server.registerDevice(device, keys.staffId, null, null);
      const member = file.body.roster.members.find((m) => m.staffId === keys.staffId)!;
      await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
      db = openDatabase(paths.database, file.body.vaultId, keys.commonKeys, file.body.roster.commonKeyVersion).db;
      migrate(db);
      const repos = makeRepos(db);
      const at = now().toISOString();
      const url = { url: options.url };
      const seed = keys.signingSeed;
      const own = await wrapForMember(file.body.vaultId, keys.staffId!, member.recipient, url, (data) => signWith(seed, data));
      transact(db, () => {
        repos.meta.set('vault_id', file.body.vaultId);
        repos.meta.set('created_at', file.body.roster.createdAt);
        repos.meta.set(META_ROSTER_VERSION, String(file.body.roster.version));
        repos.meta.set(META_MASTER_KEY, file.body.signingChain[file.body.signingChain.length - 1]!.key);
        repos.staff.insert({ id: keys.staffId!, name: options.staffName.trim(), nameKey: normaliseStaffName(options.staffName), role: member.role, status: 'active', createdAt: at });
        repos.sync.setConfig({ device, sealed: keys.masterKey ? sealForMaster(keys.masterKey, file.body.vaultId, device, url) : null, publishedAt: at });
        repos.sync.putServerWrap(keys.staffId!, own.wrapped, keys.staffId!, own.sig);
      });
      closeDatabase(db);
      db = undefined;
      // vault.key last: until it is there, the folder is no vault (a retry starts over).
      await writeKeyFile(paths.keyFile, file);
      return { vaultId: file.body.vaultId, staffId: keys.staffId!, device };
    } finally {
      wipe(...keys.commonKeys.values(), keys.masterKey, keys.signingSeed);
    }
  } catch (err) {
    throw fsError(err, dir);
  } finally {
    if (db?.open) db.close();
    await fsp.rm(staging, { recursive: true, force: true }).catch(() => undefined);
    await server.close();
  }
}
