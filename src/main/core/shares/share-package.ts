import type { promises as fsp } from 'node:fs';
import type { ShareFile } from '../../../shared/shares';
import type { Encryption } from '../backup/format/age-file';
import { uniqueEntryNames } from '../services/document-archive';
import { sha256, writeAgeTar, type PackageFile } from './package-writer';
import { watermarkImage } from './watermark-image';
import { watermarkPdf } from './watermark-pdf';

/**
 * A share package: one age file (the backups' age writer, to a passphrase or
 * to an age recipient) holding a tar archive, which `age -d` and any tar
 * (GNU, BSD, Windows' tar.exe, 7-Zip) open:
 *
 *   files/<name>        each document, PDFs and PNG/JPEG images watermarked
 *   索引.txt            who it is for, why, until when, by whom, each file
 *                       with its SHA-256 and whether it carries a watermark
 *   index.json          the same for programs
 *
 * The index comes last because it lists the hashes of what came before.
 * Each document is held in memory only while it is stamped and written.
 */

export interface ShareHeader {
  recipient: string;
  purpose: string;
  until: string;
  clientName: string;
  sender: string;
  createdAt: string;
  shareId: string;
}

export interface ShareSource {
  documentId: string;
  name: string;
  mime: string;
  /** The document's plaintext, read when its turn comes. */
  read: () => Promise<Buffer>;
}

/** The words stamped on every page and picture. */
export function watermarkWords(recipient: string, date: string): string {
  return `仅供 ${recipient} 使用 · ${date} · 账盾`;
}

async function stamped(source: ShareSource, words: string, original: Buffer): Promise<Buffer | null> {
  if (source.mime === 'application/pdf') return watermarkPdf(original, words);
  if (source.mime === 'image/png' || source.mime === 'image/jpeg') return watermarkImage(original, words);
  return null;
}

function indexText(header: ShareHeader, files: readonly ShareFile[]): string {
  const lines = [
    '账盾 对外分享资料包 / Zhangdun share package',
    '',
    `接收方 Recipient：${header.recipient}`,
    `用途 Purpose：${header.purpose}`,
    `有效期至 Valid until：${header.until}`,
    `客户 Client：${header.clientName}`,
    `发送人 Sent by：${header.sender}`,
    `生成时间 Created：${header.createdAt}`,
    `编号 Share id：${header.shareId}`,
    '',
    '有效期是委托方的要求：本资料包交出后无法收回或自动失效，请在有效期后删除。',
    'The expiry is the sender’s condition of use: a package once handed over cannot be recalled or made to expire; delete it after that date.',
    '',
    `文件 Files (${files.length})：`,
    ...files.map((f) => `${f.sha256}  ${f.name}  ${f.size} B${f.watermarked ? '' : '  [无水印 no watermark]'}`),
    '',
  ];
  return lines.join('\n');
}

/**
 * Writes the package into `out`. `sources` are read one at a time. Returns the
 * index's file list and the bytes written.
 */
export async function writeSharePackage(
  out: fsp.FileHandle,
  encryption: Encryption,
  header: ShareHeader,
  sources: readonly ShareSource[],
  signal?: AbortSignal,
): Promise<{ files: ShareFile[]; bytes: number }> {
  const names = uniqueEntryNames(sources.map((s) => s.name)).map((n) => `files/${n}`);
  const words = watermarkWords(header.recipient, header.createdAt.slice(0, 10));
  const files: ShareFile[] = [];
  async function* entries(): AsyncGenerator<PackageFile> {
    for (const [i, source] of sources.entries()) {
      const original = await source.read();
      const marked = await stamped(source, words, original);
      const data = marked ?? original;
      const name = names[i]!;
      files.push({ documentId: source.documentId, name, size: data.length, sha256: sha256(data), originalSha256: sha256(original), watermarked: marked !== null });
      if (marked) original.fill(0);
      yield { name, data };
    }
  }
  const trailer = (): PackageFile[] => [
    { name: '索引.txt', data: Buffer.from(indexText(header, files), 'utf8') },
    { name: 'index.json', data: Buffer.from(`${JSON.stringify({ format: 'zhangdun-share/1', ...header, files }, null, 2)}\n`, 'utf8') },
  ];
  const { bytes } = await writeAgeTar(out, encryption, header.createdAt, entries(), trailer, signal);
  return { files, bytes };
}
