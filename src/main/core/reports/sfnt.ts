import { inflateSync } from 'node:zlib';

/**
 * Reading a TrueType font (a .ttf, or a .woff wrapping one): its tables, the
 * character-to-glyph map and the metrics a PDF needs. Only what the report
 * PDFs' font subsetting (ttf-subset.ts) uses.
 */
export interface Sfnt {
  tables: Map<string, Buffer>;
  unitsPerEm: number;
  numGlyphs: number;
  /** Glyph id for a code point; 0 (.notdef) when the font has none. */
  glyphOf(codePoint: number): number;
  /** Advance width in font units. */
  advanceOf(glyph: number): number;
  /** Left side bearing in font units. */
  lsbOf(glyph: number): number;
  /** The glyph's outline bytes from glyf (empty for a blank glyph). */
  glyphData(glyph: number): Buffer;
}

function table(tables: Map<string, Buffer>, tag: string): Buffer {
  const t = tables.get(tag);
  if (!t) throw new Error(`font has no ${tag} table`);
  return t;
}

function readTables(file: Buffer): Map<string, Buffer> {
  const tables = new Map<string, Buffer>();
  const signature = file.toString('latin1', 0, 4);
  if (signature === 'wOFF') {
    if (file.readUInt32BE(4) !== 0x00010000) throw new Error('not a TrueType-flavoured WOFF');
    const count = file.readUInt16BE(12);
    for (let i = 0; i < count; i++) {
      const at = 44 + i * 20;
      const tag = file.toString('latin1', at, at + 4);
      const offset = file.readUInt32BE(at + 4);
      const compressed = file.readUInt32BE(at + 8);
      const length = file.readUInt32BE(at + 12);
      const data = file.subarray(offset, offset + compressed);
      tables.set(tag, compressed < length ? inflateSync(data) : Buffer.from(data));
    }
    return tables;
  }
  if (file.readUInt32BE(0) !== 0x00010000 && signature !== 'true') throw new Error('not a TrueType font');
  const count = file.readUInt16BE(4);
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16;
    const offset = file.readUInt32BE(at + 8);
    tables.set(file.toString('latin1', at, at + 4), file.subarray(offset, offset + file.readUInt32BE(at + 12)));
  }
  return tables;
}

type CharMap = (codePoint: number) => number;

/** cmap format 12 (all of Unicode) if the font has one, else format 4 (the BMP). */
function charMap(cmap: Buffer): CharMap {
  const count = cmap.readUInt16BE(2);
  let format4: number | null = null;
  for (let i = 0; i < count; i++) {
    const platform = cmap.readUInt16BE(4 + i * 8);
    const encoding = cmap.readUInt16BE(6 + i * 8);
    const offset = cmap.readUInt32BE(8 + i * 8);
    const format = cmap.readUInt16BE(offset);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    if (format === 12) return format12(cmap, offset);
    if (format === 4 && format4 === null) format4 = offset;
  }
  if (format4 === null) throw new Error('font has no Unicode cmap');
  return format4Map(cmap, format4);
}

function format12(cmap: Buffer, offset: number): CharMap {
  const groups = cmap.readUInt32BE(offset + 12);
  const base = offset + 16;
  return (c) => {
    let lo = 0;
    let hi = groups - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = base + mid * 12;
      const start = cmap.readUInt32BE(at);
      const end = cmap.readUInt32BE(at + 4);
      if (c < start) hi = mid - 1;
      else if (c > end) lo = mid + 1;
      else return cmap.readUInt32BE(at + 8) + (c - start);
    }
    return 0;
  };
}

function format4Map(cmap: Buffer, offset: number): CharMap {
  const segments = cmap.readUInt16BE(offset + 6) / 2;
  const ends = offset + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const rangeOffsets = deltas + segments * 2;
  return (c) => {
    if (c > 0xffff) return 0;
    for (let i = 0; i < segments; i++) {
      if (cmap.readUInt16BE(ends + i * 2) < c) continue;
      const start = cmap.readUInt16BE(starts + i * 2);
      if (start > c) return 0;
      const delta = cmap.readUInt16BE(deltas + i * 2);
      const rangeAt = rangeOffsets + i * 2;
      const range = cmap.readUInt16BE(rangeAt);
      if (range === 0) return (c + delta) & 0xffff;
      const glyph = cmap.readUInt16BE(rangeAt + range + (c - start) * 2);
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };
}

export function readSfnt(file: Buffer): Sfnt {
  const tables = readTables(file);
  const head = table(tables, 'head');
  const hhea = table(tables, 'hhea');
  const hmtx = table(tables, 'hmtx');
  const loca = table(tables, 'loca');
  const glyf = table(tables, 'glyf');
  const numGlyphs = table(tables, 'maxp').readUInt16BE(4);
  const longLoca = head.readInt16BE(50) === 1;
  const metrics = hhea.readUInt16BE(34);
  // A subset made for a PDF has none: its glyphs are named by number.
  const cmap = tables.get('cmap');
  const map: CharMap = cmap ? charMap(cmap) : () => 0;
  const locaAt = (g: number) => (longLoca ? loca.readUInt32BE(g * 4) : loca.readUInt16BE(g * 2) * 2);
  return {
    tables,
    unitsPerEm: head.readUInt16BE(18),
    numGlyphs,
    glyphOf: (c) => {
      const g = map(c);
      return g < numGlyphs ? g : 0;
    },
    advanceOf: (g) => hmtx.readUInt16BE(Math.min(g, metrics - 1) * 4),
    lsbOf: (g) => (g < metrics ? hmtx.readInt16BE(g * 4 + 2) : hmtx.readInt16BE(metrics * 4 + (g - metrics) * 2)),
    glyphData: (g) => glyf.subarray(locaAt(g), locaAt(g + 1)),
  };
}
