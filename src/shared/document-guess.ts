import type { DOCUMENT_CATEGORIES } from './domain';
import type { PeriodGuess } from './periods';

type DocumentCategory = Exclude<(typeof DOCUMENT_CATEGORIES)[number], '其他'>;

/** A category read from a file's name or the words printed inside it, with those words. */
export interface CategoryGuess {
  category: DocumentCategory;
  source: 'name' | 'content';
  evidence: string;
}

/** Strongest first: a 纳税申报表 mentions 发票, a statement mentions 合同 numbers, not the other way round. */
const RULES: { category: DocumentCategory; re: RegExp }[] = [
  { category: '纳税申报表', re: /纳税申报表|申报表|税款所属期/ },
  { category: '银行对账单', re: /对账单|银行流水|交易明细|对账期间|账户明细/ },
  { category: '营业执照', re: /营业执照/ },
  { category: '财务报表', re: /资产负债表|利润表|现金流量表|所有者权益变动表|财务报表/ },
  { category: '合同', re: /合同|协议书|委托协议/ },
  { category: '凭证', re: /记账凭证|发票|开票日期|收据|凭证/ },
];

function match(text: string, source: CategoryGuess['source']): CategoryGuess | null {
  for (const { category, re } of RULES) {
    const m = re.exec(text);
    if (m) return { category, source, evidence: m[0] };
  }
  return null;
}

/** What the import dialog proposes: the name first (a person chose it), else the first page or so of the content. */
export function guessCategory(name: string, text: string | null): CategoryGuess | null {
  return match(name.replace(/\.[^.]{1,8}$/, ''), 'name') ?? (text ? match(text.slice(0, 2000), 'content') : null);
}

/** What the import dialog proposes for one file before it is imported; the person accepts or changes it. */
export interface ImportProposal {
  period: PeriodGuess | null;
  category: CategoryGuess | null;
}

/** Files read for a proposal before import: text layers of these types only, at most this big (OCR waits for the background). */
export const PROPOSAL_MAX_BYTES = 16 * 1024 * 1024;
const PROPOSAL_TYPES = /\.(pdf|docx|xlsx|csv|txt)$/i;

/** Whether a file's words are read for its proposal (the renderer asks only then; main checks again). */
export function proposalReads(name: string, size: number): boolean {
  return size <= PROPOSAL_MAX_BYTES && PROPOSAL_TYPES.test(name);
}
