/**
 * A small QR code encoder (ISO/IEC 18004): byte mode, error correction level
 * M or Q, versions 1–10 (up to 213 bytes at M). Enough for the recovery key
 * (74 characters: version 5-M) on the printed recovery sheet; no dependency.
 */

export type QrLevel = 'M' | 'Q';

export interface QrCode {
  version: number;
  level: QrLevel;
  mask: number;
  /** Modules per side (17 + 4 × version). */
  size: number;
  /** modules[y][x]: true is dark. */
  modules: boolean[][];
}

/** Per version 1–10: error correction codewords per block, then [block count, data codewords per block] per group. */
type BlockSpec = { ec: number; groups: [number, number][] };

export const QR_BLOCKS: Record<QrLevel, BlockSpec[]> = {
  M: [
    { ec: 10, groups: [[1, 16]] },
    { ec: 16, groups: [[1, 28]] },
    { ec: 26, groups: [[1, 44]] },
    { ec: 18, groups: [[2, 32]] },
    { ec: 24, groups: [[2, 43]] },
    { ec: 16, groups: [[4, 27]] },
    { ec: 18, groups: [[4, 31]] },
    { ec: 22, groups: [[2, 38], [2, 39]] },
    { ec: 22, groups: [[3, 36], [2, 37]] },
    { ec: 26, groups: [[4, 43], [1, 44]] },
  ],
  Q: [
    { ec: 13, groups: [[1, 13]] },
    { ec: 22, groups: [[1, 22]] },
    { ec: 18, groups: [[2, 17]] },
    { ec: 26, groups: [[2, 24]] },
    { ec: 18, groups: [[2, 15], [2, 16]] },
    { ec: 24, groups: [[4, 19]] },
    { ec: 18, groups: [[2, 14], [4, 15]] },
    { ec: 22, groups: [[4, 18], [2, 19]] },
    { ec: 20, groups: [[4, 16], [4, 17]] },
    { ec: 24, groups: [[6, 19], [2, 20]] },
  ],
};

export const QR_MAX_VERSION = QR_BLOCKS.M.length;

/** Alignment pattern centres per version (both axes). */
export const QR_ALIGNMENT: number[][] = [[], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50]];

const LEVEL_BITS: Record<QrLevel, number> = { M: 0b00, Q: 0b11 };

export function dataCodewords(version: number, level: QrLevel): number {
  return QR_BLOCKS[level][version - 1]!.groups.reduce((sum, [count, size]) => sum + count * size, 0);
}

// ---- GF(256) and Reed–Solomon (primitive polynomial x^8 + x^4 + x^3 + x^2 + 1) ----

const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
{
  let x = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = x;
    LOG[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= 0x11d;
  }
  for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255]!;
}

export function gfMul(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : EXP[LOG[a]! + LOG[b]!]!;
}

/** α^i. */
export function gfExp(i: number): number {
  return EXP[i % 255]!;
}

/** The generator polynomial ∏ (x − α^i), i < degree; coefficients from the highest power down, the leading 1 left out. */
function generator(degree: number): number[] {
  let poly = [1];
  for (let i = 0; i < degree; i++) {
    const next = new Array<number>(poly.length + 1).fill(0);
    for (let j = 0; j < poly.length; j++) {
      next[j]! ^= poly[j]!;
      next[j + 1]! ^= gfMul(poly[j]!, gfExp(i));
    }
    poly = next;
  }
  return poly.slice(1);
}

/** The error correction codewords of one block: the remainder of data · x^degree divided by the generator. */
export function reedSolomon(data: readonly number[], degree: number): number[] {
  const gen = generator(degree);
  const rem = new Array<number>(degree).fill(0);
  for (const byte of data) {
    const factor = byte ^ rem.shift()!;
    rem.push(0);
    for (let i = 0; i < degree; i++) rem[i]! ^= gfMul(gen[i]!, factor);
  }
  return rem;
}

// ---- the data bit stream ----

function encodeData(bytes: Uint8Array, version: number, level: QrLevel): number[] {
  const bits: number[] = [];
  const put = (value: number, length: number) => {
    for (let i = length - 1; i >= 0; i--) bits.push((value >>> i) & 1);
  };
  put(0b0100, 4);
  put(bytes.length, version < 10 ? 8 : 16);
  for (const b of bytes) put(b, 8);
  const capacity = dataCodewords(version, level) * 8;
  put(0, Math.min(4, capacity - bits.length));
  put(0, (8 - (bits.length % 8)) % 8);
  const codewords: number[] = [];
  for (let i = 0; i < bits.length; i += 8) codewords.push(bits.slice(i, i + 8).reduce((acc, bit) => (acc << 1) | bit, 0));
  for (let pad = 0xec; codewords.length < capacity / 8; pad ^= 0xec ^ 0x11) codewords.push(pad);
  return codewords;
}

