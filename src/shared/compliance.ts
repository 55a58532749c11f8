/**
 * 合规自查报告: the confidentiality policy's sections, and for each item the
 * vault can speak to, the control in force, live evidence, whether it is met,
 * and what to do next, in Chinese and English. Written as a PDF (Chinese)
 * with this JSON beside it.
 */

export const COMPLIANCE_STATUSES = ['met', 'partly', 'missing'] as const;
export type ComplianceStatus = (typeof COMPLIANCE_STATUSES)[number];

export const COMPLIANCE_ITEMS = ['labels', 'encryption', 'access', 'nda', 'training', 'ack', 'offboarding', 'audit', 'backup', 'alerts', 'retention'] as const;
export type ComplianceItemId = (typeof COMPLIANCE_ITEMS)[number];

export interface Bilingual {
  zh: string;
  en: string;
}

export interface ComplianceItem {
  id: ComplianceItemId;
  /** The policy clauses it answers (e.g. "一.2"). */
  clauses: string[];
  status: ComplianceStatus;
  title: Bilingual;
  control: Bilingual;
  evidence: Bilingual;
  next: Bilingual;
  /** The numbers behind the evidence, for a reader of the JSON. */
  facts: Record<string, string | number | boolean | null>;
}

export interface ComplianceSection {
  /** 一 … 二十 */
  no: string;
  title: Bilingual;
  /** Items placed under this section (their first clause); none: the vault holds no evidence for it. */
  items: ComplianceItemId[];
}

export interface ComplianceReport {
  format: 'zhangdun-compliance-self-check';
  version: 1;
  generatedAt: string;
  generatedBy: string;
  summary: Record<ComplianceStatus, number>;
  sections: ComplianceSection[];
  items: ComplianceItem[];
}
