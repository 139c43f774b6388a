// Catalogue: the Chinese name of each input field an error may name, so a Chinese error never says "creditLimit".
import { own } from '../../domain/own.ts';
import type { Locale } from '../model.ts';

const zh: Record<string, string> = {
  name: '名称',
  legalName: '法定名称',
  aliases: '别名',
  tier: '客户等级',
  priceList: '价目表',
  currency: '币种',
  creditLimit: '信用额度',
  // Column names an edit reports as changed: the folded name changes with the name; the limit is kept in fen.
  normalizedName: '名称',
  creditLimitMinor: '信用额度',
  externalIds: '外部编号',
  paymentTerms: '付款条件',
  defaultPaymentPlan: '付款计划',
  taxId: '税号',
  billingAddress: '开票地址',
  invoiceEmail: '发票邮箱',
  email: '邮箱',
  phone: '电话',
  region: '地区',
  industry: '行业',
  locale: '语言',
  ownerEmail: '负责人邮箱',
  role: '职务',
  sku: 'SKU',
  nameZh: '中文名称',
  nameEn: '英文名称',
  unit: '单位',
  price: '目录价',
  taxRatePercent: '税率',
  active: '启用',
  // Lead fields (name, email, phone, region and industry as above).
  company: '公司',
  source: '来源',
  campaign: '活动',
  utmMedium: 'utm_medium',
  utmTerm: 'utm_term',
  utmContent: 'utm_content',
  note: '备注',
  province: '省份',
  city: '城市',
  companySize: '公司规模',
  dealSize: '预计金额',
  dealCurrency: '预计金额币种',
  language: '语言',
  // What a text command asks for when it is typed without it (missing_argument's argument).
  lead: '线索编号',
  number: '编号',
  reason: '原因',
  stage: '阶段',
  kind: '跟进方式',
  until: '暂停到',
  rep: '销售（@姓名）',
  keep: '保留的线索',
  drop: '并入的线索',
  text: '名称或关键词',
  weight: '权重',
  capacity: '未结线索上限',
  daily: '每日新线索上限',
  skills: '技能',
  hours: '工作时间',
  plan: '付款计划',
  record: '记录编号',
  base: '基准币种',
  quote: '报价币种',
  rate: '汇率',
};

// English readers see the keys they type (creditLimit:), never the columns an edit reports as changed.
const enColumns: Record<string, string> = {
  normalizedName: 'name',
  creditLimitMinor: 'creditLimit',
};

// A field as the reader's language names it; `prices.<list>` is that list's price.
export function fieldName(field: string, locale: Locale): string {
  if (locale !== 'zh-CN') return own(enColumns, field) ?? field;
  if (field.startsWith('prices.')) return `价目表 ${field.slice('prices.'.length)} 的价格`;
  return own(zh, field) ?? field;
}
