import type { Bilingual, ComplianceItem, ComplianceItemId, ComplianceStatus } from '../../../shared/compliance';

/**
 * One rule per self-check item: facts from the vault in, met / partly met /
 * missing out, with the evidence and the next step in words. Pure (the
 * facts are gathered by ComplianceService), so each rule is tested on its own.
 */

export interface LabelFacts {
  clients: number;
  labelled: number;
  byLabel: { public: number; internal: number; confidential: number; secret: number };
}
export interface CountFacts {
  /** Staff the rule is about (active, not the owner). */
  staff: number;
  /** Of them, those who satisfy it. */
  ok: number;
}
export interface NdaFacts extends CountFacts {
  inGrace: number;
  policy: { graceDays: number } | null;
}
export interface BackupFacts {
  lastVerifiedAt: string | null;
  ageDays: number | null;
  warnAfterDays: number;
}
export interface AuditFacts {
  ok: boolean;
  events: number;
  firstBadSeq: number | null;
  /** Events whose sealed detail this session could not open (their hash still checked). */
  unopened: number;
}
export interface AlertFacts {
  raised: number;
  acknowledged: number;
  rulesOn: number;
  rulesTotal: number;
}
export interface OffboardFacts {
  completed: number;
  /** An offboarding, a master-key or common-key replacement still owed (finished at the next owner/admin unlock). */
  pending: boolean;
  /** Client credentials a departed person may have seen, not yet changed. */
  credentialsDue: number;
}
export interface RetentionFacts {
  /** Retention periods set on the vault's categories; false while retention is not there to check. */
  periodsSet: boolean;
  pastRetention: number | null;
}

const b = (zh: string, en: string): Bilingual => ({ zh, en });

function item(
  id: ComplianceItemId,
  clauses: string[],
  title: Bilingual,
  control: Bilingual,
  status: ComplianceStatus,
  evidence: Bilingual,
  next: Bilingual,
  facts: ComplianceItem['facts'],
): ComplianceItem {
  return { id, clauses, status, title, control, evidence, next, facts };
}

/** Met when all; partly when some; missing when none of `n` (nothing to ask of nobody: met). */
function share(ok: number, n: number): ComplianceStatus {
  if (n === 0 || ok >= n) return 'met';
  return ok > 0 ? 'partly' : 'missing';
}

const pct = (a: number, n: number) => (n === 0 ? 100 : Math.round((a * 100) / n));

export function labelsRule(f: LabelFacts): ComplianceItem {
  const status: ComplianceStatus = f.clients === 0 ? 'partly' : share(f.labelled, f.clients);
  const { public: pub, internal, confidential, secret } = f.byLabel;
  return item(
    'labels',
    ['一.1', '一.6'],
    b('客户密级标识', 'Client classification labels'),
    b('每个客户须标注密级（公开、内部、机密、绝密）；机密、绝密客户的导出须填写事由。', 'Every client carries a classification (public, internal, confidential, secret); exports of confidential and secret clients need a reason.'),
    status,
    b(
      `在管客户 ${f.clients} 个，已标注密级 ${f.labelled} 个（${pct(f.labelled, f.clients)}%）：公开 ${pub}、内部 ${internal}、机密 ${confidential}、绝密 ${secret}。`,
      `${f.clients} active clients, ${f.labelled} labelled (${pct(f.labelled, f.clients)}%): public ${pub}, internal ${internal}, confidential ${confidential}, secret ${secret}.`,
    ),
    status === 'met'
      ? b(`定期复核密级：${internal} 个客户为默认的“内部”，请确认是否应为机密或绝密。`, `Review the labels regularly: ${internal} clients are at the default "internal"; check whether they should be confidential or secret.`)
      : f.clients === 0
        ? b('尚无客户。新建客户时即设定其密级。', 'No clients yet. Set each client’s label when creating it.')
        : b('为未标注的客户设定密级。', 'Label the clients that have none.'),
    { clients: f.clients, labelled: f.labelled, ...f.byLabel },
  );
}

