// Catalogue: why a report command or request is refused (a bad period or grouping, a person, region, source or rule
// out of reach or unknown, a target not the asker's to set), in English and Chinese.
import type { Texts } from '../i18n.ts';
import { reportTexts as texts } from './report-texts.ts';

export const reportErrors: Texts<
  | 'report_bad_period'
  | 'report_period_out_of_range'
  | 'report_bad_group'
  | 'report_unknown_person'
  | 'report_person_forbidden'
  | 'report_org_forbidden'
  | 'report_unknown_region'
  | 'report_unknown_source'
  | 'report_unknown_rule'
  | 'report_target_forbidden'
  | 'report_bad_target'
> = {
  en: {
    report_bad_period: texts.en.badPeriod,
    report_period_out_of_range:
      '"{value}" is outside the calendar reports cover: write dates from {first} to {last}, e.g. 2026-10-01..2026-10-31.',
    report_bad_group: texts.en.badGroup,
    report_unknown_person: 'Nobody on the roster is called "{ref}". Use their name, email or @mention.',
    report_person_forbidden: '{name} is outside your team, so their numbers are not yours to see.',
    report_org_forbidden: 'Only admin, CFO and finance see the whole org; leave out "org" to see your team.',
    report_unknown_region: 'Nobody you can see is in region "{region}".',
    report_unknown_source: 'No lead source is called "{source}". Sources: {valid}.',
    report_unknown_rule: 'No routing rule is called "{rule}". Rules: {valid}.',
    report_target_forbidden: 'Only a manager above {name} or an admin sets their target.',
    report_bad_target:
      '"{value}" is not a monthly target: write an amount in {currency} such as 500000 (0 clears it).',
  },
  'zh-CN': {
    report_bad_period: texts['zh-CN'].badPeriod,
    report_period_out_of_range:
      '「{value}」超出报表可用的日期范围：请写 {first} 至 {last} 之间的日期，如 2026-10-01..2026-10-31。',
    report_bad_group: texts['zh-CN'].badGroup,
    report_unknown_person: '花名册中没有「{ref}」。请用姓名、邮箱或 @提及。',
    report_person_forbidden: '{name} 不在你的团队中，无法查看其数据。',
    report_org_forbidden: '只有管理员、财务总监和财务可查看全公司；去掉「全公司」可查看你的团队。',
    report_unknown_region: '你可查看的人中没有区域「{region}」。',
    report_unknown_source: '没有名为「{source}」的线索来源。可用来源：{valid}。',
    report_unknown_rule: '没有名为「{rule}」的分配规则。可用规则：{valid}。',
    report_target_forbidden: '只有 {name} 的上级经理或管理员可以设置其目标。',
    report_bad_target: '「{value}」不是月度目标：请写 {currency} 金额，如 500000（0 表示清除）。',
  },
};
