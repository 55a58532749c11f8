import { createHash, randomBytes } from 'node:crypto';
import {
  CREDENTIAL_SECRETS,
  EXPIRY_REMINDER_DAYS,
  type CredentialInput,
  type CredentialSecret,
  type CredentialSummary,
  type PasswordHistoryEntry,
  type PasswordPreset,
  type PasswordRules,
  type TotpCode,
} from '../../../shared/credentials';
import { VaultError } from '../errors';
import { CREDENTIAL_HISTORY_MAX, type CredentialData, type CredentialRecord } from '../records/credential-record';
import type { CredentialRow } from '../repositories/credential-view-repo';
import { credentialRowOf } from '../view/credential-row';
import type { OpenVault } from '../vault/open-vault';
import { toCredentialSummary } from './credential-summary';
import { generatePassword, PRESET_RULES } from './generator';
import { parseTotpSeed, totpCode } from './totp';

/** Largest certificate file attached to a credential (a .pfx is a few KiB). */
export const CERTIFICATE_MAX_BYTES = 256 * 1024;

/** Which value a reveal or copy is for: a secret, a secret custom field (by index), or an old value (by index, newest first). */
export type SecretRef = { secret: CredentialSecret } | { custom: number } | { history: number };

/** The parts of an open vault this service uses. */
export type CredentialVault = Pick<OpenVault, 'audit' | 'guard' | 'records' | 'staff' | 'view' | 'write'>;

/** YYYY-MM-DD of a date in local time (expiry dates are calendar days where the firm is). */
export function localDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * A client's credentials: records sealed under the client's key, visible only
 * to staff granted the client. Lists read the view (no secrets there);
 * every reveal, copy and TOTP code opens the sealed record and is audited.
 */
