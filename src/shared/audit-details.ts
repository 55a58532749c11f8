/**
 * Audit events in words: the action, outcome and role labels, who acted, and
 * the 详情 column ("导出原因：年度审计；文件：报表.pdf", "修改字段：电话、地址").
 * One formatter per action, shared by the log viewer (renderer), the CSV
 * export and the PDF reports (main). The wording lives in
 * src/shared/i18n/audit.<locale>.json, one file per language.
 */
import type { AuditAction, AuditDetailValue, AuditEntry } from './access';
import { interpolate, type Locale } from './messages';
import zhCN from './i18n/audit.zh-CN.json';
import en from './i18n/audit.en.json';

export type AuditWords = typeof zhCN;

export const AUDIT_WORDS: Record<Locale, AuditWords> = { 'zh-CN': zhCN, en };

/** What the formatter reads of an event. */
export type DescribedEntry = Pick<AuditEntry, 'action' | 'outcome' | 'detail' | 'documentName' | 'staffName' | 'people'>;

type Detail = Record<string, AuditDetailValue>;
type Words = AuditWords['words'];

function lookup<T extends Record<string, string>>(table: T, key: string): string {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key as keyof T]! : key;
}

export function auditActionLabel(action: string, words: AuditWords): string {
  return lookup(words.actions, action);
}

export function auditOutcomeLabel(outcome: string, words: AuditWords): string {
  return lookup(words.outcomes, outcome);
}

export function auditRoleLabel(role: string, words: AuditWords): string {
  return lookup(words.roles, role);
}

/** 2024-03-05 14:07 in this PC's time zone. */
export function formatAuditTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/**
 * Who acted. A failed unlock has no actor: it shows the name tried (sealed to
 * the vault's inbox until the next unlock wrote it into the log), or that it
 * was not a staff name; "—" only when nothing was recorded or it could not be read.
 */
export function auditActor(entry: Pick<AuditEntry, 'action' | 'staffName' | 'detail'>, words: AuditWords): string {
  if (entry.staffName) return entry.staffName;
  if (entry.action === 'unlock.failed') {
    const name = text(entry.detail, 'name');
    if (name && name !== '?') return interpolate(words.words.triedActor, { name });
    if (entry.detail.unknownName === true) return words.words.triedUnknownActor;
  }
  return words.words.dash;
}

function text(d: Detail, key: string): string | null {
  const v = d[key];
  return typeof v === 'string' && v !== '' ? v : null;
}

