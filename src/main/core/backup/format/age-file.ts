import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { basename } from 'node:path';
import { Decrypter, Encrypter, type Identity } from 'age-encryption';
import { VaultError, fsError } from '../../errors';
import { writeAll } from '../../fs/durable';
import { BLOCK_CHUNKS, ChunkError, FILE_NONCE_BYTES, SEALED_CHUNK, chunkCount, openChunks, payloadKey, sealPayload, sealedLength } from '../../crypto/age-stream';
import { BackupError } from '../backup-errors';

/**
 * The age v1 layer of a backup. The header (recipient stanzas, scrypt, the
 * header MAC) is the age-encryption package's; the payload is age's STREAM
 * (age-stream.ts) over libsodium's native ChaCha20-Poly1305, the same under
 * Node and Electron, which is where the time goes. STREAM authenticates every 64 KiB chunk and
 * marks the last one, so a flipped byte or a cut file fails at the chunk it
 * touches; callers must still treat what they read as unverified until the
 * generator has finished.
 */

/** How a backup is opened: the recovery identity (or another identity it was encrypted to), or a passphrase. */
export type BackupKey = { identity: string } | { passphrase: string };
/** Adds the file key the writer itself used, to verify what it wrote without holding an identity. */
export type ReadKey = BackupKey | { fileKey: Uint8Array };

/** Who can open a new backup: age X25519 recipients, or (ad-hoc exports) one scrypt passphrase. */
export type Encryption = { recipients: readonly string[] } | { passphrase: string; workFactor?: number };

const VERSION_LINE = 'age-encryption.org/v1\n';
/** Far above any real header (each recipient stanza is ~130 bytes). */
const MAX_HEADER = 64 * 1024;
export const DEFAULT_SCRYPT_WORK_FACTOR = 18;
export const MIN_PASSPHRASE_LENGTH = 12;

const X25519_RECIPIENT = /^age1[02-9ac-hj-np-z]{58}$/;

export function isX25519Recipient(value: string): boolean {
  return X25519_RECIPIENT.test(value);
}

/** The first AGE-SECRET-KEY-1… line of an identity file (comments and blank lines allowed). */
export function identityFromText(text: string): string | null {
  return text.split(/\r?\n/).map((line) => line.trim()).find((line) => line.startsWith('AGE-SECRET-KEY-1')) ?? null;
}

/** The length of an age file with this header and plaintext length. */
export function ageFileLength(headerLength: number, plaintextLength: number): number {
  return headerLength + FILE_NONCE_BYTES + sealedLength(plaintextLength);
}

/** Writes the parts in one writev, finishing piecewise after a short write. Returns the byte count. */
async function writeParts(out: fsp.FileHandle, parts: readonly Uint8Array[]): Promise<number> {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  let { bytesWritten: skip } = await out.writev(parts);
  if (skip < total) {
    for (const part of parts) {
      if (skip >= part.length) skip -= part.length;
      else {
        await writeAll(out, part.subarray(skip));
        skip = 0;
      }
    }
  }
  return total;
}

/**
 * A fresh age header and its file key, from the age-encryption package: the
 * header of an empty file it encrypts, cut after the MAC line. The file key
 * is caught by a recipient that adds no stanza, or, for a passphrase (scrypt
 * must be the only stanza), recovered by opening the header once more.
 */
async function newHeader(encryption: Encryption): Promise<{ header: Buffer; fileKey: Uint8Array }> {
  const encrypter = new Encrypter();
  let fileKey: Uint8Array | null = null;
  if ('passphrase' in encryption) {
    encrypter.setScryptWorkFactor(encryption.workFactor ?? DEFAULT_SCRYPT_WORK_FACTOR);
    encrypter.setPassphrase(encryption.passphrase);
  } else {
    if (encryption.recipients.length === 0) throw new VaultError('INVALID_INPUT', { reason: 'no recipient' });
    for (const recipient of encryption.recipients) {
      if (!isX25519Recipient(recipient)) throw new VaultError('INVALID_INPUT', { reason: `recipient ${recipient.slice(0, 12)}…` });
      try {
        encrypter.addRecipient(recipient);
      } catch {
        throw new VaultError('INVALID_INPUT', { reason: `recipient ${recipient.slice(0, 12)}…` });
      }
    }
    encrypter.addRecipient({
      wrapFileKey: (key: Uint8Array) => {
        fileKey = Uint8Array.from(key);
        return [];
      },
    });
  }
  const empty = Buffer.from(await encrypter.encrypt(new Uint8Array(0)));
  const header = Buffer.from(empty.subarray(0, scanHeader(empty, true).length));
  if ('passphrase' in encryption) {
    const decrypter = new Decrypter();
    decrypter.addPassphrase(encryption.passphrase);
    fileKey = await decrypter.decryptHeader(header);
  }
  if (!fileKey) throw new Error('age did not hand out a file key');
  return { header, fileKey };
}

