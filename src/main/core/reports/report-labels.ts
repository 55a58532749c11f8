/**
 * Chinese wording of audit events in reports and CSV exports (reports are
 * handed to the firm's clients and to management, in Chinese). The words are
 * the shared catalogue's (src/shared/i18n/audit.zh-CN.json), the same the
 * log viewer shows.
 */
import { AUDIT_WORDS, auditActionLabel, auditActor, auditDetails, auditOutcomeLabel, auditRoleLabel, formatAuditTime, type DescribedEntry } from '../../../shared/audit-details';
import type { AuditEntry } from '../../../shared/access';

const ZH = AUDIT_WORDS['zh-CN'];

export function actionLabel(action: string): string {
  return auditActionLabel(action, ZH);
}

export function outcomeLabel(outcome: string): string {
  return auditOutcomeLabel(outcome, ZH);
}

export function roleLabel(role: string): string {
  return auditRoleLabel(role, ZH);
}

/** The 详情 column. */
export function detailText(entry: DescribedEntry): string {
  return auditDetails(entry, ZH);
}

/** The 员工 column: the actor, or the name tried at a failed unlock. */
export function actorText(entry: Pick<AuditEntry, 'action' | 'staffName' | 'detail'>): string {
  return auditActor(entry, ZH);
}

/** 2024-03-05 14:07 in the PC's local time zone. */
export const formatTime = formatAuditTime;
