import type { Bilingual } from '../../../shared/compliance';

/**
 * The sections of the confidentiality policy the firm follows
 * (客户信息保密制度, twenty sections), in order; the self-check walks them.
 */
export const POLICY_SECTIONS: readonly { no: string; title: Bilingual }[] = [
  { no: '一', title: { zh: '建立健全客户信息保密制度', en: 'A sound client-confidentiality system' } },
  { no: '二', title: { zh: '加强内部管理', en: 'Internal management' } },
  { no: '三', title: { zh: '采用先进的信息技术', en: 'Information technology' } },
  { no: '四', title: { zh: '加强合作与交流', en: 'Cooperation and exchange' } },
  { no: '五', title: { zh: '关注法律法规变化', en: 'Following changes in law' } },
  { no: '六', title: { zh: '加强对外宣传', en: 'Public communication' } },
  { no: '七', title: { zh: '建立应急响应机制', en: 'Emergency response' } },
  { no: '八', title: { zh: '加强与其他机构的合作', en: 'Cooperation with other bodies' } },
  { no: '九', title: { zh: '加强员工培训', en: 'Staff training' } },
  { no: '十', title: { zh: '加强信息安全管理', en: 'Information security management' } },
  { no: '十一', title: { zh: '加强客户沟通', en: 'Client communication' } },
  { no: '十二', title: { zh: '加强外部合作', en: 'External cooperation' } },
  { no: '十三', title: { zh: '加强风险管理', en: 'Risk management' } },
  { no: '十四', title: { zh: '加强内部监督', en: 'Internal supervision' } },
  { no: '十五', title: { zh: '加强外部监督', en: 'External supervision' } },
  { no: '十六', title: { zh: '加强应急响应', en: 'Incident response' } },
  { no: '十七', title: { zh: '加强法律法规遵守', en: 'Legal compliance' } },
  { no: '十八', title: { zh: '加强技术防护', en: 'Technical protection' } },
  { no: '十九', title: { zh: '加强合作伙伴管理', en: 'Partner management' } },
  { no: '二十', title: { zh: '加强社会责任', en: 'Social responsibility' } },
];
