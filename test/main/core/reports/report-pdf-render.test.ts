/**
 * Report PDFs carry their own Chinese font: rendered by poppler (pdftoppm)
 * on a system with NO fonts at all (fontconfig pointed at an empty
 * configuration), the title's glyphs are drawn, and the text extracts as
 * the characters written (ToUnicode). The same text in the non-embedded
 * STSong-Light, rendered the same way, draws nothing: the check fails
 * whenever the font is not embedded.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, OffboardReport } from '../../../../src/shared/access';
import { A4, STSONG, writePdf, type PdfPage } from '../../../../src/main/core/reports/pdf-writer';
import { accessReportEntry, accessReportPdf, noticePdf, offboardReportPdf, type AccessReport } from '../../../../src/main/core/reports/report-pdf';
import { clientNotice, regulatorReport, type DraftFacts } from '../../../../src/main/core/incidents/incident-drafts';
import { reportFont } from '../../../../src/main/core/reports/report-font';
import { destructionCertificatePdf } from '../../../../src/main/core/reports/destruction-certificate';
import type { DestructionList } from '../../../../src/shared/retention';
import { readSfnt } from '../../../../src/main/core/reports/sfnt';

let dir: string;
let env: NodeJS.ProcessEnv;
const DPI = 72;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zd-pdf-render-'));
  const conf = join(dir, 'fonts.conf');
  // No <dir>: fontconfig knows no font at all, whatever the machine has installed.
  writeFileSync(conf, `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><cachedir>${join(dir, 'cache')}</cachedir></fontconfig>\n`);
  env = { ...process.env, FONTCONFIG_FILE: conf, FONTCONFIG_PATH: dir };
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Page 1 as 8-bit grey pixels (PGM), rendered without any system font. */
function renderFirstPage(pdf: Buffer, name: string): { width: number; height: number; pixels: Buffer } {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-r', String(DPI), '-gray', '-f', '1', '-l', '1', '-singlefile', file, join(dir, name)], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const pgm = readFileSync(join(dir, `${name}.pgm`));
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.toString('latin1', 0, 40));
  if (!header) throw new Error('not a PGM');
  const [, w, h] = header;
  return { width: Number(w), height: Number(h), pixels: pgm.subarray(header[0].length) };
}

/** Dark pixels in a band measured in PDF points from the page's top. */
function inkIn(page: { width: number; pixels: Buffer }, fromTop: number, toTop: number): number {
  const scale = DPI / 72;
  let ink = 0;
  for (let y = Math.floor(fromTop * scale); y < Math.ceil(toTop * scale); y++) {
    for (let x = 0; x < page.width; x++) if (page.pixels[y * page.width + x]! < 128) ink++;
  }
  return ink;
}

