import type { AffectedClient, IncidentAction, IncidentClosure, IncidentScope } from '../../../shared/incidents';
import { AUDIT_WORDS } from '../../../shared/audit-details';
import { formatTime } from '../reports/report-labels';

/**
 * The notification drafts, in Chinese, generated from the incident as it
 * stands: one notice to each affected client and a report to the regulator,
 * each with the items PIPL Article 57 names (the personal information
 * concerned, the cause and the harm that may follow, the remedial measures
 * taken, what the person can do to reduce the harm, how to contact the firm).
 * People edit them before export.
 */
export interface DraftFacts {
  title: string;
  openedAt: string;
  scope: IncidentScope;
  staffNames: string[];
  alertRule: string | null;
  contact: string;
  actions: IncidentAction[];
  closure: IncidentClosure | null;
  affected: AffectedClient[];
  today: string;
}

const WORDS = AUDIT_WORDS['zh-CN'];

/** 资料 5 份（银行对账单 3 份、发票 2 份）；账号密码 2 次；客户信息：电话、银行账号 */
export function dataConcerned(client: AffectedClient): string[] {
  const out: string[] = [];
  const docs = client.documentCategories.reduce((n, c) => n + c.count, 0);
  if (docs > 0) out.push(`会计及税务资料 ${docs} 份（${client.documentCategories.map((c) => `${c.category} ${c.count} 份`).join('、')}）`);
  if (client.credentials > 0) out.push(`网上银行、电子税务局等账号密码信息（被查看或使用 ${client.credentials} 次）`);
  if (client.fields.length > 0) {
    const names = client.fields.map((f) => (Object.prototype.hasOwnProperty.call(WORDS.fields, f) ? WORDS.fields[f as keyof typeof WORDS.fields] : f));
    out.push(`客户登记信息：${names.join('、')}`);
  }
  if (client.kinds.includes('client-record') && client.fields.length === 0) out.push('客户基本登记信息（名称、联系人等）');
  return out;
}

function window(f: DraftFacts): string {
  return `${formatTime(f.scope.from)} 至 ${formatTime(f.scope.to)}`;
}

function who(f: DraftFacts): string {
  return f.staffNames.length > 0 ? `我所员工${f.staffNames.join('、')}` : '我所员工';
}

function cause(f: DraftFacts): string {
  if (f.closure) return f.closure.cause;
  const rule = f.alertRule && Object.prototype.hasOwnProperty.call(WORDS.alertRules, f.alertRule) ? WORDS.alertRules[f.alertRule as keyof typeof WORDS.alertRules] : null;
  return `经初步核查，${window(f)}期间，${who(f)}对相关资料进行了异常操作${rule ? `（系统警报：${rule}）` : ''}，具体原因仍在调查中。`;
}

function measures(f: DraftFacts): string[] {
  if (f.actions.length === 0) return ['我所已对事件立案调查，并对相关操作记录进行了核查和保全。'];
  return f.actions.map((a) => `${formatTime(a.at)}：${a.text}`);
}

const SELF_HELP = [
  '尽快修改网上银行、电子税务局、社保及公积金等相关账号的登录密码，并开启短信或动态口令验证；',
  '留意以贵方名义进行的异常交易、开票或申报，如有异常及时联系开户银行和主管税务机关；',
  '提醒相关人员警惕冒充我所或贵方名义的电话、短信和邮件，不向陌生人提供验证码；',
  '如发现信息被冒用或滥用，请保留证据并及时向公安机关报案。',
];

const HARM = '上述信息可能已被未经授权地复制或披露，存在被用于冒用身份办理业务、电信诈骗或泄露商业秘密的风险。';

const numbered = (lines: string[]) => lines.map((l, i) => `${i + 1}. ${l}`);

/** 告知函 to one affected client. */
export function clientNotice(f: DraftFacts, client: AffectedClient): string {
  const data = dataConcerned(client);
  return [
    `致：${client.clientName}`,
    '',
    `我所在安全监测中发现，${window(f)}期间，${who(f)}对贵方委托我所保管的资料进行了异常操作。根据《中华人民共和国个人信息保护法》第五十七条的规定，现将有关情况告知如下：`,
    '',
    '一、涉及的个人信息种类',
    ...numbered(data.length > 0 ? data : ['贵方委托我所保管的资料（具体范围仍在核查中）']),
    '',
    '二、事件发生的原因和可能造成的危害',
    `原因：${cause(f)}`,
    `可能造成的危害：${HARM}`,
    '',
    '三、我所已采取的补救措施',
    ...numbered(measures(f)),
    '',
    '四、贵方可以采取的减轻危害的措施',
    ...numbered(SELF_HELP),
    '',
    '五、我所的联系方式',
    `如有疑问，请联系：${f.contact}`,
    '',
    `日期：${f.today}`,
  ].join('\n');
}

/** 个人信息安全事件报告 to the regulator: every affected client, the same Article 57 items. */
export function regulatorReport(f: DraftFacts): string {
  return [
    '报送：个人信息保护主管部门',
    '',
    '一、事件概况',
    `事件名称：${f.title}`,
    `发现时间：${formatTime(f.openedAt)}`,
    `发生时间范围：${window(f)}`,
    `涉及员工：${f.staffNames.join('、') || '待查'}`,
    '',
    `二、涉及的个人信息种类及范围（涉及客户 ${f.affected.length} 家）`,
    ...numbered(f.affected.map((c) => `${c.clientName}：${dataConcerned(c).join('；') || '具体范围仍在核查中'}`)),
    '',
    '三、事件发生的原因和可能造成的危害',
    `原因：${cause(f)}`,
    `可能造成的危害：${HARM}`,
    '',
    '四、已采取的补救措施',
    ...numbered([...measures(f), `已向受影响的 ${f.affected.length} 家客户逐一发送告知函。`]),
    '',
    '五、个人可以采取的减轻危害的措施',
    '我所已在告知函中建议受影响客户及相关个人：',
    ...numbered(SELF_HELP),
    '',
    '六、联系方式',
    `联系人：${f.contact}`,
    '',
    `报告日期：${f.today}`,
  ].join('\n');
}
