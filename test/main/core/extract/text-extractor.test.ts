import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TextExtractor } from '../../../../src/main/core/extract/extract-runner';
import { isVaultError } from '../../../../src/main/core/errors';
import { buildDocx, documentXml } from '../../../helpers/docx-writer';
import { pngFile } from '../../../helpers/image-headers';
import { buildXlsx } from '../../../helpers/zip-writer';
import { flateBombPdf, latinPdf, loopPdf, manyPagesPdf } from '../../../helpers/pdf-builder';

/**
 * Hostile files through the real worker: each ends as a result, the app's thread never
 * waits on a parser, and the extractor keeps working afterwards. Outcomes only, no timings.
 */
let extractor: TextExtractor;

beforeAll(() => {
  extractor = new TextExtractor();
});
afterAll(async () => {
  await extractor.close();
});

const PDF = 'application/pdf';
const hello = latinPdf([['Hello from the worker']]);

async function stillWorks(): Promise<void> {
  expect(await extractor.extract(hello, 'hello.pdf', PDF)).toMatchObject({ status: 'ok', text: 'Hello from the worker' });
}

describe('TextExtractor', () => {
  it('extracts in a worker and leaves the caller its bytes', async () => {
    const bytes = Buffer.from(hello);
    const result = await extractor.extract(bytes, 'hello.pdf', PDF);
    expect(result).toEqual({ status: 'ok', text: 'Hello from the worker', pages: 1, damaged: false, reason: null, truncated: false });
    expect(bytes.equals(hello)).toBe(true);
  });

  it('refuses a .docx zip bomb, lying or honest, without inflating it', async () => {
    const lying = buildDocx({}, { data: documentXml({}, `<w:p><w:r><w:t>${'0'.repeat(64 * 1024 * 1024)}</w:t></w:r></w:p>`), declaredSize: 2048 });
    expect(await extractor.extract(lying, 'bomb.docx', '')).toMatchObject({ status: 'failed', reason: 'zip-bomb', text: '' });
    const declared = buildDocx({ paragraphs: ['合同'] }, { declaredSize: 1024 * 1024 * 1024 });
    expect(await extractor.extract(declared, 'declared.docx', '')).toMatchObject({ status: 'failed', reason: 'zip-bomb' });
    await stillWorks();
  });

  it('reads past reference loops in the page tree, flagging the damage', async () => {
    const kids = await extractor.extract(loopPdf('kids', 'Before the loop'), 'kids.pdf', PDF);
    expect(kids).toMatchObject({ status: 'ok', text: 'Before the loop', damaged: true, reason: 'damaged' });
    const parent = await extractor.extract(loopPdf('parent', 'Own parent'), 'parent.pdf', PDF);
    expect(parent.status === 'ok' || parent.status === 'failed').toBe(true);
    if (parent.status === 'ok') expect(parent.text).toBe('Own parent');
    else expect(parent.damaged).toBe(true);
  });

  it('stops a 20,000-page PDF at maxPages', async () => {
    const result = await extractor.extract(manyPagesPdf(20_000, 'Page text'), 'long.pdf', PDF, { maxPages: 25 });
    expect(result).toMatchObject({ status: 'ok', pages: 20_000, truncated: true, reason: 'too-many-pages', damaged: false });
    expect(result.text.split('\n\n')).toEqual(Array.from({ length: 25 }, () => 'Page text'));
  });

  it('refuses a 60000×60000 PNG from its header', async () => {
    expect(await extractor.extract(pngFile(60_000, 60_000), 'huge.png', 'image/png')).toMatchObject({ status: 'failed', reason: 'too-large', damaged: false });
    expect(await extractor.extract(pngFile(800, 600), 'scan.png', 'image/png')).toMatchObject({ status: 'needs-ocr', damaged: false });
  });

  it('flags a truncated PDF as damaged', async () => {
    const cut = hello.subarray(0, hello.length - 7);
    expect(await extractor.extract(cut, 'cut.pdf', PDF)).toMatchObject({ status: 'ok', damaged: true, reason: 'damaged' });
    expect(await extractor.extract(hello.subarray(0, hello.length / 2), 'half.pdf', PDF)).toMatchObject({ status: 'failed', damaged: true, reason: 'damaged' });
  });

  it('stops a file that runs out of time and starts a new worker for the next', async () => {
    await stillWorks();
    // A millisecond cannot hold even the loading of 20,000 pages' cross-references.
    const result = await extractor.extract(manyPagesPdf(20_000), 'slow.pdf', PDF, { timeoutMs: 1 });
    expect(result).toEqual({ status: 'failed', text: '', pages: null, damaged: false, reason: 'timeout', truncated: false });
    await stillWorks();
  });

  it('reads a 60 MiB text run with a small heap: parts are decoded a window at a time', async () => {
    const big = buildDocx({ paragraphs: ['a'.repeat(60 * 1024 * 1024)] });
    const result = await extractor.extract(big, 'big.docx', '', { maxMemoryMb: 64, maxTextChars: 1000 });
    expect(result).toMatchObject({ status: 'ok', truncated: true, reason: 'too-large' });
    expect(result.text).toBe('a'.repeat(1000));
  });

  it('stops a worker that runs out of heap, and the process stays up', async () => {
    const outOfHeap = { status: 'failed', text: '', pages: null, damaged: false, reason: 'memory', truncated: false };
    // 800,000 cells: the sheet parser's objects need several times the 32 MiB allowed.
    const rows = Array.from({ length: 20_000 }, (_, r) => Array.from({ length: 40 }, (_, c) => r * 40 + c));
    expect(await extractor.extract(buildXlsx([{ name: '流水', rows }]), 'big.xlsx', '', { maxMemoryMb: 32 })).toEqual(outOfHeap);
    // A heap too small for the worker to start at all.
    const docx = buildDocx({ paragraphs: ['合同'.repeat(100_000)] });
    expect(await extractor.extract(docx, 'a.docx', '', { maxMemoryMb: 2 })).toEqual(outOfHeap);
    await stillWorks();
  });

  it('stops a PDF flate bomb by the growth of the process (buffers are outside the heap cap)', async () => {
    // A 2 GiB font program from about 2 MB. The time limit is far off: memory must stop it first.
    const bomb = await flateBombPdf(2048);
    const result = await extractor.extract(bomb, 'bomb.pdf', PDF, { maxMemoryMb: 64, timeoutMs: 240_000 });
    expect(result).toMatchObject({ status: 'failed', reason: 'memory', text: '' });
    await stillWorks();
  }, 300_000);

  it('takes files in turn and cancels waiting and running ones on close or abort', async () => {
    const own = new TextExtractor({ poolSize: 1 });
    const isCancelled = (err: unknown) => isVaultError(err, 'CANCELLED');
    const running = expect(own.extract(hello, 'a.pdf', PDF)).rejects.toSatisfy(isCancelled);
    const controller = new AbortController();
    const aborted = expect(own.extract(hello, 'b.pdf', PDF, {}, controller.signal)).rejects.toSatisfy(isCancelled);
    controller.abort();
    await aborted;
    const waiting = expect(own.extract(hello, 'c.pdf', PDF)).rejects.toSatisfy(isCancelled);
    await own.close();
    await running;
    await waiting;
    await expect(own.extract(hello, 'd.pdf', PDF)).rejects.toSatisfy(isCancelled);
  });
});
