/**
 * The accounting period (所属期) a document belongs to, read from its file name
 * (2024-03, 2024年3月, 202403, 2024Q1, 2024年度) or its content (a statement's
 * period, 开票日期, 税款所属期). Nothing found is null — shown as 未识别, never
 * replaced by a default.
 */

export interface PeriodGuess {
  year: number;
  /** 1–12 for a month; null for a quarter or a whole year. */
  month: number | null;
  /** 1–4 for a quarter. */
  quarter: number | null;
  source: 'name' | 'content';
  /** The words it was read from, for the dialog to show. */
  evidence: string;
}

const YEAR_MIN = 1990;
const YEAR_MAX = 2100;

const validYear = (y: number) => y >= YEAR_MIN && y <= YEAR_MAX;
const validMonth = (m: number) => m >= 1 && m <= 12;

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 1: 1, 2: 2, 3: 3, 4: 4 };

/** Patterns tried in order on a file name (digits not part of a longer run). */
const NAME_PATTERNS: { re: RegExp; make: (m: RegExpExecArray) => Omit<PeriodGuess, 'source' | 'evidence'> | null }[] = [
  // 2024年第一季度, 2024年1季度, 2024Q1, 2024-Q1, 2024 q1
  {
    re: /(?<!\d)(\d{4})\s*(?:年\s*第?\s*([一二三四1-4])\s*季度?|[-_. ]?[Qq]([1-4]))(?!\d)/,
    make: (m) => ({ year: Number(m[1]), month: null, quarter: CN_DIGITS[m[2] ?? m[3] ?? ''] ?? null }),
  },
  // 2024年3月, 2024年03月
  { re: /(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月/, make: (m) => ({ year: Number(m[1]), month: Number(m[2]), quarter: null }) },
  // 2024-03, 2024_03, 2024.3, 2024/03 (not a full date's first part: 2024-03-15 is a day, still its month)
  { re: /(?<!\d)(\d{4})[-_./](\d{1,2})(?!\d)/, make: (m) => ({ year: Number(m[1]), month: Number(m[2]), quarter: null }) },
  // 202403 (six digits alone)
  { re: /(?<!\d)(\d{4})(\d{2})(?!\d)/, make: (m) => ({ year: Number(m[1]), month: Number(m[2]), quarter: null }) },
  // 2024年度, 2024年
  { re: /(?<!\d)(\d{4})\s*年(?:度)?/, make: (m) => ({ year: Number(m[1]), month: null, quarter: null }) },
];

function valid(p: Omit<PeriodGuess, 'source' | 'evidence'>): boolean {
  return validYear(p.year) && (p.month === null || validMonth(p.month)) && (p.quarter === null || (p.quarter >= 1 && p.quarter <= 4));
}

/** The period a file name gives, or null. */
export function periodFromName(name: string): PeriodGuess | null {
  const base = name.replace(/\.[^.]{1,8}$/, '');
  for (const { re, make } of NAME_PATTERNS) {
    const m = re.exec(base);
    if (!m) continue;
    const p = make(m);
    if (p && valid(p)) return { ...p, source: 'name', evidence: m[0] };
  }
  return null;
}

const DATE = String.raw`(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})\s*日?`;
/** A range of days: its period is the month (one month) or the quarter (three whole months of one quarter). */
const RANGE = new RegExp(`${DATE}\\s*(?:至|到|-|—|~|～)\\s*${DATE}`);
/** Labels whose date (or range) is the document's period, strongest first. */
const LABELLED = [/(?:税款)?所属(?:期|时期|期间)/, /(?:对账|账单|交易|查询|起止)(?:期间|日期|周期|时间)/, /开票日期/, /(?:报表|会计)期间/];

function fromRange(m: RegExpExecArray): Omit<PeriodGuess, 'source' | 'evidence'> | null {
  const [y1, m1, y2, m2] = [Number(m[1]), Number(m[2]), Number(m[4]), Number(m[5])];
  if (!validYear(y1) || !validMonth(m1) || y1 !== y2 || !validMonth(m2) || m2 < m1) return null;
  if (m1 === m2) return { year: y1, month: m1, quarter: null };
  if (m1 === 1 && m2 === 12) return { year: y1, month: null, quarter: null };
  if (m2 - m1 === 2 && (m1 - 1) % 3 === 0) return { year: y1, month: null, quarter: (m1 + 2) / 3 };
  return null;
}

/** The period the content states (a labelled range or date near the top), or null. */
export function periodFromText(text: string): PeriodGuess | null {
  const head = text.slice(0, 20_000);
  for (const label of LABELLED) {
    const at = head.search(label);
    if (at < 0) continue;
    const window = head.slice(at, at + 80);
    const range = RANGE.exec(window);
    if (range) {
      // A range that is not one month, quarter or year names no single period.
      const p = fromRange(range);
      if (p) return { ...p, source: 'content', evidence: window.slice(0, range.index + range[0].length).trim() };
      continue;
    }
    const date = new RegExp(DATE).exec(window);
    if (date && validYear(Number(date[1])) && validMonth(Number(date[2]))) {
      return { year: Number(date[1]), month: Number(date[2]), quarter: null, source: 'content', evidence: window.slice(0, date.index + date[0].length).trim() };
    }
  }
  return null;
}

/** What the import dialog proposes: the name first (a person chose it), else the content. */
export function guessPeriod(name: string, text: string | null): PeriodGuess | null {
  return periodFromName(name) ?? (text ? periodFromText(text) : null);
}

/** 2024年03月 / 2024年第1季度 / 2024年度, as the dialog shows a guess. */
export function periodLabel(p: Pick<PeriodGuess, 'year' | 'month' | 'quarter'>): string {
  if (p.month !== null) return `${p.year}年${String(p.month).padStart(2, '0')}月`;
  if (p.quarter !== null) return `${p.year}年第${p.quarter}季度`;
  return `${p.year}年度`;
}
