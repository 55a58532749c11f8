/**
 * How many guesses a password would take, in the manner of zxcvbn (Wheeler, USENIX
 * Security 2016) without its dependency: find the guessable pieces (common passwords
 * and words, the person's own names, sequences, repeats, keyboard runs, dates), then
 * the cheapest way to cover the password with them and brute force for the rest.
 * Pure, so the renderer's strength meter and main's weak-password report agree.
 */
import { COMMON_PASSWORDS, COMMON_WORDS } from './common-passwords';
import type { StrengthScore } from './credentials';

export const STRENGTH_WARNINGS = ['short', 'common', 'sequence', 'repeat', 'keyboard', 'date', 'single-class', 'contains-name'] as const;
export type StrengthWarning = (typeof STRENGTH_WARNINGS)[number];

export interface PasswordStrengthResult {
  score: StrengthScore;
  warnings: StrengthWarning[];
  /** log10 of the estimated guesses. */
  guessesLog10: number;
}

type Kind = 'common' | 'word' | 'name' | 'sequence' | 'repeat' | 'keyboard' | 'date';
type NameRanks = ReadonlyMap<string, number>;
interface Match {
  i: number;
  j: number;
  kind: Kind;
  log: number;
}

const WARNING_OF: Record<Kind, StrengthWarning> = {
  common: 'common',
  word: 'common',
  name: 'contains-name',
  sequence: 'sequence',
  repeat: 'repeat',
  keyboard: 'keyboard',
  date: 'date',
};

const MIN_LENGTH = 8;
/** Longer passwords are scored in chunks, so the search stays quadratic in a small number. */
const CHUNK = 100;
const MAX_WORD = 20;

const RANKS: ReadonlyMap<string, { rank: number; kind: Kind }> = (() => {
  const m = new Map<string, { rank: number; kind: Kind }>();
  COMMON_PASSWORDS.forEach((w, i) => m.has(w) || m.set(w, { rank: i + 1, kind: 'common' }));
  COMMON_WORDS.forEach((w, i) => m.has(w) || m.set(w, { rank: COMMON_PASSWORDS.length + i + 1, kind: 'word' }));
  return m;
})();

const KEYBOARD = [
  'qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1234567890', '!@#$%^&*()', '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
  'qazwsxedcrfvtgbyhnujmikolp', 'zaqxswcdevfrbgtnhymju', '1q2w3e4r5t6y7u8i9o0p', 'qweasdzxc', '7894561230', '1472583690', '741852963',
];
/** 13 runs, two directions, any start: a few hundred guesses per character. */
const KEYBOARD_GUESSES_PER_CHAR = 300;

