import type { Locator, Page } from '@playwright/test';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planSampleData, renderPlannedDocument, type SamplePlan } from '../../src/main/core/demo/generator';
import type { ClientInput } from '../../src/shared/contract';
import { clientInputSchema } from '../../src/shared/contract';
import { expect } from './fixtures';
import { buttonName, chooseOption } from './flows';
import type { TestVault } from './harness/test-vault';

export interface SampleFile {
  name: string;
  path: string;
  bytes: Buffer;
  /** What the generator filed it under. */
  category: string;
  period: { year: number; month: number };
}

export interface SampleFiles {
  dir: string;
  plan: SamplePlan;
  /** The accounting period the three picked files share. */
  period: { year: number; month: number };
  /** A bank statement PDF (Chinese text in STSong-Light, title 银行对账单). */
  pdf: SampleFile;
  /** The same period's bank transactions as CSV. */
  csv: SampleFile;
  /** A PNG scan. */
  png: SampleFile;
  /** A VAT return PDF, for dropping. */
  taxPdf: SampleFile;
}

/**
 * A folder of real sample documents from the demo generator: a bank
 * statement PDF, its CSV and a PNG from one period, plus a VAT return PDF.
 */
export async function writeSampleFiles(): Promise<SampleFiles> {
  const plan = planSampleData({ clients: 15, documents: 600, seed: 20261126, year: 2025 });
  const dir = await mkdtemp(join(tmpdir(), 'zhangdun-e2e-files-'));
  const indexed = plan.documents.map((d, i) => ({ d, i }));
  const ofPeriod = (year: number, month: number) => indexed.filter(({ d }) => d.periodYear === year && d.periodMonth === month);
  const statement = indexed.find(({ d }) => {
    const same = ofPeriod(d.periodYear, d.periodMonth);
    return d.kind === 'statement' && same.some((o) => o.d.kind === 'ledger-csv') && same.some((o) => o.d.kind === 'license' || o.d.kind === 'invoice-photo');
  });
  if (!statement) throw new Error('sample plan has no period with a statement, a CSV and a PNG');
  const { periodYear: year, periodMonth: month } = statement.d;
  const write = async (index: number): Promise<SampleFile> => {
    const doc = plan.documents[index];
    if (!doc) throw new Error('no such sample document');
    const bytes = renderPlannedDocument(plan, index);
    const name = doc.name.replace(/-\d+(\.\w+)$/, '$1');
    const path = join(dir, name);
    await writeFile(path, bytes);
    return { name, path, bytes, category: doc.category, period: { year: doc.periodYear, month: doc.periodMonth } };
  };
  const find = (test: (d: SamplePlan['documents'][number]) => boolean) => {
    const hit = indexed.find(({ d }) => test(d));
    if (!hit) throw new Error('sample plan has no such document');
    return hit.i;
  };
  return {
    dir,
    plan,
    period: { year, month },
    pdf: await write(statement.i),
    csv: await write(find((d) => d.kind === 'ledger-csv' && d.periodYear === year && d.periodMonth === month)),
    png: await write(find((d) => (d.kind === 'license' || d.kind === 'invoice-photo') && d.periodYear === year && d.periodMonth === month)),
    taxPdf: await write(find((d) => d.kind === 'tax-return')),
  };
}

/** Clients straight into the vault (the list screen is tested elsewhere): the plan's companies, for a full list. */
export function seedClients(vault: TestVault, plan: SamplePlan, count = plan.clients.length, extra: Partial<ClientInput>[] = []): void {
  const clients = vault.manager.session().clients;
  for (const c of plan.clients.slice(0, count)) {
    clients.create(
      clientInputSchema.parse({
        name: c.name,
        creditCode: c.creditCode,
        contactPerson: c.contactPerson,
        bankAccount: c.bankAccount,
        phone: c.phone,
        address: c.address,
        taxpayerType: c.taxpayerType,
        serviceStart: c.serviceStart,
        label: c.label,
      }),
    );
  }
  for (const input of extra) clients.create(clientInputSchema.parse(input));
}

/** Opens a client's workspace from the client list. */
export async function openClient(page: Page, name: string): Promise<Locator> {
  await page.getByTestId('client-row').filter({ hasText: name }).click();
  const detail = page.getByTestId('client-detail-page');
  await expect(detail.getByTestId('client-detail-name')).toHaveText(name);
  return detail;
}

/** An antd modal by the test id on its root (the root itself has no box; the dialog inside has). */
export function dialog(page: Page, testId: string): Locator {
  return page.getByTestId(testId).getByRole('dialog');
}

/**
 * The fields modal before a batch (dropped files, or files already picked in the dialog): confirm it as set,
 * optionally with the batch's category and a 所属期 for every file (全部设为…), with 开始导入.
 */