function count(d: Detail, key: string): number | null {
  const v = d[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Builds the parts of one 详情 cell. */
class Parts {
  readonly out: string[] = [];

  constructor(
    readonly w: AuditWords,
    readonly e: DescribedEntry,
  ) {}

  get d(): Detail {
    return this.e.detail;
  }

  say(key: keyof Words, values?: Record<string, string | number>): this {
    this.out.push(interpolate(this.w.words[key], values));
    return this;
  }

  /** Says `key` with `{{name}}` = the detail's string at `field`, when there is one. */
  named(key: keyof Words, field: string, table?: Record<string, string>): this {
    const v = text(this.d, field);
    if (v !== null) this.say(key, { [placeholder(this.w.words[key])]: table ? lookup(table, v) : v });
    return this;
  }

  counted(key: keyof Words, field: string): this {
    const n = count(this.d, field);
    if (n !== null) this.say(key, { count: n });
    return this;
  }

  when(condition: boolean, key: keyof Words): this {
    if (condition) this.say(key);
    return this;
  }

  /** The staff member the detail names by id, by name (the current one, else the recorded one). */
  person(key: keyof Words, idField = 'staffId', nameField = 'name'): this {
    const id = text(this.d, idField);
    const name = (id ? this.e.people?.[id] : undefined) ?? text(this.d, nameField);
    if (name) this.say(key, { name });
    return this;
  }

  list(key: keyof Words, field: string, table: Record<string, string>): this {
    const v = text(this.d, field);
    if (v === null) return this;
    const names = v.split(',').map((item) => {
      const [head] = item.split(':');
      return lookup(table, head!);
    });
    return this.say(key, { [placeholder(this.w.words[key])]: [...new Set(names)].join(this.w.words.listSeparator) });
  }

  document(): this {
    const name = this.e.documentName ?? text(this.d, 'name');
    if (name) this.say('document', { name });
    return this;
  }

  error(): this {
    this.named('error', 'code');
    return this;
  }
}

function placeholder(template: string): string {
  return /\{\{(\w+)\}\}/.exec(template)?.[1] ?? 'value';
}

/** Refused attempts: why, and what was asked for (never an export "reason": refusals use that key for their own cause). */
function refused(p: Parts): void {
  p.when(p.d.reason === 'not-granted', 'notGranted').when(p.d.reason === 'client-ended', 'clientEnded');
  p.document();
  p.person('staff');
  const role = text(p.d, 'targetRole') ?? text(p.d, 'role');
  if (role) p.say('role', { role: auditRoleLabel(role, p.w) });
}

function successOrFailure(p: Parts, action: AuditAction): void {
  const { d, w } = p;
  switch (action) {
    case 'vault.create':
    case 'sync.publish':
    case 'sync.join':
    case 'client.list':
    case 'client.view':
    case 'doc.list':
    case 'cred.list':
    case 'cred.delete':
    case 'cred.totp':
    case 'staff.list':
    case 'grant.list':
    case 'audit.view':
    case 'anchor.forged':
      return;
    case 'unlock': {
      const method = text(d, 'method');
      if (method) p.say('method', { method: method === 'recovery' ? w.words.methodRecovery : w.words.methodPassword });
      const before = count(d, 'failedAttemptsBefore');
      if (before) p.say('failedBefore', { count: before });
      return;
    }
    case 'unlock.failed': {
      const name = text(d, 'name');
      if (name === '?') p.say('triedUnreadable');
      else if (name) p.say('triedStaff', { name });
      else if (d.unknownName === true) p.say('triedUnknown', { length: count(d, 'length') ?? '?' });
      return;
    }
    case 'lock':
      p.named('lockReason', 'reason', w.lockReasons);
      return;
    case 'password.change':
    case 'password.reset':
    case 'sync.invite':
      p.person('staff');
      return;
    case 'sync.refused':
      p.counted('syncRefused', 'count');
      return;
    case 'client.create':
      p.named('label', 'label', w.labels);
      return;
    case 'client.update':
      p.list('fields', 'fields', w.fields);
      return;
    case 'client.archive':
      p.when(d.archived === true, 'archived').when(d.archived === false, 'unarchived');
      return;
    case 'client.reveal':
      p.named('field', 'field', w.fields);
      return;
    case 'client.import':
      if (count(d, 'imported') !== null) p.say('clientsImported', { imported: count(d, 'imported')!, skipped: count(d, 'skipped') ?? 0, failed: count(d, 'failed') ?? 0 });
      return;
    case 'client.export':
      p.named('reason', 'reason').counted('clientCount', 'clients');
      return;
    case 'doc.import': {
      p.document();
      const size = count(d, 'size');
      if (size !== null) p.say('size', { size: formatBytes(size) });
      p.named('category', 'category');
      return;
    }
    case 'doc.view':
    case 'doc.print':
    case 'doc.update':
    case 'doc.trash':
    case 'doc.restore':
    case 'doc.delete':
      p.document();
      return;
    case 'doc.export':
      p.named('reason', 'reason').document();
      return;
    case 'client.handback':
      p.named('endReason', 'reason')
        .counted('handbackDocuments', 'documents')
        .when(d.credentials === true, 'handbackCredentials')
        .when(d.accessReport === true, 'handbackAccessReport')
        .named('shareKind', 'encryption', w.shareKinds);
      return;
    case 'client.erase':
      p.named('destructionList', 'list');
      return;
    case 'client.end':
      p.named('endedOn', 'on').named('endReason', 'reason').counted('endRevoked', 'revoked');
      return;
    case 'share.create':
      p.named('shareTo', 'to').named('sharePurpose', 'reason').named('shareUntil', 'until').counted('shareDocuments', 'documents').named('shareKind', 'encryption', w.shareKinds);
      return;
    case 'cred.add':
      p.when(d.import === true, 'fromImport');
      return;
    case 'cred.update':
      if (text(d, 'secrets')) p.list('secrets', 'secrets', w.secrets);
      else if (d.secrets === '') p.say('noSecretChanged');
      p.when(d.certificate === 'attached', 'certificateAttached').when(d.certificate === 'removed', 'certificateRemoved');
      return;
    case 'cred.reveal':
    case 'cred.copy':
      p.list('secretField', 'field', w.secrets);
      return;
    case 'cred.rotated':
      p.when(d.by === 'change', 'rotatedByChange').when(d.by === 'mark', 'rotatedByMark');
      return;
    case 'cred.file.export':
      p.named('reason', 'reason');
      return;
    case 'cred.import':
      if (count(d, 'imported') !== null) p.say('imported', { imported: count(d, 'imported')!, failed: count(d, 'failed') ?? 0 });
      return;
    case 'cred.export':
      p.named('reason', 'reason').counted('credentials', 'credentials');
      return;
    case 'staff.add':
      p.person('staff');
      if (text(d, 'role')) p.say('role', { role: auditRoleLabel(text(d, 'role')!, w) });
      return;
    case 'staff.update':
      p.person('staff');
      if (text(d, 'from') && text(d, 'to')) p.say('roleChange', { from: auditRoleLabel(text(d, 'from')!, w), to: auditRoleLabel(text(d, 'to')!, w) });
      return;
    case 'staff.disable':
      p.person('staff').when(d.reason === 'no key slot', 'notDisabled');
      return;
    case 'grant':
      p.person('grantTo').when(d.assign === true, 'assigned').when(d.handover === true, 'handover');
      return;
    case 'revoke':
      p.person('revokeFrom').when(d.offboard === true, 'byOffboard').when(d.ended === true, 'byClientEnd');
      return;
    case 'key.rotate':
      p.named('keyScope', 'scope', w.keyScopes).counted('rotatedClients', 'clients').when(d.reason === 'disabled-staff', 'disabledStaff');
      return;
    case 'offboard':
      p.person('offboarded')
        .person('handoverTo', 'handoverTo', '-')
        .counted('revokedClients', 'revoked')
        .counted('handedOverClients', 'handedOver')
        .counted('toRotate', 'credentialsToRotate')
        .when(d.masterKeyReplaced === true, 'masterKeyReplaced')
        .when(d.resumed === true, 'resumed');
      return;
    case 'audit.export':
      p.counted('exportedCount', 'count').when(Object.keys(d).some((k) => k.startsWith('filter_')), 'filtered');
      return;
    case 'report.access':
      p.counted('reportEvents', 'events');
      return;
    case 'report.compliance':
      p.counted('complianceMet', 'met').counted('compliancePartly', 'partly').counted('complianceMissing', 'missing').named('file', 'file');
      return;
    case 'settings.change':
      settingChange(p);
      return;
    case 'backup.create':
      p.when(d.trigger === 'manual', 'manual').when(d.trigger === 'scheduled', 'scheduled').named('file', 'file');
      if (count(d, 'bytes') !== null) p.say('size', { size: formatBytes(count(d, 'bytes')!) });
      return;
    case 'backup.restore':
      p.named('file', 'file');
      if (text(d, 'backupCreatedAt')) p.say('backupCreatedAt', { at: formatAuditTime(text(d, 'backupCreatedAt')!) });
      p.when(d.acceptedUnsigned === true, 'unsigned').named('previous', 'previous');
      return;
    case 'vault.upgrade':
      return;
    case 'vault.rollback':
    case 'vault.rollback.accept':
      p.named('rolledBackPart', 'what', w.rolledBack).when(d.recoveryKey === true, 'byRecoveryKey').person('staff');
      return;
    case 'audit.verify':
      p.counted('firstBadSeq', 'firstBadSeq');
      return;
    case 'alert.raise':
      p.named('alertRule', 'rule', w.alertRules).named('alertSubject', 'subjectName').named('alertEvents', 'events');
      return;
    case 'alert.ack':
      p.counted('alertOf', 'alert').named('alertNote', 'note');
      return;
    case 'staff.suspend':
    case 'staff.unsuspend':
      p.person('staff');
      return;
    case 'incident.open':
    case 'incident.update':
    case 'incident.export':
    case 'incident.close':
      p.named('incidentOf', 'incident').counted('alertOf', 'alert').list('incidentChange', 'change', w.incidentChanges).named('incidentTarget', 'target', w.incidentTargets);
      return;
    case 'staff.nda':
      p.person('staff').named('ndaSigned', 'signedOn').named('ndaExpires', 'expiresOn').named('policyVersion', 'policyVersion').when(d.scan === true, 'ndaScan');
      return;
    case 'staff.nda.scan':
      p.person('staff').named('file', 'file');
      return;
    case 'staff.training':
      p.person('staff').named('trainingOn', 'heldOn').named('trainingTopic', 'topic');
      return;
    case 'staff.policy.ack':
      p.person('staff').named('policyVersion', 'version').named('ackOn', 'acknowledgedOn');
      return;
    case 'retention.hold':
    case 'retention.release':
      p.when(d.scope === 'client', 'holdClient').document().named('holdReason', 'reason');
      return;
    case 'destruction.create':
    case 'destruction.approve':
    case 'destruction.cancel':
    case 'destruction.certificate':
      p.named('destructionList', 'list').counted('destructionItems', 'items');
      return;
    case 'destruction.execute': {
      p.named('destructionList', 'list').counted('destroyedCount', 'destroyed').counted('keptCount', 'kept');
      const erased = count(d, 'clients');
      if (erased) p.say('erasedClients', { count: erased });
      return;
    }
    case 'doc.destroy':
      p.document().named('destructionList', 'list').named('keepUntil', 'keepUntil');
      return;
    default: {
      const unreachable: never = action;
      void unreachable;
    }
  }
}

function settingChange(p: Parts): void {
  const { d, w } = p;
  p.named('setting', 'setting', w.settings);
  if (d.setting === 'import-limit' && count(d, 'bytes') !== null) p.say('importLimit', { size: formatBytes(count(d, 'bytes')!) });
  if (d.setting === 'backup-schedule') p.when(d.enabled === true, 'enabled').when(d.enabled === false, 'disabled');
  if (d.setting === 'nda-policy') p.when(d.required === true, 'ndaRequired').counted('graceDays', 'graceDays').when(d.required === false, 'disabled');
  if (d.setting === 'retention') {
    p.named('retentionRule', 'rule', w.retentionRules);
    if (d.years === 'permanent') p.say('retentionPermanent');
    else p.named('retentionYears', 'years');
  }
}

/** The 详情 cell: what the event says, in words; '' when it says nothing more than its action. */
export function auditDetails(entry: DescribedEntry, words: AuditWords): string {
  const p = new Parts(words, entry);
  if (entry.outcome === 'denied') refused(p);
  else {
    successOrFailure(p, entry.action as AuditAction);
    if (entry.outcome === 'failure') {
      p.error();
      if (entry.action === 'backup.create') p.named('errorReason', 'reason');
    }
  }
  return p.out.join(words.words.separator);
}
