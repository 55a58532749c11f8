import type { promises as fsp } from 'node:fs';
import type { HandbackFile } from '../../../shared/handback';
import type { Encryption } from '../backup/format/age-file';
import { formatTime } from '../reports/report-labels';
import { LEFT, Layout, RIGHT } from '../reports/report-pdf';
import { csvCell } from '../services/audit-service';
import { uniqueEntryNames } from '../services/document-archive';
import { sha256, writeAgeTar, type PackageFile } from '../shares/package-writer';

/**
 * 移交资料包: everything held for a client, handed back when the engagement
 * ends. One age file (to a passphrase or the client's age recipient) holding a
 * tar that `age -d` and any tar open:
 *
 *   files/<name>          each live document, its original bytes (no watermark:
 *                         it is the client's own data going back to them)
 *   客户资料.json         the client's profile fields
 *   账号密码.json         the client's credentials with their secrets (only when asked for)
 *   客户信息访问报告.pdf   the client's access report (only when asked for)
 *   index.csv             every file above: path, original name, category, 所属期,
 *                         size, SHA-256 (UTF-8 with BOM, so Excel reads the Chinese)
 *   index.pdf             the same list, in Chinese, with who handed it back and when
 *
 * The indexes come last because they list the hashes of what came before.
 */

export interface HandbackHeader {
  handbackId: string;
  clientName: string;
  creditCode: string | null;
  sender: string;
  createdAt: string;
  reason: string;
}

export interface HandbackSource {
  name: string;
  category: string;
  periodYear: number | null;
  periodMonth: number | null;
  /** The document's plaintext, read when its turn comes. */
  read: () => Promise<Buffer>;
}

/** A file the package itself makes (the profile, credentials, access report): listed in the index like a document. */
export interface HandbackExtra {
  path: string;
  data: Buffer;
}

export function periodText(year: number | null, month: number | null): string {
  if (year === null) return '';
  return month === null ? `${year}年` : `${year}年${month}月`;
}

const CSV_HEADER = ['文件路径 Path', '原文件名 Original name', '类别 Category', '所属期 Period', '大小（字节） Size (bytes)', 'SHA-256'];

export function handbackCsv(files: readonly HandbackFile[]): string {
  const lines = [CSV_HEADER.map(csvCell).join(',')];
  for (const f of files) lines.push([f.path, f.originalName, f.category, f.period, f.size, f.sha256].map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function handbackIndexPdf(header: HandbackHeader, files: readonly HandbackFile[]): Buffer {
  const title = '移交资料包索引';
  const layout = new Layout(title);
  layout.heading(title);
  layout.line(`客户：${header.clientName}`, 11);
  if (header.creditCode) layout.line(`统一社会信用代码：${header.creditCode}`);
  layout.line(`移交原因：${header.reason}`);
  layout.line(`移交人：${header.sender}\u3000生成时间：${formatTime(header.createdAt)}`);
  layout.line(`编号：${header.handbackId}`);
  layout.line(`共 ${files.length} 个文件（不含本索引与 index.csv）。资料为保险库中保存的原件，未加水印；SHA-256 供核对文件完整。`);
  layout.line('本资料包交出后，账盾中的资料按《会计档案管理办法》规定的保管期限保存，期满经销毁清册审批后销毁。');
  layout.gap();
  layout.table(
    [
      { title: '文件路径', width: 150 },
      { title: '类别', width: 56 },
      { title: '所属期', width: 50 },
      { title: '大小（字节）', width: 58 },
      { title: 'SHA-256', width: RIGHT - LEFT - 314 },
    ],
    files.map((f) => [f.path, f.category, f.period, String(f.size), f.sha256]),
    7,
  );
  return layout.render();
}

/** Writes the package into `out`; `sources` are read one at a time. Returns the index's file list and the bytes written. */
export async function writeHandbackPackage(
  out: fsp.FileHandle,
  encryption: Encryption,
  header: HandbackHeader,
  sources: readonly HandbackSource[],
  extras: readonly HandbackExtra[],
  signal?: AbortSignal,
): Promise<{ files: HandbackFile[]; bytes: number }> {
  const names = uniqueEntryNames(sources.map((s) => s.name)).map((n) => `files/${n}`);
  const files: HandbackFile[] = [];
  async function* entries(): AsyncGenerator<PackageFile> {
    for (const [i, source] of sources.entries()) {
      const data = await source.read();
      const path = names[i]!;
      files.push({ path, originalName: source.name, category: source.category, period: periodText(source.periodYear, source.periodMonth), size: data.length, sha256: sha256(data) });
      yield { name: path, data };
    }
    for (const extra of extras) {
      files.push({ path: extra.path, originalName: '', category: '', period: '', size: extra.data.length, sha256: sha256(extra.data) });
      yield { name: extra.path, data: extra.data };
    }
  }
  const trailer = (): PackageFile[] => [
    { name: 'index.csv', data: Buffer.from(handbackCsv(files), 'utf8') },
    { name: 'index.pdf', data: handbackIndexPdf(header, files) },
  ];
  const { bytes } = await writeAgeTar(out, encryption, header.createdAt, entries(), trailer, signal);
  return { files, bytes };
}