const L33T: readonly Record<string, string>[] = [
  { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i' },
  { '0': 'o', '1': 'l', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'l' },
];

const log10 = Math.log10;
const logFactorial = (n: number): number => {
  let s = 0;
  for (let k = 2; k <= n; k++) s += log10(k);
  return s;
};

/** `context`: the client's name, the login … — a password containing one is guessed early. */
export function passwordStrength(password: string, context: readonly string[] = []): PasswordStrengthResult {
  const chars = [...password];
  if (chars.length === 0) return { score: 0, warnings: ['short'], guessesLog10: 0 };
  const names = contextTokens(context);
  const pool = poolSize(chars);
  const warnings = new Set<StrengthWarning>();
  const memo = new Map<string, number>();
  let total = 0;
  const period = smallestPeriod(chars);
  if (chars.length > CHUNK && period <= chars.length / 2) {
    // A long password that is one piece repeated: chunks would each count in full.
    total = estimate(chars.slice(0, Math.min(period, CHUNK)), names, pool, warnings, memo) + log10(chars.length / period);
    warnings.add('repeat');
  } else {
    const seen = new Set<string>();
    for (let start = 0; start < chars.length; start += CHUNK) {
      const chunk = chars.slice(start, start + CHUNK);
      const key = chunk.join('');
      total += seen.has(key) ? log10(2) : estimate(chunk, names, pool, warnings, memo);
      seen.add(key);
    }
  }

  if (chars.length < MIN_LENGTH) warnings.add('short');
  if (classCount(chars) === 1) warnings.add('single-class');
  // The whole password, or it without the digits and symbols people append, is a common one.
  const lower = password.toLowerCase();
  const forms = [lower, ...L33T.map((t) => translate(lower, t))].flatMap((w) => [w, w.replace(/[^a-z]+$/, '')]);
  if (forms.some((w) => RANKS.get(w)?.kind === 'common')) warnings.add('common');
  let score: StrengthScore = total < 3 ? 0 : total < 6 ? 1 : total < 8 ? 2 : total < 10 ? 3 : 4;
  // A short password falls to an offline attack whatever it is made of.
  if (chars.length < MIN_LENGTH && score > 2) score = 2;
  return { score, warnings: STRENGTH_WARNINGS.filter((w) => warnings.has(w)), guessesLog10: Math.round(total * 100) / 100 };
}

/** log10 of the guesses for `chars`; adds the warnings of the pieces the cheapest cover uses. */
function estimate(chars: string[], names: NameRanks, pool: number, warnings: Set<StrengthWarning> | null, memo: Map<string, number>): number {
  const n = chars.length;
  const matches = findMatches(chars, names, pool, memo);
  // best[k].get(l): the cheapest log-product covering chars[0..k] with l pieces.
  type Cell = { log: number; piece: Match | null; prev: Cell | null; brute: boolean };
  const best: Map<number, Cell>[] = Array.from({ length: n }, () => new Map());
  const offer = (k: number, l: number, cell: Cell) => {
    const old = best[k]?.get(l);
    if (!old || cell.log < old.log) best[k]?.set(l, cell);
  };
  const byEnd: Match[][] = Array.from({ length: n }, () => []);
  for (const m of matches) byEnd[m.j]?.push(m);
  const bruteLog = (len: number) => Math.max(len * log10(pool), log10(len === 1 ? 11 : 51));

  for (let k = 0; k < n; k++) {
    for (const m of byEnd[k] ?? []) {
      // A piece that is not the whole password costs at least a few dozen guesses.
      const log = m.i === 0 && m.j === n - 1 ? m.log : Math.max(m.log, log10(m.j === m.i ? 10 : 50));
      if (m.i === 0) offer(k, 1, { log, piece: m, prev: null, brute: false });
      else for (const [l, prev] of best[m.i - 1] ?? []) offer(k, l + 1, { log: prev.log + log, piece: m, prev, brute: false });
    }
    for (let i = 0; i <= k; i++) {
      const log = bruteLog(k - i + 1);
      if (i === 0) offer(k, 1, { log, piece: null, prev: null, brute: true });
      // Two brute-force pieces side by side are one.
      else for (const [l, prev] of best[i - 1] ?? []) if (!prev.brute) offer(k, l + 1, { log: prev.log + log, piece: null, prev, brute: true });
    }
  }

  let end: Cell | null = null;
  let total = Infinity;
  for (const [l, cell] of best[n - 1] ?? []) {
    const t = cell.log + logFactorial(l);
    if (t < total) [total, end] = [t, cell];
  }
  if (warnings) {
    for (let c = end; c; c = c.prev) if (c.piece) warnings.add(WARNING_OF[c.piece.kind]);
    // Name what the whole password is, and any name it contains, even when a cheaper cover won.
    for (const m of matches) if ((m.i === 0 && m.j === n - 1) || m.kind === 'name') warnings.add(WARNING_OF[m.kind]);
  }
  return total;
}

function findMatches(chars: string[], names: NameRanks, pool: number, memo: Map<string, number>): Match[] {
  return [...dictionaryMatches(chars, names), ...sequenceMatches(chars), ...keyboardMatches(chars), ...dateMatches(chars), ...repeatMatches(chars, names, pool, memo)];
}

function dictionaryMatches(chars: string[], names: NameRanks): Match[] {
  const out: Match[] = [];
  const lower = chars.map((c) => c.toLowerCase());
  const variants = [lower, ...L33T.map((t) => lower.map((c) => t[c] ?? c))];
  for (let i = 0; i < chars.length; i++) {
    for (let j = i + 1; j < Math.min(chars.length, i + MAX_WORD); j++) {
      const token = chars.slice(i, j + 1);
      let bestLog = Infinity;
      let bestKind: Kind = 'word';
      variants.forEach((v, vi) => {
        const piece = v.slice(i, j + 1);
        const word = piece.join('');
        if (vi > 0 && word === lower.slice(i, j + 1).join('')) return;
        const l33t = vi > 0 ? token.filter((c, k) => c.toLowerCase() !== piece[k]).length : 0;
        for (const [w, reversed] of [[word, false], [[...word].reverse().join(''), true]] as const) {
          const name = names.get(w);
          const entry = name ? { rank: name, kind: 'name' as Kind } : RANKS.get(w);
          if (!entry) continue;
          const log = log10(entry.rank) + upperLog(token) + l33t * log10(2) + (reversed ? log10(2) : 0);
          if (log < bestLog) [bestLog, bestKind] = [log, entry.kind];
        }
      });
      if (bestLog < Infinity) out.push({ i, j, kind: bestKind, log: bestLog });
    }
  }
  return out;
}

/** Extra guesses for capitals: none, first or all upper are cheap; mixed case costs more. */
function upperLog(token: string[]): number {
  const word = token.join('');
  if (word === word.toLowerCase()) return 0;
  if (/^[A-Z][^A-Z]*$/.test(word) || /^[^a-z]*$/.test(word) || /^[^A-Z]*[A-Z]$/.test(word)) return log10(2);
  const upper = token.filter((c) => c >= 'A' && c <= 'Z').length;
  const lower = token.filter((c) => c >= 'a' && c <= 'z').length;
  let sum = 0;
  for (let k = 1; k <= Math.min(upper, lower); k++) sum += binomial(upper + lower, k);
  return log10(Math.max(sum, 2));
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let d = 1; d <= k; d++) r = (r * (n - d + 1)) / d;
  return r;
}

