import { hkdfSync } from 'node:crypto';
import { openJson, sealJson } from '../crypto/sealed-json';
import { wipe } from '../keys/keyring';
import type { IncidentRepo, IncidentRow } from '../repositories/incident-repo';

/**
 * An incident names clients and staff, and only owners and admins may read
 * it: its body is sealed with AES-256-GCM under a key derived from the master
 * key (HKDF, a label of its own), with the id and revision as associated
 * data, so a body cannot be moved to another incident or revision.
 */
function incidentKey(masterKey: Buffer, vaultId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.from(vaultId, 'hex'), 'zhangdun/v3/incident', 32));
}

function ad(id: string, rev: number): Buffer {
  return Buffer.from(`zhangdun/v3/incident\0${id}\0${rev}`);
}

export function sealIncident(masterKey: Buffer, vaultId: string, id: string, rev: number, value: unknown): Buffer {
  const key = incidentKey(masterKey, vaultId);
  try {
    return sealJson(key, value, ad(id, rev));
  } finally {
    wipe(key);
  }
}

/** The body's JSON, or undefined when it does not open under this key, id and revision. */
export function openIncident(masterKey: Buffer, vaultId: string, row: Pick<IncidentRow, 'id' | 'rev' | 'body'>): unknown {
  const key = incidentKey(masterKey, vaultId);
  try {
    return openJson(key, row.body, ad(row.id, row.rev));
  } finally {
    wipe(key);
  }
}

/**
 * First half of replacing the master key (AccessService.replaceMasterAndRotateAll):
 * every incident resealed under the new key as a 'master-next' copy, promoted
 * with the client keys' wraps. One that does not open is left as it is.
 */
export function resealIncidentsForNextMaster(repo: IncidentRepo, vaultId: string, masterKey: Buffer, nextMasterKey: Buffer): void {
  repo.deleteAllHolder('master-next');
  for (const row of repo.all('master')) {
    const value = openIncident(masterKey, vaultId, row);
    if (value === undefined) continue;
    repo.put({ ...row, holder: 'master-next', body: sealIncident(nextMasterKey, vaultId, row.id, row.rev, value) });
  }
}
