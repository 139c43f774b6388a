// Catalogue: what the Slack adapter itself says — modal labels, cut markers, App Home headings — in zh-CN and en.
import { type Texts, translator } from '../i18n.ts';
import type { Locale } from '../model.ts';

type Key =
  | 'more_items'
  | 'text_cut'
  | 'submit'
  | 'cancel'
  | 'lead_new_title'
  | 'lead_name'
  | 'lead_company'
  | 'lead_email'
  | 'lead_phone'
  | 'lead_region'
  | 'lead_industry'
  | 'lead_province'
  | 'lead_city'
  | 'lead_size'
  | 'lead_size_hint'
  | 'lead_deal'
  | 'lead_deal_hint'
  | 'lead_currency'
  | 'lead_language'
  | 'lead_note'
  | 'order_new_title'
  | 'order_customer'
  | 'order_customer_hint'
  | 'order_lead'
  | 'order_lead_hint'
  | 'order_lines'
  | 'order_lines_hint'
  | 'order_plan'
  | 'order_terms'
  | 'order_terms_hint'
  | 'order_source_missing'
  | 'prompt_too_short'
  | 'home_approvals'
  | 'home_approvals_none'
  | 'home_more'
  | 'home_nothing'
  | 'home_nothing_hint'
  | 'lead_log_title'
  | 'lead_log_number'
  | 'lead_log_kind'
  | 'lead_log_note'
  | 'kind_call'
  | 'kind_visit'
  | 'kind_message'
  | 'kind_note';

const texts: Texts<Key> = {
  en: {
    more_items: '… and {count} more',
    text_cut: '… (cut, {count} more characters)',
    submit: 'Submit',
    cancel: 'Cancel',
    lead_new_title: 'New lead',
    lead_name: 'Contact name',
    lead_company: 'Company',
    lead_email: 'Email',
    lead_phone: 'Phone',
    lead_region: 'Region',
    lead_industry: 'Industry',
    lead_province: 'Province / state',
    lead_city: 'City',
    lead_size: 'Company size (employees)',
    lead_size_hint: 'e.g. 200, 500+ or 50-200',
    lead_deal: 'Expected deal',
    lead_deal_hint: 'e.g. 500000, 50万 or USD 20000',
    lead_currency: 'Deal currency (default the org’s)',
    lead_language: 'Language',
    lead_note: 'Note',
    order_new_title: 'New order',
    order_customer: 'Customer',
    order_customer_hint: 'Type to search existing customers',
    order_lead: 'Or from your lead',
    order_lead_hint: 'L-000042',
    order_lines: 'Products',
    order_lines_hint: 'One line per product: SKU*quantity, optionally @unit price — A100*2@99.50',
    order_plan: 'Payment plan',
    order_terms: 'Terms',
    order_terms_hint: 'Leave empty for the standard terms',
    order_source_missing: 'Pick a customer or give one of your leads.',
    prompt_too_short: 'Write at least {min} characters.',
    home_approvals: 'Waiting for my approval ({count})',
    home_approvals_none: 'Nothing is waiting for your approval.',
    home_more: '… and {count} more cards; use the commands to see them all.',
    home_nothing: 'Nothing here for your roles',
    home_nothing_hint: 'Type help to see the commands you may use.',
    lead_log_title: 'Log a follow-up',
    lead_log_number: 'Lead',
    lead_log_kind: 'What happened',
    lead_log_note: 'Note',
    kind_call: 'Call',
    kind_visit: 'Visit',
    kind_message: 'Message',
    kind_note: 'Note',
  },
  'zh-CN': {
    more_items: '…… 还有 {count} 项',
    text_cut: '……（已截断，还有 {count} 个字符）',
    submit: '提交',
    cancel: '取消',
    lead_new_title: '新建线索',
    lead_name: '联系人姓名',
    lead_company: '公司',
    lead_email: '邮箱',
    lead_phone: '电话',
    lead_region: '地区',
    lead_industry: '行业',
    lead_province: '省份',
    lead_city: '城市',
    lead_size: '公司规模（人数）',
    lead_size_hint: '如 200、500+ 或 50-200',
    lead_deal: '预计金额',
    lead_deal_hint: '如 500000、50万 或 USD 20000',
    lead_currency: '币种（默认组织币种）',
    lead_language: '语言',
    lead_note: '备注',
    order_new_title: '新建订单',
    order_customer: '客户',
    order_customer_hint: '输入以搜索已有客户',
    order_lead: '或来自你的线索',
    order_lead_hint: 'L-000042',
    order_lines: '产品',
    order_lines_hint: '每行一个产品：SKU*数量，可加 @单价 —— A100*2@99.50',
    order_plan: '付款计划',
    order_terms: '条款',
    order_terms_hint: '留空即标准条款',
    order_source_missing: '请选择客户，或填写你的一条线索。',
    prompt_too_short: '请至少填写 {min} 个字符。',
    home_approvals: '待我审批（{count}）',
    home_approvals_none: '没有待你审批的订单。',
    home_more: '…… 还有 {count} 张卡片；请用命令查看全部。',
    home_nothing: '你的角色在这里没有可看的内容',
    home_nothing_hint: '输入 帮助 查看你可以使用的命令。',
    lead_log_title: '记录跟进',
    lead_log_number: '线索',
    lead_log_kind: '跟进方式',
    lead_log_note: '备注',
    kind_call: '电话',
    kind_visit: '拜访',
    kind_message: '消息',
    kind_note: '备注',
  },
};

export type SlackTextKey = Key;

export function slackTexts(locale: Locale) {
  return translator(texts, locale);
}
