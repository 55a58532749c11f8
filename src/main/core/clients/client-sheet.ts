import { clientInputSchema, type ClientInput } from '../../../shared/contract';
import type { ClientColumnMapping, ClientImportField, ClientRowProblem } from '../../../shared/client-import';
import { MULTI_COLUMN_FIELD } from '../../../shared/client-import';
import { isValidCreditCode } from '../../../shared/credit-code';
import type { Label, TaxpayerType } from '../../../shared/domain';
import { normalizeDate } from '../credentials/credential-sheet';

/**
 * A firm's client list read as rows of text: where its header is, which column
 * holds which client field, and each data row as a client input or what is
 * wrong with it. Pure: nothing here knows the vault.
 */

/** Header text as compared: lower case, no blanks, stars, colons, underscores or brackets. */
const norm = (h: string | undefined): string =>
  (h ?? '')
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[\s*＊:：_()（）[\]【】]/g, '');

/** Header words per field, tried in this order (识别号 before 纳税人…, 电话 before 联系人, 开始/结束 before 服务期). */
const RULES: [ClientImportField, RegExp][] = [
  ['creditCode', /统一社会信用代码|信用代码|纳税人识别号|识别号|税号|creditcode|taxid|uscc/],
  ['taxpayerType', /纳税人类型|纳税人性质|纳税性质|纳税类型|纳税人资格|taxpayertype|taxpayer/],
  ['name', /客户名称|企业名称|公司名称|单位名称|纳税人名称|客户全称|企业全称|^客户$|^名称$|^(client|company|customer)(name)?$|^name$/],
  ['phone', /电话|手机|联系方式|phone|mobile|^tel$/],
  ['contactPerson', /联系人|^负责人$|法人|^contact(person)?$/],
  ['bankAccount', /银行账号|银行帐号|银行账户|开户账号|基本户|^账号$|^帐号$|bankaccount|^account(no|number)?$/],
  ['serviceStart', /服务开始|开始日期|起始日期|开始时间|服务起|合同开始|^start(date)?$|servicestart/],
  ['serviceEnd', /服务结束|结束日期|截止日期|到期日|结束时间|服务止|合同到期|^end(date)?$|serviceend/],
  ['servicePeriod', /服务期|服务期间|服务期限|合同期|^(service)?period$/],
  ['address', /地址|住所|address/],
  ['label', /密级|保密级别|^label$|classification/],
  ['notes', /备注|说明|^(notes?|remarks?|comments?|memo)$/],
];

/** Columns that go to notes (as "header：value") when nothing else takes them: who keeps the books, the bank. */
const TO_NOTES = /负责会计|会计|记账|主管|客户经理|经办人|开户行|开户银行|^bank$|accountant|manager/;
/** 开户行 alone is the bank's name; it fills the account field only when no column holds the account number. */
const BANK_NAME = /开户行|开户银行|^bank$/;

function fieldOf(header: string): ClientImportField | null {
  const h = norm(header);
  if (h === '') return null;
  return RULES.find(([, re]) => re.test(h))?.[0] ?? null;
}

/** How many cells of a row read as column names. */
function headerScore(row: string[]): number {
  return row.filter((cell) => fieldOf(cell) !== null || TO_NOTES.test(norm(cell))).length;
}

/** Rows looked at for the header: lists often start with a title line or two. */
const HEADER_SEARCH_ROWS = 10;

/**
 * The index (0-based) of the header row: among the first rows, the one whose
 * cells most read as column names and that names the client; the first row
 * when none does.
 */
export function findHeaderRow(rows: string[][]): number {
  let best = 0;
  let bestScore = 0;
  rows.slice(0, HEADER_SEARCH_ROWS).forEach((row, i) => {
    const score = headerScore(row);
    if (score > bestScore && row.some((cell) => fieldOf(cell) === 'name')) {
      best = i;
      bestScore = score;
    }
  });
  return best;
}

