import type { SampleClient, SampleDocument, SamplePlan } from '../src/main/core/demo/generator';
import { personName } from '../src/main/core/demo/names';
import { Random } from '../src/main/core/demo/random';

/** The extracted text the scale phase gives each document: about 2 KB (UTF-8) on average, as a PDF's text layer reads. */
export const CONTENT_TARGET_BYTES = 2048;

const SUMMARIES = ['货款', '工资', '房租', '税款', '服务费', '利息', '报销', '水电费', '社保', '公积金', '差旅费', '设备款'];
const BRANCHES = ['五四路支行', '湖东支行', '华林路支行', '鼓楼支行', '台江支行', '仓山支行', '工业路支行', '滨江支行', '人民路支行', '中山路支行'];
const GOODS = ['办公用品', '电子元器件', '建筑材料', '餐饮服务', '运输服务', '技术服务费', '咨询服务费', '广告服务', '机械配件', '食品原料'];

const pad2 = (n: number) => String(n).padStart(2, '0');
const money = (n: number) => (n / 100).toFixed(2);

/**
 * Text for one document, by its kind: counterparties (other clients' names), bank branches, contract and
 * invoice numbers, dates and amounts — what a firm searches a statement or a contract for. Reproducible per
 * document index.
 */
export function documentText(plan: SamplePlan, index: number): string {
  const doc = plan.documents[index] as SampleDocument;
  const client = plan.clients[doc.clientIndex] as SampleClient;
  const rng = new Random(0x5eed + index);
  const other = () => (plan.clients[rng.int(0, plan.clients.length - 1)] as SampleClient).name;
  const date = () => `${doc.periodYear}-${pad2(doc.periodMonth)}-${pad2(rng.int(1, 28))}`;
  const lines: string[] = [`单位名称：${client.name}`, `统一社会信用代码：${client.creditCode}`, `所属期间：${doc.periodYear}年${doc.periodMonth}月`];
  let bytes = 0;
  const push = (line: string) => {
    lines.push(line);
    bytes += Buffer.byteLength(line) + 1;
  };
  switch (doc.kind) {
    case 'statement':
    case 'ledger-csv':
      push(`开户行：${client.bank}${client.city}${rng.pick(BRANCHES)}  账号：${client.bankAccount}`);
      push(`对账期间：${doc.periodYear}-${pad2(doc.periodMonth)}-01 至 ${doc.periodYear}-${pad2(doc.periodMonth)}-28`);
      while (bytes < CONTENT_TARGET_BYTES) push(`${date()} ${rng.pick(SUMMARIES)} ${other()} ${money(rng.int(100, 9_000_000))} 余额 ${money(rng.int(100_000, 90_000_000))}`);
      break;
    case 'contract': {
      push(`合同编号：HT-${doc.periodYear}${pad2(doc.periodMonth)}-${rng.digits(4)}`);
      push(`甲方（委托方）：${client.name}  法定代表人：${client.contactPerson}  地址：${client.address}`);
      push(`乙方（受托方）：${other()}  联系人：${personName(rng)}`);
      while (bytes < CONTENT_TARGET_BYTES)
        push(`第${rng.int(1, 20)}条 乙方为甲方提供${rng.pick(GOODS)}，服务费每月人民币 ${money(rng.int(20_000, 900_000))} 元，按季度支付；双方对对方的商业信息负有保密义务。`);
      break;
    }
    case 'invoice-photo':
    case 'voucher':
      push(`发票号码：${rng.digits(8)}  开票日期：${doc.periodYear}年${pad2(doc.periodMonth)}月${pad2(rng.int(1, 28))}日`);
      push(`购买方：${client.name}  纳税人识别号：${client.creditCode}`);
      push(`销售方：${other()}`);
      while (bytes < CONTENT_TARGET_BYTES) push(`${rng.pick(GOODS)} 数量 ${rng.int(1, 500)} 单价 ${money(rng.int(100, 500_000))} 税率 ${rng.pick(['13%', '9%', '6%', '3%'])} 记字第 ${rng.int(1, 300)} 号 制单：${personName(rng)}`);
      break;
    case 'tax-return':
    case 'balance-sheet':
    case 'license':
      push(`税款所属期：${doc.periodYear}-${pad2(doc.periodMonth)}-01 至 ${doc.periodYear}-${pad2(doc.periodMonth)}-28  主管税务机关：国家税务总局${client.city}市税务局`);
      push(`住所：${client.address}  联系电话：${client.phone}`);
      while (bytes < CONTENT_TARGET_BYTES)
        push(`${rng.pick(['货币资金', '应收账款', '存货', '固定资产', '销项税额', '进项税额', '应纳税额', '未分配利润'])} 第${rng.int(1, 40)}栏 本月数 ${money(rng.int(10_000, 900_000_000))} 本年累计 ${money(rng.int(10_000, 900_000_000))}`);
      break;
    default: {
      const unreachable: never = doc.kind;
      throw new Error(String(unreachable));
    }
  }
  return lines.join('\n');
}

/**
 * Queries for words printed inside documents: counterparties and bank branches (2–6 characters of a
 * line), contract and invoice numbers, amounts — each taken from a document's text, so it is found.
 */
export function contentQueries(plan: SamplePlan, count: number, seed = 7): string[] {
  const rng = new Random(seed);
  const out: string[] = [];
  while (out.length < count) {
    const text = documentText(plan, rng.int(0, plan.documents.length - 1));
    const lines = text.split('\n').slice(3);
    const line = rng.pick(lines);
    const words = line.split(/[\s：:，；（）]+/).filter((w) => w.length >= 2);
    const word = rng.pick(words);
    const chars = Array.from(word);
    const len = Math.min(chars.length, rng.int(2, 6));
    const start = rng.int(0, chars.length - len);
    out.push(chars.slice(start, start + len).join(''));
  }
  return out;
}
