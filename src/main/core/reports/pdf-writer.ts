/**
 * A minimal PDF 1.4 writer: text in one font plus rules, boxes and filled
 * rectangles (a QR code's modules). Enough for statements, receipts, reports
 * and the recovery sheet. The font is either the standard
 * Chinese font STSong-Light, not embedded (viewers substitute a system CJK
 * font, or show nothing where there is none: the demo's sample documents,
 * meant to look like forms printed elsewhere), or a subset of a TrueType
 * font embedded in the file (embedded-font.ts: the reports people hand on).
 */
export interface PdfText {
  x: number;
  y: number;
  size: number;
  text: string;
}

export interface PdfLine {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  width?: number;
}

/** A filled black rectangle; (x, y) is its lower-left corner. */
export interface PdfRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PdfPage {
  texts: PdfText[];
  lines: PdfLine[];
  rects?: PdfRect[];
}

/** Extra plain-ASCII entries of the document information dictionary (names are PDF names without the slash). */
export type PdfInfo = Record<string, string>;

export const A4 = { width: 595, height: 842 };

/** How text is written in one PDF. */
export interface PdfFont {
  /** Width of `text` at `size` points. */
  width(text: string, size: number): number;
  /** Called with every text the PDF will hold, before `objects`. */
  use(text: string): void;
  /** Adds the font's objects; returns its font dictionary and how text is written for Tj (hex). */
  objects(add: (body: string) => number): { font: string; encode: (text: string) => string };
}

function ucs2Hex(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0x3f;
    out += (code > 0xffff ? 0x3f : code).toString(16).padStart(4, '0');
  }
  return out.toUpperCase();
}

/** A number as PDF writes it: no exponent, at most three decimals. */
function num(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

/** STSong-Light, not embedded: CJK glyphs are 1 em wide, ASCII half (its /W array). */
export const STSONG: PdfFont = {
  width(text, size) {
    let w = 0;
    for (const ch of text) w += (ch.codePointAt(0) ?? 0) < 0x80 ? size / 2 : size;
    return w;
  },
  use() {},
  objects(add) {
    const descriptor = add(
      '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>',
    );
    const cidFont = add(
      `<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor ${descriptor} 0 R /DW 1000 /W [1 95 500] >>`,
    );
    return {
      font: `<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [${cidFont} 0 R] >>`,
      encode: ucs2Hex,
    };
  },
};

function contentStream(page: PdfPage, encode: (text: string) => string): string {
  const parts: string[] = [];
  for (const line of page.lines) {
    parts.push(`${line.width ?? 0.6} w ${line.x1} ${line.y1} m ${line.x2} ${line.y2} l S`);
  }
  if (page.rects?.length) parts.push(`0 g ${page.rects.map((r) => `${num(r.x)} ${num(r.y)} ${num(r.width)} ${num(r.height)} re`).join(' ')} f`);
  for (const t of page.texts) {
    parts.push(`BT /F1 ${t.size} Tf ${t.x} ${t.y} Td <${encode(t.text)}> Tj ET`);
  }
  return parts.join('\n');
}

/** `padding` adds an unreferenced binary stream (scanned-page weight) so sizes can be realistic. */
export function writePdf(pages: PdfPage[], title: string, padding?: Buffer, pdfFont: PdfFont = STSONG, extraInfo: PdfInfo = {}): Buffer {
  const objects: string[] = [];
  const add = (body: string): number => {
    objects.push(body);
    return objects.length;
  };
  const catalog = add('');
  const pagesObj = add('');
  const font = add('');
  for (const page of pages) for (const t of page.texts) pdfFont.use(t.text);
  const written = pdfFont.objects(add);
  const { Producer: producer = 'Zhangdun sample data', ...others } = extraInfo;
  const extra = Object.entries({ Producer: producer, ...others })
    .map(([name, value]) => {
      if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name) || !/^[\x20-\x7e]*$/.test(value) || /[()\\]/.test(value)) throw new RangeError(`PDF info entry ${name}`);
      return ` /${name} (${value})`;
    })
    .join('');
  const info = add(`<< /Title <FEFF${ucs2Hex(title)}>${extra} >>`);
  const pageIds: number[] = [];
  for (const page of pages) {
    const stream = contentStream(page, written.encode);
    const content = add(`<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`);
    pageIds.push(
      add(
        `<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 ${A4.width} ${A4.height}] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R >>`,
      ),
    );
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObj} 0 R >>`;
  objects[pagesObj - 1] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`;
  objects[font - 1] = written.font;

  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const padIndex = padding ? add(`<< /Length ${padding.length} >>\nstream\n${padding.toString('latin1')}\nendstream`) : 0;
  void padIndex;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R /Info ${info} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
