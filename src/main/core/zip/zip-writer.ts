import { promises as fsp } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32, createDeflateRaw } from 'node:zlib';

/**
 * A small streaming .zip writer: one disk, no ZIP64 (refused above 4 GiB),
 * stored or deflated entries, UTF-8 names. Entries are written straight to a
 * seekable file; each local header's CRC and sizes are filled in once its data
 * is written, so no data descriptors are needed (the most widely readable form).
 * An entry whose source fails is cut off again, leaving a valid archive without it.
 */

export type ZipMethod = 'store' | 'deflate';

export interface ZipEntryInfo {
  name: string;
  size: number;
  compressedSize: number;
  crc: number;
}

/** The archive would need ZIP64 (an offset, a size or an entry count beyond the classic format). */
export class ZipTooLargeError extends Error {
  constructor() {
    super('archive too large for a zip without ZIP64');
    this.name = 'ZipTooLargeError';
  }
}

const LOCAL_SIG = 0x04034b50;
const CENTRAL_SIG = 0x02014b50;
const END_SIG = 0x06054b50;
const LOCAL_HEADER = 30;
const CENTRAL_HEADER = 46;
const END_RECORD = 22;
/** Bit 11: names are UTF-8. */
const FLAG_UTF8 = 0x0800;
const VERSION_NEEDED = 20;
/** Made by: Unix (3), spec 2.0 — so external attributes carry permissions. */
const VERSION_MADE_BY = (3 << 8) | 20;
const MAX_32 = 0xffffffff;
const MAX_ENTRIES = 0xffff;

interface CentralEntry extends ZipEntryInfo {
  nameBytes: Buffer;
  method: number;
  dosTime: number;
  dosDate: number;
  offset: number;
}

/** MS-DOS date and time (local time, two-second steps; 1980 is the earliest). */
export function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.min(Math.max(date.getFullYear(), 1980), 2107);
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

export class ZipWriter {
  private offset = 0;
  private readonly entries: CentralEntry[] = [];
  private busy = false;
  private closed = false;

  private constructor(
    private readonly handle: fsp.FileHandle,
    /** The largest offset or size the format can hold (lowered in tests). */
    private readonly limit: number,
  ) {}

  /** Creates `path` (never replaces a file), readable by the owner only. */
  static async create(path: string, options: { limit?: number } = {}): Promise<ZipWriter> {
    const handle = await fsp.open(path, 'wx', 0o600);
    return new ZipWriter(handle, Math.min(options.limit ?? MAX_32, MAX_32));
  }

  get entryCount(): number {
    return this.entries.length;
  }

  /**
   * Appends one file from `source`. When `source` (or the writing) throws,
   * the partial entry is removed from the file and the error rethrown: the
   * archive stays valid without it.
   */
  async add(name: string, source: AsyncIterable<Buffer>, options: { method?: ZipMethod; modified?: Date } = {}): Promise<ZipEntryInfo> {
    if (this.busy || this.closed) throw new Error('zip writer busy or closed');
    if (this.entries.length >= MAX_ENTRIES) throw new ZipTooLargeError();
    this.busy = true;
    const start = this.offset;
    try {
      const nameBytes = Buffer.from(name.normalize('NFC'), 'utf8');
      if (nameBytes.length === 0 || nameBytes.length > 0xffff) throw new Error('zip entry name empty or too long');
      const method = options.method === 'store' ? 0 : 8;
      const { time, date } = dosDateTime(options.modified ?? new Date());
      const header = Buffer.alloc(LOCAL_HEADER);
      header.writeUInt32LE(LOCAL_SIG, 0);
      header.writeUInt16LE(VERSION_NEEDED, 4);
      header.writeUInt16LE(FLAG_UTF8, 6);
      header.writeUInt16LE(method, 8);
      header.writeUInt16LE(time, 10);
      header.writeUInt16LE(date, 12);
      // 14..25: CRC and sizes, filled in below once known.
      header.writeUInt16LE(nameBytes.length, 26);
      header.writeUInt16LE(0, 28);
      await this.append(Buffer.concat([header, nameBytes]));

      let crc = 0;
      let size = 0;
      const dataStart = this.offset;
      const limit = this.limit;
      async function* measured(): AsyncGenerator<Buffer> {
        for await (const chunk of source) {
          crc = crc32(chunk, crc);
          size += chunk.length;
          if (size > limit) throw new ZipTooLargeError();
          yield chunk;
        }
      }
      const sink = async (packed: AsyncIterable<Buffer>) => {
        for await (const piece of packed) await this.append(piece);
      };
      if (method === 8) await pipeline(Readable.from(measured()), createDeflateRaw(), sink);
      else await sink(measured());
      const compressedSize = this.offset - dataStart;

      const sizes = Buffer.alloc(12);
      sizes.writeUInt32LE(crc >>> 0, 0);
      sizes.writeUInt32LE(compressedSize, 4);
      sizes.writeUInt32LE(size, 8);
      await this.handle.write(sizes, 0, sizes.length, start + 14);

      const entry: CentralEntry = { name, nameBytes, method, dosTime: time, dosDate: date, offset: start, size, compressedSize, crc: crc >>> 0 };
      this.entries.push(entry);
      return { name, size, compressedSize, crc: entry.crc };
    } catch (err) {
      // Cut the partial entry off again; the next entry (or the directory) starts where it began.
      await this.handle.truncate(start);
      this.offset = start;
      throw err;
    } finally {
      this.busy = false;
    }
  }

  /** Writes the central directory, flushes to disk and closes; returns the archive's size. */
  async finish(): Promise<number> {
    if (this.busy || this.closed) throw new Error('zip writer busy or closed');
    const directoryStart = this.offset;
    const parts: Buffer[] = [];
    for (const e of this.entries) {
      const h = Buffer.alloc(CENTRAL_HEADER);
      h.writeUInt32LE(CENTRAL_SIG, 0);
      h.writeUInt16LE(VERSION_MADE_BY, 4);
      h.writeUInt16LE(VERSION_NEEDED, 6);
      h.writeUInt16LE(FLAG_UTF8, 8);
      h.writeUInt16LE(e.method, 10);
      h.writeUInt16LE(e.dosTime, 12);
      h.writeUInt16LE(e.dosDate, 14);
      h.writeUInt32LE(e.crc, 16);
      h.writeUInt32LE(e.compressedSize, 20);
      h.writeUInt32LE(e.size, 24);
      h.writeUInt16LE(e.nameBytes.length, 28);
      // 30 extra length, 32 comment length, 34 disk, 36 internal attributes: 0.
      h.writeUInt32LE(((0o100600 << 16) >>> 0), 38); // a regular file, rw for the owner
      h.writeUInt32LE(e.offset, 42);
      parts.push(h, e.nameBytes);
    }
    const directory = Buffer.concat(parts);
    if (directoryStart + directory.length + END_RECORD > this.limit) throw new ZipTooLargeError();
    const end = Buffer.alloc(END_RECORD);
    end.writeUInt32LE(END_SIG, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(directoryStart, 16);
    await this.append(Buffer.concat([directory, end]));
    await this.handle.sync();
    await this.close();
    return this.offset;
  }

  /** Closes without finishing (the caller removes the file). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close();
  }

  private async append(data: Buffer): Promise<void> {
    if (this.offset + data.length > this.limit) throw new ZipTooLargeError();
    let written = 0;
    while (written < data.length) {
      const { bytesWritten } = await this.handle.write(data, written, data.length - written, this.offset + written);
      written += bytesWritten;
    }
    this.offset += data.length;
  }
}