/** Data split into blocks, each followed by its error correction, interleaved as the symbol holds them. */
export function interleave(data: readonly number[], version: number, level: QrLevel): number[] {
  const spec = QR_BLOCKS[level][version - 1]!;
  const blocks: number[][] = [];
  let at = 0;
  for (const [count, size] of spec.groups) {
    for (let i = 0; i < count; i++) {
      blocks.push(data.slice(at, at + size));
      at += size;
    }
  }
  const ecBlocks = blocks.map((block) => reedSolomon(block, spec.ec));
  const out: number[] = [];
  const longest = Math.max(...blocks.map((b) => b.length));
  for (let i = 0; i < longest; i++) for (const block of blocks) if (i < block.length) out.push(block[i]!);
  for (let i = 0; i < spec.ec; i++) for (const ec of ecBlocks) out.push(ec[i]!);
  return out;
}

// ---- format and version information ----

/** The 15 format bits (level, mask, BCH(15,5), masked with 101010000010010). */
export function formatBits(level: QrLevel, mask: number): number {
  const data = (LEVEL_BITS[level] << 3) | mask;
  let rem = data;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
  return ((data << 10) | (rem & 0x3ff)) ^ 0x5412;
}

/** The 18 version bits (version 7 and up): version, BCH(18,6). */
export function versionBits(version: number): number {
  let rem = version;
  for (let i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >>> 11) * 0x1f25);
  return (version << 12) | (rem & 0xfff);
}

// ---- the symbol ----

class Matrix {
  readonly dark: boolean[][];
  readonly fixed: boolean[][];

  constructor(readonly size: number) {
    this.dark = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
    this.fixed = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
  }

  set(x: number, y: number, dark: boolean): void {
    this.dark[y]![x] = dark;
    this.fixed[y]![x] = true;
  }
}

function drawFunctionPatterns(m: Matrix, version: number): void {
  const { size } = m;
  for (let i = 0; i < size; i++) {
    m.set(6, i, i % 2 === 0);
    m.set(i, 6, i % 2 === 0);
  }
  for (const [cx, cy] of [
    [3, 3],
    [size - 4, 3],
    [3, size - 4],
  ] as const) {
    for (let dy = -4; dy <= 4; dy++) {
      for (let dx = -4; dx <= 4; dx++) {
        const x = cx + dx;
        const y = cy + dy;
        const ring = Math.max(Math.abs(dx), Math.abs(dy));
        if (x >= 0 && x < size && y >= 0 && y < size) m.set(x, y, ring !== 2 && ring !== 4);
      }
    }
  }
  const centres = QR_ALIGNMENT[version - 1]!;
  const last = centres.length - 1;
  centres.forEach((cx, i) =>
    centres.forEach((cy, j) => {
      // Not where a finder pattern is.
      if ((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)) return;
      for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) m.set(cx + dx, cy + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
    }),
  );
  // Reserve the format areas (drawn for real once the mask is known) and draw the version areas.
  drawFormat(m, 0);
  if (version >= 7) {
    const bits = versionBits(version);
    for (let i = 0; i < 18; i++) {
      const bit = ((bits >>> i) & 1) === 1;
      const a = size - 11 + (i % 3);
      const b = Math.floor(i / 3);
      m.set(a, b, bit);
      m.set(b, a, bit);
    }
  }
}

function drawFormat(m: Matrix, bits: number): void {
  const { size } = m;
  const bit = (i: number) => ((bits >>> i) & 1) === 1;
  for (let i = 0; i <= 5; i++) m.set(8, i, bit(i));
  m.set(8, 7, bit(6));
  m.set(8, 8, bit(7));
  m.set(7, 8, bit(8));
  for (let i = 9; i < 15; i++) m.set(14 - i, 8, bit(i));
  for (let i = 0; i < 8; i++) m.set(size - 1 - i, 8, bit(i));
  for (let i = 8; i < 15; i++) m.set(8, size - 15 + i, bit(i));
  // The dark module.
  m.set(8, size - 8, true);
}