/**
 * Encrypts `source` into `out` as one age file. Returns the bytes written and
 * the file key, to verify what was written without an identity or another
 * scrypt run.
 */
export async function encryptTo(
  source: AsyncIterable<Uint8Array>,
  out: fsp.FileHandle,
  encryption: Encryption,
  signal?: AbortSignal,
): Promise<{ bytes: number; readKey: ReadKey }> {
  const { header, fileKey } = await newHeader(encryption);
  const nonce = randomBytes(FILE_NONCE_BYTES);
  const key = payloadKey(fileKey, nonce);
  let bytes = 0;
  // One block in flight while the next is sealed into the other of sealPayload's two blocks, which it
  // reuses only once this write has been awaited.
  let writing: Promise<number> | null = null;
  try {
    let lead: Uint8Array[] = [header, nonce];
    for await (const block of sealPayload(source, key)) {
      if (writing) bytes += await writing;
      if (signal?.aborted) throw new VaultError('CANCELLED');
      writing = inFlight(writeParts(out, [...lead, block]));
      lead = [];
    }
    if (writing) bytes += await writing;
  } catch (err) {
    // Settle the write in flight before the caller closes the handle.
    await writing?.catch(() => undefined);
    throw fsError(err, 'backup');
  } finally {
    key.fill(0);
  }
  return { bytes, readKey: { fileKey } };
}

interface HeaderInfo {
  length: number;
  stanzaTypes: string[];
}

function scanHeader(prefix: Buffer, wholeFile: boolean): HeaderInfo {
  const version = Buffer.from(VERSION_LINE, 'ascii');
  const head = prefix.subarray(0, version.length);
  if (!head.equals(version)) {
    if (wholeFile && version.subarray(0, head.length).equals(head)) throw new BackupError('truncated', 'age header');
    throw new BackupError('not-a-backup', 'not an age file');
  }
  const stanzaTypes: string[] = [];
  let start = version.length;
  for (;;) {
    const end = prefix.indexOf(0x0a, start);
    if (end === -1) throw new BackupError(wholeFile ? 'truncated' : 'damaged', 'age header');
    const line = prefix.subarray(start, end).toString('latin1');
    if (line.startsWith('-> ')) stanzaTypes.push(line.slice(3).split(' ')[0] ?? '');
    if (line.startsWith('--- ')) return { length: end + 1, stanzaTypes };
    start = end + 1;
  }
}

/**
 * Reads one age file. open() checks what can be checked without a key (the
 * header's shape, a key of the right kind, a length that age can produce);
 * plaintext() opens the header with the key, then yields each chunk after it
 * authenticated, reading a block of chunks at a time.
 */
export class AgeFileReader {
  private expectedLength: number | null = null;
  private closed = false;

  private constructor(
    private readonly handle: fsp.FileHandle,
    private readonly key: ReadKey,
    readonly fileSize: number,
    readonly header: HeaderInfo,
    private readonly headerBytes: Buffer,
    private readonly chunkCount: number,
  ) {}

