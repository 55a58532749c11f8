/**
 * How long documents are kept (保管期限), from 会计档案管理办法 (财政部 国家档案局令第79号, 2015),
 * 附表一《企业和其他组织会计档案保管期限表》, and when they may be destroyed. Pure: main enforces
 * it, the renderer shows it. docs/RETENTION.md cites each row.
 */

/** A period in whole years, or 永久. */
export type RetentionYears = number | 'permanent';

export const RETENTION_YEARS_MAX = 100;

export const RETENTION_RULE_IDS = [
  'voucher',
  'ledger',
  'report-periodic',
  'report-annual',
  'bank-reconciliation',
  'bank-statement',
  'tax-return',
  'handover-list',
  'custody-list',
  'destruction-list',
  'appraisal',
  'contract',
  'license',
  'other',
] as const;
export type RetentionRuleId = (typeof RETENTION_RULE_IDS)[number];

export interface RetentionRule {
  id: RetentionRuleId;
  /** The document categories (资料类别) it covers; 'other' covers every category no rule names. */
  categories: readonly string[];
  /** 财务报表: a month means 月度/季度/半年度 (its own rule), none means the year's report. */
  reports?: 'periodic' | 'annual';
  /** The legal minimum (附表一) and its row; null: no legal period, the firm's own choice. */
  legal: { years: RetentionYears; row: string } | null;
  /** What the vault uses until the owner sets another: the legal minimum, or the firm's default. */
  defaultYears: RetentionYears;
}

const REPORTS = ['财务报表', '财务会计报告', '会计报表'];

export const RETENTION_RULES: readonly RetentionRule[] = [
  { id: 'voucher', categories: ['凭证', '会计凭证', '原始凭证', '记账凭证'], legal: { years: 30, row: '1、2' }, defaultYears: 30 },
  { id: 'ledger', categories: ['会计账簿', '账簿', '总账', '明细账', '日记账', '其他辅助性账簿'], legal: { years: 30, row: '3、4、5、7' }, defaultYears: 30 },
  { id: 'report-periodic', categories: REPORTS, reports: 'periodic', legal: { years: 10, row: '8' }, defaultYears: 10 },
  { id: 'report-annual', categories: REPORTS, reports: 'annual', legal: { years: 'permanent', row: '9' }, defaultYears: 'permanent' },
  { id: 'bank-reconciliation', categories: ['银行存款余额调节表', '余额调节表'], legal: { years: 10, row: '10' }, defaultYears: 10 },
  { id: 'bank-statement', categories: ['银行对账单'], legal: { years: 10, row: '11' }, defaultYears: 10 },
  { id: 'tax-return', categories: ['纳税申报表'], legal: { years: 10, row: '12' }, defaultYears: 10 },
  { id: 'handover-list', categories: ['会计档案移交清册'], legal: { years: 30, row: '13' }, defaultYears: 30 },
  { id: 'custody-list', categories: ['会计档案保管清册'], legal: { years: 'permanent', row: '14' }, defaultYears: 'permanent' },
  { id: 'destruction-list', categories: ['会计档案销毁清册'], legal: { years: 'permanent', row: '15' }, defaultYears: 'permanent' },
  { id: 'appraisal', categories: ['会计档案鉴定意见书'], legal: { years: 'permanent', row: '16' }, defaultYears: 'permanent' },
  // No legal period: the firm's choices. A contract is kept ten years after the year it belongs to; a
  // business licence copy likewise. Anything not filed under a known category (其他, a category typed by
  // hand) is kept 30 years: a voucher filed under another name is then never destroyed before its time.
  { id: 'contract', categories: ['合同'], legal: null, defaultYears: 10 },
  { id: 'license', categories: ['营业执照'], legal: null, defaultYears: 10 },
  { id: 'other', categories: ['其他'], legal: null, defaultYears: 30 },
];

export type RetentionPeriods = Record<RetentionRuleId, RetentionYears>;

export function defaultRetentionPeriods(): RetentionPeriods {
  return Object.fromEntries(RETENTION_RULES.map((r) => [r.id, r.defaultYears])) as RetentionPeriods;
}

export function retentionRule(id: RetentionRuleId): RetentionRule {
  return RETENTION_RULES.find((r) => r.id === id)!;
}

/** The rule a document falls under, by its category and (for 财务报表) whether its period has a month. */
export function ruleFor(category: string, periodMonth: number | null): RetentionRule {
  const name = category.trim();
  const matches = RETENTION_RULES.filter((r) => r.categories.includes(name));
  if (matches.length === 0) return retentionRule('other');
  const reports = periodMonth === null ? 'annual' : 'periodic';
  return matches.find((r) => r.reports === undefined || r.reports === reports)!;
}

/** Whether `years` keeps at least as long as `floor` (永久 keeps longest). */
export function atLeast(years: RetentionYears, floor: RetentionYears): boolean {
  if (years === 'permanent') return true;
  if (floor === 'permanent') return false;
  return years >= floor;
}