/** A column per field (notes may take several); columns nothing fits are ignored. */
export function suggestClientMapping(header: string[]): ClientColumnMapping {
  const mapping: ClientColumnMapping = header.map(() => null);
  const taken = new Set<ClientImportField>();
  header.forEach((cell, col) => {
    const field = fieldOf(cell);
    if (field && (field === MULTI_COLUMN_FIELD || !taken.has(field))) {
      mapping[col] = field;
      taken.add(field);
    }
  });
  header.forEach((cell, col) => {
    const h = norm(cell);
    if (mapping[col] !== null || h === '') return;
    if (BANK_NAME.test(h) && !taken.has('bankAccount')) {
      mapping[col] = 'bankAccount';
      taken.add('bankAccount');
    } else if (TO_NOTES.test(h)) mapping[col] = MULTI_COLUMN_FIELD;
  });
  // Both dates in their own columns: a 服务期 column beside them would say the same again.
  if (taken.has('serviceStart') || taken.has('serviceEnd')) {
    const col = mapping.indexOf('servicePeriod');
    if (col >= 0) mapping[col] = null;
  }
  return mapping;
}

/** The limits of clientInputSchema, checked per row so that one bad row does not sink the rest. */
const MAX_LENGTH: Partial<Record<ClientImportField, number>> = {
  name: 200,
  contactPerson: 100,
  phone: 40,
  address: 300,
  bankAccount: 60,
  notes: 4000,
};

const TAXPAYER_WORDS: [TaxpayerType, RegExp][] = [
  ['general', /^(一般纳税人|一般|一般人|general)$/i],
  ['small', /^(小规模纳税人|小规模|小规模人|small(-?scale)?)$/i],
];

const LABEL_WORDS: [Label, RegExp][] = [
  ['public', /^(公开|public)$/i],
  ['internal', /^(内部|internal)$/i],
  ['confidential', /^(机密|秘密|confidential)$/i],
  ['secret', /^(绝密|secret)$/i],
];

