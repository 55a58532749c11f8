/**
 * A QR reader for tests only, written from the standard apart from the
 * encoder: it takes a clean module matrix (no image processing), finds the
 * level and mask from the format bits (by nearest BCH code word), reads the
 * codewords in the zigzag, checks every block's Reed–Solomon syndromes are
 * zero, and decodes the byte-mode segment.
 */
import { QR_ALIGNMENT, QR_BLOCKS, gfExp, gfMul, type QrLevel } from '../../../../src/main/core/reports/qr-code';

export interface QrRead {
  version: number;
  level: QrLevel | 'L' | 'H';
  mask: number;
  text: string;
}

const LEVELS: Record<number, QrRead['level']> = { 0b01: 'L', 0b00: 'M', 0b11: 'Q', 0b10: 'H' };

/** Every valid masked format word, computed by polynomial division (not the encoder's function). */
function formatWords(): Map<number, number> {
  const words = new Map<number, number>();
  for (let data = 0; data < 32; data++) {
    let value = data << 10;
    for (let bit = 14; bit >= 10; bit--) if (value & (1 << bit)) value ^= 0x537 << (bit - 10);
    words.set(((data << 10) | value) ^ 0x5412, data);
  }
  return words;
}

function popcount(n: number): number {
  let c = 0;
  for (; n; n &= n - 1) c++;
  return c;
}

function isFunctionModule(x: number, y: number, size: number, version: number): boolean {
  if (x === 6 || y === 6) return true;
  // Finders with separators, and the format areas beside them.
  if (x <= 8 && y <= 8) return true;
  if (x >= size - 8 && y <= 8) return true;
  if (x <= 8 && y >= size - 8) return true;
  if (version >= 7 && ((x >= size - 11 && x < size - 8 && y < 6) || (y >= size - 11 && y < size - 8 && x < 6))) return true;
  const centres = QR_ALIGNMENT[version - 1]!;
  for (const cx of centres) {
    for (const cy of centres) {
      const nearFinder = (cx === 6 && cy === 6) || (cx === 6 && cy === centres[centres.length - 1]) || (cy === 6 && cx === centres[centres.length - 1]);
      if (!nearFinder && Math.abs(x - cx) <= 2 && Math.abs(y - cy) <= 2) return true;
    }
  }
  return false;
}

const MASKS: ((x: number, y: number) => boolean)[] = [
  (x, y) => (x + y) % 2 === 0,
  (_x, y) => y % 2 === 0,
  (x) => x % 3 === 0,
  (x, y) => (x + y) % 3 === 0,
  (x, y) => (Math.floor(y / 2) + Math.floor(x / 3)) % 2 === 0,
  (x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
  (x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
  (x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
];

export function readQr(modules: boolean[][]): QrRead {
  const size = modules.length;
  const version = (size - 17) / 4;
  if (!Number.isInteger(version) || version < 1) throw new Error(`bad size ${size}`);
  const at = (x: number, y: number) => modules[y]![x]!;
  // The format word around the top-left finder: bits 0–7 down column 8 (skipping the timing row), 8–14 along row 8.
  const positions: [number, number][] = [
    [8, 0], [8, 1], [8, 2], [8, 3], [8, 4], [8, 5], [8, 7], [8, 8], [7, 8], [5, 8], [4, 8], [3, 8], [2, 8], [1, 8], [0, 8],
  ];
  let word = 0;
  positions.forEach(([x, y], i) => {
    if (at(x, y)) word |= 1 << i;
  });
  let best: { data: number; distance: number } = { data: -1, distance: 99 };
  for (const [candidate, data] of formatWords()) {
    const distance = popcount(candidate ^ word);
    if (distance < best.distance) best = { data, distance };
  }
  if (best.distance > 3) throw new Error('format bits unreadable');
  const level = LEVELS[best.data >> 3]!;
  const mask = best.data & 7;
  if (level !== 'M' && level !== 'Q') throw new Error(`level ${level} not supported by this reader`);

  const bits: number[] = [];
  // Column pairs from the right edge, skipping the vertical timing column; the first goes up, then they alternate.
  const pairs: number[] = [];
  for (let right = size - 1; right > 6; right -= 2) pairs.push(right);
  for (let right = 5; right >= 1; right -= 2) pairs.push(right);
  pairs.forEach((right, pairIndex) => {
    const goingUp = pairIndex % 2 === 0;
    for (let step = 0; step < size; step++) {
      const y = goingUp ? size - 1 - step : step;
      for (const x of [right, right - 1]) {
        if (isFunctionModule(x, y, size, version)) continue;
        bits.push(at(x, y) !== MASKS[mask]!(x, y) ? 1 : 0);
      }
    }
  });
  const spec = QR_BLOCKS[level][version - 1]!;
  const sizes = spec.groups.flatMap(([count, n]) => new Array<number>(count).fill(n));
  const total = sizes.reduce((a, b) => a + b, 0) + sizes.length * spec.ec;
  const codewords: number[] = [];
  for (let i = 0; i < total; i++) codewords.push(bits.slice(i * 8, i * 8 + 8).reduce((acc, b) => (acc << 1) | b, 0));

  // De-interleave: data column by column across the blocks, then the error correction the same way.
  const blocks = sizes.map(() => [] as number[]);
  let k = 0;
  for (let i = 0; i < Math.max(...sizes); i++) sizes.forEach((n, b) => i < n && blocks[b]!.push(codewords[k++]!));
  const ecs = sizes.map(() => [] as number[]);
  for (let i = 0; i < spec.ec; i++) sizes.forEach((_n, b) => ecs[b]!.push(codewords[k++]!));
  blocks.forEach((data, b) => {
    const all = [...data, ...ecs[b]!];
    for (let i = 0; i < spec.ec; i++) {
      // The codeword polynomial evaluated at α^i (Horner): zero for every root of the generator.
      let s = 0;
      for (const c of all) s = gfMul(s, gfExp(i)) ^ c;
      if (s !== 0) throw new Error(`block ${b}: syndrome ${i} is ${s}`);
    }
  });

  const data = blocks.flat();
  const stream = data.flatMap((byte) => [7, 6, 5, 4, 3, 2, 1, 0].map((i) => (byte >> i) & 1));
  let p = 0;
  const take = (n: number) => {
    let v = 0;
    for (let i = 0; i < n; i++) v = (v << 1) | stream[p++]!;
    return v;
  };
  const mode = take(4);
  if (mode !== 0b0100) throw new Error(`mode ${mode.toString(2)} is not byte mode`);
  const length = take(version < 10 ? 8 : 16);
  const bytes = Uint8Array.from({ length }, () => take(8));
  return { version, level, mask, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
}