/** Why a period cannot be set for a rule, or null: below the legal minimum (第十五条), or not a whole number of years. */
export function periodProblem(id: RetentionRuleId, years: RetentionYears): 'below-legal' | 'out-of-range' | null {
  if (years !== 'permanent' && (!Number.isInteger(years) || years < 1 || years > RETENTION_YEARS_MAX)) return 'out-of-range';
  const legal = retentionRule(id).legal;
  if (legal && !atLeast(years, legal.years)) return 'below-legal';
  return null;
}

/** What retention says about one document. */
export interface RetentionInfo {
  rule: RetentionRuleId;
  years: RetentionYears;
  /** The 会计年度 the period counts from (its 所属期's year; the year it was filed when it has none). */
  fiscalYear: number;
  /** Whether fiscalYear came from the filing date because the document has no 所属期. */
  fromFiled: boolean;
  /** The last day it must be kept (YYYY-MM-DD); null: 永久. */
  keepUntil: string | null;
  /** Under a legal hold (its own or its client's): never deleted while it lasts. */
  held: boolean;
}

/**
 * 第十四条: 会计档案的保管期限，从会计年度终了后的第一天算起. The 会计年度 is the calendar year
 * (会计法 第十一条), so N years from 1 January of the next year end on 31 December of year + N.
 */
export function keepUntil(fiscalYear: number, years: RetentionYears): string | null {
  if (years === 'permanent') return null;
  return `${String(fiscalYear + years).padStart(4, '0')}-12-31`;
}

export function retentionOf(
  doc: { category: string; periodYear: number | null; periodMonth: number | null; createdAt: string },
  periods: RetentionPeriods,
  held: boolean,
): RetentionInfo {
  const rule = ruleFor(doc.category, doc.periodMonth);
  const years = periods[rule.id];
  // No 所属期: the year it was filed. A document is never from a later year than it was filed in,
  // so this keeps it at least as long as its real period would.
  const fromFiled = doc.periodYear === null;
  const fiscalYear = doc.periodYear ?? Number(doc.createdAt.slice(0, 4));
  return { rule: rule.id, years, fiscalYear, fromFiled, keepUntil: keepUntil(fiscalYear, years), held };
}

/** Whether its period has ended on `today` (YYYY-MM-DD, local): the day after keepUntil or later. */
export function retentionEnded(info: Pick<RetentionInfo, 'keepUntil'>, today: string): boolean {
  return info.keepUntil !== null && today > info.keepUntil;
}

/** A document's retention as its properties show it, with the holds behind `held`. */
export interface DocumentRetention extends RetentionInfo {
  documentHold: LegalHold | null;
  clientHold: LegalHold | null;
  /** Whether the period has ended today (permanent delete and 销毁清册 may take it). */
  ended: boolean;
}

/** A legal hold (诉讼保全、未结清的债权债务 — 第十九条): who set it, when, why. */
export interface LegalHold {
  by: string;
  byName: string;
  at: string;
  reason: string;
}

/** One document on a 销毁清册, as the list recorded it when drawn up. */
export interface DestructionItem {
  documentId: string;
  clientId: string;
  clientName: string;
  name: string;
  category: string;
  periodYear: number | null;
  periodMonth: number | null;
  years: RetentionYears;
  keepUntil: string;
  size: number;
  sha256: string;
  /** After carrying out: destroyed, or why it was kept (a hold set meanwhile, a period raised, already gone). */
  outcome: 'pending' | 'destroyed' | 'kept-held' | 'kept-retention' | 'kept-missing';
}

export interface DestructionApproval {
  staffId: string;
  name: string;
  role: string;
  at: string;
}

export const DESTRUCTION_STATES = ['open', 'approved', 'done', 'cancelled'] as const;
export type DestructionState = (typeof DESTRUCTION_STATES)[number];

/** A 销毁清册: drawn up, approved (the owner, and an admin where the firm has one), carried out. */
export interface DestructionList {
  id: string;
  state: DestructionState;
  createdAt: string;
  createdBy: string;
  createdByName: string;
  items: DestructionItem[];
  approvals: DestructionApproval[];
  /** The approvals it needs: the owner, plus an admin when the firm has one. */
  needs: ('owner' | 'admin')[];
  carriedOutAt: string | null;
  carriedOutBy: string | null;
  carriedOutByName: string | null;
}

/** A list's short number for people and the audit log: XH- and the start of its id. */
export function listLabel(id: string): string {
  return `XH-${id.slice(0, 8).toUpperCase()}`;
}

/** Which roles still have to approve. */
export function missingApprovals(list: Pick<DestructionList, 'needs' | 'approvals'>): ('owner' | 'admin')[] {
  return list.needs.filter((role) => !list.approvals.some((a) => a.role === role));
}