/** Full-width letters and digits (ＡＢＣ１２３) as ASCII. */
const halfWidth = (text: string) => text.replace(/[Ａ-Ｚａ-ｚ０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

/** A 统一社会信用代码 as typed: blanks and dashes out, full-width to ASCII, upper case. */
export function normalizeCreditCode(text: string): string {
  return halfWidth(text).replace(/[\s-]/g, '').toUpperCase();
}

/** A day (2024-03-01, 2024/3/1, 2024年3月1日, an Excel serial…) or, for a period's bounds, a month (2024-03, 2024年3月). */
function dayOf(text: string, end: boolean): string | null | undefined {
  const day = normalizeDate(text);
  if (day !== undefined) return day;
  const month = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$/.exec(text.trim());
  if (!month) return undefined;
  const [y, m] = [Number(month[1]), Number(month[2])];
  if (m < 1 || m > 12) return undefined;
  // The month's last day for an end: day 0 of the next month.
  const date = new Date(Date.UTC(y, end ? m : m - 1, end ? 0 : 1));
  return date.toISOString().slice(0, 10);
}

/** "2024-01-01至2024-12-31", "2024.1-2024.12", "2024/01/01 ~ 2024/12/31". */
function periodOf(text: string): { start: string | null; end: string | null } | undefined {
  const parts = text.split(/\s*(?:至|到|~|～|—|–|－|\s-\s)\s*/).filter((p) => p !== '');
  if (parts.length === 1 && text.includes('-')) {
    // 2024.1-2024.12: a dash between two dates that do not use dashes themselves.
    const dashed = /^(\d{4}[./年]\d{1,2}(?:[./月]\d{1,2}日?)?月?)-(\d{4}[./年]\d{1,2}(?:[./月]\d{1,2}日?)?月?)$/.exec(text.trim());
    if (dashed) parts.splice(0, 1, dashed[1]!, dashed[2]!);
  }
  if (parts.length !== 2) return undefined;
  const start = dayOf(parts[0]!, false);
  const end = dayOf(parts[1]!, true);
  if (start === undefined || end === undefined) return undefined;
  return { start, end };
}

/** One data row: a client input, nothing at all (a blank row), or what is wrong with it. */
export type MappedClientRow =
  | { row: number; kind: 'empty' }
  | { row: number; kind: 'client'; input: ClientInput }
  | { row: number; kind: 'invalid'; name: string; creditCode: string | null; contactPerson: string | null; problems: ClientRowProblem[] };

/**
 * Data rows to client inputs. `firstRowNumber` is the sheet row of rows[0], so
 * reports point at the row a person sees in Excel; `header` words the extra
 * notes columns.
 */
export function mapClientRows(rows: string[][], header: string[], mapping: ClientColumnMapping, firstRowNumber: number): MappedClientRow[] {
  return rows.map((cells, i) => mapClientRow(cells, header, mapping, firstRowNumber + i));
}

function mapClientRow(cells: string[], header: string[], mapping: ClientColumnMapping, row: number): MappedClientRow {
  if (cells.every((c) => c.trim() === '')) return { row, kind: 'empty' };
  const get = (field: ClientImportField): string => {
    const col = mapping.indexOf(field);
    return col < 0 ? '' : (cells[col] ?? '').trim();
  };
  const problems: ClientRowProblem[] = [];
  const problem = (field: ClientImportField, code: ClientRowProblem['problem']) => problems.push({ field, problem: code });

  const noteColumns = mapping.flatMap((f, col) => (f === MULTI_COLUMN_FIELD ? [col] : []));
  const notes = noteColumns
    .map((col) => ({ label: (header[col] ?? '').trim(), value: (cells[col] ?? '').trim() }))
    .filter((n) => n.value !== '')
    .map((n) => (noteColumns.length === 1 || n.label === '' ? n.value : `${n.label}：${n.value}`))
    .join('\n');
  const values: Record<ClientImportField, string> = {
    name: get('name').replace(/\s+/g, ' '),
    creditCode: normalizeCreditCode(get('creditCode')),
    taxpayerType: get('taxpayerType'),
    contactPerson: get('contactPerson'),
    phone: get('phone'),
    address: get('address'),
    bankAccount: get('bankAccount'),
    serviceStart: get('serviceStart'),
    serviceEnd: get('serviceEnd'),
    servicePeriod: get('servicePeriod'),
    label: get('label'),
    notes,
  };

  if (values.name === '') problem('name', 'required');
  for (const [field, max] of Object.entries(MAX_LENGTH) as [ClientImportField, number][]) {
    if (values[field].length > max) problem(field, 'too-long');
  }
  if (values.creditCode !== '' && !isValidCreditCode(values.creditCode)) problem('creditCode', 'credit-code');
  const taxpayerType = values.taxpayerType === '' ? null : (TAXPAYER_WORDS.find(([, re]) => re.test(values.taxpayerType))?.[0] ?? undefined);
  if (taxpayerType === undefined) problem('taxpayerType', 'taxpayer-type');
  const label = values.label === '' ? 'internal' : (LABEL_WORDS.find(([, re]) => re.test(values.label))?.[0] ?? undefined);
  if (label === undefined) problem('label', 'label');

  let serviceStart: string | null | undefined = values.serviceStart === '' ? null : dayOf(values.serviceStart, false);
  let serviceEnd: string | null | undefined = values.serviceEnd === '' ? null : dayOf(values.serviceEnd, true);
  if (serviceStart === undefined) problem('serviceStart', 'date');
  if (serviceEnd === undefined) problem('serviceEnd', 'date');
  if (values.servicePeriod !== '') {
    const period = periodOf(values.servicePeriod);
    if (!period) problem('servicePeriod', 'date');
    else {
      serviceStart ??= period.start;
      serviceEnd ??= period.end;
    }
  }
  if (serviceStart && serviceEnd && serviceEnd < serviceStart) problem(values.servicePeriod !== '' ? 'servicePeriod' : 'serviceEnd', 'period');

  const summary = { name: values.name, creditCode: values.creditCode || null, contactPerson: values.contactPerson || null };
  if (problems.length > 0) return { row, kind: 'invalid', ...summary, problems };
  const parsed = clientInputSchema.safeParse({
    name: values.name,
    creditCode: values.creditCode,
    taxpayerType,
    contactPerson: values.contactPerson,
    phone: values.phone,
    address: values.address,
    bankAccount: values.bankAccount,
    serviceStart: serviceStart ?? '',
    serviceEnd: serviceEnd ?? '',
    notes: values.notes,
    label,
  });
  if (!parsed.success) {
    // Every limit is checked above; a field the schema still refuses is reported by name, never by value.
    const fields = [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? 'name')))];
    return { row, kind: 'invalid', ...summary, problems: fields.map((f) => ({ field: f as ClientImportField, problem: 'too-long' as const })) };
  }
  return { row, kind: 'client', input: parsed.data };
}
