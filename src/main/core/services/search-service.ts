import type { SearchHit, TextSnippet } from '../../../shared/domain';
import { can } from '../../../shared/permissions';
import type { OpenVault } from '../vault/open-vault';
import { toCredentialSummary } from '../credentials/credential-summary';
import { staffNames, toSummary } from './client-service';
import { toMeta } from './document-service';
import type { DocumentRow } from '../repositories/document-view-repo';

const LIMIT = 50;

/** "2024", "2024-3", "2024-03", "2024年3月", "2024年" → an accounting period to match. */
export function parsePeriod(text: string): { year: number; month: number | null } | null {
  const m = /^(\d{4})(?:\s*(?:[-./年])\s*(\d{1,2})?\s*月?)?$/.exec(text.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const month = m[2] ? Number(m[2]) : null;
  if (year < 1990 || year > 2200 || (month !== null && (month < 1 || month > 12))) return null;
  return { year, month };
}


const SNIPPET_CONTEXT = 30;

/** The words around `length` characters at `at` in `text`, on one line. */
export function snippetAt(text: string, at: number, length: number): TextSnippet {
  const flat = (s: string) => s.replace(/\s+/g, ' ');
  const start = Math.max(0, at - SNIPPET_CONTEXT);
  const end = Math.min(text.length, at + length + SNIPPET_CONTEXT);
  return {
    before: `${start > 0 ? '…' : ''}${flat(text.slice(start, at)).trimStart()}`,
    match: text.slice(at, at + length),
    after: `${flat(text.slice(at + length, end)).trimEnd()}${end < text.length ? '…' : ''}`,
  };
}

/** The parts of an open vault this service uses. */
export type SearchVault = Pick<OpenVault, 'guard' | 'repos' | 'staff' | 'view'>;

/** Searches clients and documents as the user types. */
export class SearchService {
  constructor(private readonly vault: SearchVault) {}

  /** Documents by their filing fields first (newest first), then by what is inside them (with a snippet; most recently read first). */
  private documents(text: string): SearchHit['documents'] {
    const byFields = this.vault.view.documents.search(text, parsePeriod(text), LIMIT).map((row) => ({ ...toMeta(row), clientName: row.clientName, snippet: null }));
    const seen = new Set(byFields.map((d) => d.id));
    const byContent: SearchHit['documents'] = [];
    if (byFields.length >= LIMIT) return byFields;
    // A page of filing-field hits already: what is inside documents is not searched for more. Each text hit's
    // row is read once, to check it is active and to show it; a client's name once per search.
    const rows = new Map<string, DocumentRow>();
    const active = (id: string): boolean => {
      const row = seen.has(id) ? null : this.vault.view.documents.byId(id);
      if (row?.status !== 'active') return false;
      rows.set(id, row);
      return true;
    };
    const clientNames = new Map<string, string>();
    for (const hit of this.vault.view.texts.search(text, LIMIT - byFields.length, null, active) ?? []) {
      const row = rows.get(hit.documentId)!;
      let clientName = clientNames.get(row.clientId);
      if (clientName === undefined) {
        clientName = this.vault.view.clients.byId(row.clientId)?.name ?? row.clientId;
        clientNames.set(row.clientId, clientName);
      }
      byContent.push({ ...toMeta(row), clientName, snippet: snippetAt(hit.text, hit.at, text.trim().length) });
    }
    return [...byFields, ...byContent];
  }

  /** Only clients (and their documents) the staff member may see: their view holds no others. */
  search(query: string): SearchHit {
    this.vault.guard.require('client.list');
    const text = query.trim();
    if (!text) return { clients: [], documents: [], credentials: [] };
    const name = staffNames(this.vault);
    const clientHits = this.vault.view.clients.search(text, LIMIT).map((row) => toSummary(row, name));
    const documents = can(this.vault.staff.role, 'doc.list', { granted: true }) ? this.documents(text) : [];
    const credentials = can(this.vault.staff.role, 'cred.list', { granted: true })
      ? this.vault.view.credentials.search(text, LIMIT).map((row) => toCredentialSummary(row, this.vault.view, false))
      : [];
    return { clients: clientHits, documents, credentials };
  }
}
