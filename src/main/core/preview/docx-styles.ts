/**
 * What a .docx's styles.xml and numbering.xml tell the preview: which paragraph styles are
 * headings (and which list they number), and how each list level is numbered, so list
 * items get the markers Word shows ("1.", "（一）", "a)", "•").
 */
import { scanXml, type XmlAttrs } from './xml-scan';

interface StyleInfo {
  name: string;
  basedOn: string | null;
  outlineLevel: number | null;
  numId: string | null;
  ilvl: number | null;
}

export class DocxStyles {
  private readonly styles = new Map<string, StyleInfo>();

  constructor(xml: string | null) {
    if (xml === null) return;
    let current: { id: string; info: StyleInfo } | null = null;
    scanXml(xml, {
      open: (name, attrs) => {
        if (name === 'style') {
          current = attrs['type'] === 'paragraph' && attrs['styleId'] ? { id: attrs['styleId'], info: { name: '', basedOn: null, outlineLevel: null, numId: null, ilvl: null } } : null;
          return;
        }
        if (!current) return;
        const val = attrs['val'] ?? '';
        if (name === 'name') current.info.name = val;
        else if (name === 'basedOn') current.info.basedOn = val;
        else if (name === 'outlineLvl') current.info.outlineLevel = toInt(val);
        else if (name === 'numId') current.info.numId = val;
        else if (name === 'ilvl') current.info.ilvl = toInt(val);
      },
      close: (name) => {
        if (name === 'style' && current) {
          this.styles.set(current.id, current.info);
          current = null;
        }
      },
      text: () => undefined,
      wantsText: () => false,
    });
  }

  /** Heading level 1–6 of a paragraph style (its own or the one it is based on). */
  headingLevel(styleId: string | null): number | undefined {
    for (let id = styleId, hops = 0; id && hops < 8; hops++) {
      const info = this.styles.get(id);
      const label = `${info?.name ?? ''}|${id}`.toLowerCase();
      if (/^title\b|\|title$/.test(label)) return 1;
      const m = /(?:heading|标题)\s*(\d)/.exec(label);
      if (m) return Math.min(6, Math.max(1, Number(m[1])));
      if (info?.outlineLevel !== null && info?.outlineLevel !== undefined && info.outlineLevel < 6) return info.outlineLevel + 1;
      id = info?.basedOn ?? null;
    }
    return undefined;
  }

  /** The numbering a paragraph style carries (heading numbering is usually set this way). */
  numbering(styleId: string | null): { numId: string; ilvl: number } | null {
    for (let id = styleId, hops = 0; id && hops < 8; hops++) {
      const info = this.styles.get(id);
      if (info?.numId) return { numId: info.numId, ilvl: info.ilvl ?? 0 };
      id = info?.basedOn ?? null;
    }
    return null;
  }
}

interface Level {
  format: string;
  text: string;
  start: number;
}

/** Lists as numbering.xml defines them, counting items as the document goes. */
export class DocxNumbering {
  private readonly abstracts = new Map<string, Map<number, Level>>();
  private readonly nums = new Map<string, string>();
  private readonly counters = new Map<string, number[]>();

  constructor(xml: string | null) {
    if (xml === null) return;
    let abstract: Map<number, Level> | null = null;
    let level: Level | null = null;
    let num: string | null = null;
    const onOpen = (name: string, attrs: XmlAttrs) => {
      const val = attrs['val'] ?? '';
      if (name === 'abstractNum') {
        abstract = new Map();
        this.abstracts.set(attrs['abstractNumId'] ?? '', abstract);
      } else if (name === 'lvl' && abstract) {
        level = { format: 'decimal', text: '', start: 1 };
        abstract.set(toInt(attrs['ilvl'] ?? '0') ?? 0, level);
      } else if (name === 'num') num = attrs['numId'] ?? null;
      else if (name === 'abstractNumId' && num !== null) this.nums.set(num, val);
      else if (level && name === 'numFmt') level.format = val;
      else if (level && name === 'lvlText') level.text = val;
      else if (level && name === 'start') level.start = toInt(val) ?? 1;
    };
    scanXml(xml, {
      open: (name, attrs) => onOpen(name, attrs),
      close: (name) => {
        if (name === 'lvl') level = null;
        else if (name === 'abstractNum') abstract = null;
        else if (name === 'num') num = null;
      },
      text: () => undefined,
      wantsText: () => false,
    });
  }

  /** The marker of the next item of list `numId` at `ilvl`; null when the list is not defined (or is "none"). */
  next(numId: string, ilvl: number): string | null {
    const levels = this.abstracts.get(this.nums.get(numId) ?? '');
    const level = levels?.get(ilvl);
    if (!levels || !level || level.format === 'none' || numId === '0') return null;
    const counts = this.counters.get(numId) ?? [];
    this.counters.set(numId, counts);
    for (let l = 0; l <= ilvl; l++) counts[l] ??= (levels.get(l)?.start ?? 1) - 1;
    counts[ilvl] = (counts[ilvl] ?? 0) + 1;
    // A higher-level item restarts the levels below it.
    counts.length = ilvl + 1;
    if (level.format === 'bullet') return bulletFor(level.text, ilvl);
    return level.text.replace(/%([1-9])/g, (_, n: string) => {
      const l = Number(n) - 1;
      return formatNumber(counts[l] ?? levels.get(l)?.start ?? 1, levels.get(l)?.format ?? 'decimal');
    });
  }
}

/** Symbol-font bullets (Wingdings private-use characters) have no meaning as text: a plain bullet instead. */
function bulletFor(text: string, ilvl: number): string {
  const ch = [...text][0];
  if (ch && !/[\uE000-\uF8FF]/.test(ch) && ch.trim() !== '') return ch;
  return ['•', '◦', '▪'][ilvl % 3] ?? '•';
}

const CHINESE_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

function chineseCounting(n: number): string {
  if (n < 10) return CHINESE_DIGITS[n] ?? String(n);
  if (n < 100) {
    const tens = Math.floor(n / 10);
    const ones = n % 10;
    return `${tens === 1 ? '' : CHINESE_DIGITS[tens]}十${ones === 0 ? '' : CHINESE_DIGITS[ones]}`;
  }
  return String(n);
}

function letters(n: number): string {
  // Word repeats the letter past z: aa, bbb…
  const letter = String.fromCharCode(97 + ((n - 1) % 26));
  return letter.repeat(Math.floor((n - 1) / 26) + 1);
}

function roman(n: number): string {
  const table: [number, string][] = [
    [1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'],
    [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i'],
  ];
  let out = '';
  for (const [value, digits] of table) {
    while (n >= value) {
      out += digits;
      n -= value;
    }
  }
  return out;
}

export function formatNumber(n: number, format: string): string {
  if (n <= 0) return String(n);
  switch (format) {
    case 'lowerLetter':
      return letters(n);
    case 'upperLetter':
      return letters(n).toUpperCase();
    case 'lowerRoman':
      return roman(n);
    case 'upperRoman':
      return roman(n).toUpperCase();
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'ideographTraditional':
    case 'taiwaneseCounting':
      return chineseCounting(n);
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
      return n <= 20 ? String.fromCodePoint(0x2460 + n - 1) : String(n);
    case 'decimalZero':
      return String(n).padStart(2, '0');
    default:
      return String(n);
  }
}

function toInt(text: string): number | null {
  const n = Number.parseInt(text, 10);
  return Number.isFinite(n) ? n : null;
}
