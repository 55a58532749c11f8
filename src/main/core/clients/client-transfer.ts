import { randomBytes } from 'node:crypto';
import type {
  ClientColumnMapping,
  ClientDuplicate,
  ClientImportCheck,
  ClientImportPreview,
  ClientImportReport,
  ClientImportReportRow,
  ClientRowCheck,
} from '../../../shared/client-import';
import type { ClientInput } from '../../../shared/contract';
import { VaultError, isVaultError } from '../errors';
import { ClientService, type ClientVault } from '../services/client-service';
import { readSheet, type SheetBook } from '../sheets/read-sheet';
import { findHeaderRow, mapClientRows, suggestClientMapping, type MappedClientRow } from './client-sheet';
import { clientListXlsx } from './client-xlsx';

/** Largest client list read for an import (the app's file dialog and the CLI). */
export const CLIENT_SHEET_MAX_BYTES = 20 * 1024 * 1024;

/** A data row once checked: what to create, or why not. */
type CheckedRow = { check: ClientRowCheck; input: ClientInput | null };

/**
 * Clients in and out in bulk: the firm's own 客户清单 read with a column
 * mapping (checked row by row, duplicates found, a report per row), and the
 * client list out as .xlsx. Both for owners and admins only.
 */
export class ClientTransfer {
  /** The file read for the preview, until it is imported or another is read (one per session). */
  private pending: { token: string; fileName: string; book: SheetBook } | null = null;
  private readonly clients: ClientService;

  constructor(
    private readonly vault: ClientVault,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.clients = new ClientService(vault, now);
  }

  /** Reads the sheet, finds its header, suggests a mapping and checks every row with it; nothing is written. */
  async preview(bytes: Buffer, fileName: string): Promise<ClientImportPreview> {
    this.vault.guard.require('client.create');
    const book = await readSheet(bytes, fileName);
    const token = randomBytes(16).toString('hex');
    this.pending = { token, fileName, book };
    const sheets = book.sheets.map((sheet) => {
      const at = findHeaderRow(sheet.rows);
      return { name: sheet.name, headerRow: at + 1, header: sheet.rows[at] ?? [], rows: Math.max(0, sheet.rows.length - at - 1) };
    });
    const first = sheets.findIndex((s) => s.rows > 0);
    const sheet = first < 0 ? 0 : first;
    const mapping = suggestClientMapping(sheets[sheet]?.header ?? []);
    return { token, fileName, sheets, ...this.check(token, sheet, mapping) };
  }

  /** The previewed sheet's rows checked with another mapping; an empty mapping asks for the suggested one (another sheet). */
  check(token: string, sheetIndex: number, mapping: ClientColumnMapping): ClientImportCheck {
    this.vault.guard.require('client.create');
    const sheet = this.pending?.token === token ? this.pending.book.sheets[sheetIndex] : undefined;
    const used = mapping.length === 0 && sheet ? suggestClientMapping(sheet.rows[findHeaderRow(sheet.rows)] ?? []) : mapping;
    return { sheet: sheetIndex, mapping: used, rows: this.checkRows(token, sheetIndex, used).map((r) => r.check) };
  }

  /**
   * Creates a client for every good row not in `skip`; rows with a problem
   * fail, two clients with one 统一社会信用代码 never arise. Each client is
   * recorded as created; the import as a whole with its counts.
   */
  run(token: string, sheetIndex: number, mapping: ClientColumnMapping, skip: readonly number[]): ClientImportReport {
    this.vault.guard.require('client.create');
    const fileName = this.pending?.fileName ?? '';
    const checked = this.checkRows(token, sheetIndex, mapping);
    const skipped = new Set(skip);
    const rows: ClientImportReportRow[] = [];
    const codesTaken = new Set<string>();
    this.vault.write(() => {
      for (const { check, input } of checked) {
        const { row, name, duplicate } = check;
        if (check.status === 'empty') rows.push({ row, status: 'skipped', name, reason: 'empty', duplicate: null });
        else if (skipped.has(row)) rows.push({ row, status: 'skipped', name, reason: duplicate ? 'duplicate' : 'chosen', duplicate });
        else if (!input) rows.push({ row, status: 'failed', name, reason: 'invalid', problems: check.problems });
        else if (duplicate?.by === 'creditCode' && (duplicate.kind === 'existing' || codesTaken.has(input.creditCode ?? ''))) {
          // One company, one client: a second client with the code is never made (a name may be shared).
          rows.push({ row, status: 'failed', name, reason: 'duplicate', duplicate });
        } else {
          try {
            const created = this.clients.create(input);
            if (input.creditCode) codesTaken.add(input.creditCode.toUpperCase());
            rows.push({ row, status: 'imported', name, clientId: created.id });
          } catch (err) {
            if (!isVaultError(err) || err.code === 'DISK_FULL' || err.code === 'READ_ONLY' || err.code === 'VAULT_LOCKED') throw err;
            rows.push({ row, status: 'failed', name, reason: 'error', code: err.code });
          }
        }
      }
      const count = (status: ClientImportReportRow['status']) => rows.filter((r) => r.status === status).length;
      this.vault.audit.record({ action: 'client.import', detail: { imported: count('imported'), skipped: count('skipped'), failed: count('failed') } });
    });
    this.pending = null;
    const count = (status: ClientImportReportRow['status']) => rows.filter((r) => r.status === status).length;
    return { fileName, imported: count('imported'), skipped: count('skipped'), failed: count('failed'), rows };
  }

