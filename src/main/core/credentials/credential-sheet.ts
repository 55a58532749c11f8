import type { CredentialColumnMapping, CredentialInput, CredentialKind, CredentialSheetFormat } from '../../../shared/credentials';
import { CREDENTIAL_KINDS } from '../../../shared/credentials';
import { isVaultError } from '../errors';
import { parseTotpSeed } from './totp';

/** One data row of an import: what to write (and for which client), or why not. */
export type MappedCredentialRow =
  | { row: number; clientRef: string | null; input: CredentialInput }
  | { row: number; skip: string }
  | { row: number; error: { field: string; reason: string } };

/** The title a credential gets when the sheet gives none. */
export const KIND_TITLES: Readonly<Record<CredentialKind, string>> = Object.freeze({
  etax: '电子税务局',
  'etax-individual': '自然人电子税务局（扣缴端）',
  'social-security': '社保',
  'housing-fund': '公积金',
  bank: '网银',
  certificate: 'CA数字证书',
  'annual-report': '工商年报',
  other: '其他',
});

/** The limits of credentialInputSchema (shared/credential-schemas.ts), checked per row so one bad row does not sink the rest. */
const MAX_LENGTH = { title: 200, login: 200, url: 500, phone: 40, notes: 4000, password: 1024, pin: 1024, certPassword: 1024, totp: 2048 } as const;

type Field = keyof CredentialColumnMapping;

const EMPTY_MAPPING: CredentialColumnMapping = Object.freeze({
  client: null, kind: null, title: null, login: null, password: null, pin: null,
  certPassword: null, phone: null, url: null, expiresOn: null, notes: null, totp: null,
});

/** Header text as compared: lower case, no blanks, no required-field stars or colons. */
const norm = (h: string | undefined): string => (h ?? '').replace(/^\uFEFF/, '').toLowerCase().replace(/[\s*＊:：_]/g, '');

export function detectCredentialFormat(header: string[]): CredentialSheetFormat {
  const h = new Set(header.map(norm));
  if (h.has('loginusername') && h.has('loginpassword') && h.has('type') && h.has('name')) return 'bitwarden';
  if ((h.has('group') && h.has('title') && h.has('username') && h.has('password')) || (h.has('account') && h.has('loginname') && h.has('password'))) {
    return 'keepass';
  }
  return 'sheet';
}

const FIXED: Record<Exclude<CredentialSheetFormat, 'sheet'>, Partial<Record<Field, string[]>>> = {
  // The type column goes to `kind`: rows that are not logins are skipped by it.
  bitwarden: { client: ['folder'], kind: ['type'], title: ['name'], notes: ['notes'], url: ['loginuri'], login: ['loginusername'], password: ['loginpassword'], totp: ['logintotp'] },
  // KeePassXC, then KeePass 2.x names.
  keepass: { client: ['group'], title: ['title', 'account'], login: ['username', 'loginname'], password: ['password'], url: ['url', 'website'], notes: ['notes', 'comments'], totp: ['totp'] },
};

/** Header words per field, in the order a header is tried against them: specific before general (证书密码 before 密码). */
const RULES: [Field, (h: string) => boolean][] = [
  ['kind', (h) => /类型|种类|类别|^(kind|type|category)$/.test(h)],
  ['expiresOn', (h) => /到期|有效期|过期|expir|validuntil/.test(h)],
  ['certPassword', (h) => (h.includes('证书') && /密码|口令/.test(h)) || /^cert(ificate)?password$/.test(h)],
  ['pin', (h) => /^pin|交易密码|支付密码|(u盾|ukey|key|盾).*密码/.test(h)],
  ['totp', (h) => /totp|^otp|动态口令|两步验证|二次验证|^2fa|验证器/.test(h)],
  ['password', (h) => /密码|口令|password|passwd|^pwd$/.test(h)],
  ['phone', (h) => /手机|电话|phone|mobile|^tel$/.test(h)],
  ['url', (h) => h === '地址' || /网址|网站地址|登录地址|链接/.test(h) || /^(login|web)?(url|uri|link|website)s?$/.test(h)],
  ['login', (h) => /账号|帐号|用户名|登录名|账户|帐户|操作员|^用户$|^(login|username|user|account)$/.test(h)],
  ['notes', (h) => /备注|说明|注释|^(notes?|remarks?|comments?|memo)$/.test(h)],
  ['title', (h) => /名称|标题|系统|平台|网站|^(title|name|system|site)$/.test(h)],
];

