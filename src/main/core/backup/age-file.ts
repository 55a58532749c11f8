import { promises as fsp } from 'node:fs';
import { basename } from 'node:path';
import { Decrypter, Encrypter, type Identity } from 'age-encryption';
import { VaultError, fsError } from '../errors';
import { BackupError } from './backup-errors';

/**
 * The age v1 layer of a backup, through the age-encryption package's
 * streaming API. age's STREAM payload authenticates every 64 KiB chunk and
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

const PLAIN_CHUNK = 64 * 1024;
const TAG = 16;
const SEALED_CHUNK = PLAIN_CHUNK + TAG;
const NONCE = 16;
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
  return headerLength + NONCE + plaintextLength + TAG * Math.max(1, Math.ceil(plaintextLength / PLAIN_CHUNK));
}

function toReadable(source: AsyncIterable<Uint8Array>, signal?: AbortSignal): ReadableStream<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (signal?.aborted) throw new VaultError('CANCELLED');
        const next = await iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      async cancel() {
        await iterator.return?.();
      },
    },
    // Pull only on demand: nothing is read ahead beyond what the cipher holds.
    { highWaterMark: 0 },
  );
}

async function writeAll(out: fsp.FileHandle, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await out.write(bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
}

/**
 * Encrypts `source` into `out`. Returns the bytes written and a key to verify
 * them with: the passphrase, or the file key the writer chose (caught by a
 * recipient that adds no stanza, so the header holds only the real recipients).
 */
export async function encryptTo(
  source: AsyncIterable<Uint8Array>,
  out: fsp.FileHandle,
  encryption: Encryption,
  signal?: AbortSignal,
): Promise<{ bytes: number; readKey: ReadKey }> {
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
  const reader = (await encrypter.encrypt(toReadable(source, signal))).getReader();
  let bytes = 0;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      await writeAll(out, next.value);
      bytes += next.value.length;
    }
  } catch (err) {
    await reader.cancel().catch(() => undefined);
    throw fsError(err, 'backup');
  }
  if ('passphrase' in encryption) return { bytes, readKey: { passphrase: encryption.passphrase } };
  if (!fileKey) throw new Error('age did not hand out a file key');
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
 * plaintext() yields each chunk after it authenticated.
 */
export class AgeFileReader {
  private expectedLength: number | null = null;
  private closed = false;

  private constructor(
    private readonly handle: fsp.FileHandle,
    private readonly key: ReadKey,
    readonly fileSize: number,
    readonly header: HeaderInfo,
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
      await handle.read(prefix, 0, prefix.length, 0);
      const header = scanHeader(prefix, size <= MAX_HEADER);
      const scrypt = header.stanzaTypes.includes('scrypt');
      if ('identity' in key && scrypt) throw new BackupError('needs-passphrase', 'passphrase-protected');
      if ('passphrase' in key && !scrypt) throw new BackupError('needs-identity', 'encrypted to age recipients');
      const payload = size - header.length - NONCE;
      const last = payload % SEALED_CHUNK;
      // Flips never change the length; only a cut leaves one age cannot produce.
      if (payload < TAG || (last > 0 && last <= TAG)) throw new BackupError('truncated', 'age payload');
      return new AgeFileReader(handle, key, size, header);
    } catch (err) {
      await handle.close().catch(() => undefined);
      throw err;
    }
  }

  private get chunkCount(): number {
    return Math.ceil((this.fileSize - this.header.length - NONCE) / SEALED_CHUNK);
  }

  /** Called once the plaintext length is known (from the manifest): a cut or extended file is refused at once. */
  expectPlaintextLength(length: number): void {
    const expected = ageFileLength(this.header.length, length);
    if (this.fileSize < expected) throw new BackupError('truncated', `${this.fileSize} of ${expected} bytes`);
    if (this.fileSize > expected) throw new BackupError('damaged', 'data after the end');
    this.expectedLength = expected;
  }

  private decrypter(): Decrypter {
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
    return decrypter;
  }

  /** The source fed in the pieces age works in (header and nonce, then one sealed chunk at a time), so a failure names its chunk. */
  private source(signal?: AbortSignal): ReadableStream<Uint8Array> {
    let position = 0;
    const first = this.header.length + NONCE;
    return new ReadableStream<Uint8Array>(
      {
        pull: async (controller) => {
          if (signal?.aborted) throw new VaultError('CANCELLED');
          const want = position === 0 ? first : SEALED_CHUNK;
          const buffer = Buffer.allocUnsafe(want);
          const { bytesRead } = await this.handle.read(buffer, 0, want, position);
          if (bytesRead === 0) {
            controller.close();
            return;
          }
          position += bytesRead;
          controller.enqueue(buffer.subarray(0, bytesRead));
        },
      },
      { highWaterMark: 0 },
    );
  }

  async *plaintext(signal?: AbortSignal): AsyncGenerator<Buffer> {
    let out: ReadableStream<Uint8Array>;
    try {
      out = await this.decrypter().decrypt(this.source(signal));
    } catch (err) {
      throw this.headerError(err);
    }
    const reader = out.getReader();
    let index = 0;
    try {
      for (;;) {
        let next: Awaited<ReturnType<typeof reader.read>>;
        try {
          next = await reader.read();
        } catch (err) {
          throw this.payloadError(err, index);
        }
        if (next.done) return;
        index++;
        yield Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
      }
    } finally {
      await reader.cancel().catch(() => undefined);
    }
  }

  private headerError(err: unknown): unknown {
    if (err instanceof VaultError || (err as NodeJS.ErrnoException)?.code) return fsError(err, 'backup');
    const message = err instanceof Error ? err.message : '';
    if (message.startsWith('no identity matched')) {
      return new BackupError('passphrase' in this.key ? 'wrong-passphrase' : 'wrong-key', 'no matching recipient');
    }
    if (message.startsWith('stream ended')) return new BackupError('truncated', 'age header');
    if (message.includes('work factor')) return new BackupError('not-a-backup', 'scrypt work factor');
    return new BackupError('damaged', 'age header', { cause: err });
  }

  private payloadError(err: unknown, chunk: number): unknown {
    if (err instanceof VaultError || (err as NodeJS.ErrnoException)?.code) return fsError(err, 'backup');
    // The last chunk failing before the length was known is what a cut file looks like.
    if (this.expectedLength === null && chunk >= this.chunkCount - 1) return new BackupError('truncated', `chunk ${chunk}`, { cause: err });
    return new BackupError('damaged', `chunk ${chunk}`, { cause: err });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close().catch(() => undefined);
  }
}