export async function confirmImportFields(page: Page, options: { category?: string; period?: { year: number; month: number } } = {}): Promise<void> {
  const modal = dialog(page, 'import-fields-modal');
  await expect(modal).toBeVisible();
  if (options.category !== undefined) await fillCategory(modal, options.category);
  if (options.period) await choosePeriod(page, modal, options.period);
  await modal.getByRole('button', { name: buttonName('开始导入') }).click();
  await expect(modal).toBeHidden();
}

/** One file's row in the import dialog's per-file list, by its name (picked or dropped). */
export function importFileRow(page: Page, name: string): Locator {
  return dialog(page, 'import-fields-modal').getByTestId('file-period-row').filter({ hasText: name });
}

export async function fillCategory(form: Locator, category: string): Promise<void> {
  // exact: each file of a batch has its own 类别 (labelled with the file's name) beside the batch's.
  const input = form.getByLabel('类别', { exact: true });
  await input.fill(category);
  await input.press('Escape');
}

/** Picks 所属期 year and month in the filing fields. */
export async function choosePeriod(page: Page, form: Locator, period: { year: number; month: number }): Promise<void> {
  await chooseOption(page, form.getByTestId('fields-year'), `${period.year} 年`);
  await chooseOption(page, form.getByTestId('fields-month'), `${period.month} 月`);
}

export async function closeImportResult(page: Page): Promise<void> {
  const result = dialog(page, 'import-result');
  await result.getByRole('button', { name: buttonName('完成') }).click();
  await expect(result).toBeHidden();
}

export interface DropFile {
  name: string;
  mime?: string;
  /** Content, or a size for a file of zeros (never read when too large). */
  bytes?: Buffer;
  size?: number;
}

/**
 * Drops files on the documents area as the OS would: a DataTransfer with
 * File objects, dispatched as dragenter, dragover and drop.
 */
export async function dropFiles(page: Page, files: DropFile[]): Promise<void> {
  const zone = page.getByTestId('documents-drop-zone');
  const payload = files.map((f) => ({ name: f.name, mime: f.mime ?? '', base64: f.bytes?.toString('base64') ?? null, size: f.size ?? 0 }));
  const dataTransfer = await page.evaluateHandle((list) => {
    const w = globalThis as unknown as {
      DataTransfer: new () => { items: { add(file: unknown): void } };
      File: new (parts: unknown[], name: string, options: { type: string }) => unknown;
      atob(text: string): string;
    };
    const dt = new w.DataTransfer();
    for (const f of list) {
      const bytes = f.base64 === null ? new Uint8Array(f.size) : Uint8Array.from(w.atob(f.base64), (c) => c.charCodeAt(0));
      dt.items.add(new w.File([bytes], f.name, { type: f.mime }));
    }
    return dt;
  }, payload);
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
  await dataTransfer.dispose();
}

/** The table row of a document, by its name. */
export function documentRow(page: Page, name: string): Locator {
  return page.getByTestId('document-row').filter({ hasText: name });
}

/**
 * Counts object URLs in the page: wraps URL.createObjectURL/revokeObjectURL
 * before the app loads. Read with `liveObjectUrls(page)`.
 */
export const OBJECT_URL_TRACKER = `(() => {
  const live = new Set();
  let created = 0;
  const create = URL.createObjectURL.bind(URL);
  const revoke = URL.revokeObjectURL.bind(URL);
  URL.createObjectURL = (obj) => { const url = create(obj); live.add(url); created++; return url; };
  URL.revokeObjectURL = (url) => { live.delete(url); revoke(url); };
  Object.defineProperty(globalThis, '__objectUrls', { value: () => ({ live: [...live], created }) });
})();`;

export async function objectUrls(page: Page): Promise<{ live: string[]; created: number }> {
  return page.evaluate(() => (globalThis as unknown as { __objectUrls: () => { live: string[]; created: number } }).__objectUrls());
}

/**
 * Dark pixels of the first rendered PDF page inside a box given in PDF points
 * from the top-left (so a test can look where the generator put a title).
 */
export async function darkPixels(page: Page, box: { x: number; y: number; width: number; height: number } | null = null): Promise<{ dark: number; total: number }> {
  return page.getByTestId('pdf-preview').locator('canvas').first().evaluate((el, b) => {
    const canvas = el as unknown as { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
    const scale = canvas.width / 595; // A4 width in points
    const x = b ? Math.floor(b.x * scale) : 0;
    const y = b ? Math.floor(b.y * scale) : 0;
    const w = b ? Math.floor(b.width * scale) : canvas.width;
    const h = b ? Math.floor(b.height * scale) : canvas.height;
    const data = canvas.getContext('2d').getImageData(x, y, w, h).data;
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) {
      if ((data[i] ?? 255) + (data[i + 1] ?? 255) + (data[i + 2] ?? 255) < 384 && (data[i + 3] ?? 0) > 0) dark++;
    }
    return { dark, total: w * h };
  }, box);
}