const CLIENT_NAME = /客户|公司|企业名称|单位名称|纳税人名称|^(client|company|customer)(name)?$/;
/** A code column names the client only when no name column does; otherwise it is often the etax login. */
const CLIENT_CODE = /统一社会信用代码|信用代码|纳税人识别号|识别号|^税号$|creditcode|taxid/;

export function suggestMapping(header: string[]): CredentialColumnMapping {
  const mapping: CredentialColumnMapping = { ...EMPTY_MAPPING };
  const names = header.map(norm);
  const format = detectCredentialFormat(header);
  if (format !== 'sheet') {
    for (const [field, keys] of Object.entries(FIXED[format]) as [Field, string[]][]) {
      const i = names.findIndex((h) => keys.includes(h));
      mapping[field] = i >= 0 ? i : null;
    }
    return mapping;
  }

  const used = new Set<number>();
  const nameCol = names.findIndex((h) => CLIENT_NAME.test(h) && !/经理|联系人/.test(h));
  const codeCol = names.findIndex((h) => CLIENT_CODE.test(h));
  mapping.client = nameCol >= 0 ? nameCol : codeCol >= 0 ? codeCol : null;
  if (mapping.client !== null) used.add(mapping.client);

  const take = (field: Field, col: number) => {
    if (mapping[field] !== null || used.has(col)) return;
    mapping[field] = col;
    used.add(col);
  };
  // First each column's own field, left to right; then what is left over may take a second choice.
  names.forEach((h, col) => {
    if (h === '' || CLIENT_NAME.test(h) || CLIENT_CODE.test(h)) return;
    const rule = RULES.find(([, test]) => test(h));
    if (rule) take(rule[0], col);
  });
  names.forEach((h, col) => {
    if (h !== '' && CLIENT_CODE.test(h)) take('login', col);
  });
  return mapping;
}

const KIND_WORDS: [CredentialKind, RegExp][] = [
  ['etax-individual', /自然人|扣缴|个税|个人所得税/],
  ['etax', /电子税务|税务局|税务|etax|chinatax/i],
  ['social-security', /社保|社会保险|医保|hrss/i],
  ['housing-fund', /公积金|gjj/i],
  ['bank', /网银|银行|u盾|ukey|bank|icbc|abchina|cmbchina/i],
  ['certificate', /证书|(^|[^a-z])ca([^a-z]|$)|certificate/i],
  ['annual-report', /年报|工商|公示系统|gsxt/i],
];

/** The kind a text speaks of (a kind column, a title, an address), or null. */
export function guessKind(text: string): CredentialKind | null {
  const t = text.trim();
  if ((CREDENTIAL_KINDS as readonly string[]).includes(t.toLowerCase())) return t.toLowerCase() as CredentialKind;
  return KIND_WORDS.find(([, re]) => re.test(t))?.[0] ?? null;
}

/** Bitwarden item types that are not logins. */
const NOT_A_LOGIN = new Set(['note', 'securenote', 'card', 'identity', 'sshkey', 'ssh-key']);
/** What people write for "never expires". */
const NO_EXPIRY = new Set(['长期', '长期有效', '永久', '永久有效', '无', '无期限', '不限', '-', '—', '/']);

/**
 * A date as YYYY-MM-DD: 2025-03-01, 2025/3/1, 2025.3.1, 2025年3月1日, 20250301, an Excel
 * serial number, optionally with a time after it; null for empty or "长期"; undefined when
 * it is not a date.
 */
