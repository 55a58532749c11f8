import type { Sfnt } from '../reports/sfnt';

/**
 * Draws a line of text into a coverage mask from a TrueType font's glyf
 * outlines: quadratic contours flattened to polygons, filled by scanlines
 * with the non-zero rule at 4×4 samples per pixel. Enough for a watermark;
 * no hinting, kerning or shaping.
 */

type Point = [number, number];

const ON_CURVE = 0x01;
const X_SHORT = 0x02;
const Y_SHORT = 0x04;
const REPEAT = 0x08;
const X_SAME = 0x10;
const Y_SAME = 0x20;

const ARG_WORDS = 0x0001;
const HAS_SCALE = 0x0008;
const MORE = 0x0020;
const HAS_XY_SCALE = 0x0040;
const HAS_2X2 = 0x0080;

/** The glyph's contours in font units (composite glyphs with their parts moved and scaled). */
export function glyphContours(font: Sfnt, glyph: number, depth = 0): Point[][] {
  const data = font.glyphData(glyph);
  if (data.length < 10 || depth > 8) return [];
  const contours = data.readInt16BE(0);
  return contours >= 0 ? simpleContours(data, contours) : compositeContours(font, data, depth);
}

function simpleContours(data: Buffer, count: number): Point[][] {
  const ends: number[] = [];
  for (let i = 0; i < count; i++) ends.push(data.readUInt16BE(10 + i * 2));
  const points = count === 0 ? 0 : (ends[count - 1] ?? -1) + 1;
  let at = 10 + count * 2;
  at += 2 + data.readUInt16BE(at);
  const flags: number[] = [];
  while (flags.length < points) {
    const flag = data[at++] ?? 0;
    flags.push(flag);
    if (flag & REPEAT) for (let r = data[at++] ?? 0; r > 0; r--) flags.push(flag);
  }
  const read = (short: number, same: number): number[] => {
    const out: number[] = [];
    let v = 0;
    for (const flag of flags.slice(0, points)) {
      if (flag & short) {
        const d = data[at++] ?? 0;
        v += flag & same ? d : -d;
      } else if (!(flag & same)) {
        v += data.readInt16BE(at);
        at += 2;
      }
      out.push(v);
    }
    return out;
  };
  const xs = read(X_SHORT, X_SAME);
  const ys = read(Y_SHORT, Y_SAME);
  const result: Point[][] = [];
  let start = 0;
  for (const end of ends) {
    const raw: { p: Point; on: boolean }[] = [];
    for (let i = start; i <= end; i++) raw.push({ p: [xs[i] ?? 0, ys[i] ?? 0], on: ((flags[i] ?? 0) & ON_CURVE) !== 0 });
    start = end + 1;
    if (raw.length > 0) result.push(flatten(raw));
  }
  return result;
}

/** A quadratic contour as a polygon: implied on-curve points between two off-curve ones, each curve cut into 6 lines. */
function flatten(raw: { p: Point; on: boolean }[]): Point[] {
  const pts: { p: Point; on: boolean }[] = [];
  for (let i = 0; i < raw.length; i++) {
    const a = raw[i]!;
    const b = raw[(i + 1) % raw.length]!;
    pts.push(a);
    if (!a.on && !b.on) pts.push({ p: [(a.p[0] + b.p[0]) / 2, (a.p[1] + b.p[1]) / 2], on: true });
  }
  const first = pts.findIndex((q) => q.on);
  if (first < 0) return pts.map((q) => q.p);
  const ordered = [...pts.slice(first), ...pts.slice(0, first)];
  const out: Point[] = [];
  for (let i = 0; i < ordered.length; i++) {
    const cur = ordered[i]!;
    if (!cur.on) continue;
    out.push(cur.p);
    const next = ordered[(i + 1) % ordered.length]!;
    if (next.on) continue;
    const end = ordered[(i + 2) % ordered.length]!;
    for (let s = 1; s < 6; s++) {
      const t = s / 6;
      const u = 1 - t;
      out.push([u * u * cur.p[0] + 2 * u * t * next.p[0] + t * t * end.p[0], u * u * cur.p[1] + 2 * u * t * next.p[1] + t * t * end.p[1]]);
    }
  }
  return out;
}

