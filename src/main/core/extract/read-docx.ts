/**
 * Text of a Word .docx: the main document, then its headers, footers, footnotes and endnotes.
 * The zip is read through the sheets' zip guard (sheets/zip-guard.ts): every part is inflated
 * with its declared size as a hard limit, and the declared sizes are capped before anything
 * inflates, so neither a lying entry nor an honest 1 GB one gets far.
 */
import { inflateZipEntry, zipEntries, ZipGuardError, type ZipEntryInfo } from '../sheets/zip-guard';
import { decodeXmlText, DocxTextScanner, tidyDocxText } from './docx-text';
import { damagedFile, failed, TextBudget, textResult, type ExtractLimits, type ExtractResult } from './extract-types';
import { isOleFile, oleIsEncrypted } from './sniff';

/** What a .docx may unpack to before any of it is read. */
export const DOCX_LIMITS = Object.freeze({
  entries: 10_000,
  /** The XML parts read, uncompressed, together. */
  xmlBytes: 100 * 1024 * 1024,
  /** Deflate cannot do better than about 1,032:1; honest office XML packs nowhere near it. */
  bombRatio: 200,
});

export function readDocx(bytes: Buffer, limits: ExtractLimits): ExtractResult {
  if (isOleFile(bytes)) return failed(oleIsEncrypted(bytes) ? 'encrypted' : 'unsupported');
  if (bytes.length < 22 || bytes.readUInt32LE(0) !== 0x04034b50) return damagedFile();
  try {
    return readParts(bytes, limits);
  } catch (err) {
    if (!(err instanceof ZipGuardError)) throw err;
    return err.reason === 'damaged' ? damagedFile() : failed(err.reason);
  }
}

function readParts(bytes: Buffer, limits: ExtractLimits): ExtractResult {
  const entries = new Map<string, ZipEntryInfo>();
  for (const entry of zipEntries(bytes, DOCX_LIMITS.entries)) entries.set(entry.name.replace(/^\/+/, ''), entry);

  const main = mainDocumentName(bytes, entries);
  const mainEntry = entries.get(main);
  if (!mainEntry) return damagedFile();
  const folder = main.slice(0, main.lastIndexOf('/') + 1);
  // Headers, then footers (each in number order), then footnotes and endnotes.
  const rank = (name: string) => ['header', 'footer', 'footnotes', 'endnotes'].indexOf(/^[a-z]+/.exec(name.slice(folder.length).toLowerCase())?.[0] ?? '');
  const others = [...entries.keys()]
    .filter((name) => name.startsWith(folder) && /^(header|footer)\d*\.xml$|^(footnotes|endnotes)\.xml$/i.test(name.slice(folder.length)))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b, 'en', { numeric: true }));
  const parts = [mainEntry, ...others.map((name) => entries.get(name) as ZipEntryInfo)];

  let declared = 0;
  let packed = 0;
  for (const part of parts) {
    if (part.flags & 1) return failed('encrypted');
    declared += part.size;
    packed += part.packedSize;
  }
  if (declared > DOCX_LIMITS.xmlBytes) return failed(declared > packed * DOCX_LIMITS.bombRatio ? 'zip-bomb' : 'too-large');

  const budget = new TextBudget(limits.maxTextChars);
  const seen = new Set<string>();
  for (const part of parts) {
    if (budget.full) break;
    const text = tidyDocxText(partText(inflateZipEntry(bytes, part), limits.maxTextChars + 1));
    // Headers and footers repeat (first page, even pages): each distinct text once.
    if (text.trim() === '' || seen.has(text)) continue;
    seen.add(text);
    budget.add(`${text}\n\n`);
  }
  return textResult(budget.text(), { truncated: budget.truncated });
}

/** Decoded a window at a time: the heap holds a window and the text, never the whole part as one string. */
const WINDOW = 1024 * 1024;

/** Up to `max` characters of a part's text. */
function partText(data: Buffer, max: number): string {
  const pieces: string[] = [];
  let room = max;
  const scanner = new DocxTextScanner((piece) => {
    pieces.push(piece.length > room ? piece.slice(0, room) : piece);
    room -= Math.min(room, piece.length);
    return room > 0;
  });
  const decoder = new TextDecoder(data[0] === 0xff && data[1] === 0xfe ? 'utf-16le' : data[0] === 0xfe && data[1] === 0xff ? 'utf-16be' : 'utf-8');
  for (let at = 0; ; at += WINDOW) {
    const last = at + WINDOW >= data.length;
    if (!scanner.feed(decoder.decode(data.subarray(at, at + WINDOW), { stream: !last }), last) || last) break;
  }
  return pieces.join('');
}

/** The part _rels/.rels names as the office document; word/document.xml when it names none. */
function mainDocumentName(bytes: Buffer, entries: Map<string, ZipEntryInfo>): string {
  const rels = entries.get('_rels/.rels');
  // A package's relationships are a few hundred bytes; a large one is not worth reading.
  if (rels && rels.size <= 1024 * 1024 && !(rels.flags & 1)) {
    const xml = partXml(inflateZipEntry(bytes, rels));
    for (const m of xml.matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)) {
      const attrs = m[1] ?? '';
      const type = /\bType="([^"]*)"/.exec(attrs)?.[1] ?? '';
      const target = /\bTarget="([^"]*)"/.exec(attrs)?.[1];
      if (target && /\/officeDocument$/.test(type)) return decodeXmlText(target).replace(/^\/+/, '');
    }
  }
  return 'word/document.xml';
}

/** XML parts are UTF-8 (Word's) or, with a byte-order mark, UTF-16. */
function partXml(data: Buffer): string {
  if (data[0] === 0xff && data[1] === 0xfe) return data.subarray(2).toString('utf16le');
  if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder('utf-16be').decode(data.subarray(2));
  return data.toString('utf8');
}
