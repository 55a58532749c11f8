import { guessCategory, proposalReads, type ImportProposal } from '../../../shared/document-guess';
import { periodFromName, periodFromText } from '../../../shared/periods';
import type { ContentReader } from '../search/content-indexer';
import { mimeFor } from './mime';


/**
 * The 所属期 and category of a file about to be imported: from its name, else from the words inside it
 * (a statement's 对账期间, an invoice's 开票日期, a return's 税款所属期). Nothing is stored; the bytes
 * are the caller's and are not kept. Nothing found is null (未识别), never a default.
 */
export async function proposeImport(reader: ContentReader | null, name: string, bytes: Buffer, signal?: AbortSignal): Promise<ImportProposal> {
  const period = periodFromName(name);
  const category = guessCategory(name, null);
  if ((period && category) || !reader || !proposalReads(name, bytes.length)) return { period, category };
  const read = await reader.read(bytes, name, mimeFor(name), signal, { ocr: false });
  const text = read.status === 'ok' ? read.text : null;
  return { period: period ?? (text ? periodFromText(text) : null), category: category ?? guessCategory(name, text) };
}
