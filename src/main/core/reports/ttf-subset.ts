import type { Sfnt } from './sfnt';

/**
 * A TrueType font holding only some glyphs of another, renumbered 0..n-1 in
 * the order asked for (0 stays .notdef); composite glyphs bring their parts,
 * with references rewritten. Tables kept: those a PDF's FontFile2 needs
 * (head, hhea, maxp, hmtx, loca, glyf, post, OS/2 and the hinting tables).
 * No cmap: a PDF's Identity CIDToGIDMap names glyphs by number.
 */
export interface Subset {
  font: Buffer;
  /** New glyph ids, by the original's. */
  glyphs: Map<number, number>;
  /** Original glyph ids, by the new ones. */
  order: number[];
}

const ARG_WORDS = 0x0001;
const HAS_SCALE = 0x0008;
const MORE = 0x0020;
const HAS_XY_SCALE = 0x0040;
const HAS_2X2 = 0x0080;

/** Offsets of the glyph-index fields in a composite glyph, and the glyphs they name. */
function components(data: Buffer): { at: number; glyph: number }[] {
  if (data.length < 10 || data.readInt16BE(0) >= 0) return [];
  const out: { at: number; glyph: number }[] = [];
  let at = 10;
  for (;;) {
    const flags = data.readUInt16BE(at);
    out.push({ at: at + 2, glyph: data.readUInt16BE(at + 2) });
    at += 4 + (flags & ARG_WORDS ? 4 : 2);
    if (flags & HAS_SCALE) at += 2;
    else if (flags & HAS_XY_SCALE) at += 4;
    else if (flags & HAS_2X2) at += 8;
    if (!(flags & MORE)) return out;
  }
}

function checksum(data: Buffer): number {
  let sum = 0;
  const padded = data.length % 4 === 0 ? data : Buffer.concat([data, Buffer.alloc(4 - (data.length % 4))]);
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
}

function pad4(data: Buffer): Buffer {
  return data.length % 4 === 0 ? data : Buffer.concat([data, Buffer.alloc(4 - (data.length % 4))]);
}

/** An sfnt file from its tables, in tag order, with the head checksum adjustment set. */
function writeSfnt(tables: Map<string, Buffer>): Buffer {
  const tags = [...tables.keys()].sort();
  const count = tags.length;
  let power = 1;
  let log = 0;
  while (power * 2 <= count) {
    power *= 2;
    log++;
  }
  const header = Buffer.alloc(12 + count * 16);
  header.writeUInt32BE(0x00010000, 0);
  header.writeUInt16BE(count, 4);
  header.writeUInt16BE(power * 16, 6);
  header.writeUInt16BE(log, 8);
  header.writeUInt16BE(count * 16 - power * 16, 10);
  const bodies: Buffer[] = [];
  let offset = header.length;
  tags.forEach((tag, i) => {
    const data = tables.get(tag)!;
    const at = 12 + i * 16;
    header.write(tag, at, 'latin1');
    header.writeUInt32BE(checksum(data), at + 4);
    header.writeUInt32BE(offset, at + 8);
    header.writeUInt32BE(data.length, at + 12);
    bodies.push(pad4(data));
    offset += pad4(data).length;
  });
  const file = Buffer.concat([header, ...bodies]);
  const headAt = header.readUInt32BE(12 + tags.indexOf('head') * 16 + 8);
  file.writeUInt32BE((0xb1b0afba - checksum(file)) >>> 0, headAt + 8);
  return file;
}

export function subsetFont(font: Sfnt, wanted: readonly number[]): Subset {
  const order: number[] = [];
  const glyphs = new Map<number, number>();
  const add = (g: number) => {
    if (glyphs.has(g)) return;
    glyphs.set(g, order.length);
    order.push(g);
    for (const part of components(font.glyphData(g))) add(part.glyph);
  };
  add(0);
  for (const g of wanted) add(g);

  const glyfParts: Buffer[] = [];
  const loca = Buffer.alloc((order.length + 1) * 4);
  const hmtx = Buffer.alloc(order.length * 4);
  let offset = 0;
  order.forEach((g, i) => {
    const data = Buffer.from(font.glyphData(g));
    for (const part of components(data)) data.writeUInt16BE(glyphs.get(part.glyph)!, part.at);
    const padded = pad4(data);
    glyfParts.push(padded);
    loca.writeUInt32BE(offset, i * 4);
    offset += padded.length;
    hmtx.writeUInt16BE(font.advanceOf(g), i * 4);
    hmtx.writeInt16BE(font.lsbOf(g), i * 4 + 2);
  });
  loca.writeUInt32BE(offset, order.length * 4);

  const head = Buffer.from(font.tables.get('head')!);
  head.writeUInt32BE(0, 8);
  head.writeInt16BE(1, 50);
  const hhea = Buffer.from(font.tables.get('hhea')!);
  hhea.writeUInt16BE(order.length, 34);
  const maxp = Buffer.from(font.tables.get('maxp')!);
  maxp.writeUInt16BE(order.length, 4);
  const out = new Map<string, Buffer>([
    ['head', head],
    ['hhea', hhea],
    ['maxp', maxp],
    ['hmtx', hmtx],
    ['loca', loca],
    ['glyf', Buffer.concat(glyfParts)],
  ]);
  const post = font.tables.get('post');
  if (post && post.length >= 32) {
    // Format 3: no glyph names (they would name the original's numbering).
    const p = Buffer.from(post.subarray(0, 32));
    p.writeUInt32BE(0x00030000, 0);
    out.set('post', p);
  }
  for (const tag of ['OS/2', 'cvt ', 'fpgm', 'prep']) {
    const t = font.tables.get(tag);
    if (t) out.set(tag, t);
  }
  return { font: writeSfnt(out), glyphs, order };
}