  static async open(path: string, key: ReadKey): Promise<AgeFileReader> {
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(path, 'r');
    } catch (err) {
      throw fsError(err, basename(path));
    }
    try {
      const { size } = await handle.stat();
      const prefix = Buffer.alloc(Math.min(size, MAX_HEADER));
      await readFully(handle, prefix, 0);
      const header = scanHeader(prefix, size <= MAX_HEADER);
      const scrypt = header.stanzaTypes.includes('scrypt');
      if ('identity' in key && scrypt) throw new BackupError('needs-passphrase', 'passphrase-protected');
      if ('passphrase' in key && !scrypt) throw new BackupError('needs-identity', 'encrypted to age recipients');
      // Flips never change the length; only a cut leaves one age cannot produce.
      const chunks = chunkCount(size - header.length - FILE_NONCE_BYTES);
      if (chunks === null) throw new BackupError('truncated', 'age payload');
      return new AgeFileReader(handle, key, size, header, Buffer.from(prefix.subarray(0, header.length)), chunks);
    } catch (err) {
      await handle.close().catch(() => undefined);
      throw err;
    }
  }

  /** Called once the plaintext length is known (from the manifest): a cut or extended file is refused at once. */
  expectPlaintextLength(length: number): void {
    const expected = ageFileLength(this.header.length, length);
    if (this.fileSize < expected) throw new BackupError('truncated', `${this.fileSize} of ${expected} bytes`);
    if (this.fileSize > expected) throw new BackupError('damaged', 'data after the end');
    this.expectedLength = expected;
  }

  /** The file key, once the key opened a stanza and the header's MAC checked out. */
  private async fileKey(): Promise<Uint8Array> {
    const decrypter = new Decrypter();
    const key = this.key;
    if ('passphrase' in key) decrypter.addPassphrase(key.passphrase);
    else if ('fileKey' in key) {
      const identity: Identity = { unwrapFileKey: () => key.fileKey };
      decrypter.addIdentity(identity);
    } else {
      try {
        decrypter.addIdentity(key.identity.trim());
      } catch {
        throw new VaultError('INVALID_INPUT', { reason: 'not an age identity (AGE-SECRET-KEY-1…)' });
      }
    }
    try {
      return await decrypter.decryptHeader(this.headerBytes);
    } catch (err) {
      throw this.headerError(err);
    }
  }

  async *plaintext(signal?: AbortSignal): AsyncGenerator<Buffer> {
    const fileKey = await this.fileKey();
    const nonce = Buffer.alloc(FILE_NONCE_BYTES);
    let position = this.header.length;
    try {
      position += await readFully(this.handle, nonce, position);
    } catch (err) {
      throw fsError(err, 'backup');
    }
    if (position !== this.header.length + FILE_NONCE_BYTES) throw new BackupError('truncated', 'age nonce');
    const key = payloadKey(fileKey, nonce);
    // Chunks are opened in place and yielded as views into their block, so a block is read into again
    // only two blocks later: one block is read while the next is opened, and the caller may still hold
    // the last piece of the block before (the tar reader keeps its latest piece until it asks for more).
    const newBlock = () => Buffer.allocUnsafeSlow(BLOCK_CHUNKS * SEALED_CHUNK);
    const blocks = [newBlock(), newBlock(), newBlock()] as const;
    const readBlock = (index: number, at: number, into: Buffer): PendingBlock => {
      const count = Math.min(BLOCK_CHUNKS, this.chunkCount - index);
      const want = Math.min(count * SEALED_CHUNK, this.fileSize - at);
      const sealed = into.subarray(0, want);
      return { index, count, sealed, read: inFlight(readFully(this.handle, sealed, at)) };
    };
    let next: PendingBlock | null = readBlock(0, position, blocks[0]);
    try {
      for (let turn = 1; next; turn++) {
        const current: PendingBlock = next;
        let got: number;
        try {
          got = await current.read;
        } catch (err) {
          throw fsError(err, 'backup');
        }
        if (got < current.sealed.length) throw new BackupError('truncated', `chunk ${current.index}: the file shrank while read`);
        if (signal?.aborted) throw new VaultError('CANCELLED');
        position += got;
        const following: number = current.index + current.count;
        next = following < this.chunkCount ? readBlock(following, position, blocks[turn % blocks.length] ?? blocks[0]) : null;
        let plains: Buffer[];
        try {
          plains = openChunks(key, current.sealed, current.index, this.chunkCount);
        } catch (err) {
          throw this.payloadError(err);
        }
        yield* plains;
      }
    } finally {
      // No read may still be filling a block when the caller closes the file.
      await next?.read.catch(() => undefined);
      key.fill(0);
      for (const block of blocks) block.fill(0);
    }
  }

  private headerError(err: unknown): unknown {
    if (err instanceof VaultError || (err as NodeJS.ErrnoException)?.code) return fsError(err, 'backup');
    const message = err instanceof Error ? err.message : '';
    if (message.startsWith('no identity matched')) {
      return new BackupError('passphrase' in this.key ? 'wrong-passphrase' : 'wrong-key', 'no matching recipient');
    }
    if (message.includes('work factor')) return new BackupError('not-a-backup', 'scrypt work factor');
    return new BackupError('damaged', 'age header', { cause: err });
  }

  private payloadError(err: unknown): unknown {
    if (!(err instanceof ChunkError)) return err;
    // The last chunk failing before the length was known is what a cut file looks like.
    if (this.expectedLength === null && err.chunk >= this.chunkCount - 1) return new BackupError('truncated', `chunk ${err.chunk}`, { cause: err });
    return new BackupError('damaged', `chunk ${err.chunk}`, { cause: err });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close().catch(() => undefined);
  }
}

interface PendingBlock {
  /** The block's first chunk. */
  index: number;
  count: number;
  sealed: Buffer;
  read: Promise<number>;
}

/** Marks a promise that will be awaited later as handled now, so a failure meanwhile is not an unhandled rejection. */
function inFlight<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** Reads into all of `buffer` from `position` unless the file ends first; returns the bytes read. */
async function readFully(handle: fsp.FileHandle, buffer: Buffer, position: number): Promise<number> {
  let done = 0;
  while (done < buffer.length) {
    const { bytesRead } = await handle.read(buffer, done, buffer.length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done;
}
