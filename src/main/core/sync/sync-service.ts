import { randomBytes } from 'node:crypto';
import { VaultError, isVaultError } from '../errors';
import type { SyncProblem } from '../repositories/sync-repo';
import type { OpenVault } from '../vault/open-vault';
import { issueJoinCode } from './join-code';
import { uploadKeyFile } from './key-file-parts';
import { openServerConfig, sealForMaster, wrapForMember, type ServerConfig } from './sync-credentials';
import { SyncEngine, type PullResult, type PushResult } from './sync-engine';
import { ServerRepository } from './server-repository';

/**
 * Publishing a vault to a server, inviting another PC, running a sync and
 * saying where it stands (see docs/design/multi-pc.md). A vault never
 * published does none of this and pays nothing for it.
 */

export interface SyncStatus {
  published: boolean;
  device: string | null;
  /** Local record changes not yet pushed (documents and clients written here since the last push). */
  pending: number;
  /** The last server number pulled. */
  pulled: number;
  problems: { at: string; problem: SyncProblem; serverSeq: number; what: string }[];
}

function requireMaster(vault: OpenVault): Buffer {
  const masterKey = vault.clientKeys.masterKey;
  if (!masterKey) throw new VaultError('PERMISSION_DENIED');
  return masterKey;
}

/**
 * Connects the vault to a server (owners and admins): sets up the server's tables, stores vault.key's parts there,
 * registers this PC, keeps the URL sealed in vault.db, and pushes everything.
 */
export async function publish(vault: OpenVault, url: string, now: () => Date = () => new Date()): Promise<{ device: string; push: PushResult }> {
  const masterKey = requireMaster(vault);
  if (vault.repos.sync.config()) throw new VaultError('ALREADY_EXISTS', { what: 'sync server' });
  const server = await ServerRepository.connect(url);
  try {
    await server.applySchema(vault.vaultId);
    await uploadKeyFile(server, vault.keyFile);
    const device = randomBytes(16).toString('hex');
    await server.registerDevice(device, vault.signerId, null, vault.signerId);
    const wraps = await missingMemberWraps(vault, { url });
    vault.write(() => {
      vault.repos.sync.setConfig({ device, sealed: sealForMaster(masterKey, vault.vaultId, device, { url }), publishedAt: now().toISOString() });
      for (const w of wraps) vault.repos.sync.putServerWrap(w.holder, w.wrapped, vault.signerId, w.sig);
      vault.audit.record({ action: 'sync.publish' });
    });
    const push = await new SyncEngine(vault, server, device, now).push();
    return { device, push };
  } finally {
    await server.close();
  }
}

/** The URL age-encrypted for every member on the roster who has no copy on this PC yet. */
async function missingMemberWraps(vault: OpenVault, config: ServerConfig): Promise<{ holder: string; wrapped: Buffer; sig: Buffer }[]> {
  const have = vault.repos.sync.serverWrapHolders();
  const out: { holder: string; wrapped: Buffer; sig: Buffer }[] = [];
  for (const m of vault.keyFile.body.roster.members) {
    if (have.has(m.staffId)) continue;
    out.push({ holder: m.staffId, ...(await wrapForMember(vault.vaultId, m.staffId, m.recipient, config, (data) => vault.sign(data))) });
  }
  return out;
}

/** The URL of the server this vault is published to, opened with this session's keys. */
export async function openServerUrl(vault: OpenVault): Promise<string> {
  return (await serverConfig(vault)).url;
}

async function serverConfig(vault: OpenVault): Promise<ServerConfig> {
  const row = vault.repos.sync.config();
  if (!row) throw new VaultError('NOT_FOUND', { what: 'sync server' });
  const config = await openServerConfig(
    { device: row.device, sealed: row.sealed, wrap: vault.repos.sync.serverWrap(vault.staff.id) },
    vault.keyFile,
    { masterKey: vault.clientKeys.masterKey, identity: vault.identity, staffId: vault.staff.id },
  );
  // Members added since: an owner's or admin's session gives them their copy.
  if (vault.clientKeys.hasMaster) {
    const wraps = await missingMemberWraps(vault, config);
    if (wraps.length > 0) vault.write(() => wraps.forEach((w) => vault.repos.sync.putServerWrap(w.holder, w.wrapped, vault.signerId, w.sig)));
  }
  return config;
}

/** Connects to the server this vault is published to. */
export async function connect(vault: OpenVault): Promise<{ server: ServerRepository; device: string }> {
  const { url } = await serverConfig(vault);
  const row = vault.repos.sync.config()!;
  const server = await ServerRepository.connect(url);
  try {
    await server.checkSchema(vault.vaultId);
  } catch (err) {
    await server.close();
    throw err;
  }
  return { server, device: row.device };
}

/**
 * A join code for `staffId` (owners and admins), valid `hours`; the server learns its id and expiry so that it
 * is used once. vault.key goes to the server again first, so the roster there names the member.
 */
export async function invite(vault: OpenVault, staffId: string, hours: number, now: () => Date = () => new Date()): Promise<{ code: string; expiresAt: string }> {
  const masterKey = requireMaster(vault);
  if (!vault.keyFile.body.roster.members.some((m) => m.staffId === staffId)) throw new VaultError('NOT_FOUND', { what: 'staff' });
  if (!(hours > 0 && hours <= 24 * 14)) throw new VaultError('INVALID_INPUT', { reason: 'hours' });
  const expiresAt = new Date(now().getTime() + hours * 3_600_000);
  const { server } = await connect(vault);
  try {
    await uploadKeyFile(server, vault.keyFile);
    const { code, claim } = issueJoinCode(vault.keyFile, masterKey, staffId, expiresAt);
    await server.addJoinCode(claim.codeId, staffId, expiresAt);
    vault.write(() => vault.audit.record({ action: 'sync.invite', detail: { staffId } }));
    return { code, expiresAt: claim.expiresAt };
  } finally {
    await server.close();
  }
}

/** Push, then pull. Rows refused and a server caught misbehaving are recorded in the audit log. */
export async function runSync(vault: OpenVault, now: () => Date = () => new Date()): Promise<{ push: PushResult; pull: PullResult }> {
  const { server, device } = await connect(vault);
  try {
    const result = await new SyncEngine(vault, server, device, now).run();
    if (result.pull.refused > 0) vault.write(() => vault.audit.record({ action: 'sync.refused', outcome: 'failure', detail: { count: result.pull.refused } }));
    return result;
  } catch (err) {
    if (isVaultError(err, 'SERVER_UNTRUSTED') && vault.isOpen) vault.write(() => vault.audit.record({ action: 'sync.refused', outcome: 'failure', detail: { code: err.code } }));
    throw err;
  } finally {
    await server.close();
  }
}

/** The first open of a vault a PC joined (join-vault.ts): recorded, then the first sync fills it. */
export async function firstSync(vault: OpenVault, now: () => Date = () => new Date()): Promise<{ push: PushResult; pull: PullResult }> {
  vault.write(() => vault.audit.record({ action: 'sync.join' }));
  return runSync(vault, now);
}

/** Where this PC stands, without asking the server. */
export function syncStatus(vault: OpenVault): SyncStatus {
  const sync = vault.repos.sync;
  const row = sync.config();
  return {
    published: row !== null,
    device: row?.device ?? null,
    pending: row ? sync.unpushedRecords(sync.counter('pushed_seq')).length + sync.unsentWraps().length + sync.unpushedHistory().length : 0,
    pulled: sync.counter('pulled_server_seq'),
    problems: sync.problems(),
  };
}
