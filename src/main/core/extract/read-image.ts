/**
 * Images carry no text layer: they go to OCR. Before that, only their headers are read (nothing
 * is decoded): the size they declare, refused above IMAGE_MAX_PIXELS so a 60000×60000 PNG of a
 * few bytes cannot make a decoder allocate gigabytes, and the end marker, whose absence means a
 * truncated file (still worth OCR, flagged damaged).
 */
import { damagedFile, failed, IMAGE_MAX_PIXELS, needsOcr, type ExtractResult } from './extract-types';
import { imageMagic, type ImageType } from './sniff';

interface Header {
  width: number;
  height: number;
  /** The format's end marker or declared length is there. */
  complete: boolean;
}

export function readImage(bytes: Buffer): ExtractResult {
  const type = imageMagic(bytes);
  if (!type) return damagedFile();
  let header: Header | null;
  try {
    header = readHeader(type, bytes);
  } catch {
    // A header that runs past the end of the file.
    header = null;
  }
  if (!header || header.width <= 0 || header.height <= 0) return damagedFile();
  if (header.width * header.height > IMAGE_MAX_PIXELS) return failed('too-large');
  return needsOcr(1, !header.complete);
}

function readHeader(type: ImageType, bytes: Buffer): Header | null {
  switch (type) {
    case 'png':
      return png(bytes);
    case 'jpeg':
      return jpeg(bytes);
    case 'gif':
      return { width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8), complete: bytes.subarray(-16).includes(0x3b) };
    case 'bmp':
      return bmp(bytes);
    case 'tiff':
      return tiff(bytes);
    case 'webp':
      return webp(bytes);
  }
}

const IEND = Buffer.from('IEND', 'latin1');

function png(bytes: Buffer): Header | null {
  if (bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  // IEND's chunk is the last 12 bytes; a little padding after it is tolerated.
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), complete: bytes.subarray(-64).includes(IEND) };
}

function jpeg(bytes: Buffer): Header | null {
  let at = 2;
  for (;;) {
    if (bytes[at] !== 0xff) return null;
    while (bytes[at + 1] === 0xff) at++;
    const marker = bytes[at + 1] ?? 0;
    if (marker === 0xd9 || marker === 0xda) return null;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    const length = bytes.readUInt16BE(at + 2);
    const frame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (frame) {
      // Entropy-coded data escapes 0xFF, so FFD9 near the end is the end-of-image marker (not a byte of data).
      const tail = bytes.subarray(-1024);
      let complete = false;
      for (let i = tail.length - 2; i >= 0 && !complete; i--) complete = tail[i] === 0xff && tail[i + 1] === 0xd9;
      return { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7), complete };
    }
    if (length < 2) return null;
    at += 2 + length;
  }
}

function bmp(bytes: Buffer): Header {
  const core = bytes.readUInt32LE(14) === 12;
  const width = core ? bytes.readUInt16LE(18) : bytes.readInt32LE(18);
  const height = core ? bytes.readUInt16LE(20) : Math.abs(bytes.readInt32LE(22));
  // The file's length and where the pixels start are both in the header.
  const complete = bytes.readUInt32LE(2) <= bytes.length && bytes.readUInt32LE(10) < bytes.length;
  return { width, height, complete };
}

function tiff(bytes: Buffer): Header | null {
  const le = bytes[0] === 0x49;
  const u16 = (at: number) => (le ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at));
  const u32 = (at: number) => (le ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
  const ifd = u32(4);
  const count = u16(ifd);
  let width = 0;
  let height = 0;
  let offsets: number[] = [];
  let lengths: number[] = [];
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    const tag = u16(entry);
    const type = u16(entry + 2);
    const n = u32(entry + 4);
    const size = type === 3 ? 2 : type === 4 ? 4 : 0;
    if (size === 0 || n === 0) continue;
    // Values that fit in four bytes are inline; others are at the offset given there.
    const base = n * size <= 4 ? entry + 8 : u32(entry + 8);
    const values = (max: number) => Array.from({ length: Math.min(n, max) }, (_, k) => (size === 2 ? u16(base + k * 2) : u32(base + k * 4)));
    if (tag === 256) width = values(1)[0] ?? 0;
    else if (tag === 257) height = values(1)[0] ?? 0;
    else if (tag === 273 || tag === 324) offsets = n <= 1_000_000 ? values(n) : [];
    else if (tag === 279 || tag === 325) lengths = n <= 1_000_000 ? values(n) : [];
  }
  // The last strip (or tile) of the first image must lie within the file.
  const end = offsets.reduce((max, offset, k) => Math.max(max, offset + (lengths[k] ?? 0)), 0);
  return { width, height, complete: offsets.length > 0 && end <= bytes.length };
}

function webp(bytes: Buffer): Header | null {
  const complete = bytes.readUInt32LE(4) + 8 <= bytes.length;
  const chunk = bytes.toString('latin1', 12, 16);
  if (chunk === 'VP8 ') {
    if (bytes[23] !== 0x9d || bytes[24] !== 0x01 || bytes[25] !== 0x2a) return null;
    return { width: bytes.readUInt16LE(26) & 0x3fff, height: bytes.readUInt16LE(28) & 0x3fff, complete };
  }
  if (chunk === 'VP8L') {
    if (bytes[20] !== 0x2f) return null;
    const bits = bytes.readUInt32LE(21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, complete };
  }
  if (chunk === 'VP8X') return { width: bytes.readUIntLE(24, 3) + 1, height: bytes.readUIntLE(27, 3) + 1, complete };
  return null;
}