function textOf(pdf: Buffer, name: string): string {
  const file = join(dir, `${name}-text.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', [file, '-'], { env, encoding: 'utf8' });
}

const entry = (over: Partial<AuditEntry>): AuditEntry => ({
  seq: 1,
  at: '2024-03-05T06:07:00.000Z',
  staffId: 's1',
  staffName: '李会计',
  role: 'accountant',
  action: 'doc.view',
  outcome: 'success',
  clientId: 'c1',
  clientName: '华信商贸有限公司',
  documentId: 'd1',
  documentName: '2024年度报表.pdf',
  machine: 'PC-01',
  detail: {},
  ...over,
});

const access: AccessReport = {
  client: { id: 'c1', name: '华信商贸有限公司', creditCode: '91350200MA2XXXXX0X' },
  generatedAt: '2024-04-01T02:00:00.000Z',
  generatedBy: '王所长',
  from: null,
  to: null,
  entries: [entry({}), entry({ seq: 2, action: 'doc.export', detail: { reason: '年度审计' } })].map(accessReportEntry),
};

const offboard: OffboardReport = {
  staff: { id: 's1', name: '李会计', role: 'accountant' },
  handoverTo: { id: 's2', name: '王主管' },
  by: { id: 's0', name: '王所长' },
  at: '2024-04-01T02:00:00.000Z',
  since: '2024-01-02T02:00:00.000Z',
  revokedClients: [{ id: 'c1', name: '华信商贸有限公司' }],
  handedOverClients: [],
  masterKeyReplaced: false,
  credentialsToRotate: [{ id: 'k1', clientId: 'c1', clientName: '华信商贸有限公司', title: '电子税务局', kind: 'etax', login: '91350200' }],
  accessed: [entry({ action: 'doc.export', detail: { reason: '年度审计' } })],
  counts: { 'doc.export': 1 },
};

const facts: DraftFacts = {
  title: '短时间内大量查看或导出资料 #12',
  openedAt: '2024-04-01T02:00:00.000Z',
  scope: { staffIds: ['s1'], clientIds: ['c1'], from: '2024-04-01T01:00:00.000Z', to: '2024-04-01T02:30:00.000Z' },
  staffNames: ['李会计'],
  alertRule: 'doc-burst',
  contact: '王所长 0592-5551234',
  actions: [{ at: '2024-04-01T02:10:00.000Z', staffId: 's0', staffName: '王所长', text: '已暂停李会计的访问权限' }],
  closure: null,
  affected: [
    { clientId: 'c1', clientName: '华信商贸有限公司', kinds: ['documents', 'client-fields'], documentCategories: [{ category: '银行对账单', count: 2 }], fields: ['phone', 'bankAccount'], credentials: 0, events: 3 },
  ],
  today: '2024-04-01',
};

const destruction: DestructionList = {
  id: 'ab'.repeat(16),
  state: 'done',
  createdAt: '2046-01-05T02:00:00.000Z',
  createdBy: 's0',
  createdByName: '王所长',
  items: [
    { documentId: 'd1', clientId: 'c1', clientName: '华信商贸有限公司', name: '2015年3月 记账凭证.pdf', category: '凭证', periodYear: 2015, periodMonth: 3, years: 30, keepUntil: '2045-12-31', size: 1, sha256: 'e3'.repeat(32), outcome: 'destroyed' },
  ],
  approvals: [{ staffId: 's0', name: '王所长', role: 'owner', at: '2046-01-05T03:00:00.000Z' }],
  needs: ['owner'],
  carriedOutAt: '2046-01-06T02:00:00.000Z',
  carriedOutBy: 's0',
  carriedOutByName: '王所长',
};

// The layout puts the 16-point title at the top margin (60 pt from the top).
const TITLE_BAND: [number, number] = [60, 82];

describe('report PDFs without any system font', () => {
  it('control: the non-embedded STSong-Light draws no glyph here (so the checks below can fail)', () => {
    const page: PdfPage = { texts: [{ x: 50, y: A4.height - 76, size: 16, text: '客户信息访问报告' }], lines: [] };
    const rendered = renderFirstPage(writePdf([page], 't', undefined, STSONG), 'control');
    expect(inkIn(rendered, ...TITLE_BAND)).toBe(0);
    const embedded = renderFirstPage(writePdf([page], 't', undefined, reportFont()), 'control-embedded');
    expect(inkIn(embedded, ...TITLE_BAND)).toBeGreaterThan(150);
  });

  it.each([
    ['access', () => accessReportPdf(access), '客户信息访问报告', ['华信商贸有限公司', '导出原因：年度审计', '李会计']],
    ['offboard', () => offboardReportPdf(offboard), '员工离职交接报告', ['李会计', '王主管', '电子税务局', '导出原因：年度审计']],
    ['destruction', () => destructionCertificatePdf(destruction, { label: 'XH-ABABABAB', generatedAt: '2046-01-06T02:00:00.000Z', generatedBy: '王所长' }), '会计档案销毁证明', ['华信商贸有限公司', '2015年3月 记账凭证.pdf', '2045-12-31', '已销毁', '王所长']],
  ] as const)('the %s report draws its title and extracts as written', (name, make, title, phrases) => {
    const pdf = make();
    expect(pdf.toString('latin1')).toMatch(/\/FontFile2 \d+ 0 R/);
    expect(pdf.toString('latin1')).not.toContain('STSong');
    const rendered = renderFirstPage(pdf, name);
    expect(inkIn(rendered, ...TITLE_BAND)).toBeGreaterThan(150);
    const text = textOf(pdf, name);
    expect(text).toContain(title);
    for (const phrase of phrases) expect(text).toContain(phrase);
  });

  it.each([
    ['client-notice', () => noticePdf('个人信息安全事件告知函', clientNotice(facts, facts.affected[0]!)), '个人信息安全事件告知函', ['致：华信商贸有限公司', '银行对账单 2 份']],
    ['regulator-report', () => noticePdf('个人信息安全事件报告', regulatorReport(facts)), '个人信息安全事件报告', ['华信商贸有限公司', '涉及员工：李会计']],
  ] as const)('an incident’s %s draws its title, and extracts with the client and every item PIPL Article 57 names', (name, make, title, phrases) => {
    const pdf = make();
    expect(pdf.toString('latin1')).toMatch(/\/FontFile2 \d+ 0 R/);
    expect(inkIn(renderFirstPage(pdf, name), ...TITLE_BAND)).toBeGreaterThan(150);
    // Long lines wrap: compare without the line breaks the layout put in.
    const text = textOf(pdf, name).replace(/\s+/g, '');
    expect(text).toContain(title);
    for (const phrase of [...phrases, '涉及的个人信息种类', '原因和可能造成的危害', '补救措施', '减轻危害的措施', '联系方式', '王所长0592-5551234', '请保留证据并及时向公安机关报案']) {
      expect(text).toContain(phrase.replace(/\s+/g, ''));
    }
  });

  it('embeds only the glyphs used: a report is tens of kilobytes, not the 6 MB font', () => {
    const pdf = accessReportPdf(access);
    expect(pdf.length).toBeLessThan(120_000);
  });
});

describe('the report font file', () => {
  it('is found from the sources and from the built bundles’ folder (out/main, also inside the packaged asar)', async () => {
    const { reportFontPath, REPORT_FONT_FILE } = await import('../../../../src/main/core/reports/report-font');
    const root = join(__dirname, '..', '..', '..', '..');
    expect(reportFontPath()).toBe(join(root, REPORT_FONT_FILE));
    expect(reportFontPath(join(root, 'out', 'main'))).toBe(join(root, REPORT_FONT_FILE));
    expect(() => reportFontPath(tmpdir())).toThrow(/not found/);
    expect(readFileSync(join(root, 'build', 'electron-builder.yml'), 'utf8')).toMatch(/^\s+- resources\/fonts\/\*\*$/m);
  });
});

describe('the subset font', () => {
  it('is a TrueType font with just the glyphs used, renumbered, each with its original outline and advance', async () => {
    const { subsetFont } = await import('../../../../src/main/core/reports/ttf-subset');
    const { reportFontPath } = await import('../../../../src/main/core/reports/report-font');
    const full = readSfnt(readFileSync(reportFontPath()));
    const wanted = [...'账盾A'].map((ch) => full.glyphOf(ch.codePointAt(0)!));
    expect(wanted.every((g) => g > 0)).toBe(true);
    const subset = subsetFont(full, wanted);
    const small = readSfnt(subset.font);
    expect(small.numGlyphs).toBe(subset.order.length);
    expect(subset.order[0]).toBe(0);
    for (const g of wanted) {
      const id = subset.glyphs.get(g)!;
      const outline = full.glyphData(g);
      expect(outline.length).toBeGreaterThan(0);
      // Padded to 4 bytes in the subset.
      expect(small.glyphData(id).subarray(0, outline.length).equals(outline)).toBe(true);
      expect(small.glyphData(id).length - outline.length).toBeLessThan(4);
      expect(small.advanceOf(id)).toBe(full.advanceOf(g));
      expect(small.lsbOf(id)).toBe(full.lsbOf(g));
    }
    expect(subset.font.length).toBeLessThan(20_000);
  });
});
