/**
 * The content phases of `npm run bench`: text extraction throughput (MiB/s of PDF and Office input, per
 * format, through the app's TextExtractor worker with its limits) and OCR (pages per second per core on
 * the shipped PP-OCRv4 engine, and character accuracy on a generated set of clean printed Chinese at
 * 300 dpi: invoice fields and addresses rendered with a CJK font by Chromium, then recognised).
 */
import { existsSync } from 'node:fs';
import { cpuUsage } from 'node:process';
import { chromium } from '@playwright/test';
import { planSampleData } from '../src/main/core/demo/generator';
import { renderSample, SAMPLE_KINDS } from '../src/main/core/demo/documents';
import { personName, sampleCompany } from '../src/main/core/demo/names';
import { Random } from '../src/main/core/demo/random';
import { TextExtractor } from '../src/main/core/extract/extract-runner';
import { OcrEngine } from '../src/main/core/extract/ocr';
import { buildDocx } from '../test/helpers/docx-writer';
import { buildXlsx, type XlsxCell } from '../test/helpers/zip-writer';
import { characterAccuracy } from '../test/fixtures/ocr/documents';
import { round } from './stats';

const MiB = 1024 * 1024;

interface InputFile {
  name: string;
  mime: string;
  bytes: Buffer;
}

/** Statements, vouchers, returns, reports and contracts as the demo renders them (text layers, CJK), unpadded. */
function pdfSet(count: number): InputFile[] {
  const rng = new Random(11);
  const kinds = SAMPLE_KINDS.filter((k) => k !== 'license' && k !== 'invoice-photo' && k !== 'ledger-csv');
  return Array.from({ length: count }, (_, i) => {
    const company = sampleCompany(rng, i);
    return { name: `sample-${i}.pdf`, mime: 'application/pdf', bytes: renderSample(rng.pick(kinds), company, 2024, rng.int(1, 12), rng) };
  });
}

