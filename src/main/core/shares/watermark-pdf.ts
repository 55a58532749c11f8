import { PDFDocument, PDFObjectParser, type PDFContext, type PDFRef } from 'pdf-lib';
import { reportFont } from '../reports/report-font';

/**
 * Stamps a visible watermark on every page of a PDF: the words once along the
 * foot of the page and three times across it on a diagonal, in grey at 35 %
 * opacity over the page's own content. The text is written in the reports'
 * embedded Noto Sans SC subset (with its ToUnicode map, so the words are
 * searchable and show in any viewer). The original content is wrapped in
 * q … Q so its graphics state cannot hide the stamp.
 *
 * Returns null when the file cannot be stamped (not a PDF, damaged, or
 * encrypted): the caller then passes it on unchanged and says so.
 */
export async function watermarkPdf(bytes: Uint8Array, words: string): Promise<Buffer | null> {
  try {
    return await stampPages(await PDFDocument.load(bytes, { updateMetadata: false }), words);
  } catch {
    // pdf-lib reads leniently and fails later (a page tree that is not there, an object that does not parse).
    return null;
  }
}

async function stampPages(doc: PDFDocument, words: string): Promise<Buffer | null> {
  const pages = doc.getPages();
  if (pages.length === 0) return null;
  const context = doc.context;
  const font = reportFont();
  font.use(words);
  const fontRef = addFont(context, font);
  const encoded = fontRef.encode(words);
  const gs = context.register(context.obj({ Type: 'ExtGState', ca: 0.35, CA: 0.35 }));
  const push = context.register(context.flateStream('q\n'));
  const pop = context.register(context.flateStream('Q\n'));
  for (const page of pages) {
    const { x, y, width, height } = page.getCropBox();
    const fontName = page.node.newFontDictionary('ZdWm', fontRef.ref);
    const gsName = page.node.newExtGState('ZdWmGs', gs);
    const foot = Math.max(6, Math.min(10, width / 60));
    const big = Math.max(10, Math.min(28, Math.hypot(width, height) / Math.max(1, font.width(words, 1)) / 1.6));
    const angle = Math.atan2(height, width);
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const textWidth = font.width(words, big);
    const lines = [`q /${gsName.asString().slice(1)} gs 0.45 g`, `BT /${fontName.asString().slice(1)} ${n(foot)} Tf 1 0 0 1 ${n(x + 12)} ${n(y + 8)} Tm <${encoded}> Tj ET`];
    for (const t of [0.25, 0.5, 0.75]) {
      const cx = x + width * t - (cos * textWidth) / 2;
      const cy = y + height * t - (sin * textWidth) / 2;
      lines.push(`BT /${fontName.asString().slice(1)} ${n(big)} Tf ${n(cos)} ${n(sin)} ${n(-sin)} ${n(cos)} ${n(cx)} ${n(cy)} Tm <${encoded}> Tj ET`);
    }
    lines.push('Q');
    page.node.wrapContentStreams(push, pop);
    page.node.addContentStream(context.register(context.flateStream(`${lines.join('\n')}\n`)));
  }
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

function n(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

/** The embedded font's objects (written by EmbeddedFont as PDF source) parsed into this document. */
function addFont(context: PDFContext, font: ReturnType<typeof reportFont>): { ref: PDFRef; encode: (text: string) => string } {
  const bodies: [PDFRef, string][] = [];
  const written = font.objects((body) => {
    const ref = context.nextRef();
    bodies.push([ref, body]);
    return ref.objectNumber;
  });
  for (const [ref, body] of bodies) context.assign(ref, PDFObjectParser.forBytes(Buffer.from(body, 'latin1'), context).parseObject());
  const ref = context.register(PDFObjectParser.forBytes(Buffer.from(written.font, 'latin1'), context).parseObject());
  return { ref, encode: written.encode };
}
