/**
 * An Office (OOXML) zip opened for the preview through the sheets' zip guard: the central
 * directory is read first, every part is inflated with its declared size as a hard limit (more
 * is a zip bomb), and the parts read are capped together before anything inflates.
 */
import { posix } from 'node:path';
import { inflateZipEntry, zipEntries, ZipGuardError, type ZipEntryInfo } from '../sheets/zip-guard';
import type { OfficeFailureReason } from '../../../shared/office-preview';
import { scanXml } from './xml-scan';

export const PACKAGE_LIMITS = Object.freeze({
  entries: 10_000,
  /** Uncompressed bytes of all the parts read together (XML and pictures). */
  bytesRead: 120 * 1024 * 1024,
  /** One XML part: it becomes a string of twice its size in the worker's heap. */
  xmlPart: 40 * 1024 * 1024,
  /** Deflate cannot do better than about 1,032:1; honest office XML packs nowhere near this. */
  bombRatio: 200,
});

/** Why a file cannot be previewed; thrown by the readers and turned into an OfficeFailure. */
export class PreviewRefusal extends Error {
  constructor(readonly reason: OfficeFailureReason) {
    super(`preview: ${reason}`);
    this.name = 'PreviewRefusal';
  }
}

export interface Relationship {
  type: string;
  /** The part it points to, as a path inside the zip (external targets are left out). */
  target: string;
}

export class OoxmlPackage {
  private readonly entries = new Map<string, ZipEntryInfo>();
  private read = 0;

  constructor(private readonly bytes: Buffer) {
    if (bytes.length < 22 || bytes.readUInt32LE(0) !== 0x04034b50) throw new PreviewRefusal('damaged');
    guarded(() => {
      for (const entry of zipEntries(bytes, PACKAGE_LIMITS.entries)) this.entries.set(entry.name.replace(/^\/+/, ''), entry);
    });
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** Declared size of a part, or null when the zip has no such part. */
  sizeOf(name: string): number | null {
    return this.entries.get(name)?.size ?? null;
  }

  /** A part's bytes; null when absent. Refuses once the parts read together pass the cap. */
  bytesOf(name: string): Buffer | null {
    const entry = this.entries.get(name);
    if (!entry) return null;
    if (entry.flags & 1) throw new PreviewRefusal('encrypted');
    if (this.read + entry.size > PACKAGE_LIMITS.bytesRead) throw refusalFor(entry);
    this.read += entry.size;
    return guarded(() => inflateZipEntry(this.bytes, entry));
  }

  /** A part as text (UTF-8, or UTF-16 with its byte-order mark); null when absent. */
  text(name: string): string | null {
    const entry = this.entries.get(name);
    if (entry && entry.size > PACKAGE_LIMITS.xmlPart) throw refusalFor(entry);
    const data = this.bytesOf(name);
    if (!data) return null;
    if (data[0] === 0xff && data[1] === 0xfe) return data.subarray(2).toString('utf16le');
    if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder('utf-16be').decode(data.subarray(2));
    return data.toString('utf8');
  }

  /** The relationships of `part` (from its _rels/<name>.rels), by id. */
  relationships(part: string): Map<string, Relationship> {
    const folder = posix.dirname(part);
    const relsName = posix.join(folder, '_rels', `${posix.basename(part)}.rels`).replace(/^\.\//, '');
    const rels = new Map<string, Relationship>();
    const xml = this.text(relsName);
    if (xml === null) return rels;
    scanXml(xml, {
      open: (name, attrs) => {
        const id = attrs['Id'];
        const target = attrs['Target'];
        // Linked (external) targets are never followed: a preview loads nothing from elsewhere.
        if (name !== 'Relationship' || !id || !target || attrs['TargetMode'] === 'External') return;
        const resolved = target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join(folder === '.' ? '' : folder, target));
        if (resolved.startsWith('..')) return;
        rels.set(id, { type: attrs['Type'] ?? '', target: resolved });
      },
      close: () => undefined,
      text: () => undefined,
      wantsText: () => false,
    });
    return rels;
  }

  /** The main document part that _rels/.rels names as the office document; `fallback` when it names none. */
  officeDocument(fallback: string): string {
    for (const rel of this.relationships('').values()) {
      if (/\/officeDocument$/.test(rel.type) && this.has(rel.target)) return rel.target;
    }
    return fallback;
  }
}

/** Too much to read: a zip bomb when it claims to inflate far beyond what deflate can do honestly. */
function refusalFor(entry: ZipEntryInfo): PreviewRefusal {
  return new PreviewRefusal(entry.size > entry.packedSize * PACKAGE_LIMITS.bombRatio ? 'zip-bomb' : 'too-large');
}

function guarded<T>(run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof ZipGuardError) throw new PreviewRefusal(err.reason);
    throw err;
  }
}
