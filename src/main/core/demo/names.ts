import { creditCodeCheckChar } from '../../../shared/credit-code';
import type { Random } from './random';

const CITIES = [
  ['福州', '350100'], ['厦门', '350200'], ['泉州', '350500'], ['杭州', '330100'], ['宁波', '330200'], ['苏州', '320500'],
  ['南京', '320100'], ['上海', '310000'], ['广州', '440100'], ['深圳', '440300'], ['成都', '510100'], ['武汉', '420100'],
  ['长沙', '430100'], ['郑州', '410100'], ['济南', '370100'], ['青岛', '370200'], ['合肥', '340100'], ['南昌', '360100'],
] as const;
const BRANDS = ['鑫源', '恒达', '华信', '瑞丰', '宏图', '天成', '金诚', '嘉禾', '博远', '盛世', '永安', '汇通', '锦程', '中和', '新锐', '东方', '晨光', '海纳', '德润', '明辉', '闽江', '鹭岛', '西湖', '长江', '黄河', '泰山', '银河', '百川', '启航', '卓越'];
const TRADES = ['商贸', '科技', '建筑工程', '餐饮管理', '物流', '电子', '文化传媒', '装饰设计', '农业发展', '医疗器械', '服装', '机械设备', '信息技术', '教育咨询', '房地产经纪', '财税咨询', '食品', '化工', '汽车服务', '广告'];
const FORMS = ['有限公司', '有限公司', '有限公司', '有限责任公司', '股份有限公司', '个人独资企业'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '华', '建国', '志强', '海燕', '晓东', '雪梅', '俊杰', '丹', '鹏', '婷', '宇', '欣怡'];
const ROADS = ['五四路', '湖东路', '华林路', '鼓屏路', '工业路', '解放大道', '人民路', '中山路', '建设路', '滨江大道', '长安街', '文化路'];
const BANKS = ['中国工商银行', '中国建设银行', '中国农业银行', '中国银行', '招商银行', '兴业银行', '交通银行'];
const ORG = '0123456789ABCDEFGHJKLMNPQRTUWXY';

export interface SampleCompany {
  name: string;
  creditCode: string;
  city: string;
  contactPerson: string;
  phone: string;
  address: string;
  bank: string;
  bankAccount: string;
}

export function personName(rng: Random): string {
  return rng.pick(SURNAMES) + rng.pick(GIVEN);
}

/** A plausible company with a credit code whose check character is valid (not a real registration). */
export function sampleCompany(rng: Random, serial: number): SampleCompany {
  const [city, region] = rng.pick(CITIES);
  const name = `${city}${rng.pick(BRANDS)}${rng.pick(TRADES)}${rng.pick(FORMS)}`;
  let org = '';
  for (let i = 0; i < 8; i++) org += ORG.charAt(rng.int(0, ORG.length - 1));
  org += ORG.charAt(serial % ORG.length);
  const first17 = `91${region}${org}`;
  const creditCode = first17 + (creditCodeCheckChar(first17) ?? '0');
  return {
    name,
    creditCode,
    city,
    contactPerson: personName(rng),
    phone: `1${rng.pick(['3', '5', '7', '8', '9'])}${rng.digits(9)}`,
    address: `${city}市${rng.pick(ROADS)}${rng.int(1, 999)}号`,
    bank: rng.pick(BANKS),
    bankAccount: `6222${rng.digits(15)}`,
  };
}
