import { once } from 'node:events';
import { constants, createDeflate } from 'node:zlib';

/**
 * Small hand-made PDFs for the text-extraction tests: a Latin text layer, a Chinese one
 * through an embedded ToUnicode CMap, and hostile shapes (a page tree that loops, one that
 * declares 20,000 pages). Objects are numbered from 1 in the order given; the catalog is 1.
 */

/** A PDF of `objects` (bodies, object n at index n - 1) with a correct xref table and trailer. */
export function buildPdf(objects: string[], options: { root?: number; trailer?: string } = {}): Buffer {
  let out = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  const rows = offsets.map((off) => `${String(off).padStart(10, '0')} 00000 n \n`).join('');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${rows}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${options.root ?? 1} 0 R${options.trailer ? ` ${options.trailer}` : ''} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const stream = (content: string) => `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`;
const literal = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);

/** Pages of Latin text in Helvetica, one line per string, top down. */
export function latinPdf(pages: string[][]): Buffer {
  // 1 catalog, 2 pages, 3 font, then a page and its content for each page.
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '', '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'];
  const kids: number[] = [];
  for (const lines of pages) {
    const content = lines.map((line, i) => `BT /F1 12 Tf 72 ${720 - i * 18} Td (${literal(line)}) Tj ET`).join('\n');
    objects.push(stream(content));
    const contentId = objects.length;
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${contentId} 0 R >>`);
    kids.push(objects.length);
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  return buildPdf(objects);
}

/**
 * One page of Chinese text the way many generators write it: a Type0 font with Identity-H
 * glyph ids (no font program embedded here) and a ToUnicode CMap saying which character each is.
 */
export function toUnicodePdf(lines: string[]): Buffer {
  const chars = [...new Set([...lines.join('')])];
  const cid = (ch: string) => (chars.indexOf(ch) + 1).toString(16).padStart(4, '0');
  const bfchar = chars.map((ch) => `<${cid(ch)}> <${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}>`);
  const cmap = [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    // At most 100 entries per block, as the CMap format asks.
    ...chunk(bfchar, 100).flatMap((block) => [`${block.length} beginbfchar`, ...block, 'endbfchar']),
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
  const content = lines.map((line, i) => `BT /F1 14 Tf 72 ${720 - i * 24} Td <${[...line].map(cid).join('')}> Tj ET`).join('\n');
  return buildPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    stream(content),
    '<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 8 0 R >>',
    '<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R /DW 1000 >>',
    '<< /Type /FontDescriptor /FontName /SimSun /Flags 6 /FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 859 /StemV 80 >>',
    stream(cmap),
  ]);
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * A PDF locked with a user password (Standard security handler, revision 2): its /U check value
 * matches no empty password, so a reader must ask for one. Nothing in it is really encrypted.
 */
export function passwordPdf(): Buffer {
  const hex = (byte: string) => `<${byte.repeat(32)}>`;
  return buildPdf(
    ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>', `<< /Filter /Standard /V 1 /R 2 /O ${hex('5a')} /U ${hex('a5')} /P -4 >>`],
    { trailer: `/Encrypt 3 0 R /ID [<${'01'.repeat(16)}> <${'01'.repeat(16)}>]` },
  );
}

/**
 * A page tree declaring `count` pages, every page a tiny object sharing one content stream
 * and one font: 20,000 pages in about 1.5 MB.
 */
export function manyPagesPdf(count: number, line = 'Same page again'): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    stream(`BT /F1 12 Tf 72 720 Td (${literal(line)}) Tj ET`),
    '<< /Font << /F1 3 0 R >> >>',
  ];
  const first = objects.length + 1;
  for (let i = 0; i < count; i++) objects.push('<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources 5 0 R >>');
  const kids = Array.from({ length: count }, (_, i) => `${first + i} 0 R`).join(' ');
  // MediaBox inherited from the root of the tree.
  objects[1] = `<< /Type /Pages /Kids [${kids}] /Count ${count} /MediaBox [0 0 612 792] >>`;
  return buildPdf(objects);
}

/**
 * Reference loops: `kids` — a page-tree node listing itself among its kids (after one good page
 * of `text`); `parent` — a page whose /Parent is itself.
 */
export function loopPdf(kind: 'kids' | 'parent', text = 'Loop page text'): Buffer {
  const font = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
  const content = stream(`BT /F1 12 Tf 72 720 Td (${literal(text)}) Tj ET`);
  if (kind === 'kids') {
    return buildPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 3 /MediaBox [0 0 612 792] >>',
      '<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
      content,
      font,
      '<< /Type /Pages /Parent 2 0 R /Kids [6 0 R 6 0 R] /Count 2 >>',
    ]);
  }
  return buildPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 3 0 R /Contents 4 0 R >>',
    content,
    font,
  ]);
}

/** A PDF whose startxref points into the middle of its xref table: readers rebuild the table by scanning. */
export function brokenXref(pdf: Buffer): Buffer {
  const text = pdf.toString('latin1');
  const at = text.lastIndexOf('startxref\n') + 'startxref\n'.length;
  const end = text.indexOf('\n', at);
  return Buffer.from(`${text.slice(0, at)}${Number(text.slice(at, end)) + 7}${text.slice(end)}`, 'latin1');
}

/**
 * One page of text whose font program is a flate bomb: `mib` MiB of spaces packed into about a
 * thousandth of that, which a reader inflates whole to read the font. Packed a block at a time,
 * so building it holds no more than a block.
 */
export async function flateBombPdf(mib: number): Promise<Buffer> {
  const block = Buffer.alloc(1024 * 1024, 0x20);
  const deflate = createDeflate({ level: 9, strategy: constants.Z_RLE });
  const packed: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => packed.push(chunk));
  for (let i = 0; i < mib; i++) if (!deflate.write(block)) await once(deflate, 'drain');
  deflate.end();
  await once(deflate, 'end');
  const data = Buffer.concat(packed);
  return buildPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    stream('BT /F1 12 Tf 72 720 Td (Bomb) Tj ET'),
    '<< /Type /Font /Subtype /TrueType /BaseFont /Bomb /FirstChar 32 /LastChar 126 /FontDescriptor 6 0 R >>',
    '<< /Type /FontDescriptor /FontName /Bomb /Flags 32 /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile2 7 0 R >>',
    `<< /Length ${data.length} /Filter /FlateDecode >>\nstream\n${data.toString('latin1')}\nendstream`,
  ]);
}
