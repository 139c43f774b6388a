// Catalogue (leads): the error codes of the leads slice; listed once in catalogue/errors.ts.
import type { Locale } from '../../model.ts';

export const leadErrors: Record<Locale, Record<string, string>> = {
  en: {
    lead_name_required: 'A lead needs a name. Example: lead new name:"Li Lei" email:li@example.com',
    lead_text_too_long: '{field} is {length} characters long; a lead keeps at most {max}. Shorten it.',
    lead_contact_required:
      'A lead needs an email or a phone (or both), e.g. email:li@example.com or phone:13800138000.',
    lead_email_invalid: 'email "{value}" is not an email address; write it like li.lei@example.com.',
    lead_phone_invalid:
      'phone "{value}" is not a phone number; write it like 138 0013 8000 or +86 138 0013 8000.',
    lead_not_found: 'There is no lead {id}.',
    lead_pause_until_invalid:
      'until "{value}" is not a date or a length; write e.g. until:2026-11-20, until:11-20 or 3d (days), 2w (weeks), 4h (hours).',
    lead_pause_past: 'until {value} has already passed; pick a later date.',
    lead_not_yours: '{number} is not your lead; only its owner or a manager can do that.',
    lead_log_kind_invalid:
      '"{value}" is not a kind of follow-up; use call, visit, message or note. Example: lead log L-000042 call "asked for a quote"',
    lead_log_no_open_leads: 'You hold no open lead to log a follow-up on.',
    lead_log_next_invalid:
      'next "{value}" is not a date; write it like next:2026-12-03, next:12-03, next:tomorrow or next:"next Monday".',
    lead_log_next_past: 'next {value} has already passed; pick today or a later date.',
    lead_lost_reason_invalid:
      '"{value}" is not a lost reason; use one of {known}. Example: lead lost L-000042 price "over budget"',
    lead_pause_not_allowed: 'Only a manager or an admin can pause someone else; you can pause yourself.',
    lead_stage_invalid:
      '"{value}" is not a stage; use contacted, qualified, lost <reason> or converted. Example: lead stage L-000042 contacted',
  },
  'zh-CN': {
    lead_name_required: '线索需要姓名。示例：线索 新建 姓名:李雷 邮箱:li@example.com',
    lead_text_too_long: '{field}长 {length} 个字符，线索最多 {max} 个；请缩短。',
    lead_contact_required: '线索需要邮箱或电话（或两者），如 邮箱:li@example.com 或 电话:13800138000。',
    lead_email_invalid: '邮箱「{value}」格式不正确，应形如 li.lei@example.com。',
    lead_phone_invalid: '电话「{value}」不是有效号码，应形如 138 0013 8000 或 +86 138 0013 8000。',
    lead_not_found: '没有线索 {id}。',
    lead_pause_until_invalid:
      '截止「{value}」不是日期或时长，应形如 到:2026-11-20、到:11-20 或 3天、2周、4小时。',
    lead_pause_past: '截止时间 {value} 已过，请选更晚的日期。',
    lead_not_yours: '{number} 不是你的线索，只有负责人或主管可以操作。',
    lead_log_kind_invalid:
      '「{value}」不是跟进方式，请用 电话、拜访、消息 或 备注。示例：线索 跟进 L-000042 电话 "客户要报价"',
    lead_log_no_open_leads: '你目前没有可记录跟进的线索。',
    lead_log_next_invalid:
      '下一步「{value}」不是日期，应形如 下一步:2026-12-03、下一步:12-03、下一步:明天 或 下一步:下周一。',
    lead_log_next_past: '下一步日期 {value} 已过，请选今天或之后的日期。',
    lead_lost_reason_invalid:
      '「{value}」不是丢单原因，请用其中之一：{known_zh}。示例：线索 丢单 L-000042 价格 "超预算"',
    lead_pause_not_allowed: '只有主管或管理员可以暂停他人；你可以暂停自己。',
    lead_stage_invalid:
      '「{value}」不是阶段，请用 已联系、合格、丢单 <原因> 或 转化。示例：线索 阶段 L-000042 已联系',
  },
};
