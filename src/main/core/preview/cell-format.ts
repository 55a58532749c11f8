/**
 * A numeric cell's text as Excel shows it under its number format: General (15 significant
 * digits), fixed decimals, thousands separators, percentages, scientific, literal text around
 * the number (¥, 元), separate sections for negatives and zero, and dates and times from
 * serial numbers (Chinese formats such as yyyy"年"m"月"d"日" included). Colours and
 * conditions in brackets are ignored; column-width padding (_x, *x) is dropped.
 */
import { numberText } from '../sheets/read-sheet';

/** Excel's built-in formats by id (the ones a file need not spell out), zh-CN's dates included. */
const BUILT_IN: Record<number, string> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'yyyy-mm-dd',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'yyyy-mm-dd h:mm',
  27: 'yyyy"年"m"月"',
  28: 'm"月"d"日"',
  29: 'm"月"d"日"',
  30: 'm-d-yy',
  31: 'yyyy"年"m"月"d"日"',
  32: 'h"时"mm"分"',
  33: 'h"时"mm"分"ss"秒"',
  34: 'h"时"mm"分"',
  35: 'h"时"mm"分"ss"秒"',
  36: 'yyyy"年"m"月"',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;(#,##0)',
  39: '#,##0.00;(#,##0.00)',
  40: '#,##0.00;(#,##0.00)',
  43: '_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ ',
  44: '_ ¥* #,##0.00_ ;_ ¥* -#,##0.00_ ;_ ¥* "-"??_ ;_ @_ ',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mm:ss.0',
  48: '##0.0E+0',
  49: '@',
  50: 'yyyy"年"m"月"',
  51: 'm"月"d"日"',
  52: 'yyyy"年"m"月"',
  53: 'm"月"d"日"',
  54: 'm"月"d"日"',
  55: 'h"时"mm"分"',
  56: 'h"时"mm"分"ss"秒"',
  57: 'yyyy"年"m"月"',
  58: 'm"月"d"日"',
};

export function builtInFormat(id: number): string | undefined {
  return BUILT_IN[id];
}

