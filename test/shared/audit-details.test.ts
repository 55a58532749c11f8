/**
 * The 详情 formatter, action by action: every audit action has cases here
 * (the table's type is a record over the action union, so a new action does
 * not compile until it has them), in both languages' catalogues.
 */
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, type AuditAction, type AuditEntry } from '../../src/shared/access';
import { AUDIT_WORDS, auditActionLabel, auditActor, auditDetails, auditOutcomeLabel, formatBytes, type DescribedEntry } from '../../src/shared/audit-details';
import { AUDIT_GROUPS, auditActionGroups } from '../../src/shared/audit-groups';

const ZH = AUDIT_WORDS['zh-CN'];
const EN = AUDIT_WORDS.en;

type Case = { detail?: AuditEntry['detail']; outcome?: AuditEntry['outcome']; documentName?: string; people?: Record<string, string>; zh: string; en?: string };

const LI = 's-li';
const WANG = 's-wang';
const people = { [LI]: '李会计', [WANG]: '王主管' };

const CASES: Record<AuditAction, Case[]> = {
  'vault.create': [{ zh: '' }],
  unlock: [
    { detail: { method: 'password', failedAttemptsBefore: 0 }, zh: '方式：密码', en: 'Method: password' },
    { detail: { method: 'recovery', failedAttemptsBefore: 3 }, zh: '方式：恢复密钥；此前失败 3 次' },
  ],
  'unlock.failed': [
    { outcome: 'failure', detail: { name: '李会计', staffId: LI }, zh: '尝试的员工名：李会计', en: 'Name tried: 李会计' },
    { outcome: 'failure', detail: { unknownName: true, length: 7 }, zh: '输入的不是员工名（7 个字，未记录内容）' },
    { outcome: 'failure', detail: { name: '?' }, zh: '尝试的名字无法读取' },
    { outcome: 'failure', detail: {}, zh: '' },
  ],
  lock: [{ detail: { reason: 'idle' }, zh: '原因：闲置超时', en: 'Reason: idle timeout' }],
  'password.change': [{ detail: { staffId: LI }, people, zh: '员工：李会计' }],
  'password.reset': [{ detail: { staffId: LI }, people, zh: '员工：李会计' }],
  'client.list': [{ zh: '' }],
  'client.view': [
    { zh: '' },
    { outcome: 'denied', detail: { permission: 'client.view', reason: 'not-granted' }, zh: '未获该客户授权', en: 'Not granted this client' },
  ],
  'client.create': [{ detail: { label: 'confidential' }, zh: '密级：机密' }],
  'client.update': [{ detail: { fields: 'phone,address' }, zh: '修改字段：电话、地址', en: 'Fields changed: phone, address' }],
  'client.archive': [
    { detail: { archived: true }, zh: '归档' },
    { detail: { archived: false }, zh: '取消归档' },
  ],
  'client.reveal': [{ detail: { field: 'bankAccount' }, zh: '查看字段：银行账号' }],
  'client.import': [{ detail: { imported: 8, skipped: 1, failed: 2 }, zh: '导入 8 个，跳过 1 个，失败 2 个', en: '8 imported, 1 skipped, 2 failed' }],
  'client.export': [{ detail: { reason: '年检', clients: 36 }, zh: '导出原因：年检；共 36 个客户', en: 'Reason: 年检; 36 clients' }],
  'doc.list': [{ zh: '' }],
  'doc.import': [{ detail: { size: 1536, category: '凭证' }, documentName: '记账凭证.pdf', zh: '文件：记账凭证.pdf；大小：1.5 KB；类别：凭证' }],
  'doc.view': [{ documentName: '发票.pdf', zh: '文件：发票.pdf' }],
  'doc.export': [
    { detail: { reason: '年度审计' }, documentName: 'xxx.pdf', zh: '导出原因：年度审计；文件：xxx.pdf', en: 'Reason: 年度审计; File: xxx.pdf' },
    { detail: { reason: '' }, documentName: 'xxx.pdf', zh: '文件：xxx.pdf' },
    { outcome: 'failure', detail: { code: 'DISK_FULL' }, documentName: 'xxx.pdf', zh: '文件：xxx.pdf；错误代码：DISK_FULL' },
    // A refusal's "reason" is its own cause, never shown as an export reason.
    { outcome: 'denied', detail: { permission: 'doc.export', reason: 'not-granted' }, zh: '未获该客户授权' },
  ],
  'doc.print': [{ documentName: '合同.pdf', zh: '文件：合同.pdf' }],
  'doc.update': [{ documentName: '合同.pdf', zh: '文件：合同.pdf' }],
  'doc.trash': [{ documentName: '合同.pdf', zh: '文件：合同.pdf' }],
  'doc.restore': [{ documentName: '合同.pdf', zh: '文件：合同.pdf' }],
  // Deleted for good: the name recorded in the (sealed) detail.
  'doc.delete': [{ detail: { name: '旧合同.pdf' }, zh: '文件：旧合同.pdf' }],
  'cred.list': [{ zh: '' }],
  'cred.add': [
    { detail: { credentialId: 'c1', kind: 'etax' }, zh: '' },
    { detail: { credentialId: 'c1', kind: 'bank', import: true }, zh: '批量导入' },
  ],
  'cred.update': [
    { detail: { credentialId: 'c1', secrets: 'password,pin' }, zh: '修改：密码、PIN 码', en: 'Changed: password, PIN' },
    { detail: { credentialId: 'c1', secrets: '' }, zh: '未修改密码' },
    { detail: { credentialId: 'c1', certificate: 'attached' }, zh: '附加数字证书' },
  ],
  'cred.delete': [{ detail: { credentialId: 'c1' }, zh: '' }],
  'cred.reveal': [
    { detail: { credentialId: 'c1', field: 'password' }, zh: '字段：密码' },
    { detail: { credentialId: 'c1', field: 'history:2' }, zh: '字段：历史密码' },
  ],
  'cred.copy': [{ detail: { credentialId: 'c1', field: 'custom:U盾口令' }, zh: '字段：自定义字段' }],
  'cred.totp': [{ detail: { credentialId: 'c1' }, zh: '' }],
  'cred.rotated': [
    { detail: { credentialId: 'c1', by: 'change' }, zh: '修改密码时自动标记' },
    { detail: { credentialId: 'c1', by: 'mark' }, zh: '手动标记' },
  ],
  'cred.file.export': [{ detail: { credentialId: 'c1', reason: '更换电脑' }, zh: '导出原因：更换电脑' }],
  'cred.import': [{ detail: { imported: 12, failed: 1 }, zh: '导入 12 条，失败 1 条', en: '12 imported, 1 failed' }],
  'cred.export': [{ detail: { reason: '交接', credentials: 30 }, zh: '导出原因：交接；共 30 条' }],
  'staff.list': [{ zh: '' }],
  'staff.add': [
    { detail: { staffId: LI, name: '李会计', role: 'accountant' }, people, zh: '员工：李会计；角色：会计' },
    { outcome: 'denied', detail: { permission: 'staff.manage', targetRole: 'admin' }, zh: '角色：管理员' },
  ],
  'staff.update': [{ detail: { staffId: LI, from: 'accountant', to: 'admin' }, people, zh: '员工：李会计；角色：会计 → 管理员', en: 'Staff: 李会计; Role: Accountant → Admin' }],
  'staff.disable': [
    { detail: { staffId: LI }, people, zh: '员工：李会计' },
    { outcome: 'failure', detail: { staffId: LI, reason: 'no key slot' }, people, zh: '员工：李会计；无密钥槽，未能停用' },
  ],
  'grant.list': [{ zh: '' }],
  grant: [
    { detail: { staffId: LI, keyVersion: 1, assign: true }, people, zh: '授权给：李会计；设为负责人' },
    { detail: { staffId: WANG, keyVersion: 2, handover: true }, people, zh: '授权给：王主管；离职交接' },
    // Someone no longer on the roster: no name to show.
    { detail: { staffId: 'gone', keyVersion: 2 }, zh: '' },
  ],
  revoke: [
    { detail: { staffId: LI, keyVersion: 3, offboard: true }, people, zh: '收回：李会计；因离职' },
    { detail: { staffId: LI, keyVersion: 4, ended: true }, people, zh: '收回：李会计；因解除委托' },
  ],
  'key.rotate': [
    { detail: { scope: 'master', clients: 4 }, zh: '范围：主密钥；轮换 4 个客户密钥' },
    { detail: { scope: 'client', keyVersion: 3, reason: 'disabled-staff' }, zh: '范围：客户密钥；因停用员工' },
    { outcome: 'failure', detail: { code: 'INTERNAL' }, zh: '错误代码：INTERNAL' },
  ],
  offboard: [
    {
      detail: { staffId: LI, name: '李会计', handoverTo: WANG, revoked: 2, handedOver: 1, masterKeyReplaced: false, accessedEvents: 9, credentialsToRotate: 3 },
      people,
      zh: '离职员工：李会计；交接给：王主管；收回 2 个客户的授权；移交 1 个负责客户；待更换密码 3 个',
    },
  ],
  'audit.view': [{ zh: '' }],
  'audit.export': [
    { detail: { count: 120 }, zh: '导出 120 条' },
    { detail: { count: 5, filter_action: 'doc.export' }, zh: '导出 5 条；按条件筛选' },
  ],
  'report.access': [{ detail: { events: 17 }, zh: '报告含 17 条记录', en: '17 events in the report' }],
  'settings.change': [
    { detail: { setting: 'lock', scope: 'policy' }, zh: '设置：自动锁定' },
    { detail: { setting: 'import-limit', bytes: 200 * 1024 * 1024 }, zh: '设置：导入大小上限；上限：200 MB' },
    { detail: { setting: 'backup-schedule', enabled: true, kind: 'full' }, zh: '设置：备份计划；已开启' },
    { detail: { setting: 'nda-policy', required: true, graceDays: 14 }, zh: '设置：保密协议要求；解锁须有有效保密协议；宽限 14 天' },
    { detail: { setting: 'nda-policy', required: false, graceDays: 14 }, zh: '设置：保密协议要求；宽限 14 天；已关闭' },
    { detail: { setting: 'retention', rule: 'contract', years: '15' }, zh: '设置：保管期限；类别：合同；期限：15 年' },
    { detail: { setting: 'retention', rule: 'report-annual', years: 'permanent' }, zh: '设置：保管期限；类别：年度财务会计报告；期限：永久', en: 'Setting: retention periods; Category: annual financial reports; Period: permanent' },
  ],
  'backup.create': [
    { detail: { trigger: 'manual', file: 'zhangdun-2024.zdbak', bytes: 5 * 1024 * 1024 }, zh: '手动；文件：zhangdun-2024.zdbak；大小：5.0 MB' },
    { outcome: 'failure', detail: { trigger: 'scheduled', file: null, bytes: null, code: 'DISK_FULL', reason: 'no space' }, zh: '定时；错误代码：DISK_FULL；原因：no space' },
  ],
  'backup.restore': [
    { detail: { file: 'a.zdbak', signature: 'this-vault' }, zh: '文件：a.zdbak' },
    { detail: { file: 'a.zdbak', acceptedUnsigned: true, previous: 'vault-old' }, zh: '文件：a.zdbak；签名未通过本保险库验证，已确认恢复；原保险库保存为：vault-old' },
  ],
  'vault.upgrade': [{ zh: '' }],
  'vault.rollback': [{ outcome: 'denied', detail: { what: 'audit', recoveryKey: true }, zh: '' }, { detail: { what: 'vault.key', recoveryKey: true }, zh: '被回滚：密钥文件；使用恢复密钥打开' }],
  'vault.rollback.accept': [{ detail: { what: 'audit' }, zh: '被回滚：审计日志' }],
  'anchor.forged': [{ outcome: 'failure', zh: '' }],
  'audit.verify': [{ outcome: 'failure', detail: { firstBadSeq: 42, reason: 'hash' }, zh: '首个异常事件：#42', en: 'First altered event: #42' }],
  'alert.raise': [
    {
      detail: { rule: 'doc-burst', severity: 'high', subjectId: LI, subjectName: '李会计', events: '10,11,12' },
      zh: '规则：短时间内大量查看或导出资料；对象：李会计；相关事件：10,11,12',
    },
  ],
  'alert.ack': [{ detail: { alert: 7, note: '已核实，系年度审计' }, zh: '警报 #7；处理说明：已核实，系年度审计' }],
  'staff.suspend': [{ detail: { staffId: LI }, people, zh: '员工：李会计' }],
  'staff.unsuspend': [{ detail: { staffId: LI }, people, zh: '员工：李会计' }],
  'incident.open': [{ detail: { incident: '3f2a9c01', alert: 12 }, zh: '事件：3f2a9c01；警报 #12', en: 'Incident: 3f2a9c01; Alert #12' }],
  'incident.update': [{ detail: { incident: '3f2a9c01', change: 'scope,contact' }, zh: '事件：3f2a9c01；修改：范围、联系方式' }, { detail: { incident: '3f2a9c01', change: 'action' }, zh: '事件：3f2a9c01；修改：处置措施' }],
  'incident.export': [{ detail: { incident: '3f2a9c01', target: 'regulator' }, zh: '事件：3f2a9c01；通知对象：监管部门' }],
  'incident.close': [{ detail: { incident: '3f2a9c01' }, zh: '事件：3f2a9c01' }],
  'report.compliance': [{ detail: { met: 8, partly: 2, missing: 1, file: '合规自查报告-2026-03-01.pdf' }, zh: '符合 8 项；部分符合 2 项；缺失 1 项；文件：合规自查报告-2026-03-01.pdf' }],
  'staff.nda': [
    {
      detail: { staffId: LI, name: '李会计', signedOn: '2026-01-05', expiresOn: '2027-01-04', policyVersion: 'v2', scan: true },
      people,
      zh: '员工：李会计；签署：2026-01-05；到期：2027-01-04；制度版本：v2；附签署扫描件',
      en: 'Staff: 李会计; Signed: 2026-01-05; Expires: 2027-01-04; Policy version: v2; Signed scan attached',
    },
  ],
  'staff.nda.scan': [{ detail: { staffId: LI, file: '保密协议.pdf' }, people, zh: '员工：李会计；文件：保密协议.pdf' }],
  'staff.training': [{ detail: { staffId: LI, heldOn: '2026-03-01', topic: '客户信息保密' }, people, zh: '员工：李会计；培训日期：2026-03-01；主题：客户信息保密' }],
  'staff.policy.ack': [{ detail: { staffId: LI, version: 'v2', acknowledgedOn: '2026-01-05' }, people, zh: '员工：李会计；制度版本：v2；确认日期：2026-01-05' }],
  'retention.hold': [
    { detail: { scope: 'document', name: '2014年凭证.pdf', reason: '未结清债权' }, zh: '文件：2014年凭证.pdf；保留原因：未结清债权' },
    { detail: { scope: 'client', reason: '诉讼中' }, zh: '范围：整个客户；保留原因：诉讼中' },
  ],
  'retention.release': [{ detail: { scope: 'client' }, zh: '范围：整个客户' }],
  'destruction.create': [{ detail: { list: 'XH-20461', items: 3 }, zh: '清册：XH-20461；共 3 份资料', en: 'List: XH-20461; 3 documents' }],
  'destruction.approve': [{ detail: { list: 'XH-20461', items: 3 }, zh: '清册：XH-20461；共 3 份资料' }],
  'destruction.cancel': [{ detail: { list: 'XH-20461' }, zh: '清册：XH-20461' }],
  'destruction.certificate': [{ detail: { list: 'XH-20461', items: 3 }, zh: '清册：XH-20461；共 3 份资料' }],
  'destruction.execute': [
    { detail: { list: 'XH-20461', destroyed: 2, kept: 1 }, zh: '清册：XH-20461；已销毁 2 份；保留 1 份' },
    { detail: { list: 'XH-20461', destroyed: 2, kept: 0, clients: 1 }, zh: '清册：XH-20461；已销毁 2 份；保留 0 份；删除客户档案 1 家', en: 'List: XH-20461; 2 destroyed; 0 kept; 1 client records erased' },
  ],
  'doc.destroy': [{ detail: { name: '2014年凭证.pdf', list: 'XH-20461', keepUntil: '2044-12-31' }, zh: '文件：2014年凭证.pdf；清册：XH-20461；保管期至：2044-12-31' }],
  'share.create': [
    {
      detail: { share: 'a1', to: '北京某会计师事务所', reason: '年度审计', until: '2026-12-31', documents: 3, encryption: 'passphrase' },
      zh: '分享给：北京某会计师事务所；用途：年度审计；有效期至：2026-12-31；3 份资料；加密方式：口令',
      en: 'Shared with: 北京某会计师事务所; Purpose: 年度审计; Valid until: 2026-12-31; 3 documents; Encryption: passphrase',
    },
    { outcome: 'failure', detail: { share: 'a1', code: 'DISK_FULL' }, zh: '错误代码：DISK_FULL' },
    { outcome: 'denied', detail: { permission: 'doc.export', reason: 'not-granted' }, zh: '未获该客户授权' },
  ],
  'sync.publish': [{ zh: '' }],
  'sync.invite': [{ detail: { staffId: LI }, people, zh: '员工：李会计', en: 'Staff: 李会计' }],
  'sync.join': [{ zh: '' }],
  'sync.refused': [
    { outcome: 'failure', detail: { count: 2 }, zh: '拒收 2 条', en: '2 rows refused' },
    { outcome: 'failure', detail: { code: 'SERVER_UNTRUSTED' }, zh: '错误代码：SERVER_UNTRUSTED' },
  ],
  'client.handback': [
    {
      detail: { handback: 'b2', reason: '客户转至其他代账公司', documents: 12, credentials: true, accessReport: true, encryption: 'recipient' },
      zh: '原因：客户转至其他代账公司；12 份资料；含账号密码；含访问报告；加密方式：接收方公钥',
      en: 'Reason: 客户转至其他代账公司; 12 documents; with credentials; with the access report; Encryption: recipient\'s public key',
    },
    { outcome: 'denied', detail: { permission: 'client.end' }, zh: '' },
  ],
  'client.erase': [{ detail: { list: 'XH-20461' }, zh: '清册：XH-20461' }],
  'client.end': [
    { detail: { on: '2026-03-10', reason: '合同到期', revoked: 2, handback: 'b2' }, zh: '解除日期：2026-03-10；原因：合同到期；收回 2 名员工的授权', en: 'Ended on: 2026-03-10; Reason: 合同到期; Access taken back from 2 staff' },
    { outcome: 'denied', detail: { permission: 'doc.import', reason: 'client-ended' }, zh: '客户已解除委托' },
  ],
};