function sequenceMatches(chars: string[]): Match[] {
  const out: Match[] = [];
  const cls = (c: string) => (/[a-z]/.test(c) ? 'l' : /[A-Z]/.test(c) ? 'u' : /[0-9]/.test(c) ? 'd' : null);
  const delta = (a: string, b: string): number | null => {
    if (cls(a) === null || cls(a) !== cls(b)) return null;
    // 1234567890 and 0987654321 are how the digits sit on a keyboard.
    if (a === '9' && b === '0') return 1;
    if (a === '0' && b === '9') return -1;
    const d = (b.codePointAt(0) ?? 0) - (a.codePointAt(0) ?? 0);
    return d !== 0 && Math.abs(d) <= 5 ? d : null;
  };
  let i = 0;
  while (i < chars.length - 2) {
    const d = delta(chars[i] as string, chars[i + 1] as string);
    let j = i + 1;
    while (d !== null && j + 1 < chars.length && delta(chars[j] as string, chars[j + 1] as string) === d) j++;
    if (d !== null && j - i + 1 >= 3) {
      const first = chars[i] as string;
      const base = 'aAzZ019'.includes(first) ? 4 : /[0-9]/.test(first) ? 10 : 26;
      out.push({ i, j, kind: 'sequence', log: log10(base * (d < 0 ? 2 : 1) * Math.abs(d) * (j - i + 1)) });
      i = j;
    } else i++;
  }
  return out;
}

function keyboardMatches(chars: string[]): Match[] {
  const out: Match[] = [];
  const lower = chars.map((c) => c.toLowerCase());
  const runs = KEYBOARD.flatMap((r) => [r, [...r].reverse().join('')]);
  for (let i = 0; i < chars.length; i++) {
    for (let j = i + 3; j < chars.length; j++) {
      if (!runs.some((r) => r.includes(lower.slice(i, j + 1).join('')))) break;
      out.push({ i, j, kind: 'keyboard', log: log10(KEYBOARD_GUESSES_PER_CHAR * (j - i + 1)) + upperLog(chars.slice(i, j + 1)) });
    }
  }
  return out;
}

const REFERENCE_YEAR = new Date().getFullYear();
const yearLog = (y: number) => log10(Math.max(Math.abs(y - REFERENCE_YEAR), 20));

