import { resolve } from 'node:path';
import type { ClientDuplicate, ClientImportReportRow, ClientRowProblem } from '../../shared/client-import';
import { exitCodeFor } from '../../shared/errors';
import { errorMessage, interpolate, type Locale } from '../../shared/messages';
import { CLIENT_SHEET_MAX_BYTES } from '../core/clients/client-transfer';
import { writeFileDurable } from '../core/fs/durable';
import { readLimited } from '../core/fs/read-limited';
import { UsageError, printJson, printRow, required, withSession, type Context } from './context';
import zhCN from './i18n/client.zh-CN.json';
import en from './i18n/client.en.json';
import { outFile } from './out-path';
import { printableValues } from './terminal-text';

/**
 * `zhangdun client import FILE` and `zhangdun client export --out FILE.xlsx`:
 * the firm's client list in and out, as the app does it (owners and admins,
 * recorded). The import takes the suggested mapping and skips every
 * duplicate, as the preview would have them unticked.
 */

type Key = keyof typeof zhCN;
const CATALOG: Record<Locale, Record<Key, string>> = { 'zh-CN': zhCN, en };

function t(ctx: Context, key: Key, values?: Record<string, string | number>): string {
  return values ? interpolate(CATALOG[ctx.locale][key], printableValues(values)) : CATALOG[ctx.locale][key];
}

function duplicateText(ctx: Context, d: ClientDuplicate): string {
  const by = t(ctx, d.by === 'creditCode' ? 'byCreditCode' : 'byName');
  return d.kind === 'existing' ? t(ctx, 'duplicateExisting', { name: d.name, id: d.clientId, by }) : t(ctx, 'duplicateFile', { row: d.row, by });
}

function problemsText(ctx: Context, problems: readonly ClientRowProblem[]): string {
  return problems.map((p) => t(ctx, `problem_${p.problem}`, { field: t(ctx, `field_${p.field}`) })).join(t(ctx, 'problemSeparator'));
}

/** A report row's reason in words (empty for an imported row). */
export function reasonText(ctx: Context, row: ClientImportReportRow): string {
  if (row.status === 'imported') return '';
  if (row.status === 'skipped') {
    if (row.reason === 'empty') return t(ctx, 'skipEmpty');
    if (row.reason === 'duplicate' && row.duplicate) return t(ctx, 'skipDuplicate', { duplicate: duplicateText(ctx, row.duplicate) });
    return t(ctx, 'skipChosen');
  }
  if (row.reason === 'invalid') return problemsText(ctx, row.problems);
  if (row.reason === 'duplicate') return t(ctx, 'failedDuplicate', { duplicate: duplicateText(ctx, row.duplicate) });
  return errorMessage(row.code, ctx.locale, {});
}

export async function clientImport(ctx: Context): Promise<number> {
  // Checked before the password is asked for and the vault opened.
  if (ctx.rest.length === 0) throw new UsageError(t(ctx, 'missingFile'));
  if (ctx.rest.length > 1) throw new UsageError(t(ctx, 'oneFile'));
  const path = resolve(ctx.rest[0]!);
  return withSession(ctx, async (session) => {
    const { name, bytes } = await readLimited(path, CLIENT_SHEET_MAX_BYTES);
    const preview = await session.clientTransfer.preview(bytes, name);
    const duplicates = preview.rows.filter((r) => r.status === 'duplicate').map((r) => r.row);
    const report = session.clientTransfer.run(preview.token, preview.sheet, preview.mapping, duplicates);
    if (ctx.values.json) printJson(ctx, report);
    else {
      for (const row of report.rows) {
        printRow(ctx, [t(ctx, 'row', { row: row.row }), t(ctx, row.status), row.name, row.status === 'imported' ? row.clientId : reasonText(ctx, row)]);
      }
      ctx.io.stderr.write(`${t(ctx, 'summary', { file: report.fileName, imported: report.imported, skipped: report.skipped, failed: report.failed })}\n`);
    }
    return report.failed > 0 ? exitCodeFor('INVALID_INPUT') : 0;
  });
}

export async function clientExport(ctx: Context): Promise<number> {
  const reason = (ctx.values.reason ?? '').trim();
  if (reason === '') throw new UsageError(t(ctx, 'missingReason'));
  required(ctx, 'out');
  const target = await outFile(ctx, 'out');
  return withSession(ctx, async (session) => {
    const { bytes, clients } = await session.clientTransfer.exportXlsx(reason);
    await writeFileDurable(target, bytes);
    ctx.io.stderr.write(`${t(ctx, 'exported', { clients, path: target })}\n`);
    return 0;
  });
}