/** Splits on `sep` outside quotes, brackets and backslash escapes. */
function splitOutside(code: string, sep: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let bracket = false;
  for (let i = 0; i < code.length; i++) {
    const ch = code[i] ?? '';
    if (ch === '\\' && !quoted) {
      current += ch + (code[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '[') bracket = true;
    else if (!quoted && ch === ']') bracket = false;
    if (ch === sep && !quoted && !bracket) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

/** The format's tokens outside quotes: literal text (quoted, escaped) marked apart from codes. */
function tokens(section: string): { code: boolean; text: string }[] {
  const out: { code: boolean; text: string }[] = [];
  for (let i = 0; i < section.length; i++) {
    const ch = section[i] ?? '';
    if (ch === '"') {
      const end = section.indexOf('"', i + 1);
      out.push({ code: false, text: section.slice(i + 1, end < 0 ? section.length : end) });
      i = end < 0 ? section.length : end;
    } else if (ch === '\\') {
      out.push({ code: false, text: section[i + 1] ?? '' });
      i++;
    } else if (ch === '[') {
      const end = section.indexOf(']', i);
      const inside = section.slice(i + 1, end < 0 ? section.length : end);
      // [h], [mm], [ss] are elapsed time; colours, conditions and locales show nothing.
      if (/^(h+|m+|s+)$/i.test(inside)) out.push({ code: true, text: `[${inside}]` });
      i = end < 0 ? section.length : end;
    } else if (ch === '_' || ch === '*') i++;
    else out.push({ code: true, text: ch });
  }
  return out;
}

const isDateCode = (section: string): boolean =>
  tokens(section).some((t) => t.code && /[ydhsmDHSMY年月日]/.test(t.text) && !/^[eE]$/.test(t.text)) && !/[0#?]/.test(codeOnly(section));

function codeOnly(section: string): string {
  return tokens(section)
    .filter((t) => t.code)
    .map((t) => t.text)
    .join('');
}

const formatters = new Map<string, Intl.NumberFormat>();

function fixed(value: number, decimals: number, grouping: boolean): string {
  const key = `${decimals}|${grouping}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals, useGrouping: grouping });
    formatters.set(key, f);
  }
  return f.format(value);
}

/** `raw` (the cell's stored number text) shown under `code`; `date1904` for Mac workbooks. */
export function formatNumberCell(raw: string, code: string | undefined, date1904: boolean): string {
  const value = Number(raw);
  if (!Number.isFinite(value) || code === undefined || /^general$/i.test(code.trim()) || code.trim() === '') return numberText(raw);
  const sections = splitOutside(code, ';');
  let section = sections[0] ?? '';
  let abs = false;
  if (value < 0 && sections.length >= 2 && (sections[1] ?? '').trim() !== '') {
    section = sections[1] ?? '';
    abs = true;
  } else if (value === 0 && sections.length >= 3) section = sections[2] ?? '';
  if (section.trim() === '@' || codeOnly(section).trim() === '@') return numberText(raw);
  if (isDateCode(section) && /[ydhsm]/i.test(codeOnly(section))) return formatDate(value, section, date1904) ?? numberText(raw);
  return formatNumberSection(abs ? Math.abs(value) : value, section);
}

function formatNumberSection(value: number, section: string): string {
  const parts = tokens(section);
  const firstDigit = parts.findIndex((t) => t.code && /[0#?]/.test(t.text));
  if (firstDigit < 0) return parts.map((t) => t.text).join('').trim();
  let lastDigit = firstDigit;
  parts.forEach((t, i) => {
    if (t.code && /[0#?.,%Ee+-]/.test(t.text) && i > firstDigit) lastDigit = i;
  });
  const pattern = parts
    .slice(firstDigit, lastDigit + 1)
    .map((t) => t.text)
    .join('');
  const prefix = parts.slice(0, firstDigit).map((t) => t.text).join('');
  const suffix = parts.slice(lastDigit + 1).map((t) => t.text).join('');
  const percent = section.replace(/"[^"]*"/g, '').includes('%');
  const scaled = percent ? value * 100 : value;
  const [intPart = '', fracPart = ''] = pattern.replace(/%/g, '').split(/[eE][+-]/)[0]?.split('.') ?? [];
  const decimals = (fracPart.match(/[0#?]/g) ?? []).length;
  let body: string;
  if (/[eE][+-]/.test(pattern)) body = scaled.toExponential(decimals).replace(/e([+-])(\d)$/, 'E$10$2').replace('e', 'E');
  else {
    // Trailing commas scale by thousands; a comma between digits groups them.
    const scale = /,+$/.exec(intPart)?.[0].length ?? 0;
    body = fixed(scaled / 1000 ** scale, decimals, /[0#?],[0#?]/.test(intPart));
    // # and ? show no leading zero (a zero shown as "-" under the accounting format's "-"?? is just the dash).
    if (!/0/.test(intPart)) body = body.replace(/^(-?)0(?=\.|$)/, '$1');
  }
  return `${prefix}${body}${percent && !suffix.includes('%') ? '%' : ''}${suffix.replace(/%/g, percent ? '' : '%')}`.trim();
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A serial day number as a date: Excel's day 60 is the 29 February 1900 that never was. */
function dateParts(serial: number, date1904: boolean) {
  if (serial < 0 || serial > 2_958_465) return null;
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : serial < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  const seconds = Math.round((serial - Math.floor(serial)) * 86_400);
  const d = new Date(epoch + Math.floor(serial) * 86_400_000 + seconds * 1000);
  return { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes(), s: d.getUTCSeconds(), total: serial };
}

function formatDate(value: number, section: string, date1904: boolean): string | null {
  const p = dateParts(value, date1904);
  if (!p) return null;
  const marker = section.includes('上午/下午') ? 'zh' : /AM\/PM|A\/P/i.test(section) ? 'en' : null;
  const hours = marker ? p.h % 12 || 12 : p.h;
  // Runs of one letter (yyyy, mm, dd…) become one group; AM/PM one marker.
  const groups: { code: boolean; text: string }[] = [];
  for (const t of tokens(section.replace(/AM\/PM|A\/P|上午\/下午/gi, '\u0001'))) {
    const last = groups[groups.length - 1];
    if (t.code && last?.code && /^[ymdhs]$/i.test(t.text) && last.text.toLowerCase()[0] === t.text.toLowerCase()) last.text += t.text;
    else groups.push({ ...t });
  }
  const letterOf = (g: { code: boolean; text: string } | undefined) => (g?.code ? /^\[?([ymdhs])/i.exec(g.text)?.[1]?.toLowerCase() : undefined);
  const letters = groups.map(letterOf);
  const neighbour = (i: number, step: number) => {
    for (let j = i + step; j >= 0 && j < letters.length; j += step) if (letters[j]) return letters[j];
    return undefined;
  };
  const elapsed = Math.round(p.total * 86_400);
  return groups
    .map((g, i) => {
      if (!g.code) return g.text;
      if (g.text === '\u0001') return marker === 'zh' ? (p.h < 12 ? '上午' : '下午') : p.h < 12 ? 'AM' : 'PM';
      // Elapsed time: [h], [mm], [ss].
      if (g.text.startsWith('[')) return String(/h/i.test(g.text) ? Math.floor(elapsed / 3600) : /m/i.test(g.text) ? Math.floor(elapsed / 60) : elapsed);
      const run = g.text.length;
      const two = (n: number) => (run >= 2 ? pad(n, 2) : String(n));
      switch (letters[i]) {
        case 'y':
          return run <= 2 ? pad(p.y % 100, 2) : String(p.y);
        case 'd':
          return run <= 2 ? two(p.d) : '';
        case 'h':
          return two(hours);
        case 's':
          return two(p.s);
        case 'm':
          // After an hour or before seconds, m is minutes.
          if (neighbour(i, -1) === 'h' || neighbour(i, 1) === 's') return two(p.mi);
          return run <= 2 ? two(p.mo) : (MONTHS[p.mo - 1] ?? '').slice(0, run === 3 ? 3 : undefined);
        default:
          return g.text;
      }
    })
    .join('')
    .trim();
}