function entry(action: AuditAction, c: Case): DescribedEntry {
  return { action, outcome: c.outcome ?? 'success', detail: c.detail ?? {}, documentName: c.documentName ?? null, staffName: '王所长', people: c.people ?? {} };
}

describe('auditDetails', () => {
  for (const action of AUDIT_ACTIONS) {
    it(`${action}: ${CASES[action].map((c) => c.zh || '（无）').join(' | ')}`, () => {
      for (const c of CASES[action]) {
        expect(auditDetails(entry(action, c), ZH)).toBe(c.zh);
        const en = auditDetails(entry(action, c), EN);
        if (c.en !== undefined) expect(en).toBe(c.en);
        // English says something exactly when Chinese does, and none of the Chinese catalogue's words.
        expect(en === '').toBe(c.zh === '');
        expect(en).not.toMatch(/[；：]/);
      }
    });
  }

  it('has cases for every action, and both catalogues the same keys', () => {
    expect(Object.keys(CASES).sort()).toEqual([...AUDIT_ACTIONS].sort());
    const keys = (o: object): string[] =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v as object).map((sub) => `${k}.${sub}`) : [k])).sort();
    expect(keys(EN)).toEqual(keys(ZH));
    for (const action of AUDIT_ACTIONS) {
      expect(auditActionLabel(action, ZH)).not.toBe(action);
      expect(auditActionLabel(action, EN)).not.toBe(action);
    }
    expect(auditOutcomeLabel('denied', ZH)).toBe('拒绝');
  });

  it('an unknown action or detail says nothing rather than failing', () => {
    expect(auditDetails({ action: 'future.thing', outcome: 'success', detail: { x: 1 }, documentName: null, staffName: null }, ZH)).toBe('');
    expect(auditActionLabel('future.thing', ZH)).toBe('future.thing');
  });
});

