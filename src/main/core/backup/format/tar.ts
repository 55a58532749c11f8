/**
 * A small streaming POSIX tar (ustar) writer and reader: 512-byte headers,
 * regular files only, a pax extended header only for a file of 8 GiB or more
 * or, when asked, a name outside ASCII (the share packages' Chinese file names).
 * The archive is padded to whole 10 KiB records, as POSIX and GNU tar expect.
 */

export const BLOCK = 512;
export const RECORD = 20 * BLOCK;
/** The largest size the 11 octal digits of a ustar header hold. */
const USTAR_MAX_SIZE = 0o77777777777;
const ZERO_BLOCK = Buffer.alloc(BLOCK);

export class TarFormatError extends Error {
  override readonly name = 'TarFormatError';
}

export interface TarEntryMeta {
  name: string;
  size: number;
}

export interface TarSource extends TarEntryMeta {
  /** The entry's bytes; must yield exactly `size` bytes. */
  data: () => AsyncIterable<Buffer>;
}

const padTo = (n: number, unit: number) => (unit - (n % unit)) % unit;

function octal(value: number, width: number): string {
  // width - 1 digits and a NUL, as GNU and BSD tar write them.
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function checkName(name: string): void {
  if (!/^[\x21-\x7e]+$/.test(name) || name.length > 100 || name.startsWith('/') || name.split('/').includes('..')) {
    throw new TarFormatError(`unsupported entry name ${JSON.stringify(name)}`);
  }
}

function rawHeader(name: string, size: number, mtime: number, type: '0' | 'x'): Buffer {
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 100, 'ascii');
  h.write(octal(0o600, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size > USTAR_MAX_SIZE ? 0 : size, 12), 124, 'ascii');
  h.write(octal(mtime, 12), 136, 'ascii');
  h.write(' '.repeat(8), 148, 'ascii');
  h.write(type, 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  h.write(octal(0, 8), 329, 'ascii');
  h.write(octal(0, 8), 337, 'ascii');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

/** One pax record; its length counts bytes (UTF-8), its own digits included. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body, 'utf8') + 1;
  while (Buffer.byteLength(`${length}${body}`, 'utf8') !== length) length++;
  return `${length}${body}`;
}

/**
 * A name outside printable ASCII (a Chinese file name) travels in a pax
 * `path` record as UTF-8, as POSIX, GNU and BSD tar read it; the ustar field
 * then holds an ASCII stand-in of the same extension.
 */
function paxPath(name: string): { ascii: string; path: string | null } {
  if (/^[\x21-\x7e]+$/.test(name)) return { ascii: name, path: null };
  if ([...name].some((ch) => ch.charCodeAt(0) < 0x20 || ch === '\x7f' || ch === '\\') || name.startsWith('/') || name.split('/').includes('..') || Buffer.byteLength(name, 'utf8') > 1000) {
    throw new TarFormatError(`unsupported entry name ${JSON.stringify(name)}`);
  }
  const slash = name.lastIndexOf('/');
  const dir = name.slice(0, slash + 1);
  const ext = /\.[A-Za-z0-9]{1,8}$/.exec(name)?.[0] ?? '';
  const ascii = `${dir.replace(/[^\x21-\x7e]/g, '_')}file${ext}`;
  return { ascii: ascii.length <= 100 ? ascii : `file${ext}`, path: name };
}

export interface TarOptions {
  /** Names outside printable ASCII (and with spaces) allowed, in pax `path` records; backups keep to ASCII names. */
  utf8Names?: boolean;
}

/** The header block(s) of one entry: a pax header first when ustar cannot hold its size or its name. */
export function entryHeader(name: string, size: number, mtimeSeconds: number, options: TarOptions = {}): Buffer {
  const { ascii, path } = options.utf8Names ? paxPath(name) : { ascii: name, path: null };
  checkName(ascii);
  if (!Number.isSafeInteger(size) || size < 0) throw new TarFormatError('bad size');
  const header = rawHeader(ascii, size, mtimeSeconds, '0');
  if (size <= USTAR_MAX_SIZE && path === null) return header;
  const records = Buffer.from(`${path === null ? '' : paxRecord('path', path)}${size > USTAR_MAX_SIZE ? paxRecord('size', String(size)) : ''}`, 'utf8');
  const paxName = `PaxHeaders/${ascii.slice(ascii.lastIndexOf('/') + 1)}`;
  return Buffer.concat([rawHeader(paxName, records.length, mtimeSeconds, 'x'), records, Buffer.alloc(padTo(records.length, BLOCK)), header]);
}

function entryLength(entry: TarEntryMeta): number {
  return entryHeader(entry.name, entry.size, 0).length + entry.size + padTo(entry.size, BLOCK);
}

/** The exact length of the archive writeTar produces for these entries. */
export function archiveLength(entries: readonly TarEntryMeta[]): number {
  const body = entries.reduce((sum, e) => sum + entryLength(e), 0) + 2 * BLOCK;
  return body + padTo(body, RECORD);
}

/** Streams an archive: header, data, padding per entry, then two zero blocks and record padding. */
export async function* writeTar(entries: Iterable<TarSource> | AsyncIterable<TarSource>, mtimeSeconds: number, options: TarOptions = {}): AsyncGenerator<Buffer> {
  let written = 0;
  for await (const entry of entries) {
    const header = entryHeader(entry.name, entry.size, mtimeSeconds, options);
    yield header;
    written += header.length;
    let size = 0;
    for await (const chunk of entry.data()) {
      size += chunk.length;
      if (size > entry.size) throw new TarFormatError(`${entry.name} grew while archived`);
      yield chunk;
    }
    if (size !== entry.size) throw new TarFormatError(`${entry.name} shrank while archived`);
    written += size;
    const pad = padTo(size, BLOCK);
    if (pad) yield Buffer.alloc(pad);
    written += pad;
  }
  const tail = 2 * BLOCK + padTo(written + 2 * BLOCK, RECORD);
  yield Buffer.alloc(tail);
}

/** Pulls exact byte counts out of a stream of arbitrarily sized chunks. */
export class ByteReader {
  private pending: Buffer = Buffer.alloc(0);
  private ended = false;
  consumed = 0;

  constructor(private readonly source: AsyncIterator<Uint8Array>) {}

  private async fill(): Promise<boolean> {
    if (this.ended) return false;
    const next = await this.source.next();
    if (next.done) {
      this.ended = true;
      return false;
    }
    const chunk = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    return true;
  }

  /** Exactly n bytes (copied), or a TarFormatError at the end of the stream. */
  async readExact(n: number): Promise<Buffer> {
    while (this.pending.length < n) {
      if (!(await this.fill())) throw new TarFormatError('archive ends early');
    }
    const out = Buffer.from(this.pending.subarray(0, n));
    this.pending = this.pending.subarray(n);
    this.consumed += n;
    return out;
  }

  /** Yields exactly n bytes in pieces, without gathering them. */
  async *readStream(n: number): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (this.pending.length === 0 && !(await this.fill())) throw new TarFormatError('archive ends early');
      const take = Math.min(left, this.pending.length);
      const piece = this.pending.subarray(0, take);
      this.pending = this.pending.subarray(take);
      this.consumed += take;
      left -= take;
      yield piece;
    }
  }

  /** Reads to the end of the stream; true if every remaining byte is zero. */
  async restIsZero(): Promise<boolean> {
    for (;;) {
      if (this.pending.some((b) => b !== 0)) return false;
      this.consumed += this.pending.length;
      this.pending = Buffer.alloc(0);
      if (!(await this.fill())) return true;
    }
  }
}

