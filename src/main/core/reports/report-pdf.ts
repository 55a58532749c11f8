import type { AuditEntry, OffboardReport } from '../../../shared/access';
import { A4, writePdf, type PdfFont, type PdfPage } from './pdf-writer';
import { reportFont } from './report-font';
import { actionLabel, actorText, detailText, formatTime, outcomeLabel, roleLabel } from './report-labels';

/** One access in the report: the event, the reason given (exports), and what it says in words (the 详情 column). */
export interface AccessReportEntry extends AuditEntry {
  reason: string | null;
  details: string;
}

/** 客户信息访问报告: who accessed one client's data, and when, and why where a reason was asked for. */
export interface AccessReport {
  client: { id: string; name: string; creditCode: string | null };
  generatedAt: string;
  generatedBy: string;
  from: string | null;
  to: string | null;
  entries: AccessReportEntry[];
}

/** The reason an export gave (never a refusal's cause, which uses the same key). */
export function accessReason(e: AuditEntry): string | null {
  const reason = e.detail.reason;
  return e.outcome !== 'denied' && typeof reason === 'string' && reason !== '' ? reason : null;
}

export function accessReportEntry(e: AuditEntry): AccessReportEntry {
  return { ...e, reason: accessReason(e), details: detailText(e) };
}

export const LEFT = 50;
export const RIGHT = A4.width - 50;
const TOP = A4.height - 60;
const BOTTOM = 60;

function fit(font: PdfFont, text: string, width: number, size: number): string {
  if (font.width(text, size) <= width) return text;
  let out = '';
  for (const ch of text) {
    if (font.width(`${out}${ch}…`, size) > width) break;
    out += ch;
  }
  return `${out}…`;
}

const MAX_WRAP = 3;

/** Lines of at most `width`, preferably broken after a "；", else anywhere (Chinese has no spaces); the last cut to fit. */
function wrap(font: PdfFont, text: string, width: number, size: number, max = MAX_WRAP): string[] {
  const lines: string[] = [];
  let line = '';
  for (const part of text.split(/(?<=；)/)) {
    if (line !== '' && font.width(line + part, size) > width && font.width(part, size) <= width) {
      lines.push(line);
      line = '';
    }
    for (const ch of part) {
      if (line !== '' && font.width(line + ch, size) > width) {
        lines.push(line);
        line = '';
      }
      line += ch;
    }
  }
  lines.push(line);
  if (lines.length <= max) return lines;
  return [...lines.slice(0, max - 1), fit(font, lines.slice(max - 1).join(''), width, size)];
}

interface Column {
  title: string;
  width: number;
}

/** Lays out lines and tables top to bottom, starting a new page when one is full. */
export class Layout {
  readonly pages: PdfPage[] = [];
  private page!: PdfPage;
  private y = TOP;

  constructor(
    private readonly title: string,
    private readonly font: PdfFont = reportFont(),
  ) {
    this.newPage();
  }

  private newPage(): void {
    this.page = { texts: [], lines: [] };
    this.pages.push(this.page);
    this.y = TOP;
  }

  private ensure(height: number): void {
    if (this.y - height < BOTTOM) this.newPage();
  }

  heading(text: string, size = 16): void {
    this.ensure(size + 10);
    this.page.texts.push({ x: LEFT, y: this.y - size, size, text: fit(this.font, text, RIGHT - LEFT, size) });
    this.y -= size + 10;
  }

  line(text: string, size = 10): void {
    this.ensure(size + 6);
    this.page.texts.push({ x: LEFT, y: this.y - size, size, text: fit(this.font, text, RIGHT - LEFT, size) });
    this.y -= size + 6;
  }

  /** Running text: every line of it, wrapped to the page's width after `indent` (a letter's paragraphs, a report's items). */
  paragraph(text: string, size = 11, indent = 0): void {
    for (const line of wrap(this.font, text, RIGHT - LEFT - indent, size, Number.MAX_SAFE_INTEGER)) {
      this.ensure(size + 8);
      this.page.texts.push({ x: LEFT + indent, y: this.y - size, size, text: line });
      this.y -= size + 8;
    }
  }

  gap(height = 8): void {
    this.y -= height;
  }

  /** The last column wraps (up to MAX_WRAP lines: the 详情 with an export's reason); the others are cut to fit. */
  table(columns: Column[], rows: string[][], size = 8.5): void {
    const lineHeight = size + 6;
    const header = () => {
      this.ensure(lineHeight * 2);
      this.cells(columns, columns.map((c) => [c.title]), size);
      this.page.lines.push({ x1: LEFT, y1: this.y + 2, x2: RIGHT, y2: this.y + 2, width: 0.6 });
    };
    header();
    for (const row of rows) {
      const cells = columns.map((c, i) =>
        i === columns.length - 1 ? wrap(this.font, row[i] ?? '', c.width - 4, size) : [fit(this.font, row[i] ?? '', c.width - 4, size)],
      );
      const height = lineHeight * Math.max(...cells.map((c) => c.length));
      if (this.y - height < BOTTOM) {
        this.newPage();
        header();
      }
      this.cells(columns, cells, size);
    }
    if (rows.length === 0) this.line('（无记录）', size);
  }

