import type { CredentialSummary } from '../../../shared/credentials';
import { summaryOf, type CredentialRow, type CredentialViewRepo } from '../repositories/credential-view-repo';
import type { ClientViewRepo } from '../repositories/client-view-repo';
import { maskPhone } from '../services/masking';

/** What lists show of a credential (from the view: no secret value is there to leak). */
export function toCredentialSummary(row: CredentialRow, view: { clients: ClientViewRepo; credentials: CredentialViewRepo }, withReuse = true): CredentialSummary {
  const s = summaryOf(row);
  const clientName = (id: string) => view.clients.byId(id)?.name ?? id;
  return {
    id: row.id,
    clientId: row.clientId,
    clientName: clientName(row.clientId),
    kind: row.kind,
    title: row.title,
    login: row.login,
    url: s.url,
    phoneMasked: maskPhone(s.phone),
    expiresOn: row.expiresOn,
    secrets: s.secrets,
    hasTotp: s.hasTotp,
    certificate: s.certificate,
    custom: s.custom,
    notes: s.notes,
    rotationDue: s.rotationDue,
    lastRotation: s.lastRotation,
    strength: row.strength,
    reusedWith: withReuse
      ? view.credentials.sharingPassword(row.id).map((o) => ({ id: o.id, clientId: o.clientId, clientName: clientName(o.clientId), title: o.title }))
      : [],
    historyCount: s.historyCount,
    createdAt: s.createdAt,
    updatedAt: row.updatedAt,
  };
}