export function encryptionRule(f: { clients: number; documents: number }): ComplianceItem {
  return item(
    'encryption',
    ['一.4', '十八.5'],
    b('加密存储', 'Encryption at rest'),
    b('客户资料按客户分别以客户密钥加密（AES-256-GCM），数据库整体加密，密钥由员工密码（Argon2id）与恢复密钥保护。', 'Each client’s data is sealed under its own key (AES-256-GCM), the database is encrypted as a whole, and keys are protected by staff passwords (Argon2id) and the recovery key.'),
    'met',
    b(`${f.clients} 个客户、${f.documents} 份资料均以加密形式保存。`, `${f.clients} clients and ${f.documents} documents are stored encrypted.`),
    b('妥善保管恢复密钥的纸质副本；离职、调岗时按流程办理以轮换密钥。', 'Keep the printed recovery key safe; offboard and change roles through the app so keys are rotated.'),
    { clients: f.clients, documents: f.documents },
  );
}

export function accessRule(f: { accountants: number; withGrants: number; grants: number }): ComplianceItem {
  return item(
    'access',
    ['一.6', '二.1'],
    b('按客户授权访问', 'Access granted per client'),
    b('会计、审计员只能读取被授权的客户；授权与撤销均记入审计日志，撤销时轮换客户密钥。', 'Accountants and auditors read only the clients granted to them; grants and revocations are audited and a revocation rotates the client key.'),
    'met',
    b(`会计与审计员 ${f.accountants} 名，其中 ${f.withGrants} 名持有授权，共 ${f.grants} 项授权。`, `${f.accountants} accountants and auditors, ${f.withGrants} of them holding grants, ${f.grants} grants in all.`),
    b('定期复核授权，收回不再负责的客户。', 'Review grants regularly and revoke clients a person no longer works on.'),
    { ...f },
  );
}

export function ndaRule(f: NdaFacts): ComplianceItem {
  let status = share(f.ok, f.staff);
  if (status === 'met' && f.staff > 0 && !f.policy) status = 'partly';
  const rule = f.policy ? b(`已要求有效保密协议方可解锁，宽限 ${f.policy.graceDays} 天。`, `A valid agreement is required to unlock, with ${f.policy.graceDays} days of grace.`) : b('未要求有效保密协议方可解锁。', 'A valid agreement is not required to unlock.');
  return item(
    'nda',
    ['一.2'],
    b('员工保密协议', 'Staff confidentiality agreements'),
    b('每名员工的保密协议（签署日期、到期日期、签署扫描件）登记在保险库中；所有者可要求有效协议方可解锁。', 'Each staff member’s agreement (signed, expiry, the signed scan) is on file in the vault; the owner can require a valid one to unlock.'),
    status,
    b(`除所有者外在职员工 ${f.staff} 名，保密协议有效 ${f.ok} 名，处于宽限期 ${f.inGrace} 名。${rule.zh}`, `${f.staff} active staff besides the owner; ${f.ok} with a valid agreement, ${f.inGrace} in grace. ${rule.en}`),
    status === 'met'
      ? b('到期前续签；到期提醒会在解锁时显示。', 'Renew before expiry; reminders show at unlock.')
      : status === 'partly' && f.ok >= f.staff
        ? b('在“员工”页开启“须有有效保密协议方可解锁”。', 'Switch on “a valid agreement is required to unlock” on the staff page.')
        : b('与未签署或已过期的员工签署保密协议，并在“员工”页登记（附扫描件）。', 'Have staff without a valid agreement sign one and record it on the staff page (with the scan).'),
    { staff: f.staff, valid: f.ok, inGrace: f.inGrace, required: f.policy !== null, graceDays: f.policy?.graceDays ?? null },
  );
}