describe('auditActor', () => {
  it('is the actor, else the name tried at a failed unlock, else "—"', () => {
    const failed = (detail: AuditEntry['detail']) => ({ action: 'unlock.failed', staffName: null, detail });
    expect(auditActor({ action: 'doc.view', staffName: '李会计', detail: {} }, ZH)).toBe('李会计');
    expect(auditActor(failed({ name: '李会计', staffId: LI }), ZH)).toBe('李会计（尝试）');
    expect(auditActor(failed({ name: '李会计', staffId: LI }), EN)).toBe('李会计 (attempt)');
    expect(auditActor(failed({ unknownName: true, length: 9 }), ZH)).toBe('非员工名');
    expect(auditActor(failed({ name: '?' }), ZH)).toBe('—');
    expect(auditActor(failed({}), ZH)).toBe('—');
    expect(auditActor({ action: 'backup.create', staffName: null, detail: { name: 'x' } }, ZH)).toBe('—');
  });
});

describe('action groups', () => {
  it('place every action in exactly one area, in the areas’ order', () => {
    const groups = auditActionGroups();
    expect(groups.map((g) => g.group)).toEqual([...AUDIT_GROUPS]);
    const all = groups.flatMap((g) => g.actions);
    expect([...all].sort()).toEqual([...AUDIT_ACTIONS].sort());
    expect(new Set(all).size).toBe(all.length);
    expect(groups.every((g) => g.actions.length > 0)).toBe(true);
    expect(groups.find((g) => g.group === 'documents')?.actions).toContain('doc.export');
    expect(ZH.groups.staff).toBe('员工与授权');
  });
});

describe('formatBytes', () => {
  it.each([
    [512, '512 B'],
    [1536, '1.5 KB'],
    [200 * 1024 * 1024, '200 MB'],
    [3 * 1024 ** 3, '3.0 GB'],
  ])('%d → %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));
});
