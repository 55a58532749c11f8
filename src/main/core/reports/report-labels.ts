/**
 * Chinese wording of audit events in reports and CSV exports. Reports are
 * handed to the firm's clients and to management, in Chinese.
 */
const ACTIONS: Record<string, string> = {
  'vault.create': '创建保险库',
  unlock: '解锁',
  'unlock.failed': '解锁失败',
  lock: '锁定',
  'password.change': '修改密码',
  'client.list': '浏览客户列表',
  'client.view': '查看客户信息',
  'client.create': '新建客户',
  'client.update': '修改客户信息',
  'client.archive': '归档客户',
  'client.reveal': '查看敏感信息',
  'client.import': '从表格导入客户',
  'client.export': '导出客户清单',
  'doc.list': '浏览资料列表',
  'doc.import': '导入资料',
  'doc.view': '预览资料',
  'doc.export': '导出资料',
  'doc.print': '打印资料',
  'doc.update': '修改资料',
  'doc.trash': '移入回收站',
  'doc.restore': '从回收站恢复',
  'doc.delete': '永久删除资料',
  'cred.list': '查看账号密码列表',
  'cred.add': '新增账号密码',
  'cred.update': '修改账号密码',
  'cred.delete': '删除账号密码',
  'cred.reveal': '查看密码',
  'cred.copy': '复制密码',
  'cred.totp': '查看动态口令',
  'cred.rotated': '标记密码已更换',
  'cred.file.export': '导出数字证书',
  'cred.import': '导入账号密码',
  'cred.export': '导出全部账号密码',
  'staff.list': '查看员工列表',
  'staff.add': '添加员工',
  'staff.update': '修改员工角色',
  'staff.disable': '停用员工',
  'grant.list': '查看授权',
  grant: '授权访问客户',
  revoke: '撤销客户授权',
  'key.rotate': '更换密钥',
  offboard: '办理离职',
  'audit.view': '查看审计日志',
  'audit.export': '导出审计日志',
  'report.access': '生成访问报告',
  'settings.change': '修改设置',
  'backup.create': '创建备份',
  'backup.restore': '从备份恢复',
  'vault.upgrade': '升级保险库格式',
  'vault.rollback': '发现保险库被回滚',
  'vault.rollback.accept': '确认保险库回滚',
  'anchor.forged': '本机记录被改动',
  'audit.verify': '校验审计日志',
  'alert.raise': '发出警报',
  'alert.ack': '处理警报',
  'staff.suspend': '暂停员工访问',
  'staff.unsuspend': '恢复员工访问',
};

const OUTCOMES: Record<string, string> = { success: '成功', failure: '失败', denied: '被拒绝' };
const ROLES: Record<string, string> = { owner: '所有者', admin: '管理员', accountant: '会计', auditor: '审计员' };
const FIELDS: Record<string, string> = { phone: '电话', bankAccount: '银行账号' };

export function actionLabel(action: string): string {
  return ACTIONS[action] ?? action;
}

export function outcomeLabel(outcome: string): string {
  return OUTCOMES[outcome] ?? outcome;
}

export function roleLabel(role: string): string {
  return ROLES[role] ?? role;
}

export function fieldLabel(field: string): string {
  return FIELDS[field] ?? field;
}

/** 2024-03-05 14:07 in the PC's local time zone. */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