export function trainingRule(f: CountFacts & { sessions: number }): ComplianceItem {
  const status = share(f.ok, f.staff);
  return item(
    'training',
    ['一.3', '九.1'],
    b('保密培训', 'Confidentiality training'),
    b('员工参加的保密培训（日期、主题、记录）登记在保险库中。', 'Training sessions staff attended (date, topic, a record) are on file in the vault.'),
    status,
    b(`近 12 个月内，${f.staff} 名员工中 ${f.ok} 名有培训记录（共 ${f.sessions} 次）。`, `In the last 12 months ${f.ok} of ${f.staff} staff have training on file (${f.sessions} sessions).`),
    status === 'met' ? b('按年度安排培训并登记。', 'Hold training yearly and record it.') : b('为近 12 个月未参加培训的员工安排保密培训，并在“员工”页登记。', 'Train staff with no session in the last 12 months and record it on the staff page.'),
    { staff: f.staff, trained: f.ok, sessions: f.sessions },
  );
}

export function ackRule(f: CountFacts): ComplianceItem {
  const status = share(f.ok, f.staff);
  return item(
    'ack',
    ['二.4'],
    b('保密制度确认', 'Policy acknowledgement'),
    b('员工确认的保密制度版本登记在保险库中。', 'The policy version each staff member acknowledged is on file.'),
    status,
    b(`${f.staff} 名员工中 ${f.ok} 名已登记确认的制度版本。`, `${f.ok} of ${f.staff} staff have acknowledged a policy version.`),
    status === 'met' ? b('制度修订后请员工重新确认。', 'Ask staff to acknowledge again when the policy changes.') : b('请尚未确认的员工阅读并确认保密制度，并登记版本。', 'Have the remaining staff read and acknowledge the policy; record the version.'),
    { staff: f.staff, acknowledged: f.ok },
  );
}

export function offboardingRule(f: OffboardFacts): ComplianceItem {
  const status: ComplianceStatus = f.pending ? 'missing' : f.credentialsDue > 0 ? 'partly' : 'met';
  return item(
    'offboarding',
    ['二.2'],
    b('离职管理', 'Offboarding'),
    b('离职时停用登录、撤销全部授权并轮换相关客户密钥（持有主密钥者更换主密钥），其可能见过的客户账号密码标记为待更换。', 'Offboarding disables the login, revokes every grant and rotates the client keys (the master key too for a holder), and marks the client credentials they may have seen as to be changed.'),
    status,
    b(
      `已完成离职 ${f.completed} 次；${f.pending ? '有未完成的密钥轮换' : '密钥轮换均已完成'}；待更换的账号密码 ${f.credentialsDue} 个。`,
      `${f.completed} offboardings completed; ${f.pending ? 'a key rotation is still owed' : 'every key rotation done'}; ${f.credentialsDue} credentials still to be changed.`,
    ),
    f.pending
      ? b('由所有者或管理员解锁一次，以完成未完成的密钥轮换。', 'Have an owner or admin unlock once to finish the owed key rotation.')
      : f.credentialsDue > 0
        ? b('到对应网站修改这些账号的密码，并在账盾中标记“已更换”。', 'Change those passwords at each site and mark them changed in Zhangdun.')
        : b('员工离职时在“员工”页办理离职。', 'Offboard departing staff on the staff page.'),
    { ...f },
  );
}

export function auditRule(f: AuditFacts): ComplianceItem {
  const status: ComplianceStatus = !f.ok ? 'missing' : f.unopened > 0 ? 'partly' : 'met';
  return item(
    'audit',
    ['二.3', '十.5', '十四.3'],
    b('审计日志完整性', 'Audit log integrity'),
    b('每项操作写入签名的哈希链审计日志；本报告生成时已完整校验。', 'Every action is written to a signed, hash-chained audit log; it was verified in full for this report.'),
    status,
    f.ok
      ? b(`审计日志 ${f.events} 条，链与签名校验通过${f.unopened > 0 ? `（${f.unopened} 条的详情无法打开，仅校验了哈希）` : ''}。`, `${f.events} audit events; chain and signatures verified${f.unopened > 0 ? ` (${f.unopened} details could not be opened; their hashes were checked)` : ''}.`)
      : b(`审计日志校验失败：第 ${f.firstBadSeq ?? '?'} 条起被改动。`, `Audit log verification failed: altered from event #${f.firstBadSeq ?? '?'}.`),
    f.ok
      ? b('定期用 zhangdun audit head 打印链头并另行保存，以便发现日志被截断。', 'Print the log’s head regularly (zhangdun audit head) and keep it elsewhere, to detect a cut log.')
      : b('立即启动事件响应：从备份恢复并调查谁改动了保险库文件。', 'Start incident response now: restore from a backup and find out who altered the vault files.'),
    { ...f },
  );
}