export class CredentialService {
  constructor(
    private readonly vault: CredentialVault,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(clientId: string): CredentialSummary[] {
    this.vault.guard.requireClient('cred.list', clientId);
    this.vault.audit.record({ action: 'cred.list', clientId });
    return this.vault.view.credentials.byClient(clientId).map((row) => this.summary(row));
  }

  get(id: string): CredentialSummary {
    return this.summary(this.requireRow(id, 'cred.list'));
  }

  create(clientId: string, input: CredentialInput): CredentialSummary {
    const client = this.vault.guard.requireClient('cred.edit', clientId);
    const next = this.newRecord(input, this.now().toISOString());
    const id = randomBytes(16).toString('hex');
    return this.vault.write(() => {
      const data = this.vault.records.putCredential({ id, clientId, keyVersion: client.keyVersion, rev: 1 }, next);
      this.vault.audit.record({ action: 'cred.add', clientId, detail: { credentialId: id, kind: input.kind } });
      return this.summaryOf(data);
    });
  }

  update(id: string, input: CredentialInput): CredentialSummary {
    const { data } = this.open(id, 'cred.edit');
    const now = this.now().toISOString();
    const base: CredentialRecord = { ...recordOf(data), ...this.plainFields(input, data), updatedAt: now };
    const next = this.applySecrets(base, input, now);
    const changed = CREDENTIAL_SECRETS.filter((s) => (data.secrets[s] ?? null) !== (next.secrets[s] ?? null));
    // Changing a secret is changing it: what someone who left knew no longer opens the account.
    const rotated = changed.length > 0 && data.rotationDue.length > 0;
    const final = rotated ? this.markDone(next, now) : next;
    return this.vault.write(() => {
      const saved = this.vault.records.putCredential({ id, clientId: data.clientId, keyVersion: data.keyVersion, rev: data.rev + 1 }, final);
      this.vault.audit.record({ action: 'cred.update', clientId: data.clientId, detail: { credentialId: id, secrets: changed.join(',') } });
      if (rotated) this.vault.audit.record({ action: 'cred.rotated', clientId: data.clientId, detail: { credentialId: id, by: 'change' } });
      return this.summaryOf(saved);
    });
  }

  delete(id: string): void {
    const { data } = this.open(id, 'cred.edit');
    this.vault.write(() => {
      this.vault.records.deleteCredential(id, data.clientId);
      this.vault.audit.record({ action: 'cred.delete', clientId: data.clientId, detail: { credentialId: id } });
    });
  }

  /** One secret in clear, on demand; recorded. */
  reveal(id: string, ref: SecretRef): { value: string } {
    const { data } = this.open(id, 'cred.use');
    const value = secretValue(data, ref);
    this.vault.audit.record({ action: 'cred.reveal', clientId: data.clientId, detail: { credentialId: id, field: refName(ref) } });
    return { value };
  }

  /** One secret for the guarded clipboard (never sent to the renderer); recorded as a copy. */
  secretForCopy(id: string, ref: SecretRef): string {
    const { data } = this.open(id, 'cred.use');
    const value = secretValue(data, ref);
    this.vault.audit.record({ action: 'cred.copy', clientId: data.clientId, detail: { credentialId: id, field: refName(ref) } });
    return value;
  }

  /** The current TOTP code (RFC 6238); recorded like a reveal. */
  totp(id: string): TotpCode {
    const { data } = this.open(id, 'cred.use');
    if (!data.totp) throw new VaultError('NOT_FOUND', { what: 'totp' });
    const code = totpCode(data.totp, this.now().getTime());
    this.vault.audit.record({ action: 'cred.totp', clientId: data.clientId, detail: { credentialId: id } });
    return code;
  }

  /** When each old value was replaced and by whom (values only through reveal). */
  history(id: string): PasswordHistoryEntry[] {
    const { data } = this.open(id, 'cred.list');
    return data.history.map(({ secret, changedAt, changedBy }) => ({ secret, changedAt, changedBy }));
  }

  /** The password was changed at the site: clears 待更换 and records who and when. */
  markRotated(id: string): CredentialSummary {
    const { data } = this.open(id, 'cred.edit');
    if (data.rotationDue.length === 0) return this.get(id);
    const now = this.now().toISOString();
    const next = this.markDone({ ...recordOf(data), updatedAt: now }, now);
    return this.vault.write(() => {
      const saved = this.vault.records.putCredential({ id, clientId: data.clientId, keyVersion: data.keyVersion, rev: data.rev + 1 }, next);
      this.vault.audit.record({ action: 'cred.rotated', clientId: data.clientId, detail: { credentialId: id, by: 'mark' } });
      return this.summaryOf(saved);
    });
  }

  /**
   * A new value for one secret, every other field kept as stored (the command
   * line's `cred rotate --new-password-env`: it has no form holding the full
   * record). Like update(), a changed secret clears 待更换; an unchanged one
   * is refused, as it would leave the old value valid.
   */
  changeSecret(id: string, secret: CredentialSecret, value: string): CredentialSummary {
    const { data } = this.open(id, 'cred.edit');
    if ((data.secrets[secret] ?? '') === value) throw new VaultError('INVALID_INPUT', { reason: 'unchanged' });
    const { kind, title, login, url, phone, expiresOn, notes, custom } = data;
    return this.update(id, { kind, title, login, url, phone, expiresOn, notes, custom, secrets: { [secret]: value } });
  }

  /** Attaches (or replaces) the certificate file; `bytes` is wiped by the caller. */
  attachCertificate(id: string, name: string, bytes: Buffer): CredentialSummary {
    const { data } = this.open(id, 'cred.edit');
    if (bytes.length === 0 || bytes.length > CERTIFICATE_MAX_BYTES) throw new VaultError('INVALID_INPUT', { what: 'certificate', limit: CERTIFICATE_MAX_BYTES });
    const now = this.now().toISOString();
    const certificate = { name: name.trim().slice(0, 200) || 'certificate', size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
    const next: CredentialRecord = { ...recordOf(data), certificate, updatedAt: now };
    return this.vault.write(() => {
      const saved = this.vault.records.putCredential({ id, clientId: data.clientId, keyVersion: data.keyVersion, rev: data.rev + 1 }, next, bytes);
      this.vault.audit.record({ action: 'cred.update', clientId: data.clientId, detail: { credentialId: id, certificate: 'attached' } });
      return this.summaryOf(saved);
    });
  }

  removeCertificate(id: string): CredentialSummary {
    const { data } = this.open(id, 'cred.edit');
    const next: CredentialRecord = { ...recordOf(data), certificate: null, updatedAt: this.now().toISOString() };
    return this.vault.write(() => {
      const saved = this.vault.records.putCredential({ id, clientId: data.clientId, keyVersion: data.keyVersion, rev: data.rev + 1 }, next, null);
      this.vault.audit.record({ action: 'cred.update', clientId: data.clientId, detail: { credentialId: id, certificate: 'removed' } });
      return this.summaryOf(saved);
    });
  }

  /** The certificate file in clear, for export: always with a reason, recorded before a byte leaves. The caller wipes it. */
  certificateForExport(id: string, reason: string): { name: string; bytes: Buffer } {
    const { data } = this.open(id, 'cred.use');
    if (!data.certificate || !data.hasFile) throw new VaultError('NOT_FOUND', { what: 'certificate' });
    if (reason.trim() === '') throw new VaultError('REASON_REQUIRED');
    this.vault.audit.record({ action: 'cred.file.export', clientId: data.clientId, detail: { credentialId: id, reason: reason.trim() } });
    const bytes = this.vault.records.credentialFile(id);
    if (!bytes) throw new VaultError('NOT_FOUND', { what: 'certificate' });
    return { name: data.certificate.name, bytes };
  }

  /** What expires within `days` (and what has expired), across every client the session holds; soonest first. */
  expiring(days: number = EXPIRY_REMINDER_DAYS): CredentialSummary[] {
    this.vault.guard.require('client.list');
    const until = new Date(this.now().getTime() + days * 86_400_000);
    return this.vault.view.credentials.expiringBy(localDay(until)).map((row) => this.summary(row, false));
  }

  /** Credentials someone who left could have seen, still to be changed. */
  rotationList(): CredentialSummary[] {
    this.vault.guard.require('client.list');
    return this.vault.view.credentials.rotationDue().map((row) => this.summary(row, false));
  }

  /** Weak passwords (strength ≤ 1) and passwords used by more than one credential, among those the session holds. */
  hygiene(): { weak: CredentialSummary[]; reused: CredentialSummary[] } {
    this.vault.guard.require('client.list');
    const reusedIds = this.vault.view.credentials.reusedIds();
    const weak: CredentialSummary[] = [];
    const reused: CredentialSummary[] = [];
    for (const id of reusedIds) {
      const row = this.vault.view.credentials.byId(id);
      if (row) reused.push(this.summary(row));
    }
    for (const row of this.vault.view.credentials.weak(1)) weak.push(this.summary(row));
    return { weak, reused };
  }

  /** Credentials whose title or login contains `text`. */
  search(text: string, limit: number): CredentialSummary[] {
    return this.vault.view.credentials.search(text, limit).map((row) => this.summary(row, false));
  }

  /** A new password by a site's rules (nothing stored, nothing recorded). */
  generate(preset: PasswordPreset, rules?: PasswordRules): string {
    this.vault.guard.require('settings.own');
    if (preset === 'custom') {
      if (!rules) throw new VaultError('INVALID_INPUT', { what: 'rules' });
      return generatePassword(rules);
    }
    return generatePassword(PRESET_RULES[preset]);
  }

  // ---- shared with import ----

  /** A new credential's record from what a person typed (or a sheet's row); INVALID_INPUT for a bad TOTP seed. */
  newRecord(input: CredentialInput, now: string): CredentialRecord {
    const empty: CredentialRecord = {
      ...this.plainFields(input),
      secrets: {},
      totp: null,
      certificate: null,
      history: [],
      rotationDue: [],
      lastRotation: null,
      createdBy: this.vault.staff.id,
      createdAt: now,
      updatedAt: now,
    };
    return this.applySecrets(empty, input, now);
  }

  /** The record fields a person types, trimmed and bounded (secrets are applied separately). */
  plainFields(input: CredentialInput, before?: CredentialRecord): Pick<CredentialRecord, 'kind' | 'title' | 'login' | 'url' | 'phone' | 'expiresOn' | 'notes' | 'custom'> {
    const storedSecret = (name: string) => before?.custom.find((f) => f.secret && f.name === name)?.value ?? '';
    return {
      kind: input.kind,
      title: input.title.trim(),
      login: input.login?.trim() || null,
      url: input.url?.trim() || null,
      phone: input.phone === undefined ? (before?.phone ?? null) : input.phone?.trim() || null,
      expiresOn: input.expiresOn || null,
      notes: input.notes,
      custom: input.custom.map((f) => ({ name: f.name.trim(), value: f.secret && f.value === '' ? storedSecret(f.name.trim()) : f.value, secret: f.secret })),
    };
  }

  /** The input's secrets and TOTP seed applied to `record`; replaced values go to the history. */
  applySecrets(record: CredentialRecord, input: CredentialInput, now: string): CredentialRecord {
    const secrets = { ...record.secrets };
    let history = record.history;
    for (const name of CREDENTIAL_SECRETS) {
      if (!(name in input.secrets)) continue;
      const value = input.secrets[name];
      const before = secrets[name];
      if (value === undefined || (value ?? '') === (before ?? '')) continue;
      if (before) history = [{ secret: name, value: before, changedAt: now, changedBy: this.vault.staff.name }, ...history];
      if (value === null || value === '') delete secrets[name];
      else secrets[name] = value;
    }
    // Newest first, at most CREDENTIAL_HISTORY_MAX per secret.
    const kept = new Map<CredentialSecret, number>();
    history = history.filter((h) => {
      const n = (kept.get(h.secret) ?? 0) + 1;
      kept.set(h.secret, n);
      return n <= CREDENTIAL_HISTORY_MAX;
    });
    let totp = record.totp;
    if (input.totp === null || input.totp === '') totp = null;
    else if (input.totp !== undefined) totp = parseTotpSeed(input.totp);
    return { ...record, secrets, history, totp };
  }

  // ---- internals ----

  private markDone(record: CredentialRecord, now: string): CredentialRecord {
    return {
      ...record,
      rotationDue: [],
      lastRotation: { at: now, byId: this.vault.staff.id, byName: this.vault.staff.name, forNames: record.rotationDue.map((r) => r.staffName) },
    };
  }

  private requireRow(id: string, action: 'cred.list' | 'cred.use' | 'cred.edit'): CredentialRow {
    const row = this.vault.view.credentials.byId(id);
    if (!row) throw new VaultError('NOT_FOUND', { what: 'credential' });
    this.vault.guard.requireClient(action, row.clientId);
    return row;
  }

  /** The sealed record, opened (after the permission check on its client). */
  private open(id: string, action: 'cred.list' | 'cred.use' | 'cred.edit'): { row: CredentialRow; data: CredentialData } {
    const row = this.requireRow(id, action);
    const data = this.vault.records.credential(id);
    if (!data) throw new VaultError('NOT_FOUND', { what: 'credential' });
    return { row, data };
  }

  private summary(row: CredentialRow, withReuse = true): CredentialSummary {
    return toCredentialSummary(row, this.vault.view, withReuse);
  }

  /** The summary of what was just written (inside the write: the view takes it after the commit). */
  private summaryOf(data: CredentialData): CredentialSummary {
    const { password: _p, ...row } = credentialRowOf(data);
    void _p;
    return toCredentialSummary({ ...row, reuseTag: null }, this.vault.view, false);
  }

}

/** The record fields of a credential's data (without the columns beside it). */
export function recordOf(data: CredentialData): CredentialRecord {
  const { id: _i, clientId: _c, keyVersion: _k, rev: _r, hasFile: _f, ...record } = data;
  void _i;
  void _c;
  void _k;
  void _r;
  void _f;
  return record;
}

function secretValue(data: CredentialData, ref: SecretRef): string {
  let value: string | undefined;
  if ('secret' in ref) value = data.secrets[ref.secret];
  else if ('custom' in ref) value = data.custom[ref.custom]?.value;
  else value = data.history[ref.history]?.value;
  if (value === undefined || value === '') throw new VaultError('NOT_FOUND', { what: 'secret' });
  return value;
}

function refName(ref: SecretRef): string {
  if ('secret' in ref) return ref.secret;
  if ('custom' in ref) return `custom:${ref.custom}`;
  return `history:${ref.history}`;
}
