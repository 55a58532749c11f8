import type { CredentialColumnMapping, CredentialImportRow } from '../../../shared/credentials';

/** Why main skipped a row (its codes). */
export const SKIP_REASONS = ['empty', 'not-a-login'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** What was wrong with a field of a failed row (main's codes; others are shown as main wrote them). */
export const FIELD_PROBLEMS = ['too-long', 'nothing-to-keep', 'date'] as const;
export type FieldProblem = (typeof FIELD_PROBLEMS)[number];

type Field = keyof CredentialColumnMapping;
const FIELDS: readonly Field[] = ['client', 'kind', 'title', 'login', 'password', 'pin', 'certPassword', 'phone', 'url', 'expiresOn', 'notes', 'totp'];

/** How the report words a row that was not imported: a known skip, a field with a problem, or main's own words. */
export type RowReason =
  | { kind: 'skip'; reason: SkipReason }
  | { kind: 'field'; field: Field; problem: FieldProblem | null; text: string }
  | { kind: 'other'; text: string };

/**
 * Main reports a skipped row by a code and a bad field as "field: problem"
 * (values never appear in either); anything else (a client not found…) in
 * its own words.
 */
export function rowReason(row: Exclude<CredentialImportRow, { status: 'imported' }>): RowReason {
  if (row.status === 'skipped') {
    return (SKIP_REASONS as readonly string[]).includes(row.reason) ? { kind: 'skip', reason: row.reason as SkipReason } : { kind: 'other', text: row.reason };
  }
  const match = /^([A-Za-z]+):\s*(.+)$/.exec(row.message);
  if (row.code === 'INVALID_INPUT' && match && (FIELDS as readonly string[]).includes(match[1]!)) {
    const text = match[2]!.trim();
    const problem = (FIELD_PROBLEMS as readonly string[]).includes(text) ? (text as FieldProblem) : null;
    return { kind: 'field', field: match[1] as Field, problem, text };
  }
  return { kind: 'other', text: row.message };
}
