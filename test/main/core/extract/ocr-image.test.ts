/** The OCR engine's guards on image size, read from headers before anything is decoded. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSize, declaredSize, decodeImage, OcrInputError, type ImageSize } from '../../../../src/main/core/extract/ocr-image';

const fixtures = join(__dirname, '..', '..', '..', 'fixtures', 'ocr');

function pngHeader(width: number, height: number): Buffer {
  const b = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'latin1');
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  return b;
}

function reasonOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return error instanceof OcrInputError ? error.reason : 'other';
  }
}

describe('declaredSize', () => {
  it.each<[string, Buffer, ImageSize | null]>([
    ['PNG fixture', readFileSync(join(fixtures, 'invoice-clean.png')), { width: 1336, height: 1076 }],
    ['JPEG fixture', readFileSync(join(fixtures, 'invoice-photo.jpg')), { width: 1480, height: 1220 }],
    ['PNG header alone', pngHeader(60_000, 60_000), { width: 60_000, height: 60_000 }],
    ['PNG without IHDR', Buffer.concat([pngHeader(1, 1).subarray(0, 12), Buffer.from('IDAT'), Buffer.alloc(20)]), null],
    ['JPEG cut before its frame header', readFileSync(join(fixtures, 'invoice-photo.jpg')).subarray(0, 20), null],
    ['text', Buffer.from('这不是图片，只是文字'), null],
    ['nothing', Buffer.alloc(0), null],
  ])('%s', (_name, bytes, size) => {
    expect(declaredSize(bytes)).toEqual(size);
  });
});

describe('checkSize', () => {
  it.each<[string, ImageSize, number, number, string | null]>([
    ['A4 at 300 dpi', { width: 2480, height: 3508 }, 50_000_000, 1024, null],
    ['60000 × 60000', { width: 60_000, height: 60_000 }, 50_000_000, 1024, 'too-large'],
    ['over a lower pixel cap', { width: 4000, height: 3000 }, 10_000_000, 1024, 'too-large'],
    ['fits the pixels, not the memory', { width: 8000, height: 5000 }, 50_000_000, 512, 'memory'],
    ['zero width', { width: 0, height: 100 }, 50_000_000, 1024, 'damaged'],
  ])('%s', (_name, size, maxPixels, maxMemoryMb, reason) => {
    expect(reasonOf(() => checkSize(size, maxPixels, maxMemoryMb))).toBe(reason);
  });
});

describe('decodeImage', () => {
  it('decodes both fixture formats to RGBA and calls a truncated PNG damaged', () => {
    const png = decodeImage(readFileSync(join(fixtures, 'line.png')), 50_000_000, 1024);
    expect(png.data.length).toBe(png.width * png.height * 4);
    const jpeg = decodeImage(readFileSync(join(fixtures, 'licence-photo.jpg')), 50_000_000, 1024);
    expect([jpeg.width, jpeg.height, jpeg.data.length]).toEqual([1480, 945, 1480 * 945 * 4]);
    const cut = readFileSync(join(fixtures, 'line.png'));
    expect(reasonOf(() => decodeImage(cut.subarray(0, cut.length >> 1), 50_000_000, 1024))).toBe('damaged');
    // Refused from the header: no decoder ever sees it.
    expect(reasonOf(() => decodeImage(pngHeader(60_000, 60_000), 50_000_000, 1024))).toBe('too-large');
  });
});
