import { hkdfSync } from 'node:crypto';
import { z } from 'zod';
import { openJson, sealJson } from '../crypto/sealed-json';
import { VaultError } from '../errors';
import { wipe } from '../keys/keyring';

/**
 * The server's URL (with its user and password) as vault.db keeps it: never
 * in the clear, sealed under a key derived from the master key (owners and
 * admins open it on any PC) and, on a PC a member joined, under a key derived
 * from that member's own identity (so an accountant's PC can sync without the
 * master key). The associated data binds it to the vault and the device.
 */
const configSchema = z.object({ url: z.string().min(1).max(4096) }).strict();
export type ServerConfig = z.infer<typeof configSchema>;

function ad(vaultId: string, device: string, holder: string): Buffer {
  return Buffer.from(`zhangdun/v3/sync-server\0${vaultId}\0${device}\0${holder}`);
}

function keyFrom(secret: Buffer | string, vaultId: string, label: string): Buffer {
  return Buffer.from(hkdfSync('sha256', typeof secret === 'string' ? Buffer.from(secret) : secret, Buffer.from(vaultId, 'hex'), label, 32));
}

export function sealForMaster(masterKey: Buffer, vaultId: string, device: string, config: ServerConfig): Buffer {
  const key = keyFrom(masterKey, vaultId, 'zhangdun/v3/sync-server-master');
  try {
    return sealJson(key, configSchema.parse(config), ad(vaultId, device, 'master'));
  } finally {
    wipe(key);
  }
}

export function sealForMember(identity: string, vaultId: string, device: string, staffId: string, config: ServerConfig): Buffer {
  const key = keyFrom(identity, vaultId, 'zhangdun/v3/sync-server-member');
  try {
    return sealJson(key, configSchema.parse(config), ad(vaultId, device, staffId));
  } finally {
    wipe(key);
  }
}

/** Opens whichever sealed copy this session's keys open; PERMISSION_DENIED when none does. */
export function openServerConfig(
  row: { device: string; sealed: Buffer | null; member: string | null; memberSealed: Buffer | null },
  vaultId: string,
  keys: { masterKey: Buffer | null; identity: string | null; staffId: string },
): ServerConfig {
  let value: unknown;
  if (keys.masterKey && row.sealed) {
    const key = keyFrom(keys.masterKey, vaultId, 'zhangdun/v3/sync-server-master');
    try {
      value = openJson(key, row.sealed, ad(vaultId, row.device, 'master'));
    } finally {
      wipe(key);
    }
  } else if (keys.identity && row.memberSealed && row.member === keys.staffId) {
    const key = keyFrom(keys.identity, vaultId, 'zhangdun/v3/sync-server-member');
    try {
      value = openJson(key, row.memberSealed, ad(vaultId, row.device, row.member));
    } finally {
      wipe(key);
    }
  } else {
    throw new VaultError('PERMISSION_DENIED');
  }
  const parsed = configSchema.safeParse(value);
  if (!parsed.success) throw new VaultError('TAMPERED', { what: 'sync settings' });
  return parsed.data;
}
