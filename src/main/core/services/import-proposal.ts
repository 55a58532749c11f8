import { promises as fsp } from 'node:fs';
import { guessCategory, proposalReads, PROPOSAL_MAX_BYTES, type ImportProposal } from '../../../shared/document-guess';
import { periodFromName, periodFromText } from '../../../shared/periods';
import type { ContentReader } from '../search/content-indexer';
import { mimeFor } from './mime';

/** A file about to be imported: its name, its size, and its bytes when they are wanted (null: unreadable). */
export interface ProposalSource {
  name: string;
  size: number;
  bytes: () => Promise<Buffer | null>;
}

/**
 * The 所属期 and category of a file about to be imported: from its name, else from the words inside it
 * (a statement's 对账期间, an invoice's 开票日期, a return's 税款所属期). Nothing is stored; the bytes
 * are read only when the name left something open and the file is of a type and size read for proposals,
 * and are not kept. Nothing found is null (未识别), never a default.
 */
export async function proposeImport(reader: ContentReader | null, source: ProposalSource, signal?: AbortSignal): Promise<ImportProposal> {
  const { name } = source;
  const period = periodFromName(name);
  const category = guessCategory(name, null);
  if ((period && category) || !reader || !proposalReads(name, source.size)) return { period, category };
  const bytes = await source.bytes();
  if (!bytes || !proposalReads(name, bytes.length)) return { period, category };
  const read = await reader.read(bytes, name, mimeFor(name), signal, { ocr: false });
  const text = read.status === 'ok' ? read.text : null;
  return { period: period ?? (text ? periodFromText(text) : null), category: category ?? guessCategory(name, text) };
}

/** Bytes handed over by the renderer (a dropped file). */
export function bytesSource(name: string, bytes: Buffer): ProposalSource {
  return { name, size: bytes.length, bytes: async () => bytes };
}

/**
 * A picked file on disk: a regular file only (a symbolic link is not followed, as the import does not),
 * read up to the proposal cap (a file grown past it since the pick is not read).
 */
export function pathSource(name: string, path: string, size: number): ProposalSource {
  return { name, size, bytes: () => readCapped(path, PROPOSAL_MAX_BYTES) };
}

async function readCapped(path: string, max: number): Promise<Buffer | null> {
  try {
    const stat = await fsp.lstat(path);
    if (!stat.isFile() || stat.size > max) return null;
    const file = await fsp.open(path, 'r');
    try {
      // One byte more than the size seen: a file that fills it grew since, and is not read.
      const buffer = Buffer.alloc(stat.size + 1);
      let length = 0;
      while (length < buffer.length) {
        const { bytesRead } = await file.read(buffer, length, buffer.length - length, null);
        if (bytesRead === 0) return buffer.subarray(0, length);
        length += bytesRead;
      }
      return null;
    } finally {
      await file.close();
    }
  } catch {
    // Gone or unreadable since the pick: nothing proposed (未识别); its import reports why.
    return null;
  }
}
