import { writePdf, type PdfLine, type PdfPage, type PdfText } from '../reports/pdf-writer';
import { writePng } from './png-writer';
import type { SampleCompany } from './names';
import type { Random } from './random';

export const SAMPLE_KINDS = ['statement', 'voucher', 'tax-return', 'balance-sheet', 'contract', 'license', 'invoice-photo', 'ledger-csv'] as const;
export type SampleKind = (typeof SAMPLE_KINDS)[number];

export const KIND_INFO: Record<SampleKind, { category: string; title: string; ext: string }> = {
  statement: { category: '银行对账单', title: '银行对账单', ext: 'pdf' },
  voucher: { category: '凭证', title: '记账凭证', ext: 'pdf' },
  'tax-return': { category: '纳税申报表', title: '增值税纳税申报表', ext: 'pdf' },
  'balance-sheet': { category: '财务报表', title: '资产负债表', ext: 'pdf' },
  contract: { category: '合同', title: '代理记账服务合同', ext: 'pdf' },
  license: { category: '营业执照', title: '营业执照（副本）扫描件', ext: 'png' },
  'invoice-photo': { category: '凭证', title: '发票照片', ext: 'png' },
  'ledger-csv': { category: '银行对账单', title: '银行流水', ext: 'csv' },
};

const money = (n: number) => n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function page(title: string, company: SampleCompany, subtitle: string): PdfPage {
  return {
    texts: [
      { x: 60, y: 780, size: 20, text: title },
      { x: 60, y: 752, size: 11, text: `单位名称：${company.name}` },
      { x: 60, y: 734, size: 11, text: `统一社会信用代码：${company.creditCode}` },
      { x: 60, y: 716, size: 11, text: subtitle },
      { x: 60, y: 40, size: 8, text: '示例数据（账盾演示用，非真实企业资料）' },
    ],
    lines: [{ x1: 60, y1: 705, x2: 535, y2: 705, width: 1 }],
  };
}

function table(p: PdfPage, headers: string[], rows: string[][], top: number, xs: number[]): void {
  const texts: PdfText[] = [];
  const lines: PdfLine[] = [];
  headers.forEach((h, i) => texts.push({ x: xs[i] ?? 60, y: top, size: 10, text: h }));
  lines.push({ x1: 60, y1: top - 6, x2: 535, y2: top - 6 });
  rows.forEach((row, r) => {
    const y = top - 22 - r * 18;
    row.forEach((cell, i) => texts.push({ x: xs[i] ?? 60, y, size: 9, text: cell }));
  });
  lines.push({ x1: 60, y1: top - 14 - rows.length * 18, x2: 535, y2: top - 14 - rows.length * 18 });
  p.texts.push(...texts);
  p.lines.push(...lines);
}

