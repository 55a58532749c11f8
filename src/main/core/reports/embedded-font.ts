import { deflateSync } from 'node:zlib';
import type { PdfFont } from './pdf-writer';
import type { Sfnt } from './sfnt';
import { subsetFont } from './ttf-subset';

/**
 * A TrueType font embedded in one PDF as a subset holding the glyphs its
 * text uses (Type0 / CIDFontType2, Identity-H, glyph ids as CIDs), with a
 * ToUnicode map so the text stays searchable and copyable. The PDF then
 * shows the same on every viewer, whether or not the PC has Chinese fonts.
 */
export class EmbeddedFont implements PdfFont {
  /** Glyph id (in the original font) by the code points written, in first-use order. */
  private readonly used = new Map<number, number>();

  constructor(
    private readonly font: Sfnt,
    private readonly name: string,
  ) {}

  private glyph(codePoint: number): number {
    let g = this.used.get(codePoint);
    if (g === undefined) {
      g = this.font.glyphOf(codePoint);
      this.used.set(codePoint, g);
    }
    return g;
  }

  use(text: string): void {
    for (const ch of text) this.glyph(ch.codePointAt(0) ?? 0);
  }

  width(text: string, size: number): number {
    let units = 0;
    for (const ch of text) units += this.font.advanceOf(this.glyph(ch.codePointAt(0) ?? 0));
    return (units * size) / this.font.unitsPerEm;
  }

  objects(add: (body: string) => number): { font: string; encode: (text: string) => string } {
    const subset = subsetFont(this.font, [...this.used.values()].filter((g) => g !== 0));
    const scale = (v: number) => Math.round((v * 1000) / this.font.unitsPerEm);
    const head = this.font.tables.get('head')!;
    const hhea = this.font.tables.get('hhea')!;
    const bbox = [head.readInt16BE(36), head.readInt16BE(38), head.readInt16BE(40), head.readInt16BE(42)].map(scale);
    const ascent = scale(hhea.readInt16BE(4));
    const descent = scale(hhea.readInt16BE(6));
    const tag = subsetTag(subset.order);
    const baseFont = `${tag}+${this.name}`;

    const compressed = deflateSync(subset.font);
    const file = add(`<< /Length ${compressed.length} /Length1 ${subset.font.length} /Filter /FlateDecode >>\nstream\n${compressed.toString('latin1')}\nendstream`);
    const descriptor = add(
      `<< /Type /FontDescriptor /FontName /${baseFont} /Flags 4 /FontBBox [${bbox.join(' ')}] /ItalicAngle 0 /Ascent ${ascent} /Descent ${descent} /CapHeight ${ascent} /StemV 80 /FontFile2 ${file} 0 R >>`,
    );
    const widths = subset.order.map((g) => scale(this.font.advanceOf(g)));
    const cid = add(
      `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /${baseFont} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ${descriptor} 0 R /CIDToGIDMap /Identity /DW 1000 /W [0 [${widths.join(' ')}]] >>`,
    );
    const cmap = toUnicode(this.used, subset.glyphs);
    const unicode = add(`<< /Length ${Buffer.byteLength(cmap, 'latin1')} >>\nstream\n${cmap}\nendstream`);
    return {
      font: `<< /Type /Font /Subtype /Type0 /BaseFont /${baseFont} /Encoding /Identity-H /DescendantFonts [${cid} 0 R] /ToUnicode ${unicode} 0 R >>`,
      encode: (text) => {
        let out = '';
        for (const ch of text) out += (subset.glyphs.get(this.glyph(ch.codePointAt(0) ?? 0)) ?? 0).toString(16).padStart(4, '0');
        return out.toUpperCase();
      },
    };
  }
}

/** Six capital letters naming this subset (PDF 32000 9.6.4), from the glyphs it holds. */
function subsetTag(order: readonly number[]): string {
  let h = 2166136261;
  for (const g of order) h = Math.imul(h ^ g, 16777619) >>> 0;
  let tag = '';
  for (let i = 0; i < 6; i++) {
    tag += String.fromCharCode(65 + (h % 26));
    h = Math.floor(h / 26) + i * 7919;
  }
  return tag;
}

function utf16Hex(codePoint: number): string {
  return String.fromCodePoint(codePoint)
    .split('')
    .map((u) => u.charCodeAt(0).toString(16).padStart(4, '0'))
    .join('')
    .toUpperCase();
}

/** The ToUnicode CMap: each subset glyph to the first character written with it. */
function toUnicode(used: Map<number, number>, glyphs: Map<number, number>): string {
  const pairs = new Map<number, number>();
  for (const [codePoint, g] of used) {
    const id = glyphs.get(g);
    if (id !== undefined && id !== 0 && !pairs.has(id)) pairs.set(id, codePoint);
  }
  const entries = [...pairs].sort((a, b) => a[0] - b[0]);
  const blocks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const chunk = entries.slice(i, i + 100);
    blocks.push(`${chunk.length} beginbfchar\n${chunk.map(([id, cp]) => `<${id.toString(16).padStart(4, '0').toUpperCase()}> <${utf16Hex(cp)}>`).join('\n')}\nendbfchar`);
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}