export function normalizeDate(text: string): string | null | undefined {
  const t = text.trim();
  if (t === '' || NO_EXPIRY.has(t)) return null;
  let y: number;
  let m: number;
  let d: number;
  const ymd = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z)?)?$/i.exec(t);
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (ymd || compact) {
    const parts = (ymd ?? compact) as RegExpExecArray;
    [y, m, d] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  } else if (/^\d{5}(\.\d+)?$/.test(t)) {
    // Excel's 1900 system counts days from 1899-12-30 for every date after February 1900.
    const date = new Date(Date.UTC(1899, 11, 30) + Math.floor(Number(t)) * 86_400_000);
    [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
  } else return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || y > 2999 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return date.toISOString().slice(0, 10);
}

/** The client a group or folder path names: its last part; KeePassXC's root group names none. */
function clientOf(text: string): string | null {
  const last = text.split('/').map((p) => p.trim()).filter(Boolean).pop() ?? '';
  return last === '' || /^(root|根|根组)$/i.test(last) ? null : last;
}

/**
 * Rows (without the header) to credential inputs. `firstRowNumber` is the sheet row of
 * rows[0], so reports point at the row a person sees in Excel. Values never appear in a
 * reason: only field names and what is wrong.
 */
export function mapCredentialRows(rows: string[][], mapping: CredentialColumnMapping, firstRowNumber: number): MappedCredentialRow[] {
  return rows.map((cells, index) => mapRow(cells, mapping, firstRowNumber + index));
}

function mapRow(cells: string[], mapping: CredentialColumnMapping, row: number): MappedCredentialRow {
  if (cells.every((c) => c.trim() === '')) return { row, skip: 'empty' };
  const get = (field: Field): string => {
    const col = mapping[field];
    return col === null ? '' : (cells[col] ?? '').trim();
  };
  const error = (field: string, reason: string) => ({ row, error: { field, reason } });

  const kindText = get('kind');
  if (NOT_A_LOGIN.has(kindText.toLowerCase())) return { row, skip: 'not-a-login' };
  const values = {
    title: get('title'),
    login: get('login'),
    url: firstUrl(get('url')),
    phone: get('phone'),
    notes: get('notes'),
    password: get('password'),
    pin: get('pin'),
    certPassword: get('certPassword'),
    totp: get('totp'),
  };
  for (const [field, max] of Object.entries(MAX_LENGTH) as [keyof typeof MAX_LENGTH, number][]) {
    if (values[field].length > max) return error(field, 'too-long');
  }
  if (!values.login && !values.password && !values.pin && !values.certPassword && !values.totp) return error('login', 'nothing-to-keep');
  const expiresOn = normalizeDate(get('expiresOn'));
  if (expiresOn === undefined) return error('expiresOn', 'date');
  if (values.totp) {
    try {
      parseTotpSeed(values.totp);
    } catch (err) {
      if (isVaultError(err, 'INVALID_INPUT')) return error('totp', String(err.values.reason ?? 'invalid'));
      throw err;
    }
  }

  const kind = guessKind(kindText) ?? guessKind(values.title) ?? guessKind(values.url) ?? 'other';
  const secrets: CredentialInput['secrets'] = {};
  if (values.password) secrets.password = values.password;
  if (values.pin) secrets.pin = values.pin;
  if (values.certPassword) secrets.certPassword = values.certPassword;
  const input: CredentialInput = {
    kind,
    title: values.title || KIND_TITLES[kind],
    login: values.login || null,
    url: values.url || null,
    phone: values.phone || null,
    expiresOn,
    notes: values.notes,
    custom: [],
    secrets,
  };
  if (values.totp) input.totp = values.totp;
  return { row, clientRef: clientOf(get('client')), input };
}

/** Bitwarden puts every URI of an item in one cell; the first is the login page. */
function firstUrl(text: string): string {
  return text.split(/\s*[\r\n]+\s*|,(?=\s*[a-z][a-z0-9+.-]*:\/\/)/i)[0]?.trim() ?? '';
}
