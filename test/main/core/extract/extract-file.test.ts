import { describe, expect, it } from 'vitest';
import { extractFile } from '../../../../src/main/core/extract/extract-file';
import { writePdf } from '../../../../src/main/core/reports/pdf-writer';
import { buildDocx, documentXml } from '../../../helpers/docx-writer';
import { encodeGbk } from '../../../helpers/gbk';
import { jpegFile, pngFile } from '../../../helpers/image-headers';
import { brokenXref, latinPdf, passwordPdf, toUnicodePdf } from '../../../helpers/pdf-builder';
import { buildXlsx, writeZip } from '../../../helpers/zip-writer';

const PDF = 'application/pdf';

describe('PDF text layers', () => {
  it('reads Chinese text written in STSong-Light (the sample-statement writer), page by page', async () => {
    const bytes = writePdf(
      [
        {
          texts: [
            { x: 50, y: 780, size: 14, text: '中国工商银行 北京朝阳支行 对账单' },
            { x: 50, y: 750, size: 10, text: '账期 2024年03月01日 至 2024年03月31日' },
            { x: 50, y: 730, size: 10, text: '户名 北京星辰商贸有限公司' },
          ],
          lines: [{ x1: 50, y1: 720, x2: 545, y2: 720 }],
        },
        { texts: [{ x: 50, y: 780, size: 10, text: '期末余额 128,450.00' }], lines: [] },
      ],
      '银行对账单',
    );
    const result = await extractFile(bytes, '银行对账单-2024-03.pdf', PDF);
    expect(result).toMatchObject({ status: 'ok', pages: 2, damaged: false, reason: null, truncated: false });
    expect(result.text.split('\n')).toEqual(['中国工商银行 北京朝阳支行 对账单', '账期 2024年03月01日 至 2024年03月31日', '户名 北京星辰商贸有限公司', '', '期末余额 128,450.00']);
  });

  it('reads a Latin text layer and a Chinese one mapped through a ToUnicode CMap', async () => {
    const latin = await extractFile(latinPdf([['Service Agreement', 'Contract No. HT-2024-0315'], ['Signed in Beijing']]), 'a.pdf', PDF);
    expect(latin).toMatchObject({ status: 'ok', pages: 2, damaged: false });
    expect(latin.text).toBe('Service Agreement\nContract No. HT-2024-0315\n\nSigned in Beijing');

    const chinese = await extractFile(toUnicodePdf(['营业执照', '统一社会信用代码 91110105MA01ABCD2X', '北京市朝阳区建国路88号']), 'licence.pdf', PDF);
    expect(chinese).toMatchObject({ status: 'ok', pages: 1, damaged: false });
    expect(chinese.text).toBe('营业执照\n统一社会信用代码 91110105MA01ABCD2X\n北京市朝阳区建国路88号');
  });

  it('finds a PDF without a text layer (a scan) needs OCR', async () => {
    const scan = writePdf([{ texts: [], lines: [{ x1: 10, y1: 10, x2: 500, y2: 800 }] }], 'scan');
    expect(await extractFile(scan, 'scan.pdf', PDF)).toEqual({ status: 'needs-ocr', text: '', pages: 1, damaged: false, reason: null, truncated: false });
  });

  it('flags a truncated file or a broken xref as damaged, keeping the text pdf.js still finds', async () => {
    const pdf = latinPdf([['Hello World']]);
    const noEof = await extractFile(pdf.subarray(0, pdf.length - 7), 'cut.pdf', PDF);
    expect(noEof).toMatchObject({ status: 'ok', text: 'Hello World', damaged: true, reason: 'damaged' });
    const xref = await extractFile(brokenXref(pdf), 'x.pdf', PDF);
    expect(xref).toMatchObject({ status: 'ok', text: 'Hello World', damaged: true, reason: 'damaged' });
    // An unfinished incremental update: the first revision is whole, the file's end is not.
    const update = Buffer.concat([pdf, Buffer.from(`7 0 obj\n<< /Length 4000 >>\nstream\n${'x'.repeat(3000)}`, 'latin1')]);
    expect(await extractFile(update, 'update.pdf', PDF)).toMatchObject({ status: 'ok', text: 'Hello World', damaged: true });
  });

  it('fails a file cut before its trailer, or that is no PDF at all, as damaged', async () => {
    const pdf = writePdf([{ texts: [{ x: 50, y: 700, size: 12, text: '截断的文件' }], lines: [] }], 't');
    expect(await extractFile(pdf.subarray(0, pdf.length - 400), 'cut.pdf', PDF)).toMatchObject({ status: 'failed', damaged: true, reason: 'damaged' });
    expect(await extractFile(Buffer.from('<html>not a pdf</html>'), 'page.pdf', PDF)).toMatchObject({ status: 'failed', damaged: true, reason: 'damaged' });
    expect(await extractFile(Buffer.alloc(0), 'empty.pdf', PDF)).toMatchObject({ status: 'failed', damaged: true });
  });

  it('says a password-protected PDF is encrypted', async () => {
    expect(await extractFile(passwordPdf(), 'locked.pdf', PDF)).toEqual({ status: 'failed', text: '', pages: null, damaged: false, reason: 'encrypted', truncated: false });
  });

  it('stops at maxTextChars and says the text is truncated', async () => {
    const result = await extractFile(latinPdf([['ABCDEFGHIJ'], ['KLMNOPQRST']]), 'a.pdf', PDF, { maxTextChars: 15 });
    expect(result).toMatchObject({ status: 'ok', truncated: true, reason: 'too-large' });
    expect(result.text).toBe('ABCDEFGHIJ\n\nKLM');
  });

  it('leaves the bytes it was given usable', async () => {
    const pdf = latinPdf([['Hello World']]);
    const copy = Buffer.from(pdf);
    await extractFile(pdf, 'a.pdf', PDF);
    expect(pdf.equals(copy)).toBe(true);
  });
});

