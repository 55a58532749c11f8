/**
 * The images OCR takes: PNG and JPEG bytes, or raw RGBA (a scanned PDF's page image). The size an
 * encoded image declares is read from its header first, so a 60000×60000 PNG of a few hundred bytes
 * is refused before any decoder allocates for it; then pngjs / jpeg-js (pure JS, every platform)
 * decode to RGBA.
 */
import { decode as decodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';

export interface RgbaImage {
  width: number;
  height: number;
  /** width × height × 4 bytes, row-major RGBA. */
  data: Uint8Array;
}

export type OcrFailureReason = 'timeout' | 'memory' | 'too-large' | 'damaged';

/** Thrown by the decoding steps; the worker turns it into a failed result with this reason. */
export class OcrInputError extends Error {
  constructor(readonly reason: OcrFailureReason) {
    super(`ocr input refused: ${reason}`);
  }
}

/**
 * Bytes held per pixel while one image is recognised: the RGBA decode (4), the RGB copy the
 * pipeline makes (3) and slack for line crops (1). The model's own buffers are bounded apart from
 * this (the detector sees at most DETECTION_MAX_SIDE² pixels).
 */
export const WORKING_BYTES_PER_PIXEL = 8;
/** Model weights, ONNX Runtime's arena and the detector's input: what the engine holds whatever the image. */
export const ENGINE_BASE_MB = 320;

export interface ImageSize {
  width: number;
  height: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The size a PNG or JPEG declares, or null when the bytes are neither or the header is broken. */
export function declaredSize(bytes: Uint8Array): ImageSize | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length >= 24 && b.subarray(0, 8).equals(PNG_SIGNATURE)) {
    if (b.toString('latin1', 12, 16) !== 'IHDR') return null;
    return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) return jpegSize(b);
  return null;
}

function jpegSize(b: Buffer): ImageSize | null {
  let at = 2;
  while (at + 9 < b.length) {
    if (b[at] !== 0xff) return null;
    const marker = b[at + 1] ?? 0;
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    // SOF0–SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but are not frames.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: b.readUInt16BE(at + 5), width: b.readUInt16BE(at + 7) };
    }
    const length = b.readUInt16BE(at + 2);
    if (length < 2) return null;
    at += 2 + length;
  }
  return null;
}

/** Refuses a size over the pixel cap ('too-large') or whose working set would pass the memory cap ('memory'). */
export function checkSize(size: ImageSize, maxPixels: number, maxMemoryMb: number): void {
  if (!(size.width > 0 && size.height > 0)) throw new OcrInputError('damaged');
  const pixels = size.width * size.height;
  if (pixels > maxPixels) throw new OcrInputError('too-large');
  if (ENGINE_BASE_MB + (pixels * WORKING_BYTES_PER_PIXEL) / (1024 * 1024) > maxMemoryMb) throw new OcrInputError('memory');
}

/** Decodes PNG or JPEG bytes to RGBA after checking the declared size; damaged input throws OcrInputError('damaged'). */
export function decodeImage(bytes: Uint8Array, maxPixels: number, maxMemoryMb: number): RgbaImage {
  const size = declaredSize(bytes);
  if (!size) throw new OcrInputError('damaged');
  checkSize(size, maxPixels, maxMemoryMb);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    if (buffer[0] === 0x89) {
      const png = PNG.sync.read(buffer);
      return { width: png.width, height: png.height, data: png.data };
    }
    const decoded = decodeJpeg(buffer, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: maxPixels / 1_000_000,
      maxMemoryUsageInMB: Math.max(1, maxMemoryMb - ENGINE_BASE_MB),
    });
    return { width: decoded.width, height: decoded.height, data: decoded.data };
  } catch {
    throw new OcrInputError('damaged');
  }
}

/** Checks raw RGBA handed in directly (a PDF page image) the same way. */
export function checkRgba(image: RgbaImage, maxPixels: number, maxMemoryMb: number): void {
  checkSize(image, maxPixels, maxMemoryMb);
  if (image.data.length !== image.width * image.height * 4) throw new OcrInputError('damaged');
}
