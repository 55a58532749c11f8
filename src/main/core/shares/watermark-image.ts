import { encode as encodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import { decodeImage, declaredSize, type RgbaImage } from '../extract/ocr-image';
import { readSfnt, type Sfnt } from '../reports/sfnt';
import { readFileSync } from 'node:fs';
import { reportFontPath } from '../reports/report-font';
import { renderText } from './glyph-raster';

/** Images above this are passed on unchanged rather than decoded (about 50 megapixels). */
const MAX_PIXELS = 50_000_000;
const MAX_MEMORY_MB = 1024;
const JPEG_QUALITY = 90;

let font: Sfnt | null = null;
function watermarkFont(): Sfnt {
  font ??= readSfnt(readFileSync(reportFontPath()));
  return font;
}

/**
 * Stamps the words into a PNG's or JPEG's pixels: three rows across the
 * image (at a quarter, half and three quarters of its height), dark grey at
 * 55 % over a faint white halo so they read on light and dark pictures.
 * The image is decoded with the OCR's decoders (pngjs, jpeg-js) and encoded
 * again in its own format; a JPEG loses its metadata (EXIF, so a camera's
 * orientation flag too). Returns null for other formats or an image that
 * does not decode: the caller passes it on unchanged and says so.
 */
export function watermarkImage(bytes: Uint8Array, words: string): Buffer | null {
  const size = declaredSize(bytes);
  if (!size) return null;
  let image: RgbaImage;
  try {
    image = decodeImage(bytes, MAX_PIXELS, MAX_MEMORY_MB);
  } catch {
    return null;
  }
  stamp(image, words);
  const png = bytes[0] === 0x89;
  if (png) {
    const out = new PNG({ width: image.width, height: image.height });
    out.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
    return PNG.sync.write(out);
  }
  return encodeJpeg({ width: image.width, height: image.height, data: image.data }, JPEG_QUALITY).data;
}

/** Where the stamp goes: rows of text, each `mask` placed with its top-left corner at (x, y). */
export function stamp(image: RgbaImage, words: string): { x: number; y: number; width: number; height: number }[] {
  const f = watermarkFont();
  const probe = renderText(f, words, 100);
  // The line fills about 80 % of the width, between 10 and 120 pixels per em.
  const em = Math.max(10, Math.min(120, (image.width * 0.8 * 100) / probe.width, image.height / 6));
  const mask = renderText(f, words, em);
  const places: { x: number; y: number; width: number; height: number }[] = [];
  for (const t of [0.25, 0.5, 0.75]) {
    const x = Math.round((image.width - mask.width) / 2);
    const y = Math.round(image.height * t - mask.height / 2);
    blend(image, mask, x, y);
    places.push({ x, y, width: mask.width, height: mask.height });
  }
  return places;
}

function blend(image: RgbaImage, mask: { width: number; height: number; alpha: Uint8Array }, x0: number, y0: number): void {
  const { width, height, data } = image;
  for (let my = 0; my < mask.height; my++) {
    const y = y0 + my;
    if (y < 0 || y >= height) continue;
    for (let mx = 0; mx < mask.width; mx++) {
      const x = x0 + mx;
      if (x < 0 || x >= width) continue;
      const cover = (mask.alpha[my * mask.width + mx] ?? 0) / 255;
      const at = (y * width + x) * 4;
      // A faint lightening under the whole line, then the glyphs in dark grey.
      const a = 0.55 * cover;
      for (let c = 0; c < 3; c++) {
        const v = data[at + c] ?? 0;
        const lifted = v + (255 - v) * 0.15;
        data[at + c] = Math.round(lifted * (1 - a) + 60 * a);
      }
    }
  }
}