function pdfFor(kind: SampleKind, company: SampleCompany, year: number, month: number, rng: Random, padding?: Buffer): Buffer {
  const period = `${year}年${month}月`;
  const info = KIND_INFO[kind];
  const p = page(info.title, company, `所属期间：${period}`);
  switch (kind) {
    case 'statement': {
      let balance = rng.int(50_000, 900_000);
      const rows: string[][] = [];
      for (let d = 1; d <= 16; d++) {
        const income = rng.next() < 0.5 ? rng.int(500, 80_000) : 0;
        const expense = income ? 0 : rng.int(200, 50_000);
        balance += income - expense;
        rows.push([`${year}-${String(month).padStart(2, '0')}-${String(Math.min(28, d * 2 - 1)).padStart(2, '0')}`, rng.pick(['货款', '工资', '房租', '税款', '服务费', '利息', '报销']), income ? money(income) : '', expense ? money(expense) : '', money(balance)]);
      }
      p.texts.push({ x: 60, y: 690, size: 10, text: `开户行：${company.bank}  账号：${company.bankAccount}` });
      table(p, ['日期', '摘要', '收入', '支出', '余额'], rows, 664, [60, 150, 260, 360, 460]);
      break;
    }
    case 'voucher': {
      const amount = rng.int(1_000, 200_000);
      table(p, ['摘要', '会计科目', '借方金额', '贷方金额'], [
        ['支付货款', '应付账款', money(amount), ''],
        ['支付货款', '银行存款', '', money(amount)],
        ['计提工资', '管理费用', money(amount / 4), ''],
        ['计提工资', '应付职工薪酬', '', money(amount / 4)],
      ], 680, [60, 180, 330, 440]);
      p.texts.push({ x: 60, y: 560, size: 10, text: `记字第 ${rng.int(1, 300)} 号    制单：${company.contactPerson}` });
      break;
    }
    case 'tax-return': {
      const sales = rng.int(100_000, 3_000_000);
      table(p, ['项目', '栏次', '本月数', '本年累计'], [
        ['按适用税率计税销售额', '1', money(sales), money(sales * month)],
        ['销项税额', '11', money(sales * 0.13), money(sales * 0.13 * month)],
        ['进项税额', '12', money(sales * 0.09), money(sales * 0.09 * month)],
        ['应纳税额', '19', money(sales * 0.04), money(sales * 0.04 * month)],
      ], 680, [60, 250, 320, 440]);
      break;
    }
    case 'balance-sheet': {
      const rows = ['货币资金', '应收账款', '存货', '固定资产', '短期借款', '应付账款', '实收资本', '未分配利润'].map((item) => [item, money(rng.int(10_000, 5_000_000)), money(rng.int(10_000, 5_000_000))]);
      table(p, ['项目', '期末余额', '年初余额'], rows, 680, [60, 300, 430]);
      break;
    }
    case 'contract': {
      const fee = rng.int(200, 3000);
      const clauses = [
        '甲方（委托方）：' + company.name,
        '乙方（受托方）：本代理记账机构',
        `一、乙方为甲方提供代理记账、纳税申报服务，服务期自${year}年${month}月起一年。`,
        `二、服务费每月人民币 ${money(fee)} 元，按季度支付。`,
        '三、乙方对甲方的财务资料、商业信息负有保密义务，未经甲方书面同意不得向第三方披露。',
        '四、甲方应按时提供真实、完整的原始凭证。',
        '五、本合同一式两份，双方各执一份。',
      ];
      clauses.forEach((text, i) => p.texts.push({ x: 60, y: 680 - i * 24, size: 11, text }));
      break;
    }
    case 'license':
    case 'invoice-photo':
    case 'ledger-csv':
      throw new Error(`not a PDF kind: ${kind}`);
    default: {
      const unreachable: never = kind;
      throw new Error(String(unreachable));
    }
  }
  return writePdf([p], `${info.title} ${company.name} ${period}`, padding);
}

function pngFor(kind: SampleKind, rng: Random): Buffer {
  const width = kind === 'license' ? 640 : 420;
  const height = kind === 'license' ? 450 : 560;
  const tint = rng.int(0, 20);
  const seal = { x: rng.int(width * 0.55, width * 0.8), y: rng.int(height * 0.6, height * 0.8), r: 48 };
  return writePng(width, height, (x, y) => {
    const border = x < 12 || y < 12 || x > width - 13 || y > height - 13;
    if (border) return kind === 'license' ? [178, 34, 34] : [60, 60, 60];
    const dx = x - seal.x;
    const dy = y - seal.y;
    const d = Math.sqrt(dx * dx + dy * dy);
    if (d < seal.r && d > seal.r - 5) return [200, 30, 30];
    if (y % 28 < 2 && x > 40 && x < width - 40) return [150, 150, 150];
    const noise = (x * 31 + y * 17) % 7;
    return [245 - tint - noise, 242 - tint - noise, 235 - noise];
  });
}

function csvFor(company: SampleCompany, year: number, month: number, rng: Random): Buffer {
  const lines = ['交易日期,摘要,收入金额,支出金额,账户余额,对方户名'];
  let balance = rng.int(10_000, 500_000);
  for (let i = 1; i <= 30; i++) {
    const inc = rng.next() < 0.4 ? rng.int(100, 50_000) : 0;
    const out = inc ? 0 : rng.int(50, 20_000);
    balance += inc - out;
    lines.push(`${year}-${String(month).padStart(2, '0')}-${String(Math.min(28, i)).padStart(2, '0')},${rng.pick(['货款', '工资', '水电费', '税款'])},${inc || ''},${out || ''},${balance},${company.city}某某有限公司`);
  }
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
}

/** Renders one sample document; `padTo` grows PDFs to a target size (scanned-page weight). */
export function renderSample(kind: SampleKind, company: SampleCompany, year: number, month: number, rng: Random, padTo = 0): Buffer {
  if (kind === 'license' || kind === 'invoice-photo') return pngFor(kind, rng);
  if (kind === 'ledger-csv') return csvFor(company, year, month, rng);
  const base = pdfFor(kind, company, year, month, rng);
  if (padTo <= base.length + 64) return base;
  return pdfFor(kind, company, year, month, rng, rng.bytes(padTo - base.length - 64));
}
