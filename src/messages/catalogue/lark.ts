// Catalogue: the words only the Lark/Feishu adapter says (cut notices, form labels, slow-click acks), in zh-CN and en.
import { type Texts, translator } from '../i18n.ts';
import type { Locale } from '../model.ts';

export type LarkTextKey =
  | 'truncated'
  | 'working'
  | 'submit'
  | 'fieldError'
  | 'failed'
  | 'leadFormTitle'
  | 'leadFormIntro'
  | 'leadFormSubmit'
  | 'field.lead'
  | 'field.name'
  | 'field.company'
  | 'field.email'
  | 'field.phone'
  | 'field.region'
  | 'field.industry'
  | 'field.note'
  | 'field.province'
  | 'field.city'
  | 'field.size'
  | 'field.deal'
  | 'field.currency'
  | 'field.language'
  | 'followFormTitle'
  | 'followFormIntro'
  | 'followFormSubmit'
  | 'field.kind'
  | 'field.next'
  | 'choice.call'
  | 'choice.visit'
  | 'choice.message'
  | 'choice.note';

const texts: Texts<LarkTextKey> = {
  en: {
    truncated:
      '_… cut to fit Lark’s card size limit; type the command again with a narrower filter or open the console for the rest._',
    working: 'Working on it — the card will update in a moment.',
    submit: 'Submit',
    fieldError: '**{field}**: {message}',
    failed: 'Something went wrong on our side; it has been logged. Please try again.',
    leadFormTitle: 'New lead',
    leadFormIntro: 'Fill in what you know; a name is enough. The lead is routed like any other.',
    leadFormSubmit: 'Create lead',
    'field.lead': 'Lead number',
    'field.name': 'Name',
    'field.company': 'Company',
    'field.email': 'Email',
    'field.phone': 'Phone',
    'field.region': 'Region',
    'field.industry': 'Industry',
    'field.note': 'Note',
    'field.province': 'Province / state',
    'field.city': 'City',
    'field.size': 'Company size (employees), e.g. 200 or 50-200',
    'field.deal': 'Expected deal, e.g. 500000, 50万 or USD 20000',
    'field.currency': 'Deal currency (default the org’s)',
    'field.language': 'Language',
    followFormTitle: 'Log a follow-up',
    followFormIntro:
      'On one of your leads (its number, e.g. L-000042): what happened, and when you will follow up next.',
    followFormSubmit: 'Log it',
    'field.kind': 'Kind',
    'field.next': 'Next step on (optional)',
    'choice.call': 'Call',
    'choice.visit': 'Visit',
    'choice.message': 'Message',
    'choice.note': 'Note',
  },
  'zh-CN': {
    truncated: '_…卡片超出飞书大小限制，已截断；请缩小范围后重新输入命令，或在控制台查看其余内容。_',
    working: '正在处理，卡片稍后更新。',
    submit: '提交',
    fieldError: '**{field}**：{message}',
    failed: '系统出错，已记录。请稍后重试。',
    leadFormTitle: '新建线索',
    leadFormIntro: '填写已知信息即可，姓名必填。线索会按规则自动分配。',
    leadFormSubmit: '创建线索',
    'field.lead': '线索编号',
    'field.name': '姓名',
    'field.company': '公司',
    'field.email': '邮箱',
    'field.phone': '电话',
    'field.region': '地区',
    'field.industry': '行业',
    'field.note': '备注',
    'field.province': '省份',
    'field.city': '城市',
    'field.size': '公司规模（人数），如 200 或 50-200',
    'field.deal': '预计金额，如 500000、50万 或 USD 20000',
    'field.currency': '币种（默认组织币种）',
    'field.language': '语言',
    followFormTitle: '记录跟进',
    followFormIntro: '针对你的线索（编号如 L-000042）：这次做了什么，下一步何时跟进。',
    followFormSubmit: '记录',
    'field.kind': '方式',
    'field.next': '下一步日期（可选）',
    'choice.call': '电话',
    'choice.visit': '拜访',
    'choice.message': '消息',
    'choice.note': '备注',
  },
};

export function larkTexts(locale: Locale) {
  return translator(texts, locale);
}
