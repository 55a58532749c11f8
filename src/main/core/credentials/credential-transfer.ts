import { randomBytes } from 'node:crypto';
import type {
  CredentialColumnMapping,
  CredentialImportPreview,
  CredentialImportRow,
  CredentialInput,
} from '../../../shared/credentials';
import { VaultError, isVaultError } from '../errors';
import { MIN_PASSPHRASE_LENGTH } from '../backup/format/age-file';
import type { CredentialRecord } from '../records/credential-record';
import type { ClientRow } from '../repositories/client-view-repo';
import type { OpenVault } from '../vault/open-vault';
import { readSheet, type SheetBook } from '../sheets/read-sheet';
import { detectCredentialFormat, mapCredentialRows, suggestMapping } from './credential-sheet';
import { CredentialService, recordOf, type CredentialVault } from './credential-service';
import { sealWithPassphrase } from './passphrase-seal';

/** Rows shown in the mapping dialog. */
const SAMPLE_ROWS = 5;
const SECRET_COLUMNS = ['password', 'pin', 'certPassword', 'totp'] as const;

export type TransferVault = CredentialVault & Pick<OpenVault, 'clientKeys' | 'repos'>;

/**
 * Credentials in and out in bulk: import from a firm's own sheet or a
 * Bitwarden / KeePass CSV export (column mapping, a report per row), and the
 * owner's export of every credential as one age file under a passphrase.
 */
export class CredentialTransfer {
  /** The file read for the mapping dialog, until it is imported or another is read (one per session). */
  private pending: { token: string; fileName: string; book: SheetBook } | null = null;
  private readonly service: CredentialService;

  constructor(
    private readonly vault: TransferVault,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.service = new CredentialService(vault, now);
  }

  /** Reads a sheet and suggests a mapping; nothing is written. Secret columns of the sample are masked. */
  async preview(bytes: Buffer, fileName: string): Promise<CredentialImportPreview> {
    this.vault.guard.require('client.list');
    const book = await readSheet(bytes, fileName);
    const first = book.sheets[0];
    if (!first || first.rows.length === 0) throw new VaultError('INVALID_INPUT', { what: 'sheet', reason: 'empty' });
    const header = first.rows[0] ?? [];
    const mapping = suggestMapping(header);
    const hidden = new Set(SECRET_COLUMNS.map((k) => mapping[k]).filter((v): v is number => v !== null));
    const token = randomBytes(16).toString('hex');
    this.pending = { token, fileName, book };
    return {
      token,
      fileName,
      format: detectCredentialFormat(header),
      mapping,
      sheets: book.sheets.map((sheet) => ({
        name: sheet.name,
        header: sheet.rows[0] ?? [],
        rows: Math.max(0, sheet.rows.length - 1),
        sample: sheet.rows.slice(1, 1 + SAMPLE_ROWS).map((row) => row.map((cell, i) => (hidden.has(i) && cell ? '••••••' : cell))),
      })),
    };
  }