  private cells(columns: Column[], values: string[][], size: number): void {
    let x = LEFT;
    let lines = 1;
    columns.forEach((c, i) => {
      const cell = values[i] ?? [''];
      cell.forEach((text, n) => this.page.texts.push({ x, y: this.y - size - n * (size + 6), size, text }));
      lines = Math.max(lines, cell.length);
      x += c.width;
    });
    this.y -= (size + 6) * lines;
  }

  render(): Buffer {
    this.pages.forEach((p, i) => {
      p.texts.push({ x: LEFT, y: BOTTOM - 25, size: 8, text: `${this.title}\u3000第 ${i + 1} 页 / 共 ${this.pages.length} 页` });
      p.lines.push({ x1: LEFT, y1: BOTTOM - 12, x2: RIGHT, y2: BOTTOM - 12, width: 0.4 });
    });
    return writePdf(this.pages, this.title, undefined, this.font);
  }
}

export function accessReportPdf(report: AccessReport): Buffer {
  const title = '客户信息访问报告';
  const layout = new Layout(title);
  layout.heading(title);
  layout.line(`客户：${report.client.name}`, 11);
  if (report.client.creditCode) layout.line(`统一社会信用代码：${report.client.creditCode}`);
  const range = report.from || report.to ? `${report.from ? formatTime(report.from) : '建档起'} 至 ${report.to ? formatTime(report.to) : '今'}` : '全部记录';
  layout.line(`统计范围：${range}`);
  layout.line(`生成时间：${formatTime(report.generatedAt)}\u3000生成人：${report.generatedBy}`);
  const people = new Set(report.entries.map((e) => actorText(e)));
  layout.line(`共 ${report.entries.length} 条访问记录，涉及 ${people.size} 名员工。本报告依据保险库防篡改审计日志生成。`);
  layout.gap();
  layout.table(
    [
      { title: '时间', width: 80 },
      { title: '员工', width: 60 },
      { title: '角色', width: 40 },
      { title: '操作', width: 72 },
      { title: '结果', width: 36 },
      { title: '详情', width: RIGHT - LEFT - 288 },
    ],
    report.entries.map((e) => [formatTime(e.at), actorText(e), e.role ? roleLabel(e.role) : '', actionLabel(e.action), outcomeLabel(e.outcome), e.details]),
  );
  return layout.render();
}

export function offboardReportPdf(report: OffboardReport): Buffer {
  const title = '员工离职交接报告';
  const layout = new Layout(title);
  layout.heading(title);
  layout.line(`离职员工：${report.staff.name}（${roleLabel(report.staff.role)}）`, 11);
  layout.line(`交接给：${report.handoverTo.name}\u3000办理人：${report.by.name}\u3000办理时间：${formatTime(report.at)}`);
  layout.line(`登录已停用，密钥槽已删除。${report.masterKeyReplaced ? '该员工持有主密钥：主密钥已更换，全部客户密钥已轮换。' : ''}`);
  layout.line(`撤销授权并轮换密钥的客户（${report.revokedClients.length}）：${report.revokedClients.map((c) => c.name).join('、') || '无'}`);
  layout.line(`移交的负责客户（${report.handedOverClients.length}）：${report.handedOverClients.map((c) => c.name).join('、') || '无'}`);
  layout.gap();
  layout.heading(`待更换的账号密码（${report.credentialsToRotate.length}）`, 12);
  layout.line(
    report.credentialsToRotate.length > 0
      ? '该员工可能见过以下账号的密码，请尽快到对应网站修改，并在账盾中标记“已更换”：'
      : '该员工无可见的账号密码，无需更换。',
  );
  if (report.credentialsToRotate.length > 0) {
    layout.gap(4);
    layout.table(
      [
        { title: '客户', width: 170 },
        { title: '账号', width: 150 },
        { title: '登录名', width: RIGHT - LEFT - 320 },
      ],
      report.credentialsToRotate.map((c) => [c.clientName, c.title, c.login ?? '']),
    );
  }
  layout.gap();
  layout.heading(`近 90 天访问记录（${formatTime(report.since)} 起）`, 12);
  const counts = Object.entries(report.counts)
    .map(([action, n]) => `${actionLabel(action)} ${n} 次`)
    .join('，');
  layout.line(counts ? `汇总：${counts}` : '汇总：无访问记录');
  layout.gap(4);
  layout.table(
    [
      { title: '时间', width: 88 },
      { title: '操作', width: 80 },
      { title: '结果', width: 42 },
      { title: '客户', width: 130 },
      { title: '详情', width: RIGHT - LEFT - 340 },
    ],
    report.accessed.map((e) => [formatTime(e.at), actionLabel(e.action), outcomeLabel(e.outcome), e.clientName ?? '', detailText(e)]),
  );
  return layout.render();
}

/** A notification letter (an incident's notice to a client, its report to the regulator): a title, then the text as written, line by line. */
export function noticePdf(title: string, text: string): Buffer {
  const layout = new Layout(title);
  layout.heading(title, 18);
  layout.gap(6);
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (line.trim() === '') layout.gap(6);
    else layout.paragraph(line);
  }
  return layout.render();
}
