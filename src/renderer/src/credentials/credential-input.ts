/**
 * From what the add/edit form holds to what credCreate/credUpdate take. On
 * edit, a secret left empty keeps what main has (its key is not sent), 清除
 * sends null, and a typed value replaces it; the same for the TOTP seed. The bound phone
 * and stored secret custom fields left empty keep their values too.
 */
import {
  CREDENTIAL_FIELDS,
  CREDENTIAL_SECRETS,
  CREDENTIAL_TEMPLATES,
  type CredentialCustomField,
  type CredentialField,
  type CredentialInput,
  type CredentialKind,
  type CredentialSecret,
  type CredentialSummary,
} from '../../../shared/credentials';

/** One custom field row of the form; `stored` is its index in the saved credential (edit only). */
export interface CustomRow {
  name?: string;
  value?: string;
  secret?: boolean;
  stored?: number;
}

export interface CredentialFormValues {
  kind: CredentialKind;
  title: string;
  login?: string;
  url?: string;
  phone?: string;
  /** YYYY-MM-DD or null. */
  expiresOn: string | null;
  notes?: string;
  secrets?: Partial<Record<CredentialSecret, string>>;
  totp?: string;
  custom?: CustomRow[];
}

export interface FormExtras {
  /** Secrets the person chose to 清除 (edit only). */
  cleared: ReadonlySet<CredentialSecret>;
  /** The TOTP seed is to be removed (edit only). */
  totpCleared: boolean;
}

/** The plain fields the form shows for a kind: the template's, plus any the edited credential already has. */
export function fieldsFor(kind: CredentialKind, editing: CredentialSummary | null): CredentialField[] {
  const template = CREDENTIAL_TEMPLATES[kind].fields;
  const has: Record<CredentialField, boolean> = {
    login: !!editing?.login,
    url: !!editing?.url,
    phone: !!editing?.phoneMasked,
    expiresOn: !!editing?.expiresOn,
  };
  return CREDENTIAL_FIELDS.filter((f) => template.includes(f) || has[f]);
}

/** The secrets the form offers for a kind: the template's, plus any the edited credential holds (so they can be cleared). */
export function secretsFor(kind: CredentialKind, editing: CredentialSummary | null): CredentialSecret[] {
  const template = CREDENTIAL_TEMPLATES[kind].secrets;
  return CREDENTIAL_SECRETS.filter((s) => template.includes(s) || (editing?.secrets.includes(s) ?? false));
}

const orNull = (v: string | undefined) => {
  const trimmed = v?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
};

export function toCredentialInput(values: CredentialFormValues, editing: CredentialSummary | null, extras: FormExtras): CredentialInput {
  const secrets: CredentialInput['secrets'] = {};
  for (const name of CREDENTIAL_SECRETS) {
    const typed = values.secrets?.[name] ?? '';
    if (typed !== '') secrets[name] = typed;
    else if (editing && extras.cleared.has(name) && editing.secrets.includes(name)) secrets[name] = null;
  }
  const custom: CredentialCustomField[] = (values.custom ?? [])
    .filter((row) => (row.name ?? '').trim() !== '')
    // A stored secret field left empty goes as '': main keeps its value.
    .map((row) => ({ name: (row.name ?? '').trim(), value: row.value ?? '', secret: row.secret ?? false }));
  const seed = values.totp?.trim() ?? '';
  const input: CredentialInput = {
    kind: values.kind,
    title: values.title.trim(),
    login: orNull(values.login),
    url: orNull(values.url),
    expiresOn: values.expiresOn,
    notes: values.notes ?? '',
    custom,
    secrets,
  };
  // On an edit an empty phone keeps the stored number (the form only ever saw it masked).
  const phone = orNull(values.phone);
  if (phone !== null || !editing?.phoneMasked) input.phone = phone;
  if (seed !== '') input.totp = seed;
  else if (editing && extras.totpCleared && editing.hasTotp) input.totp = null;
  return input;
}
