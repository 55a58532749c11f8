import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtractingReader } from '../../../../src/main/core/extract/content-reader';
import { TextExtractor } from '../../../../src/main/core/extract/extract-runner';
import type { ContentReader } from '../../../../src/main/core/search/content-indexer';
import { bytesSource, pathSource, proposeImport } from '../../../../src/main/core/services/import-proposal';
import { PROPOSAL_MAX_BYTES } from '../../../../src/shared/document-guess';
import { buildDocx } from '../../../helpers/docx-writer';
import { toUnicodePdf } from '../../../helpers/pdf-builder';

/** The import dialog's proposals through the real extraction worker (text layers only, no OCR). */
let extractor: TextExtractor;
let reader: ExtractingReader;

beforeAll(() => {
  extractor = new TextExtractor();
  reader = new ExtractingReader(extractor, null);
});
afterAll(async () => {
  await extractor.close();
});

/** A reader that must not be asked: the name said everything, or the file is not one whose words are read. */
const refusing: ContentReader = {
  read: () => Promise.reject(new Error('the content was read')),
};

const propose = (r: ContentReader, name: string, bytes: Buffer) => proposeImport(r, bytesSource(name, bytes));

describe('proposeImport', () => {
  it('reads a statement period and the category from a PDF whose name says nothing', async () => {
    const pdf = toUnicodePdf(['中国建设银行 单位账户对账单', '户名：福州闽江商贸有限公司', '对账期间：2024年02月01日至2024年02月29日']);
    const p = await propose(reader, 'scan0001.pdf', pdf);
    expect(p.period).toMatchObject({ year: 2024, month: 2, quarter: null, source: 'content' });
    expect(p.period?.evidence).toContain('对账期间');
    expect(p.category).toMatchObject({ category: '银行对账单', source: 'content' });
  });

  it('reads 税款所属期 of a quarter from a .docx', async () => {
    const docx = buildDocx({ paragraphs: ['增值税及附加税费申报表', '税款所属期：2024年01月01日至2024年03月31日', '纳税人名称：厦门云账信息科技有限公司'] });
    const p = await propose(reader, '申报资料.docx', docx);
    expect(p.period).toMatchObject({ year: 2024, month: null, quarter: 1, source: 'content' });
    expect(p.category).toMatchObject({ category: '纳税申报表' });
  });

  it('takes the name first and does not read the content when the name says both', async () => {
    const p = await propose(refusing, '银行对账单-2024-03.pdf', Buffer.from('%PDF-1.4'));
    expect(p).toMatchObject({ period: { year: 2024, month: 3, source: 'name' }, category: { category: '银行对账单', source: 'name' } });
  });

  it('does not read images (OCR is for the background), oversized files or unknown types', async () => {
    expect(await propose(refusing, 'IMG_0001.jpg', Buffer.alloc(10))).toEqual({ period: null, category: null });
    expect(await propose(refusing, 'scan.pdf', Buffer.alloc(PROPOSAL_MAX_BYTES + 1))).toEqual({ period: null, category: null });
    expect(await propose(refusing, 'a.bin', Buffer.alloc(10))).toEqual({ period: null, category: null });
  });

  it('proposes nothing (未识别) for a damaged file or one without such words, and never a default', async () => {
    expect(await propose(reader, 'broken.pdf', Buffer.from('%PDF-1.4\n1 0 obj <<'))).toEqual({ period: null, category: null });
    expect(await propose(reader, 'notes.txt', Buffer.from('会议纪要：讨论年度计划'))).toEqual({ period: null, category: null });
  });
});

describe('proposeImport of a picked file (by path)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'zd-propose-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const at = (name: string, bytes: Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return pathSource(name, path, bytes.length);
  };

  it('reads the file on disk by the same rule as dropped bytes', async () => {
    const pdf = toUnicodePdf(['中国建设银行 单位账户对账单', '对账期间：2024年02月01日至2024年02月29日']);
    const p = await proposeImport(reader, at('scan0001.pdf', pdf));
    expect(p.period).toMatchObject({ year: 2024, month: 2, source: 'content' });
    expect(p.category).toMatchObject({ category: '银行对账单', source: 'content' });
    expect(await proposeImport(reader, at('合同.docx', buildDocx({ paragraphs: ['服务约定'] })))).toMatchObject({ period: null, category: { category: '合同', source: 'name' } });
  });

  it('does not open the file when the name says both, or its type or size is not read', async () => {
    const opened: string[] = [];
    const watch = (source: ReturnType<typeof pathSource>) => ({ ...source, bytes: () => (opened.push(source.name), source.bytes()) });
    expect(await proposeImport(refusing, watch(at('银行对账单-2024-03.pdf', Buffer.from('%PDF-1.4'))))).toMatchObject({ period: { year: 2024, month: 3 } });
    expect(await proposeImport(refusing, watch(at('IMG_0001.jpg', Buffer.alloc(10))))).toEqual({ period: null, category: null });
    const big = at('big.pdf', Buffer.alloc(10));
    expect(await proposeImport(refusing, watch({ ...big, size: PROPOSAL_MAX_BYTES + 1 }))).toEqual({ period: null, category: null });
    expect(opened).toEqual([]);
  });

  it('proposes nothing for a file grown past the cap, gone, or a symbolic link since the pick', async () => {
    const grown = at('grown.txt', Buffer.from('对账期间：2024年02月'));
    writeFileSync(join(dir, 'grown.txt'), Buffer.alloc(PROPOSAL_MAX_BYTES + 1, 0x20));
    expect(await proposeImport(refusing, grown)).toEqual({ period: null, category: null });
    const gone = at('gone.txt', Buffer.from('对账期间：2024年02月'));
    rmSync(join(dir, 'gone.txt'));
    expect(await proposeImport(refusing, gone)).toEqual({ period: null, category: null });
    writeFileSync(join(dir, 'target.txt'), '对账期间：2024年02月01日至2024年02月29日');
    symlinkSync(join(dir, 'target.txt'), join(dir, 'link.txt'));
    expect(await proposeImport(refusing, pathSource('link.txt', join(dir, 'link.txt'), 20))).toEqual({ period: null, category: null });
    // The same words in a plain file are read (the refusals above are the file's, not the words').
    expect((await proposeImport(reader, pathSource('target.txt', join(dir, 'target.txt'), 20))).period).toMatchObject({ year: 2024, month: 2 });
  });
});