function field(h: Buffer, offset: number, length: number): string {
  const raw = h.subarray(offset, offset + length);
  const nul = raw.indexOf(0);
  return raw.subarray(0, nul === -1 ? length : nul).toString('latin1');
}

function parseOctal(h: Buffer, offset: number, length: number): number {
  const text = field(h, offset, length).trim();
  if (!/^[0-7]*$/.test(text)) throw new TarFormatError('bad number in header');
  return text === '' ? 0 : parseInt(text, 8);
}

function parsePax(records: string): Map<string, string> {
  const out = new Map<string, string>();
  let rest = records;
  while (rest.length > 0) {
    const m = /^(\d+) ([^=]+)=/.exec(rest);
    const length = Number(m?.[1]);
    if (!m || length <= m[0].length || length > rest.length || rest[length - 1] !== '\n') throw new TarFormatError('bad pax record');
    out.set(m[2] ?? '', rest.slice(m[0].length, length - 1));
    rest = rest.slice(length);
  }
  return out;
}

export interface TarEntry extends TarEntryMeta {
  /** The entry's bytes; must be read to the end before the next entry. */
  body: () => AsyncGenerator<Buffer>;
}

/**
 * Reads an archive entry by entry. Only what writeTar produces is accepted:
 * ustar regular files, pax headers with size/path, checksums must match, and
 * everything after the end marker must be zero.
 */
export class TarReader {
  private readonly bytes: ByteReader;
  private done = false;

  constructor(source: AsyncIterator<Uint8Array>) {
    this.bytes = new ByteReader(source);
  }

  get consumed(): number {
    return this.bytes.consumed;
  }

  async next(): Promise<TarEntry | null> {
    if (this.done) return null;
    let pax = new Map<string, string>();
    for (;;) {
      const h = await this.bytes.readExact(BLOCK);
      if (h.equals(ZERO_BLOCK)) {
        const second = await this.bytes.readExact(BLOCK);
        if (!second.equals(ZERO_BLOCK) || !(await this.bytes.restIsZero())) throw new TarFormatError('data after the end of the archive');
        this.done = true;
        return null;
      }
      const stored = parseOctal(h, 148, 8);
      let sum = 0;
      for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (h[i] ?? 0);
      if (sum !== stored) throw new TarFormatError('header checksum mismatch');
      if (field(h, 257, 6) !== 'ustar' || field(h, 263, 2) !== '00') throw new TarFormatError('not a ustar header');
      const type = field(h, 156, 1);
      let size = parseOctal(h, 124, 12);
      if (type === 'x') {
        if (size > 64 * 1024) throw new TarFormatError('pax header too large');
        const data = await this.bytes.readExact(size + padTo(size, BLOCK));
        pax = parsePax(data.subarray(0, size).toString('utf8'));
        continue;
      }
      if (type !== '0' && type !== '') throw new TarFormatError(`unsupported entry type ${JSON.stringify(type)}`);
      const prefix = field(h, 345, 155);
      let name = prefix ? `${prefix}/${field(h, 0, 100)}` : field(h, 0, 100);
      if (pax.has('path')) name = pax.get('path') ?? name;
      if (pax.has('size')) {
        const paxSize = pax.get('size') ?? '';
        if (!/^\d+$/.test(paxSize)) throw new TarFormatError('bad pax size');
        size = Number(paxSize);
      }
      if (!Number.isSafeInteger(size)) throw new TarFormatError('bad size');
      const bytes = this.bytes;
      return {
        name,
        size,
        body: async function* () {
          yield* bytes.readStream(size);
          const pad = padTo(size, BLOCK);
          if (pad && !(await bytes.readExact(pad)).equals(Buffer.alloc(pad))) throw new TarFormatError('bad padding');
        },
      };
    }
  }
}
