import { ruleFor, type DestructionItem, type DestructionList } from '../../../shared/retention';
import { AUDIT_WORDS } from '../../../shared/audit-details';
import { formatTime, roleLabel } from './report-labels';
import { LEFT, Layout, RIGHT } from './report-pdf';

const OUTCOME: Record<DestructionItem['outcome'], string> = {
  pending: '未执行',
  destroyed: '已销毁',
  'kept-held': '未销毁：法律保留',
  'kept-retention': '未销毁：保管期限未满',
  'kept-missing': '未销毁：已不存在',
};

function period(i: Pick<DestructionItem, 'periodYear' | 'periodMonth'>): string {
  if (i.periodYear === null) return '未识别';
  return i.periodMonth === null ? `${i.periodYear}年` : `${i.periodYear}年${i.periodMonth}月`;
}

function years(i: DestructionItem): string {
  return i.years === 'permanent' ? '永久' : `${i.years}年`;
}

/**
 * 会计档案销毁证明: the 销毁清册 as carried out — each document, its client,
 * category, 所属期, retention and what happened to it; who drew the list up,
 * who approved, who carried it out and when, and how (crypto-erasure).
 */
export function destructionCertificatePdf(list: DestructionList, meta: { label: string; generatedAt: string; generatedBy: string }): Buffer {
  const title = '会计档案销毁证明';
  const layout = new Layout(title);
  const rules = AUDIT_WORDS['zh-CN'].retentionRules;
  layout.heading(title);
  layout.line(`销毁清册编号：${meta.label}`, 11);
  layout.line(`编制：${list.createdByName}\u3000${formatTime(list.createdAt)}`);
  for (const a of list.approvals) layout.line(`审批：${a.name}（${roleLabel(a.role)}）\u3000${formatTime(a.at)}`);
  if (list.carriedOutAt) layout.line(`执行销毁：${list.carriedOutByName ?? ''}\u3000${formatTime(list.carriedOutAt)}`);
  const destroyed = list.items.filter((i) => i.outcome === 'destroyed');
  layout.line(`清册共 ${list.items.length} 份资料，已销毁 ${destroyed.length} 份，未销毁 ${list.items.length - destroyed.length} 份。`);
  layout.line('销毁方式：删除每份资料的文件密钥（加密擦除，数据库覆盖写），随后删除加密文件及其记录；保留删除标记与审计记录。');
  layout.line('依据：《会计档案管理办法》（财政部 国家档案局令第79号）第十四条至第十九条及附表一。');
  layout.gap();
  layout.table(
    [
      { title: '客户', width: 112 },
      { title: '资料', width: 124 },
      { title: '类别', width: 50 },
      { title: '所属期', width: 46 },
      { title: '期限', width: 32 },
      { title: '保管期至', width: 52 },
      { title: '结果', width: RIGHT - LEFT - 416 },
    ],
    list.items.map((i) => [i.clientName, i.name, i.category || rules[ruleFor(i.category, i.periodMonth).id], period(i), years(i), i.keepUntil, OUTCOME[i.outcome]]),
    8,
  );
  layout.gap();
  layout.line(`SHA-256（销毁前的文件内容，供日后核对）：`, 9);
  for (const i of destroyed) layout.line(`${i.name}\u3000${i.sha256}`, 7);
  layout.gap();
  layout.line(`生成：${meta.generatedBy}\u3000${formatTime(meta.generatedAt)}`, 9);
  return layout.render();
}