  /** Every client this session can see, as an .xlsx workbook; with a reason, recorded. */
  async exportXlsx(reason: string): Promise<{ bytes: Buffer; clients: number }> {
    this.vault.guard.require('client.export');
    const why = reason.trim();
    if (why === '') throw new VaultError('REASON_REQUIRED');
    const clients = this.vault.view.clients.all();
    const bytes = await clientListXlsx(clients);
    this.vault.audit.record({ action: 'client.export', detail: { reason: why, clients: clients.length } });
    return { bytes, clients: clients.length };
  }

  private checkRows(token: string, sheetIndex: number, mapping: ClientColumnMapping): CheckedRow[] {
    const pending = this.pending;
    if (!pending || pending.token !== token) throw new VaultError('NOT_FOUND', { what: 'import' });
    const sheet = pending.book.sheets[sheetIndex];
    if (!sheet) throw new VaultError('INVALID_INPUT', { what: 'sheet' });
    const at = findHeaderRow(sheet.rows);
    const header = sheet.rows[at] ?? [];
    if (mapping.length > Math.max(header.length, 1)) throw new VaultError('INVALID_INPUT', { what: 'mapping' });
    const mapped = mapClientRows(sheet.rows.slice(at + 1), header, mapping, at + 2);
    return this.withDuplicates(mapped);
  }

  /** Marks each row whose code or name an existing client (that this session sees) or an earlier row already has. */
  private withDuplicates(mapped: MappedClientRow[]): CheckedRow[] {
    const seenCodes = new Map<string, number>();
    const seenNames = new Map<string, number>();
    const clients = this.vault.view.clients;
    return mapped.map((m): CheckedRow => {
      if (m.kind === 'empty') return { check: { row: m.row, status: 'empty', name: '', creditCode: null, contactPerson: null, problems: [], duplicate: null }, input: null };
      const name = m.kind === 'client' ? m.input.name : m.name;
      const code = (m.kind === 'client' ? m.input.creditCode : m.creditCode)?.toUpperCase() ?? null;
      const contactPerson = m.kind === 'client' ? m.input.contactPerson : m.contactPerson;
      let duplicate: ClientDuplicate | null = null;
      if (m.kind === 'client') {
        const byCode = code ? clients.byCreditCode(code) : null;
        const byName = byCode ? null : (clients.byName(name)[0] ?? null);
        if (byCode) duplicate = { kind: 'existing', by: 'creditCode', clientId: byCode.id, name: byCode.name };
        else if (code && seenCodes.has(code)) duplicate = { kind: 'file', by: 'creditCode', row: seenCodes.get(code)! };
        else if (byName) duplicate = { kind: 'existing', by: 'name', clientId: byName.id, name: byName.name };
        else if (seenNames.has(name)) duplicate = { kind: 'file', by: 'name', row: seenNames.get(name)! };
        if (code && !seenCodes.has(code)) seenCodes.set(code, m.row);
        if (!seenNames.has(name)) seenNames.set(name, m.row);
      }
      const problems = m.kind === 'invalid' ? m.problems : [];
      const status = m.kind === 'invalid' ? 'invalid' : duplicate ? 'duplicate' : 'ready';
      return { check: { row: m.row, status, name, creditCode: code, contactPerson, problems, duplicate }, input: m.kind === 'client' ? m.input : null };
    });
  }
}