function compositeContours(font: Sfnt, data: Buffer, depth: number): Point[][] {
  const out: Point[][] = [];
  let at = 10;
  for (;;) {
    const flags = data.readUInt16BE(at);
    const glyph = data.readUInt16BE(at + 2);
    at += 4;
    let dx: number;
    let dy: number;
    if (flags & ARG_WORDS) {
      dx = data.readInt16BE(at);
      dy = data.readInt16BE(at + 2);
      at += 4;
    } else {
      dx = data.readInt8(at);
      dy = data.readInt8(at + 1);
      at += 2;
    }
    let [a, b, c, d] = [1, 0, 0, 1];
    const f2 = (o: number) => data.readInt16BE(o) / 16384;
    if (flags & HAS_SCALE) {
      a = d = f2(at);
      at += 2;
    } else if (flags & HAS_XY_SCALE) {
      a = f2(at);
      d = f2(at + 2);
      at += 4;
    } else if (flags & HAS_2X2) {
      [a, b, c, d] = [f2(at), f2(at + 2), f2(at + 4), f2(at + 6)];
      at += 8;
    }
    for (const contour of glyphContours(font, glyph, depth + 1)) out.push(contour.map(([x, y]) => [a * x + c * y + dx, b * x + d * y + dy]));
    if (!(flags & MORE)) return out;
  }
}

export interface TextMask {
  width: number;
  height: number;
  /** Coverage 0..255, row by row from the top. */
  alpha: Uint8Array;
}

const SAMPLES = 4;

/** `text` at `size` pixels per em, as a coverage mask just large enough to hold it. */
export function renderText(font: Sfnt, text: string, size: number): TextMask {
  const scale = size / font.unitsPerEm;
  const hhea = font.tables.get('hhea');
  const ascent = hhea ? hhea.readInt16BE(4) : font.unitsPerEm * 0.88;
  const descent = hhea ? -hhea.readInt16BE(6) : font.unitsPerEm * 0.12;
  const height = Math.max(1, Math.ceil((ascent + descent) * scale));
  const edges: [number, number, number, number][] = [];
  let pen = 0;
  for (const ch of text) {
    const glyph = font.glyphOf(ch.codePointAt(0) ?? 0);
    for (const contour of glyphContours(font, glyph)) {
      for (let i = 0; i < contour.length; i++) {
        const [x1, y1] = contour[i]!;
        const [x2, y2] = contour[(i + 1) % contour.length]!;
        // To mask samples: x right, y down from the top of the line.
        edges.push([(pen + x1) * scale * SAMPLES, (ascent - y1) * scale * SAMPLES, (pen + x2) * scale * SAMPLES, (ascent - y2) * scale * SAMPLES]);
      }
    }
    pen += font.advanceOf(glyph);
  }
  const width = Math.max(1, Math.ceil(pen * scale));
  const sw = width * SAMPLES;
  const hits = new Uint16Array(width * height);
  const crossings: { x: number; w: number }[] = [];
  for (let sy = 0; sy < height * SAMPLES; sy++) {
    const y = sy + 0.5;
    crossings.length = 0;
    for (const [x1, y1, x2, y2] of edges) {
      if (y1 === y2 || y < Math.min(y1, y2) || y >= Math.max(y1, y2)) continue;
      crossings.push({ x: x1 + ((y - y1) / (y2 - y1)) * (x2 - x1), w: y2 > y1 ? 1 : -1 });
    }
    crossings.sort((p, q) => p.x - q.x);
    let winding = 0;
    for (let i = 0; i < crossings.length; i++) {
      const c = crossings[i]!;
      const before = winding;
      winding += c.w;
      if (before !== 0 || winding === 0) continue;
      // Entering the inside: fill up to where the winding comes back to zero.
      let j = i + 1;
      let w = winding;
      for (; j < crossings.length; j++) {
        w += crossings[j]!.w;
        if (w === 0) break;
      }
      const from = Math.max(0, Math.ceil(c.x - 0.5));
      const to = Math.min(sw, Math.ceil((crossings[j]?.x ?? sw) - 0.5));
      const row = Math.floor(sy / SAMPLES) * width;
      for (let sx = from; sx < to; sx++) {
        const at = row + Math.floor(sx / SAMPLES);
        hits[at] = (hits[at] ?? 0) + 1;
      }
      winding = 0;
      i = j;
    }
  }
  const alpha = new Uint8Array(width * height);
  const full = SAMPLES * SAMPLES;
  for (let i = 0; i < alpha.length; i++) alpha[i] = Math.min(255, Math.round(((hits[i] ?? 0) * 255) / full));
  return { width, height, alpha };
}