  /**
   * Imports the previewed sheet: each row goes to the client its client column names (by name or
   * 统一社会信用代码, among the clients this session holds), or to `clientId` when the row names none.
   * Bad rows are reported and skipped; the good ones are written in one transaction.
   */
  run(token: string, sheetIndex: number, mapping: CredentialColumnMapping, clientId: string | null): CredentialImportRow[] {
    const pending = this.pending;
    if (!pending || pending.token !== token) throw new VaultError('NOT_FOUND', { what: 'import' });
    const sheet = pending.book.sheets[sheetIndex];
    if (!sheet) throw new VaultError('INVALID_INPUT', { what: 'sheet' });
    const fallback = clientId ? this.vault.guard.requireClient('cred.edit', clientId) : null;
    const report: CredentialImportRow[] = [];
    const toWrite: { row: number; client: ClientRow; input: CredentialInput }[] = [];
    for (const mapped of mapCredentialRows(sheet.rows.slice(1), mapping, 2)) {
      if ('skip' in mapped) {
        report.push({ row: mapped.row, status: 'skipped', reason: mapped.skip });
        continue;
      }
      if ('error' in mapped) {
        report.push({ row: mapped.row, status: 'failed', code: 'INVALID_INPUT', message: `${mapped.error.field}: ${mapped.error.reason}` });
        continue;
      }
      try {
        const client = mapped.clientRef ? this.resolveClient(mapped.clientRef) : fallback;
        if (!client) throw new VaultError('NOT_FOUND', { what: 'client' });
        toWrite.push({ row: mapped.row, client, input: mapped.input });
      } catch (err) {
        report.push({ row: mapped.row, status: 'failed', code: isVaultError(err) ? err.code : 'INTERNAL', message: isVaultError(err) ? String(err.values.what ?? err.code) : 'internal' });
      }
    }
    const now = this.now().toISOString();
    const written = this.vault.write(() =>
      toWrite.map(({ row, client, input }) => {
        const id = randomBytes(16).toString('hex');
        let record: CredentialRecord;
        try {
          record = this.service.newRecord(input, now);
        } catch (err) {
          // A bad TOTP seed: the row is reported, the others still go in.
          return { row, status: 'failed' as const, code: isVaultError(err) ? err.code : ('INTERNAL' as const), message: 'totp' };
        }
        this.vault.records.putCredential({ id, clientId: client.id, keyVersion: client.keyVersion, rev: 1 }, record);
        this.vault.audit.record({ action: 'cred.add', clientId: client.id, detail: { credentialId: id, kind: input.kind, import: true } });
        return { row, status: 'imported' as const, credentialId: id, clientId: client.id, title: record.title };
      }),
    );
    report.push(...written);
    report.sort((a, b) => a.row - b.row);
    this.vault.audit.record({
      action: 'cred.import',
      detail: { imported: written.filter((r) => r.status === 'imported').length, failed: report.filter((r) => r.status === 'failed').length },
    });
    this.pending = null;
    return report;
  }

  /** Every credential of the firm (with certificate files) as JSON in an age file under `passphrase`: the owner only, with a reason. */
  async exportAll(reason: string, passphrase: string): Promise<Buffer> {
    this.vault.guard.require('cred.export');
    if (reason.trim() === '') throw new VaultError('REASON_REQUIRED');
    if (passphrase.length < MIN_PASSPHRASE_LENGTH) throw new VaultError('INVALID_INPUT', { what: 'passphrase', min: MIN_PASSPHRASE_LENGTH });
    const out: unknown[] = [];
    const files: Buffer[] = [];
    try {
      for (const client of this.vault.view.clients.all()) out.push(...credentialsForExport(this.vault, client, files));
      this.vault.audit.record({ action: 'cred.export', detail: { reason: reason.trim(), credentials: out.length } });
      const json = Buffer.from(
        JSON.stringify({ format: 'zhangdun-credentials', version: 1, exportedAt: this.now().toISOString(), exportedBy: this.vault.staff.name, credentials: out }),
        'utf8',
      );
      return await sealWithPassphrase(json, passphrase);
    } finally {
      for (const f of files) f.fill(0);
    }
  }

  private resolveClient(ref: string): ClientRow {
    const text = ref.trim();
    const byCode = /^[0-9A-Z]{18}$/i.test(text) ? this.vault.view.clients.byCreditCode(text.toUpperCase()) : null;
    const candidates = byCode ? [byCode] : this.vault.view.clients.byName(text);
    if (candidates.length === 0) throw new VaultError('NOT_FOUND', { what: `客户「${text}」` });
    if (candidates.length > 1) throw new VaultError('INVALID_INPUT', { what: `客户「${text}」有重名，请用统一社会信用代码` });
    return this.vault.guard.requireClient('cred.edit', candidates[0]!.id);
  }
}

/**
 * Every credential of one client with its secrets and certificate file (base64), for an export the
 * caller has checked and recorded; the files' plaintext is pushed to `files` for the caller to wipe.
 */
export function credentialsForExport(vault: Pick<OpenVault, 'records' | 'repos'>, client: Pick<ClientRow, 'id' | 'name' | 'creditCode'>, files: Buffer[]): unknown[] {
  const out: unknown[] = [];
  for (const row of vault.repos.credentialRecords.byClient(client.id)) {
    const data = vault.records.openCredential(row);
    if (!data) continue;
    const file = data.hasFile ? vault.records.credentialFile(data.id) : null;
    if (file) files.push(file);
    const { history: _h, ...record } = recordOf(data);
    void _h;
    out.push({ id: data.id, client: { id: client.id, name: client.name, creditCode: client.creditCode }, ...record, certificateFile: file ? file.toString('base64') : null });
  }
  return out;
}