function dateMatches(chars: string[]): Match[] {
  const out: Match[] = [];
  const valid = (y: number, m: number, d: number) => y >= 1900 && y <= 2099 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
  const full = (yy: number) => (yy < 100 ? (yy > 50 ? 1900 + yy : 2000 + yy) : yy);
  for (let i = 0; i < chars.length; i++) {
    for (let j = i + 3; j < Math.min(chars.length, i + 10); j++) {
      const s = chars.slice(i, j + 1).join('');
      let log: number | null = null;
      const sep = /^(\d{4})([\s/\\_.-])(\d{1,2})\2(\d{1,2})$/.exec(s) ?? null;
      const sepDmy = /^(\d{1,2})([\s/\\_.-])(\d{1,2})\2(\d{4}|\d{2})$/.exec(s);
      if (sep && valid(+(sep[1] ?? 0), +(sep[3] ?? 0), +(sep[4] ?? 0))) log = log10(365 * 4) + yearLog(+(sep[1] ?? 0));
      else if (sepDmy) {
        const y = full(+(sepDmy[4] ?? 0));
        const [a, b] = [+(sepDmy[1] ?? 0), +(sepDmy[3] ?? 0)];
        if (valid(y, b, a) || valid(y, a, b)) log = log10(365 * 4) + yearLog(y);
      } else if (/^\d+$/.test(s)) {
        const v = (from: number, len: number) => +s.slice(from, from + len);
        if (s.length === 4 && (s.startsWith('19') || s.startsWith('20'))) log = yearLog(v(0, 4));
        const splits: [number, number, number][] =
          s.length === 8
            ? [[v(0, 4), v(4, 2), v(6, 2)], [v(4, 4), v(2, 2), v(0, 2)], [v(4, 4), v(0, 2), v(2, 2)]]
            : s.length === 6
              ? [[full(v(0, 2)), v(2, 2), v(4, 2)], [full(v(4, 2)), v(2, 2), v(0, 2)], [full(v(4, 2)), v(0, 2), v(2, 2)]]
              : [];
        const hit = splits.find(([y, m, d]) => valid(y, m, d));
        if (hit) log = log10(365) + yearLog(hit[0]);
      }
      if (log !== null) out.push({ i, j, kind: 'date', log });
    }
  }
  return out;
}

/** Repeated pieces (aaaa, abcabc): at each start the longest run, its guesses the base's times the count. */
function repeatMatches(chars: string[], names: NameRanks, pool: number, memo: Map<string, number>): Match[] {
  const out: Match[] = [];
  const n = chars.length;
  for (let i = 0; i < n; ) {
    let cover = 0;
    let unit = 0;
    for (let b = 1; i + 2 * b <= n; b++) {
      let len = b;
      while (i + len < n && chars[i + len] === chars[i + len - b]) len++;
      const whole = len - (len % b);
      if (whole >= 2 * b && whole > cover) [cover, unit] = [whole, b];
    }
    if (cover < 3) {
      i++;
      continue;
    }
    const key = chars.slice(i, i + unit).join('');
    let baseLog = memo.get(key);
    if (baseLog === undefined) {
      baseLog = estimate(chars.slice(i, i + unit), names, pool, null, memo);
      memo.set(key, baseLog);
    }
    out.push({ i, j: i + cover - 1, kind: 'repeat', log: baseLog + log10(cover / unit) });
    i += cover;
  }
  return out;
}

/** Each context string, its words, and for Chinese names every run of 2+ characters (a name's 字号 sits anywhere in it). */
function contextTokens(context: readonly string[]): NameRanks {
  const out = new Map<string, number>();
  context.forEach((item, index) => {
    const lower = item.trim().toLowerCase().slice(0, 100);
    const add = (t: string) => {
      if ([...t].length >= (/[\u3400-\u9fff]/.test(t) ? 2 : 3) && !out.has(t)) out.set(t, index + 1);
    };
    add(lower);
    for (const word of lower.split(/[\s@._\-/\\,:;()（）]+/)) {
      add(word);
      for (const run of word.match(/[\u3400-\u9fff]{2,}/g) ?? []) {
        const cjk = [...run];
        for (let i = 0; i < cjk.length; i++) for (let j = i + 2; j <= Math.min(cjk.length, i + 8); j++) add(cjk.slice(i, j).join(''));
      }
    }
  });
  return out;
}

/** The least p with chars[i] === chars[i + p] throughout (KMP failure function). */
function smallestPeriod(chars: string[]): number {
  const fail = new Array<number>(chars.length).fill(0);
  for (let i = 1, k = 0; i < chars.length; i++) {
    while (k > 0 && chars[i] !== chars[k]) k = fail[k - 1] ?? 0;
    if (chars[i] === chars[k]) k++;
    fail[i] = k;
  }
  return chars.length - (fail[chars.length - 1] ?? 0);
}

function translate(s: string, table: Record<string, string>): string {
  return [...s].map((c) => table[c] ?? c).join('');
}

const CLASS_TESTS: [RegExp, number][] = [
  [/[a-z]/, 26],
  [/[A-Z]/, 26],
  [/[0-9]/, 10],
  [/[\x20-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]/, 33],
  [/[^\x20-\x7e]/, 100],
];

function poolSize(chars: string[]): number {
  return CLASS_TESTS.reduce((sum, [re, size]) => (chars.some((c) => re.test(c)) ? sum + size : sum), 0);
}

function classCount(chars: string[]): number {
  return CLASS_TESTS.filter(([re]) => chars.some((c) => re.test(c))).length;
}
