import { SEALED, inspectVault, type Cell, type FileReport, type InspectReport, type TableDump } from '../core/inspect/inspect-vault';
import type { VaultSession } from '../core/vault/session';
import { printJson, type Context } from './context';
import { roleName } from './staff-commands';
import { printable } from './terminal-text';

/**
 * `zhangdun inspect`: everything this person's keys read from the vault
 * folder (see core/inspect). `--json` prints the report whole; the text form
 * is for an owner reading it: each file with its size and whether it opens,
 * each table as a header line and a line per row. Long hex and base64 (keys,
 * hashes, ciphertext) are shortened there with their length; `--json` keeps
 * them whole. Every name is escaped, as everywhere in the CLI.
 */
export async function inspect(ctx: Context, session: VaultSession): Promise<number> {
  const report = await inspectVault(session.vault);
  if (ctx.values.json) printJson(ctx, report);
  else for (const line of inspectLines(ctx, report)) ctx.io.stdout.write(`${line}\n`);
  return 0;
}

const LONG_HEX = /^[0-9a-f]{40,}$/i;
const LONG_BASE64 = /^[A-Za-z0-9+/]{64,}={0,2}$/;

/** A long hex or base64 string as its start and its length in bytes; anything else as it is. */
function shorten(ctx: Context, text: string): string {
  if (LONG_HEX.test(text)) return `${text.slice(0, 16)}${ctx.say('inspectShortened', { bytes: text.length / 2 })}`;
  if (LONG_BASE64.test(text)) {
    const bytes = Math.floor((text.length * 3) / 4) - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0);
    return `${text.slice(0, 16)}${ctx.say('inspectShortened', { bytes })}`;
  }
  return text;
}

function shortenDeep(ctx: Context, value: unknown): unknown {
  if (typeof value === 'string') return shorten(ctx, value);
  if (Array.isArray(value)) return value.map((v) => shortenDeep(ctx, v));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shortenDeep(ctx, v)]));
  return value;
}

/** Compact JSON on one line; characters JSON leaves raw (DEL, C1, bidi) escaped too. */
const compact = (ctx: Context, value: unknown): string => printable(JSON.stringify(shortenDeep(ctx, value)));

function cellText(ctx: Context, cell: Cell): string {
  if (cell === null) return 'NULL';
  if (typeof cell === 'number') return String(cell);
  if (typeof cell === 'string') return printable(shorten(ctx, cell));
  return compact(ctx, cell);
}

function tableLines(ctx: Context, table: TableDump): string[] {
  return [
    `  ${ctx.say('inspectTable', { name: table.name, rows: table.rows.length })}`,
    `    ${table.columns.map((c) => printable(c)).join('\t')}`,
    ...table.rows.map((row) => `    ${row.map((cell) => cellText(ctx, cell)).join('\t')}`),
  ];
}

function contentLines(ctx: Context, content: FileReport['content']): string[] {
  if (content === undefined) return [];
  if (typeof content === 'string') return content.replace(/\n$/, '').split('\n').map((line) => `  ${printable(line)}`);
  if (Array.isArray(content)) return content.flatMap((table) => tableLines(ctx, table));
  return [`  ${compact(ctx, content)}`];
}

export function inspectLines(ctx: Context, report: InspectReport): string[] {
  const who = report.as.recovery
    ? ctx.say('inspectWhoRecovery', { name: report.as.name })
    : ctx.say('inspectWhoStaff', { name: report.as.name, role: roleName(ctx, report.as.role) });
  const lines = [ctx.say('inspectHeader', { vaultId: report.vaultId, who, sealed: SEALED })];
  for (const file of report.files) {
    lines.push(ctx.say('inspectFile', { path: file.path, size: file.size, readable: ctx.say(file.readable ? 'inspectReadable' : 'inspectUnreadable') }));
    lines.push(...contentLines(ctx, file.content));
  }
  return lines;
}