describe('Word .docx', () => {
  const contract = buildDocx({
    paragraphs: ['技术服务合同', '合同编号：HT-2024-0315', '甲方：北京星辰商贸有限公司\t乙方：上海云帆科技有限公司'],
    tables: [
      [
        ['项目', '金额（元）', '备注'],
        ['代理记账', '12,000.00', '按季支付'],
      ],
    ],
    header: '保密 · 仅供内部使用',
    footer: '第 1 页',
  });

  it('reads paragraphs as lines, tables as tab-separated rows, then header and footer', async () => {
    const result = await extractFile(contract, '服务合同.docx', '');
    expect(result).toMatchObject({ status: 'ok', damaged: false, reason: null, truncated: false, pages: null });
    expect(result.text).toBe(
      ['技术服务合同', '合同编号：HT-2024-0315', '甲方：北京星辰商贸有限公司\t乙方：上海云帆科技有限公司', '项目\t金额（元）\t备注', '代理记账\t12,000.00\t按季支付', '', '保密 · 仅供内部使用', '', '第 1 页'].join('\n'),
    );
  });

  it('skips deleted revisions, field codes and the fallback copy of a text box; decodes entities', async () => {
    const body =
      '<w:p><w:r><w:t>A&amp;B &#x4E2D;&#25991;</w:t></w:r><w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del>' +
      '<w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:br/><w:t>下一行</w:t></w:r></w:p>' +
      '<w:p><mc:AlternateContent xmlns:mc="x"><mc:Choice><w:t>文本框</w:t></mc:Choice><mc:Fallback><w:t>文本框</w:t></mc:Fallback></mc:AlternateContent></w:p>';
    const docx = buildDocx({}, { data: documentXml({}, body) });
    expect((await extractFile(docx, 'a.docx', '')).text).toBe('A&B 中文\n下一行\n文本框');
  });

  it('calls a document with no text empty, a non-zip damaged, and an old binary .doc unsupported', async () => {
    expect(await extractFile(buildDocx({ paragraphs: ['', ''] }), 'blank.docx', '')).toMatchObject({ status: 'empty', damaged: false });
    expect(await extractFile(Buffer.from('plain text, not a zip'), 'a.docx', '')).toMatchObject({ status: 'failed', damaged: true, reason: 'damaged' });
    expect(await extractFile(contract.subarray(0, contract.length - 30), 'cut.docx', '')).toMatchObject({ status: 'failed', damaged: true });
    const ole = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(600)]);
    expect(await extractFile(ole, 'old.docx', '')).toMatchObject({ status: 'failed', reason: 'unsupported', damaged: false });
    const encrypted = Buffer.concat([ole, Buffer.from('EncryptedPackage', 'utf16le'), Buffer.alloc(100)]);
    expect(await extractFile(encrypted, 'locked.docx', '')).toMatchObject({ status: 'failed', reason: 'encrypted', damaged: false });
  });

  it('refuses a zip bomb before or while inflating', async () => {
    // Declares 1 KiB, inflates to 50 MiB of XML.
    const liar = buildDocx({}, { data: documentXml({}, `<w:p><w:r><w:t>${'0'.repeat(50 * 1024 * 1024)}</w:t></w:r></w:p>`), declaredSize: 1024 });
    expect(await extractFile(liar, 'bomb.docx', '')).toMatchObject({ status: 'failed', reason: 'zip-bomb' });
    // Declares 1 GB from a few bytes: refused from the directory alone.
    const huge = buildDocx({ paragraphs: ['x'] }, { declaredSize: 1024 * 1024 * 1024 });
    expect(await extractFile(huge, 'huge.docx', '')).toMatchObject({ status: 'failed', reason: 'zip-bomb' });
  });
});