/** Places the codewords' bits in the two-column zigzag, from the bottom right, skipping function modules. */
function drawCodewords(m: Matrix, codewords: readonly number[]): void {
  const { size } = m;
  const total = codewords.length * 8;
  let i = 0;
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    const upward = ((right + 1) & 2) === 0;
    for (let step = 0; step < size; step++) {
      const y = upward ? size - 1 - step : step;
      for (const x of [right, right - 1]) {
        if (m.fixed[y]![x]) continue;
        // Remainder bits past the last codeword stay light.
        m.dark[y]![x] = i < total && ((codewords[i >>> 3]! >>> (7 - (i & 7))) & 1) === 1;
        i++;
      }
    }
  }
}

export function maskApplies(mask: number, x: number, y: number): boolean {
  switch (mask) {
    case 0:
      return (x + y) % 2 === 0;
    case 1:
      return y % 2 === 0;
    case 2:
      return x % 3 === 0;
    case 3:
      return (x + y) % 3 === 0;
    case 4:
      return (Math.floor(y / 2) + Math.floor(x / 3)) % 2 === 0;
    case 5:
      return ((x * y) % 2) + ((x * y) % 3) === 0;
    case 6:
      return (((x * y) % 2) + ((x * y) % 3)) % 2 === 0;
    case 7:
      return (((x + y) % 2) + ((x * y) % 3)) % 2 === 0;
    default:
      throw new RangeError(`mask ${mask}`);
  }
}

function applyMask(m: Matrix, mask: number): void {
  for (let y = 0; y < m.size; y++) for (let x = 0; x < m.size; x++) if (!m.fixed[y]![x] && maskApplies(mask, x, y)) m.dark[y]![x] = !m.dark[y]![x];
}

const FINDER_LIKE = [
  [true, false, true, true, true, false, true, false, false, false, false],
  [false, false, false, false, true, false, true, true, true, false, true],
];

/** The standard's penalty score (runs, 2×2 blocks, finder-like patterns, dark balance): the lowest-scoring mask is used. */
export function penalty(dark: boolean[][]): number {
  const size = dark.length;
  const at = (x: number, y: number, columns: boolean) => (columns ? dark[x]![y]! : dark[y]![x]!);
  let score = 0;
  for (const columns of [false, true]) {
    for (let y = 0; y < size; y++) {
      let run = 1;
      for (let x = 1; x <= size; x++) {
        if (x < size && at(x, y, columns) === at(x - 1, y, columns)) run++;
        else {
          if (run >= 5) score += 3 + run - 5;
          run = 1;
        }
      }
      for (let x = 0; x + 11 <= size; x++) {
        for (const pattern of FINDER_LIKE) if (pattern.every((d, k) => at(x + k, y, columns) === d)) score += 40;
      }
    }
  }
  let darkCount = 0;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (dark[y]![x]) darkCount++;
      if (x + 1 < size && y + 1 < size) {
        const c = dark[y]![x];
        if (dark[y]![x + 1] === c && dark[y + 1]![x] === c && dark[y + 1]![x + 1] === c) score += 3;
      }
    }
  }
  score += Math.floor(Math.abs(darkCount * 20 - size * size * 10) / (size * size)) * 10;
  return score;
}

/** The smallest version (1–10) that holds `length` bytes at `level`; null when none does. */
export function versionFor(length: number, level: QrLevel): number | null {
  for (let v = 1; v <= QR_MAX_VERSION; v++) {
    const header = 4 + (v < 10 ? 8 : 16);
    if (header + length * 8 <= dataCodewords(v, level) * 8 && length < (v < 10 ? 256 : 65536)) return v;
  }
  return null;
}

/** Encodes text (as UTF-8 bytes) in byte mode; `mask` forces one (tests), else the lowest penalty wins. */
export function encodeQr(text: string, options: { level?: QrLevel; mask?: number } = {}): QrCode {
  const level = options.level ?? 'M';
  const bytes = new TextEncoder().encode(text);
  const version = versionFor(bytes.length, level);
  if (version === null) throw new RangeError(`too long for a version ${QR_MAX_VERSION}-${level} QR code: ${bytes.length} bytes`);
  const codewords = interleave(encodeData(bytes, version, level), version, level);
  const size = 17 + 4 * version;
  const masks = options.mask === undefined ? [0, 1, 2, 3, 4, 5, 6, 7] : [options.mask];
  let best: { mask: number; dark: boolean[][]; score: number } | null = null;
  for (const mask of masks) {
    const m = new Matrix(size);
    drawFunctionPatterns(m, version);
    drawCodewords(m, codewords);
    applyMask(m, mask);
    drawFormat(m, formatBits(level, mask));
    const score = penalty(m.dark);
    if (!best || score < best.score) best = { mask, dark: m.dark, score };
  }
  return { version, level, mask: best!.mask, size, modules: best!.dark };
}
