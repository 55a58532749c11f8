import type { ComplianceReport, ComplianceStatus } from '../../../shared/compliance';
import { Layout } from './report-pdf';
import { formatTime } from './report-labels';

const STATUS: Record<ComplianceStatus, string> = { met: '符合', partly: '部分符合', missing: '缺失' };

/** 合规自查报告: each of the policy's sections, the items the vault can speak to under it, and the rest said to be outside it. */
export function compliancePdf(report: ComplianceReport): Buffer {
  const title = '合规自查报告';
  const layout = new Layout(title);
  layout.heading(title);
  layout.line(`生成时间：${formatTime(report.generatedAt)}\u3000生成人：${report.generatedBy}`);
  layout.line(`依据：客户信息保密制度（共 ${report.sections.length} 条）。证据取自本保险库的实时数据；审计日志已在生成时完整校验。`);
  layout.line(`结论：符合 ${report.summary.met} 项，部分符合 ${report.summary.partly} 项，缺失 ${report.summary.missing} 项。`, 11);
  layout.gap();
  const byId = new Map(report.items.map((i) => [i.id, i]));
  for (const section of report.sections) {
    layout.heading(`${section.no}、${section.title.zh}`, 13);
    if (section.items.length === 0) {
      layout.paragraph('本条无保险库内的证据（由本所线下管理与记录）。', 9.5, 12);
      layout.gap(4);
      continue;
    }
    for (const id of section.items) {
      const item = byId.get(id)!;
      layout.line(`【${STATUS[item.status]}】${item.title.zh}（条款 ${item.clauses.join('、')}）`, 11);
      layout.paragraph(`现行控制：${item.control.zh}`, 9.5, 12);
      layout.paragraph(`证据：${item.evidence.zh}`, 9.5, 12);
      layout.paragraph(`下一步：${item.next.zh}`, 9.5, 12);
      layout.gap(6);
    }
  }
  return layout.render();
}