describe('spreadsheets and text files', () => {
  it('reads every sheet of an .xlsx under its name, a row a line', async () => {
    const xlsx = buildXlsx([
      {
        name: '客户名单',
        rows: [
          ['公司名称', '统一社会信用代码', '成立日期'],
          ['北京星辰商贸有限公司', '91110105MA01ABCD2X', { date: 45366 }],
        ],
      },
      { name: '2024年3月', rows: [['凭证号', '金额'], ['记-0315', 1280.5], [null, null], ['合计', true]] },
    ]);
    const result = await extractFile(xlsx, '客户.xlsx', '');
    expect(result).toMatchObject({ status: 'ok', damaged: false, pages: null });
    expect(result.text).toBe(['客户名单', '公司名称\t统一社会信用代码\t成立日期', '北京星辰商贸有限公司\t91110105MA01ABCD2X\t2024-03-15', '', '2024年3月', '凭证号\t金额', '记-0315\t1280.5', '合计\tTRUE'].join('\n'));
  });

  it('fails a damaged workbook, and one with a part that inflates past its declared size', async () => {
    expect(await extractFile(writeZip([{ name: 'x.txt', data: 'no workbook' }]), 'a.xlsx', '')).toMatchObject({ status: 'failed', damaged: true });
    const xlsx = buildXlsx([{ name: 'S', rows: [['a']] }]);
    expect(await extractFile(xlsx.subarray(0, 100), 'cut.xlsx', '')).toMatchObject({ status: 'failed', damaged: true });
    // The sheet reader's zip guard calls a lying size damage.
    const bomb = buildXlsx([{ name: 'S', rows: [['a']] }], [{ name: 'xl/extra.xml', data: '0'.repeat(20 * 1024 * 1024), declaredSize: 100 }]);
    expect(await extractFile(bomb, 'bomb.xlsx', '')).toMatchObject({ status: 'failed', damaged: true, reason: 'damaged' });
  });

  it('decodes a GBK CSV (as Chinese Excel saves one) into tab-separated cells', async () => {
    const csv = encodeGbk('客户,账号,备注\r\n北京星辰商贸有限公司,6222 0200 1234,"朝阳区,建国路"\r\n');
    const result = await extractFile(csv, '客户.csv', 'text/csv');
    expect(result).toMatchObject({ status: 'ok', damaged: false });
    expect(result.text).toBe('客户\t账号\t备注\n北京星辰商贸有限公司\t6222 0200 1234\t朝阳区,建国路');
  });

  it('reads UTF-16 and UTF-8 text, cut at maxTextChars', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('增值税专用发票\r\n开票日期：2024年03月15日', 'utf16le')]);
    expect(await extractFile(utf16, 'a.txt', '')).toMatchObject({ status: 'ok', text: '增值税专用发票\n开票日期：2024年03月15日' });
    const long = Buffer.from('发票'.repeat(5000), 'utf8');
    const cut = await extractFile(long, 'long.txt', '', { maxTextChars: 101 });
    expect(cut).toMatchObject({ status: 'ok', truncated: true });
    expect(cut.text).toBe('发票'.repeat(50) + '发');
    expect(await extractFile(Buffer.from('  \r\n'), 'blank.txt', '')).toMatchObject({ status: 'empty', text: '' });
    expect(await extractFile(writeZip([{ name: 'a', data: 'b' }]), 'renamed.csv', '')).toMatchObject({ status: 'failed', damaged: true });
  });
});

describe('images and other formats', () => {
  it('sends images to OCR after checking their headers and ends', async () => {
    const ok = { status: 'needs-ocr', text: '', pages: 1, damaged: false, reason: null, truncated: false };
    expect(await extractFile(pngFile(1200, 800), 'licence.png', 'image/png')).toEqual(ok);
    expect(await extractFile(jpegFile(2480, 3508), 'invoice.jpg', 'image/jpeg')).toEqual(ok);
    expect(await extractFile(pngFile(1200, 800, { complete: false }), 'cut.png', '')).toMatchObject({ status: 'needs-ocr', damaged: true });
    expect(await extractFile(jpegFile(1200, 800, { complete: false }), 'cut.jpg', '')).toMatchObject({ status: 'needs-ocr', damaged: true });
    expect(await extractFile(Buffer.from('not an image'), 'a.png', '')).toMatchObject({ status: 'failed', damaged: true });
  });

  it('refuses an image declaring more than 100 megapixels without decoding it', async () => {
    expect(await extractFile(pngFile(60000, 60000), 'huge.png', '')).toMatchObject({ status: 'failed', reason: 'too-large', damaged: false });
    expect(await extractFile(jpegFile(65000, 65000), 'huge.jpg', '')).toMatchObject({ status: 'failed', reason: 'too-large' });
  });

  it('has no OFD reader and says so; unknown files are unsupported', async () => {
    expect(await extractFile(writeZip([{ name: 'OFD.xml', data: '<ofd:OFD/>' }]), '发票.ofd', '')).toMatchObject({ status: 'failed', reason: 'unsupported', damaged: false });
    expect(await extractFile(Buffer.from([1, 2, 3]), 'blob.bin', 'application/octet-stream')).toMatchObject({ status: 'failed', reason: 'unsupported' });
  });

  it('goes by the MIME type, then the bytes, when the name has no known extension', async () => {
    expect(await extractFile(latinPdf([['By type']]), 'download', PDF)).toMatchObject({ text: 'By type' });
    expect(await extractFile(latinPdf([['By bytes']]), 'download', '')).toMatchObject({ text: 'By bytes' });
    expect(await extractFile(buildDocx({ paragraphs: ['合同'] }), 'attachment', '')).toMatchObject({ text: '合同' });
  });
});