export function backupRule(f: BackupFacts): ComplianceItem {
  const status: ComplianceStatus = f.lastVerifiedAt === null ? 'missing' : (f.ageDays ?? Infinity) <= f.warnAfterDays ? 'met' : 'partly';
  return item(
    'backup',
    ['三.3', '十八.3'],
    b('数据备份与恢复', 'Backup and recovery'),
    b('加密备份（可定时），写入后完整读回校验；可恢复到新文件夹。', 'Encrypted backups (optionally scheduled), read back in full after writing; restorable into a new folder.'),
    status,
    f.lastVerifiedAt
      ? b(`最近一次校验通过的备份：${f.lastVerifiedAt.slice(0, 10)}（${f.ageDays} 天前；提醒阈值 ${f.warnAfterDays} 天）。`, `Last verified backup: ${f.lastVerifiedAt.slice(0, 10)} (${f.ageDays} days ago; warning after ${f.warnAfterDays} days).`)
      : b('从未有校验通过的备份。', 'No verified backup, ever.'),
    status === 'met' ? b('定期演练从备份恢复。', 'Rehearse a restore from backup regularly.') : b('在“备份”页设置定时备份并立即备份一次。', 'Set a backup schedule on the backup page and back up now.'),
    { ...f },
  );
}

export function alertsRule(f: AlertFacts): ComplianceItem {
  const status: ComplianceStatus = f.rulesOn === 0 ? 'missing' : f.acknowledged < f.raised ? 'partly' : 'met';
  return item(
    'alerts',
    ['三.2', '十.4', '十三.4'],
    b('异常访问警报', 'Anomaly alerts'),
    b('审计事件写入时即按规则检测异常访问，所有者、管理员在解锁时与“警报”页看到并处理。', 'Rules check every audited action for unusual access as it is written; owners and admins see and handle alerts at unlock and on the alerts page.'),
    status,
    b(
      `启用规则 ${f.rulesOn}/${f.rulesTotal} 条；近 90 天警报 ${f.raised} 条，已处理 ${f.acknowledged} 条。`,
      `${f.rulesOn} of ${f.rulesTotal} rules on; ${f.raised} alerts in the last 90 days, ${f.acknowledged} acknowledged.`,
    ),
    f.rulesOn === 0
      ? b('在“警报”页开启检测规则。', 'Switch the rules on on the alerts page.')
      : f.acknowledged < f.raised
        ? b('在“警报”页逐条核实并填写处理说明。', 'Check each open alert on the alerts page and acknowledge it with a note.')
        : b('保持规则开启，按需调整阈值。', 'Keep the rules on; tune thresholds as needed.'),
    { ...f },
  );
}

export function retentionRule(f: RetentionFacts): ComplianceItem {
  const status: ComplianceStatus = !f.periodsSet ? 'missing' : (f.pastRetention ?? 0) > 0 ? 'partly' : 'met';
  return item(
    'retention',
    ['五.2', '十七.2'],
    b('会计档案保管期限', 'Retention of accounting records'),
    b('按《会计档案管理办法》为各类资料设定保管期限，到期资料经审批后销毁。', 'Retention periods per category under the Accounting Archives Measures; documents past them are destroyed after approval.'),
    status,
    !f.periodsSet
      ? b('未设定保管期限（missing: no retention periods set）。', 'Missing: no retention periods set.')
      : b(`已过保管期限的资料 ${f.pastRetention ?? 0} 份。`, `${f.pastRetention ?? 0} documents past their retention.`),
    !f.periodsSet
      ? b('为各资料类别设定保管期限。', 'Set retention periods for the document categories.')
      : (f.pastRetention ?? 0) > 0
        ? b('编制销毁清册，经审批后销毁。', 'Draw up the destruction list and destroy after approval.')
        : b('每年复核到期资料。', 'Review expiring documents yearly.'),
    { ...f },
  );
}