/** Service contracts of about 200 paragraphs each. */
function docxSet(count: number): InputFile[] {
  const rng = new Random(12);
  return Array.from({ length: count }, (_, i) => {
    const company = sampleCompany(rng, i);
    const paragraphs = Array.from({ length: 200 }, (_, p) => `第${p + 1}条 甲方${company.name}委托乙方办理代理记账、纳税申报，联系人${personName(rng)}，地址${company.address}，服务费人民币${rng.int(200, 9000)}.00元。`);
    return { name: `contract-${i}.docx`, mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', bytes: buildDocx({ paragraphs }) };
  });
}

/** Client lists and ledgers: 2,000 rows of six columns each. */
function xlsxSet(count: number): InputFile[] {
  const rng = new Random(13);
  return Array.from({ length: count }, (_, i) => {
    const rows: XlsxCell[][] = [['客户名称', '统一社会信用代码', '联系人', '电话', '地址', '月服务费']];
    for (let r = 0; r < 2000; r++) {
      const c = sampleCompany(rng, r);
      rows.push([c.name, c.creditCode, c.contactPerson, c.phone, c.address, rng.int(200, 9000)]);
    }
    return { name: `clients-${i}.xlsx`, mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', bytes: buildXlsx([{ name: '客户清单', rows }]) };
  });
}

export interface ExtractionFigures {
  [key: string]: number;
}

/** Each format's set read twice (the first warms the worker and the code), the second timed. */
export async function extractionBench(log: (line: string) => void): Promise<ExtractionFigures> {
  const sets: Record<string, InputFile[]> = { pdf: pdfSet(400), docx: docxSet(60), xlsx: xlsxSet(12) };
  const extractor = new TextExtractor();
  const out: ExtractionFigures = {};
  try {
    for (const [format, files] of Object.entries(sets)) {
      const bytes = files.reduce((n, f) => n + f.bytes.length, 0);
      log(`extraction: ${files.length} ${format} files, ${round(bytes / MiB, 1)} MiB`);
      let chars = 0;
      let failed = 0;
      const pass = async (count: boolean) => {
        for (const f of files) {
          const r = await extractor.extract(Buffer.from(f.bytes), f.name, f.mime);
          if (!count) continue;
          chars += r.text.length;
          if (r.status !== 'ok') failed++;
        }
      };
      await pass(false);
      const t = performance.now();
      await pass(true);
      const s = (performance.now() - t) / 1000;
      out[`extract_${format}_mib_s`] = round(bytes / MiB / s, 2);
      out[`extract_${format}_files_s`] = round(files.length / s, 1);
      out[`extract_${format}_kchars_s`] = round(chars / 1000 / s, 1);
      if (failed) out[`extract_${format}_failed`] = failed;
    }
  } finally {
    await extractor.close();
  }
  return out;
}

/** About 10.5 pt at 300 dpi. */
const PX_300DPI = 44;

/** Printed lines of invoices and addresses: the words a firm searches for, in a generated, known text. */
function ocrPages(count: number): string[][] {
  const plan = planSampleData({ clients: count * 2, documents: 0, seed: 31 });
  const rng = new Random(32);
  return Array.from({ length: count }, (_, i) => {
    const buyer = plan.clients[i * 2]!;
    const seller = plan.clients[i * 2 + 1]!;
    return [
      `开票日期：2024年${String(rng.int(1, 12)).padStart(2, '0')}月${String(rng.int(1, 28)).padStart(2, '0')}日  发票号码：${rng.digits(8)}`,
      `购买方名称：${buyer.name}`,
      `纳税人识别号：${buyer.creditCode}`,
      `地址、电话：${buyer.address} ${buyer.phone}`,
      `开户行及账号：${buyer.bank}${buyer.city}分行 ${buyer.bankAccount}`,
      `销售方名称：${seller.name}`,
      `地址：${seller.address}  联系人：${seller.contactPerson}`,
      `价税合计（小写）：¥${rng.int(100, 99999)}.${rng.digits(2)}  税率：${rng.pick(['13%', '9%', '6%'])}`,
    ];
  });
}

function escapeHtml(text: string): string {
  return text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
}

/** Renders each page's lines with Noto Serif/Sans CJK at 300 dpi text size, as PNG. */
async function renderPages(pages: string[][]): Promise<Buffer[]> {
  const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] || '/usr/bin/chromium' });
  try {
    const tab = await (await browser.newContext({ viewport: { width: 2200, height: 1200 }, deviceScaleFactor: 1 })).newPage();
    const out: Buffer[] = [];
    for (const [i, lines] of pages.entries()) {
      const font = i % 2 === 0 ? "'Noto Serif CJK SC'" : "'Noto Sans CJK SC'";
      const body = lines.map((l) => `<div>${escapeHtml(l)}</div>`).join('');
      await tab.setContent(
        `<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0;background:#fff"><div id="page" style="display:inline-block;padding:60px 90px;font:${PX_300DPI}px ${font},serif;line-height:1.7;color:#111;background:#fff">${body}</div></body></html>`,
      );
      await tab.evaluate('document.fonts.ready');
      out.push(await tab.locator('#page').screenshot({ type: 'png' }));
    }
    return out;
  } finally {
    await browser.close();
  }
}

/** OCR on one engine thread: pages per CPU-second (= per core) and per wall-second, and character accuracy. */
export async function ocrBench(log: (line: string) => void, pagesWanted: number): Promise<ExtractionFigures> {
  const chromiumPath = process.env['CHROMIUM_PATH'] || '/usr/bin/chromium';
  if (!existsSync(chromiumPath)) {
    log(`ocr: skipped, no Chromium at ${chromiumPath} to render the generated pages`);
    return {};
  }
  const pages = ocrPages(pagesWanted);
  const images = await renderPages(pages);
  log(`ocr: ${images.length} generated pages of invoice fields and addresses at 300 dpi, one engine thread`);
  const engine = new OcrEngine();
  try {
    await engine.recognise(images[0]!); // loads the model
    const accuracies: number[] = [];
    const cpu = cpuUsage();
    const t = performance.now();
    for (const [i, image] of images.entries()) {
      const r = await engine.recognise(image);
      accuracies.push(characterAccuracy(pages[i]!.join(''), r.text));
    }
    const wallS = (performance.now() - t) / 1000;
    const used = cpuUsage(cpu);
    const cpuS = (used.user + used.system) / 1e6;
    const mean = accuracies.reduce((a, b) => a + b, 0) / accuracies.length;
    return {
      ocr_pages: images.length,
      ocr_pages_per_s: round(images.length / wallS, 3),
      ocr_pages_per_cpu_s: round(images.length / cpuS, 3),
      ocr_char_accuracy: round(mean, 4),
      ocr_char_accuracy_min: round(Math.min(...accuracies), 4),
    };
  } finally {
    await engine.close();
  }
}
