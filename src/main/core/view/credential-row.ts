import { passwordStrength } from '../../../shared/password-strength';
import type { CredentialData } from '../records/credential-record';
import type { CredentialRowInput, CredentialViewSummary } from '../repositories/credential-view-repo';
import { CREDENTIAL_SECRETS } from '../../../shared/credentials';

/** A credential as its view row holds it: no secret value; the password only as a strength (and a tag the repository makes). */
export function credentialRowOf(c: CredentialData, context: string[] = []): CredentialRowInput {
  const password = c.secrets.password ?? null;
  const summary: CredentialViewSummary = {
    url: c.url,
    phone: c.phone,
    secrets: CREDENTIAL_SECRETS.filter((s) => typeof c.secrets[s] === 'string' && c.secrets[s] !== ''),
    hasTotp: c.totp !== null,
    certificate: c.certificate && c.hasFile ? { name: c.certificate.name, size: c.certificate.size } : null,
    custom: c.custom.map((f) => (f.secret ? { ...f, value: '' } : f)),
    notes: c.notes,
    rotationDue: c.rotationDue,
    lastRotation: c.lastRotation,
    historyCount: c.history.length,
    createdAt: c.createdAt,
  };
  return {
    id: c.id,
    clientId: c.clientId,
    keyVersion: c.keyVersion,
    rev: c.rev,
    kind: c.kind,
    title: c.title,
    login: c.login,
    expiresOn: c.expiresOn,
    rotationDue: c.rotationDue.length,
    strength: password ? passwordStrength(password, [c.login ?? '', ...context].filter(Boolean)).score : null,
    password,
    summary: JSON.stringify(summary),
    updatedAt: c.updatedAt,
  };
}
