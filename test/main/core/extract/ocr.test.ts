/**
 * OCR on the generated Chinese fixtures (test/fixtures/ocr), through the real engine: one worker,
 * the PP-OCRv4 model loaded once for the whole file. Few tests on purpose: each full page costs
 * seconds of CPU. No assertion depends on how fast this machine is.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OcrEngine } from '../../../../src/main/core/extract/ocr';
import { imagesOfScannedPdf } from '../../../../src/main/core/extract/ocr-pdf';
import { INVOICE, LICENCE, LINE_FIXTURE, normaliseForScoring, type OcrFixtureDocument } from '../../../fixtures/ocr/documents';

const fixtures = join(__dirname, '..', '..', '..', 'fixtures', 'ocr');
const fixture = (file: string): Buffer => readFileSync(join(fixtures, file));
/**
 * Generous: a full page is a few seconds of CPU here, and can be ten times that in wall time beside
 * stress-ng on two shared cores. The engine's own cap is set well above it for the same reason.
 */
const PAGE_MS = 240_000;
const SLOW = { timeoutMs: 150_000 };

function expectKeyFields(document: OcrFixtureDocument, text: string, keys: readonly string[]): void {
  const found = normaliseForScoring(text);
  for (const key of keys) expect(found, key).toContain(normaliseForScoring(document.keyFields[key] ?? '?'));
}

/** A PNG whose IHDR declares this size, followed by a few bytes of nothing. */
function pngDeclaring(width: number, height: number): Buffer {
  const header = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header, 0);
  header.writeUInt32BE(13, 8);
  header.write('IHDR', 12, 'latin1');
  header.writeUInt32BE(width, 16);
  header.writeUInt32BE(height, 20);
  header[24] = 8; // bit depth
  header[25] = 6; // RGBA
  return Buffer.concat([header, Buffer.alloc(64)]);
}

/** A one-page PDF whose page is this JPEG (DCTDecode), drawn over the whole page, as a scanner writes it. */
function scannedPdf(jpeg: Buffer, width: number, height: number): Buffer {
  const chunks: Buffer[] = [];
  const offsets: number[] = [];
  let length = 0;
  const push = (chunk: Buffer | string): void => {
    const b = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    chunks.push(b);
    length += b.length;
  };
  const object = (n: number, body: Buffer | string, stream?: Buffer): void => {
    offsets[n] = length;
    push(`${n} 0 obj\n`);
    push(body);
    if (stream) {
      push('\nstream\n');
      push(stream);
      push('\nendstream');
    }
    push('\nendobj\n');
  };
  const content = `q ${width * 0.75} 0 0 ${height * 0.75} 0 0 cm /Im1 Do Q`;
  push('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
  object(1, '<< /Type /Catalog /Pages 2 0 R >>');
  object(2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  object(3, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${width * 0.75} ${height * 0.75}] /Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>`);
  object(4, `<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length} >>`, jpeg);
  object(5, `<< /Length ${content.length} >>`, Buffer.from(content, 'latin1'));
  const xref = length;
  push(`xref\n0 6\n0000000000 65535 f \n${offsets.slice(1).map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`);
  push(`trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(chunks);
}

describe('OcrEngine', () => {
  let engine: OcrEngine;
  beforeAll(() => {
    engine = new OcrEngine();
  });
  afterAll(async () => {
    await engine.close();
  });

  it(
    'reads the invoice and the photographed licence: credit codes, dates and the company name exactly',
    async () => {
      const invoice = await engine.recognise(fixture('invoice-clean.png'), SLOW);
      expect(invoice.status).toBe('ok');
      expect(invoice.reason).toBeNull();
      expect(invoice.confidence).toBeGreaterThan(0.5);
      expectKeyFields(INVOICE, invoice.text, ['creditCode', 'date', 'company']);
      expect(invoice.text).toContain('增值税专用发票');

      const licence = await engine.recognise(fixture('licence-photo.jpg'), SLOW);
      expect(licence.status).toBe('ok');
      expectKeyFields(LICENCE, licence.text, ['creditCode', 'date', 'company', 'legalRepresentative']);
    },
    PAGE_MS,
  );

  it('refuses a PNG declaring 60000×60000 from its header, and an image over the memory cap', async () => {
    expect(await engine.recognise(pngDeclaring(60_000, 60_000))).toEqual({ status: 'failed', text: '', confidence: null, reason: 'too-large' });
    expect((await engine.recognise(pngDeclaring(4000, 3000), { maxPixels: 10_000_000 })).reason).toBe('too-large');
    expect((await engine.recogniseRgba(new Uint8Array(16), 60_000, 60_000)).reason).toBe('too-large');
    // 40 MP needs about 320 MB of working memory beside the model: over a 512 MB cap.
    const small = new OcrEngine({ maxMemoryMb: 512 });
    try {
      expect((await small.recognise(pngDeclaring(8000, 5000))).reason).toBe('memory');
    } finally {
      await small.close();
    }
  });

  it(
    'survives damaged images and a timeout, reads a blank page as empty, and reads the next image',
    async () => {
      const png = fixture('invoice-clean.png');
      const damaged = [png.subarray(0, png.length >> 1), Buffer.concat([png.subarray(0, 33), Buffer.alloc(500, 0x5a)]), Buffer.from('not an image'), Buffer.alloc(0)];
      for (const bytes of damaged) {
        const result = await engine.recognise(bytes);
        expect(result.status).toBe('failed');
        expect(result.reason).toBe('damaged');
      }
      expect((await engine.recogniseRgba(new Uint8Array(10), 4, 4)).reason).toBe('damaged');
      // A blank page is no failure: it just has no text.
      expect(await engine.recogniseRgba(new Uint8Array(320 * 200 * 4).fill(255), 320, 200, SLOW)).toEqual({ status: 'empty', text: '', confidence: null, reason: null });

      // No page is recognised within a millisecond, on any machine: the worker is stopped and replaced.
      const timedOut = await engine.recognise(png, { timeoutMs: 1 });
      expect(timedOut).toEqual({ status: 'failed', text: '', confidence: null, reason: 'timeout' });

      const line = await engine.recognise(fixture(LINE_FIXTURE.file), SLOW);
      expect(line.status).toBe('ok');
      expect(normaliseForScoring(line.text)).toContain('91350102MA8TQ5R77P');
    },
    PAGE_MS,
  );

  it(
    'reads a scanned PDF: the page JPEG comes out of the PDF and through OCR',
    async () => {
      const jpeg = fixture('invoice-photo.jpg');
      const pdf = scannedPdf(jpeg, 1480, 1220);
      const scanned = await imagesOfScannedPdf(pdf, 10);
      expect(scanned.pageCount).toBe(1);
      expect(scanned.truncated).toBe(false);
      expect(scanned.images).toHaveLength(1);
      const [page] = scanned.images;
      if (!page) throw new Error('no page image');
      expect({ page: page.page, width: page.width, height: page.height }).toEqual({ page: 1, width: 1480, height: 1220 });

      const result = await engine.recogniseRgba(page.pixels, page.width, page.height, SLOW);
      expect(result.status).toBe('ok');
      expectKeyFields(INVOICE, result.text, ['creditCode', 'date', 'company']);

      expect((await imagesOfScannedPdf(pdf, 0)).truncated).toBe(true);
    },
    PAGE_MS,
  );
});
