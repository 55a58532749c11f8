import { holdOfColumn } from '../records/legal-hold';
import type { OpenVault } from '../vault/open-vault';

type ErasureVault = Pick<OpenVault, 'audit' | 'records' | 'repos' | 'view'>;

/**
 * The last step of 解除委托: an ended client none of whose documents is left (the 销毁清册 took the
 * last of them) is erased by crypto-erasure — its credentials, its share register and its record go,
 * then every wrap of its client key, so whatever was sealed under that key (audit details among it)
 * can be opened by no one. A client under a legal hold keeps everything. Runs inside the caller's
 * transaction (with SQLite's secure delete on); returns the ids erased, whose cached keys the caller
 * then forgets.
 */
export function eraseEndedClients(vault: ErasureVault, clientIds: Iterable<string>, list: string): string[] {
  const erased: string[] = [];
  for (const clientId of new Set(clientIds)) {
    const client = vault.view.clients.byId(clientId);
    if (!client || client.status !== 'ended' || holdOfColumn(client.legalHold) !== null) continue;
    if (vault.repos.documentRecords.byClient(clientId).length > 0) continue;
    // Recorded while the key still exists (the event is the client's, sealed under it like the rest).
    vault.audit.record({ action: 'client.erase', clientId, detail: { list } });
    for (const row of vault.repos.textRecords.byClient(clientId)) vault.repos.textRecords.delete(row.id);
    for (const row of vault.repos.credentialRecords.byClient(clientId)) vault.records.deleteCredential(row.id, clientId);
    vault.repos.shares.deleteClient(clientId);
    // The key's wraps first: they refer to the record.
    vault.repos.clientKeys.deleteClient(clientId);
    vault.records.deleteClient(clientId);
    erased.push(clientId);
  }
  return erased;
}
