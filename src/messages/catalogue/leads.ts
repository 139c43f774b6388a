// Catalogue: every lead card (offer, claim, and their claimed/accepted/declined versions), reply and error, zh-CN and en.
import { defaultLostReasons, type LostReasons, lostReasonList } from '../../domain/leads/follow-up.ts';
import type { Utm } from '../../domain/leads/normalise.ts';
import type { RoutingReason } from '../../domain/leads/routing.ts';
import { own } from '../../domain/own.ts';
import { format, type Texts, translator } from '../i18n.ts';
import type { Card, Field, Form, Locale } from '../model.ts';
import { ruleLabel } from './lead-conditions.ts';

// What a lead card shows; built from the lead row by the use case.
export interface LeadCardData {
  id: string;
  number: string;
  name: string;
  company: string | null;
  email: string | null;
  phone: string | null;
  region: string | null;
  industry: string | null;
  source: string;
  campaign: string | null;
  // Shown only when the lead arrived with utm tags beyond source and campaign.
  utm?: Utm | null;
  reason: RoutingReason | null;
}

type Key =
  | 'f_name'
  | 'f_company'
  | 'f_email'
  | 'f_phone'
  | 'f_region'
  | 'f_industry'
  | 'f_source'
  | 'f_campaign'
  | 'f_utm'
  | 'offer_title'
  | 'offer_body'
  | 'claim_title'
  | 'claim_body'
  | 'claimed_title'
  | 'accepted_title'
  | 'declined_title'
  | 'declined_body'
  | 'timed_out_title'
  | 'timed_out_body'
  | 'unclaimed_title'
  | 'unclaimed_body'
  | 'accept'
  | 'decline'
  | 'claim'
  | 'decline_confirm_title'
  | 'decline_confirm_text'
  | 'decline_confirm_yes'
  | 'decline_confirm_no'
  | 'why_round_robin'
  | 'why_round_robin_after'
  | 'why_weighted'
  | 'why_least_loaded'
  | 'why_skill_match'
  | 'why_off_shift'
  | 'why_timed_out'
  | 'why_no_contact'
  | 'why_escalated'
  | 'why_unclaimed'
  | 'why_claim'
  | 'why_account_owner'
  | 'why_manager_pool'
  | 'why_manager_any'
  | 'why_unrouted'
  | 'why_overflow'
  | 'why_declined'
  | 'company_and_contact'
  | 'duplicate_title'
  | 'duplicate_body'
  | 'reply_claimed'
  | 'reply_already_claimed'
  | 'reply_already_yours'
  | 'reply_not_claimable'
  | 'reply_accepted'
  | 'reply_already_accepted'
  | 'reply_not_offered'
  | 'reply_declined_next'
  | 'reply_declined_unrouted'
  | 'reply_created_offered'
  | 'reply_created_claim'
  | 'reply_created_unrouted'
  | 'reply_duplicate'
  | 'reply_paused'
  | 'reply_resumed'
  | 'reply_rep_unknown'
  | 'reply_rep_ambiguous'
  | 'reply_logged'
  | 'reply_next_step'
  | 'reply_lost'
  | 'reply_already_closed'
  | 'mine_title'
  | 'mine_empty'
  | 'mine_line'
  | 'status_new'
  | 'status_offered'
  | 'status_accepted'
  | 'status_converted'
  | 'status_lost'
  | 'none'
  | 'list_sep';

const texts: Texts<Key> = {
  en: {
    f_name: 'Name',
    f_company: 'Company',
    f_email: 'Email',
    f_phone: 'Phone',
    f_region: 'Region',
    f_industry: 'Industry',
    f_source: 'Source',
    f_campaign: 'Campaign',
    f_utm: 'utm',
    offer_title: 'New lead for you: {name}',
    offer_body: 'Accept it to make it yours, or decline so it goes to the next rep.',
    claim_title: 'New lead to claim: {name}',
    claim_body: 'First to claim gets it.',
    claimed_title: 'Claimed by {by}: {name}',
    accepted_title: 'Accepted by {by}: {name}',
    declined_title: 'Declined by {by}: {name}',
    declined_body: 'It was passed on; this card no longer takes actions.',
    timed_out_title: 'Not accepted in time: {name}',
    timed_out_body:
      'Nobody accepted it within {minutes} working minutes, so it was passed on; this card no longer takes actions.',
    unclaimed_title: 'Unclaimed, assigned to {to}: {name}',
    unclaimed_body: 'Nobody claimed it within {minutes} minutes, so it was assigned directly.',
    accept: 'Accept',
    decline: 'Decline',
    claim: 'Claim',
    decline_confirm_title: 'Decline this lead?',
    decline_confirm_text: 'It will be offered to the next available rep.',
    decline_confirm_yes: 'Decline',
    decline_confirm_no: 'Keep it',
    why_round_robin: 'rule {rule}, round-robin: you were next',
    why_round_robin_after: 'rule {rule}, round-robin: you were next after {previous}',
    why_weighted: 'rule {rule}, weighted round-robin: you were next',
    why_least_loaded: 'rule {rule}, least-loaded: you had the fewest open leads ({open})',
    why_skill_match: 'rule {rule}, skill match ({skill}): you had the fewest open leads ({open})',
    why_off_shift: 'nobody was on shift, so it waits for your next shift',
    why_timed_out: 'not accepted in time by {names}',
    why_no_contact: 'accepted by {names} but no first contact in time',
    why_escalated: 'not accepted after {count} re-routes, escalated to you as manager',
    why_unclaimed: 'nobody claimed it within {minutes} min',
    why_claim: 'rule {rule}, claim pool: first to claim gets it',
    why_account_owner: 'rule {rule}, account owner: you own {customer}',
    why_manager_pool: 'no rep available, manager fallback: you manage the pool',
    why_manager_any: 'no rep available, manager fallback: you are a manager on duty',
    why_unrouted: 'no rep or manager available: waiting to be assigned',
    why_overflow: 'nobody available under {rules}',
    why_declined: 'declined by {names}',
    company_and_contact: 'company and contact name',
    duplicate_title: 'Duplicate of your lead {number}: {name}',
    duplicate_body:
      'The same person came in again from **{source}**, matched on {matchedOn}. No new lead was created.',
    reply_claimed: 'You claimed {number} {name}. It is yours now.',
    reply_already_claimed: 'Already claimed by {by}.',
    reply_already_yours: 'You already claimed {number}; it is yours.',
    reply_not_claimable: '{number} is not open for claiming.',
    reply_accepted: 'Accepted: {number} {name} is yours now.',
    reply_already_accepted: 'You already accepted {number}.',
    reply_not_offered: 'This lead is not offered to you.',
    reply_declined_next: 'Declined. {number} was offered to {next}.',
    reply_declined_unrouted: 'Declined. Nobody else is available for {number}; it waits to be assigned.',
    reply_created_offered: 'Lead {number} created and offered to {owner}.',
    reply_created_claim: 'Lead {number} created and posted for claiming in #{channel}.',
    reply_created_unrouted: 'Lead {number} created; nobody is available to take it yet.',
    reply_duplicate: 'Already known as {number} ({status}); recorded as a duplicate, no new lead.',
    reply_paused: '{name} is paused until {until}: no new leads until then.',
    reply_resumed: '{name} is back: new leads can be routed to them again.',
    reply_rep_unknown: 'Nobody active on the roster is "{who}". Use @name, an e-mail or a mention.',
    reply_rep_ambiguous: '"{who}" could be {names}; use the e-mail instead.',
    reply_logged: 'Logged on {number}: {kind}.',
    reply_next_step: 'Next step on {date}.',
    reply_lost: '{number} closed as lost ({reason}).',
    reply_already_closed: '{number} is already closed ({status}); nothing changed.',
    mine_title: 'My open leads ({count})',
    mine_empty: 'You have no open leads.',
    mine_line: '**{number}** {name} · {company} · {status}',
    status_new: 'new',
    status_offered: 'offered, awaiting acceptance',
    status_accepted: 'accepted',
    status_converted: 'converted',
    status_lost: 'lost',
    none: '—',
    list_sep: ', ',
  },
  'zh-CN': {
    f_name: '姓名',
    f_company: '公司',
    f_email: '邮箱',
    f_phone: '电话',
    f_region: '地区',
    f_industry: '行业',
    f_source: '来源',
    f_campaign: '活动',
    f_utm: 'utm 标记',
    offer_title: '新线索分配给你：{name}',
    offer_body: '接受后归你跟进；拒绝则转给下一位销售。',
    claim_title: '新线索待认领：{name}',
    claim_body: '先到先得。',
    claimed_title: '{by} 已认领：{name}',
    accepted_title: '{by} 已接受：{name}',
    declined_title: '{by} 已拒绝：{name}',
    declined_body: '线索已转出，此卡片不再可操作。',
    timed_out_title: '未按时接受：{name}',
    timed_out_body: '{minutes} 个工作分钟内未接受，线索已转出，此卡片不再可操作。',
    unclaimed_title: '无人认领，已分配给 {to}：{name}',
    unclaimed_body: '{minutes} 分钟内无人认领，已直接分配。',
    accept: '接受',
    decline: '拒绝',
    claim: '认领',
    decline_confirm_title: '拒绝这条线索？',
    decline_confirm_text: '它将分配给下一位可用的销售。',
    decline_confirm_yes: '拒绝',
    decline_confirm_no: '保留',
    why_round_robin: '规则「{rule}」，轮流分配：轮到你了',
    why_round_robin_after: '规则「{rule}」，轮流分配：{previous} 之后轮到你',
    why_weighted: '规则「{rule}」，加权轮流分配：轮到你了',
    why_least_loaded: '规则「{rule}」，最少负载：你的未结线索最少（{open} 条）',
    why_skill_match: '规则「{rule}」，技能匹配（{skill}）：你的未结线索最少（{open} 条）',
    why_off_shift: '当前无人在班，等你下次上班处理',
    why_timed_out: '{names} 未按时接受',
    why_no_contact: '{names} 接受后未按时首次联系',
    why_escalated: '转派 {count} 次仍无人接受，升级给你（主管）',
    why_unclaimed: '{minutes} 分钟内无人认领',
    why_claim: '规则「{rule}」，抢单：先认领者得',
    why_account_owner: '规则「{rule}」，客户负责人：你负责 {customer}',
    why_manager_pool: '无可用销售，转主管：你是该组主管',
    why_manager_any: '无可用销售，转主管：由值班主管接手',
    why_unrouted: '无可用销售或主管：等待分配',
    why_overflow: '{rules} 下无人可接',
    why_declined: '{names} 已拒绝',
    company_and_contact: '公司和联系人',
    duplicate_title: '你的线索 {number} 重复进线：{name}',
    duplicate_body: '同一联系人再次从 **{source}** 进线（按{matchedOn}匹配），未新建线索。',
    reply_claimed: '你已认领 {number} {name}，现归你跟进。',
    reply_already_claimed: '已被 {by} 认领。',
    reply_already_yours: '你已认领过 {number}，它归你了。',
    reply_not_claimable: '{number} 当前不可认领。',
    reply_accepted: '已接受：{number} {name} 现归你跟进。',
    reply_already_accepted: '你已接受过 {number}。',
    reply_not_offered: '这条线索没有分配给你。',
    reply_declined_next: '已拒绝。{number} 已转给 {next}。',
    reply_declined_unrouted: '已拒绝。{number} 暂无其他人可接，等待分配。',
    reply_created_offered: '线索 {number} 已创建，分配给 {owner}。',
    reply_created_claim: '线索 {number} 已创建，已发到 #{channel} 待认领。',
    reply_created_unrouted: '线索 {number} 已创建，暂无人可接。',
    reply_duplicate: '已有该线索 {number}（{status}），已记为重复进线，未新建。',
    reply_paused: '{name} 已暂停接单至 {until}，期间不分配新线索。',
    reply_resumed: '{name} 已恢复接单，新线索可再分配给他/她。',
    reply_rep_unknown: '花名册中没有在职的「{who}」。请用 @姓名、邮箱或提及。',
    reply_rep_ambiguous: '「{who}」可能是 {names}，请改用邮箱。',
    reply_logged: '已记录到 {number}：{kind}。',
    reply_next_step: '下一步：{date}。',
    reply_lost: '{number} 已标记为丢单（{reason}）。',
    reply_already_closed: '{number} 已关闭（{status}），未做更改。',
    mine_title: '我的未结线索（{count}）',
    mine_empty: '你没有未结线索。',
    mine_line: '**{number}** {name} · {company} · {status}',
    status_new: '新建',
    status_offered: '已分配，待接受',
    status_accepted: '已接受',
    status_converted: '已转化',
    status_lost: '已流失',
    none: '—',
    list_sep: '、',
  },
};

export const leadErrors: Record<Locale, Record<string, string>> = {
  en: {
    lead_name_required: 'A lead needs a name. Example: lead new name:"Li Lei" email:li@example.com',
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
    lead_log_next_invalid: 'next "{value}" is not a date; write it like next:2026-12-03 or next:12-03.',
    lead_log_next_past: 'next {value} has already passed; pick today or a later date.',
    lead_lost_reason_invalid:
      '"{value}" is not a lost reason; use one of {known}. Example: lead lost L-000042 price "over budget"',
    lead_pause_not_allowed: 'Only a manager or an admin can pause someone else; you can pause yourself.',
    lead_stage_invalid:
      '"{value}" is not a stage; use contacted, qualified, lost <reason> or converted. Example: lead stage L-000042 contacted',
  },
  'zh-CN': {
    lead_name_required: '线索需要姓名。示例：线索 新建 姓名:李雷 邮箱:li@example.com',
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
    lead_log_next_invalid: '下一步「{value}」不是日期，应形如 下一步:2026-12-03 或 下一步:12-03。',
    lead_log_next_past: '下一步日期 {value} 已过，请选今天或之后的日期。',
    lead_lost_reason_invalid:
      '「{value}」不是丢单原因，请用其中之一：{known_zh}。示例：线索 丢单 L-000042 价格 "超预算"',
    lead_pause_not_allowed: '只有主管或管理员可以暂停他人；你可以暂停自己。',
    lead_stage_invalid:
      '「{value}」不是阶段，请用 已联系、合格、丢单 <原因> 或 转化。示例：线索 阶段 L-000042 已联系',
  },
};

export function leadTexts(locale: Locale) {
  return translator(texts, locale);
}

export function statusText(status: string, locale: Locale): string {
  const t = leadTexts(locale);
  const known: Record<string, Key> = {
    new: 'status_new',
    offered: 'status_offered',
    accepted: 'status_accepted',
    converted: 'status_converted',
    lost: 'status_lost',
  };
  const key = own(known, status);
  return key ? t(key) : status;
}

// "rule East manufacturing, round-robin: you were next · declined by Amy"
export function reasonText(reason: RoutingReason, locale: Locale): string {
  const t = leadTexts(locale);
  const d = reason.detail;
  const rule = ruleLabel(reason.rule ?? '', d.matched, locale);
  const open = d.openLeads ?? 0;
  const main =
    reason.strategy === 'round-robin'
      ? d.previous
        ? t('why_round_robin_after', { rule, previous: d.previous })
        : t('why_round_robin', { rule })
      : reason.strategy === 'weighted-round-robin'
        ? t('why_weighted', { rule })
        : reason.strategy === 'least-loaded'
          ? t('why_least_loaded', { rule, open })
          : reason.strategy === 'skill-match'
            ? t('why_skill_match', { rule, skill: d.skill ?? '', open })
            : reason.strategy === 'claim'
              ? t('why_claim', { rule })
              : reason.strategy === 'account-owner'
                ? t('why_account_owner', { rule, customer: d.customer ?? '' })
                : d.escalatedAfter !== undefined
                  ? t('why_escalated', { count: d.escalatedAfter })
                  : d.managerOf === 'pool'
                    ? t('why_manager_pool')
                    : d.managerOf === 'any'
                      ? t('why_manager_any')
                      : t('why_unrouted');
  const extra = [
    d.unclaimedAfter !== undefined ? t('why_unclaimed', { minutes: d.unclaimedAfter }) : null,
    d.overflowedFrom?.length ? t('why_overflow', { rules: d.overflowedFrom.join(t('list_sep')) }) : null,
    d.declinedBy?.length ? t('why_declined', { names: d.declinedBy.join(t('list_sep')) }) : null,
    d.timedOut?.length ? t('why_timed_out', { names: d.timedOut.join(t('list_sep')) }) : null,
    d.noContact?.length ? t('why_no_contact', { names: d.noContact.join(t('list_sep')) }) : null,
    d.offShift ? t('why_off_shift') : null,
  ].filter((s): s is string => s !== null);
  return [main, ...extra].join(' · ');
}

function fields(lead: LeadCardData, locale: Locale): Field[] {
  const t = leadTexts(locale);
  const v = (value: string | null) => (value?.trim() ? value : t('none'));
  return [
    { label: t('f_name'), value: lead.name },
    { label: t('f_company'), value: v(lead.company) },
    { label: t('f_email'), value: v(lead.email) },
    { label: t('f_phone'), value: v(lead.phone) },
    { label: t('f_region'), value: v(lead.region) },
    { label: t('f_industry'), value: v(lead.industry) },
    { label: t('f_source'), value: v(lead.source) },
    { label: t('f_campaign'), value: v(lead.campaign) },
    ...(lead.utm
      ? [
          {
            label: t('f_utm'),
            value: [lead.utm.source, lead.utm.medium, lead.utm.campaign].map((p) => p ?? '-').join(' / '),
          },
        ]
      : []),
  ];
}

function context(lead: LeadCardData, locale: Locale): string {
  return lead.reason ? `${lead.number} · ${reasonText(lead.reason, locale)}` : lead.number;
}

// To the one rep (or manager) the lead is offered to: Accept / Decline.
export function offerCard(lead: LeadCardData, locale: Locale): Card {
  const t = leadTexts(locale);
  return {
    title: t('offer_title', { name: lead.name }),
    body: t('offer_body'),
    fields: fields(lead, locale),
    actions: [
      { id: 'lead.accept', label: t('accept'), style: 'primary', value: lead.id },
      {
        id: 'lead.decline',
        label: t('decline'),
        style: 'danger',
        value: lead.id,
        confirm: {
          title: t('decline_confirm_title'),
          text: t('decline_confirm_text'),
          confirm: t('decline_confirm_yes'),
          deny: t('decline_confirm_no'),
        },
      },
    ],
    context: context(lead, locale),
    tone: 'info',
  };
}

// To a claim channel: the first to click Claim owns the lead.
export function claimCard(lead: LeadCardData, locale: Locale): Card {
  const t = leadTexts(locale);
  return {
    title: t('claim_title', { name: lead.name }),
    body: t('claim_body'),
    fields: fields(lead, locale),
    actions: [{ id: 'lead.claim', label: t('claim'), style: 'primary', value: lead.id }],
    context: context(lead, locale),
    tone: 'info',
  };
}

// The claim card once someone won it: same facts, no buttons.
export function claimedCard(lead: LeadCardData, by: string, locale: Locale): Card {
  const t = leadTexts(locale);
  return {
    title: t('claimed_title', { by, name: lead.name }),
    fields: fields(lead, locale),
    actions: [],
    context: context(lead, locale),
    tone: 'success',
  };
}

export function acceptedCard(lead: LeadCardData, by: string, locale: Locale): Card {
  const t = leadTexts(locale);
  return {
    title: t('accepted_title', { by, name: lead.name }),
    fields: fields(lead, locale),
    actions: [],
    context: context(lead, locale),
    tone: 'success',
  };
}

export function declinedCard(lead: LeadCardData, by: string, locale: Locale): Card {
  const t = leadTexts(locale);
  return {
    title: t('declined_title', { by, name: lead.name }),
    body: t('declined_body'),
    fields: fields(lead, locale),
    actions: [],
    context: context(lead, locale),
    tone: 'warning',
  };
}

// The offer card once the accept SLA passed: same facts, no buttons.
export function timedOutCard(lead: LeadCardData, minutes: number, locale: Locale): Card {
  const t = leadTexts(locale);
  return {
    title: t('timed_out_title', { name: lead.name }),
    body: t('timed_out_body', { minutes }),
    fields: fields(lead, locale),
    actions: [],
    context: context(lead, locale),
    tone: 'warning',
  };
}

// The claim card once nobody claimed it in time and it was assigned directly.
export function unclaimedCard(lead: LeadCardData, to: string, minutes: number, locale: Locale): Card {
  const t = leadTexts(locale);
  return {
    title: t('unclaimed_title', { to, name: lead.name }),
    body: t('unclaimed_body', { minutes }),
    fields: fields(lead, locale),
    actions: [],
    context: context(lead, locale),
    tone: 'warning',
  };
}

export interface DuplicateData {
  source: string;
  campaign: string | null;
  matchedOn: 'email' | 'phone' | 'company';
}

// A small notice to the lead's owner that the same person came in again.
export function duplicateCard(lead: LeadCardData, dup: DuplicateData, locale: Locale): Card {
  const t = leadTexts(locale);
  const matchedOn =
    dup.matchedOn === 'email'
      ? t('f_email')
      : dup.matchedOn === 'phone'
        ? t('f_phone')
        : t('company_and_contact');
  return {
    title: t('duplicate_title', { number: lead.number, name: lead.name }),
    body: t('duplicate_body', { source: dup.source, matchedOn }),
    fields: [
      { label: t('f_source'), value: dup.source },
      ...(dup.campaign ? [{ label: t('f_campaign'), value: dup.campaign }] : []),
      { label: t('f_email'), value: lead.email ?? t('none') },
      { label: t('f_phone'), value: lead.phone ?? t('none') },
    ],
    actions: [],
    context: lead.number,
    tone: 'warning',
  };
}

export interface MyLead {
  number: string;
  name: string;
  company: string | null;
  status: string;
}

export function myLeadsCard(list: readonly MyLead[], locale: Locale): Card {
  const t = leadTexts(locale);
  return {
    title: t('mine_title', { count: list.length }),
    body:
      list.length === 0
        ? t('mine_empty')
        : list
            .map(
              (l) =>
                `- ${t('mine_line', {
                  number: l.number,
                  name: l.name,
                  company: l.company ?? t('none'),
                  status: statusText(l.status, locale),
                })}`,
            )
            .join('\n'),
    fields: [],
    actions: [],
    tone: 'info',
  };
}

// Why an imported row (or the whole file) was not taken, per problem code; {line} and {value} fill in.
const importTexts: Texts<
  | 'import_empty_file'
  | 'import_unterminated_quote'
  | 'import_missing_column'
  | 'import_unknown_mapping'
  | 'import_unreadable_xlsx'
  | 'lead_name_required'
  | 'lead_contact_required'
  | 'lead_email_invalid'
  | 'lead_phone_invalid'
  | 'lead_company_size_invalid'
  | 'lead_deal_size_invalid'
  | 'lead_deal_currency_invalid'
  | 'import_summary'
> = {
  en: {
    import_empty_file:
      'the file is empty; the first line must name the columns, e.g. name,company,email,phone',
    import_unterminated_quote: 'a quoted cell starting on line {line} never closes; add the missing "',
    import_missing_column:
      'no {column} column; name it in the first line (e.g. name,email,phone) or map yours with --map "Your header=name"',
    import_unknown_mapping: '--map {column}={field}: {field} is not a lead field; use one of {known}',
    import_unreadable_xlsx:
      'the file is not a readable .xlsx workbook; save it again as .xlsx or export it as CSV',
    lead_name_required: 'name is empty; every row needs the person’s name',
    lead_contact_required: 'no email and no phone; a row needs one of them (or both)',
    lead_email_invalid: 'email "{value}" is not an email address; write it like li.lei@example.com',
    lead_phone_invalid:
      'phone "{value}" is not a phone number; write it like 138 0013 8000 or +86 138 0013 8000',
    lead_company_size_invalid:
      'company size "{value}" is not a number of employees; write it like 200, 1,200, 500+ or 50-200',
    lead_deal_size_invalid: 'deal size "{value}" is not an amount; write it like 500000, 50万 or USD 20000',
    lead_deal_currency_invalid: 'currency "{value}" is not an ISO 4217 code; write it like CNY or USD',
    import_summary:
      'rows read {rows}: new leads {created}, duplicates of existing leads {duplicates}, not imported {problems}',
  },
  'zh-CN': {
    import_empty_file: '文件是空的；第一行应为列名，如 姓名,公司,邮箱,电话',
    import_unterminated_quote: '第 {line} 行开始的引号没有闭合，请补上缺少的 "',
    import_missing_column:
      '缺少 {column} 列；请在第一行写上列名（如 姓名,邮箱,电话），或用 --map "你的列名=name" 对应',
    import_unknown_mapping: '--map {column}={field}：{field} 不是线索字段，可用 {known}',
    import_unreadable_xlsx: '文件不是可读取的 .xlsx 工作簿；请重新另存为 .xlsx 或导出为 CSV',
    lead_name_required: '姓名为空；每行都需要联系人姓名',
    lead_contact_required: '没有邮箱也没有电话；每行至少需要其中一项',
    lead_email_invalid: '邮箱「{value}」格式不正确，应形如 li.lei@example.com',
    lead_phone_invalid: '电话「{value}」不是有效号码，应形如 138 0013 8000 或 +86 138 0013 8000',
    lead_company_size_invalid: '公司规模「{value}」不是员工人数，应形如 200、1,200、500+ 或 50-200',
    lead_deal_size_invalid: '预计金额「{value}」不是金额，应形如 500000、50万 或 USD 20000',
    lead_deal_currency_invalid: '币种「{value}」不是 ISO 4217 代码，应形如 CNY 或 USD',
    import_summary:
      '共 {rows} 行：新建线索 {created} 条，与已有线索重复 {duplicates} 条，未导入 {problems} 行',
  },
};

export interface ImportProblemData {
  line: number;
  code: string;
  vars: Record<string, string>;
}

// "line 17 · email: email "li@" is not an email address; …"
export function importProblemText(problem: ImportProblemData & { field: string }, locale: Locale): string {
  const t = translator(importTexts, locale);
  const known = Object.hasOwn(importTexts.en, problem.code);
  const reason = known
    ? format(t(problem.code as keyof (typeof importTexts)['en']), { line: problem.line, ...problem.vars })
    : problem.code;
  const where = locale === 'zh-CN' ? `第 ${problem.line} 行` : `line ${problem.line}`;
  return problem.field === '(file)' ? `${where}: ${reason}` : `${where} · ${problem.field}: ${reason}`;
}

export function importSummaryText(
  counts: { rows: number; created: number; duplicates: number; problems: number },
  locale: Locale,
): string {
  return format(translator(importTexts, locale)('import_summary'), counts);
}

// ——— Follow-up: the owner's lead card by stage, first-contact and idle reminders, the daily check-in. ———

export type LeadStage = 'accepted' | 'contacted' | 'qualified' | 'lost' | 'converted';

// The "what to do next" steps of a stage, from closeloop.yaml (followUp.stages.<stage>.checklist).
export type Checklist = Record<Locale, string[]>;

export interface OwnerCardView {
  owner: string;
  stage: LeadStage;
  checklist: Checklist | null;
  // The reasons the Lost… prompt offers (closeloop.yaml followUp.lostReasons); the built-in list when left out.
  lostReasons?: LostReasons;
}

type FollowUpKey =
  | 'f_stage'
  | 'stage_accepted'
  | 'stage_contacted'
  | 'stage_qualified'
  | 'stage_lost'
  | 'stage_converted'
  | 'owner_contacted_title'
  | 'owner_qualified_title'
  | 'owner_lost_title'
  | 'owner_converted_title'
  | 'next_steps'
  | 'btn_contacted'
  | 'btn_qualified'
  | 'btn_log_call'
  | 'btn_log'
  | 'btn_lost'
  | 'log_call_prompt'
  | 'lost_prompt'
  | 'first_contact_title'
  | 'first_contact_body'
  | 'not_contacted_title'
  | 'not_contacted_body'
  | 'idle_title'
  | 'idle_body'
  | 'checkin_title'
  | 'checkin_due'
  | 'checkin_idle'
  | 'checkin_first_contact'
  | 'checkin_due_line'
  | 'checkin_overdue_line'
  | 'checkin_idle_line'
  | 'checkin_first_contact_line'
  | 'checkin_log_call'
  | 'checkin_more'
  | 'reply_stage_changed'
  | 'reply_stage_not_forward'
  | 'reply_converted'
  | 'reply_auto_contacted';

const followUpTexts: Texts<FollowUpKey> = {
  en: {
    f_stage: 'Stage',
    stage_accepted: 'accepted, awaiting first contact',
    stage_contacted: 'contacted',
    stage_qualified: 'qualified',
    stage_lost: 'lost',
    stage_converted: 'converted to a customer',
    owner_contacted_title: 'Contacted: {name}',
    owner_qualified_title: 'Qualified: {name}',
    owner_lost_title: 'Lost: {name}',
    owner_converted_title: 'Converted: {name}',
    next_steps: '**Next steps**',
    btn_contacted: 'Contacted',
    btn_qualified: 'Qualified',
    btn_log_call: 'Log call…',
    btn_log: 'Log…',
    btn_lost: 'Lost…',
    log_call_prompt: 'What was said on the call?',
    lost_prompt: 'Reason: {reasons} (then a note)',
    first_contact_title: 'First contact due: {name}',
    first_contact_body:
      'Accepted {elapsed} working hours ago and no call, visit or message logged yet. After {limit} working hours it passes to the next rep.',
    not_contacted_title: 'Not contacted in time: {name}',
    not_contacted_body:
      'No call, visit or message was logged within {limit} working hours, so it was passed on; this card no longer takes actions.',
    idle_title: 'Idle for {days} days: {name}',
    idle_body: 'Nothing logged on {number} ({stage}) for {days} days. Log what happened or move it on.',
    checkin_title: 'Your leads today ({count})',
    checkin_due: '**Follow-ups due**',
    checkin_idle: '**Idle leads**',
    checkin_first_contact: '**Awaiting first contact**',
    checkin_due_line: '{number} {name} · due {date}',
    checkin_overdue_line: '{number} {name} · overdue since {date}',
    checkin_idle_line: '{number} {name} · {stage}, nothing logged for {days} days',
    checkin_first_contact_line: '{number} {name} · accepted {date}',
    checkin_log_call: 'Log call: {number}',
    checkin_more: '…and {count} more (lead mine)',
    reply_stage_changed: '{number} is now {stage}.',
    reply_stage_not_forward: '{number} is {stage}; it can only move forward, so nothing changed.',
    reply_converted: '{number} converted: customer {customer}.',
    reply_auto_contacted: 'First contact made: {number} is now contacted.',
  },
  'zh-CN': {
    f_stage: '阶段',
    stage_accepted: '已接受，待首次联系',
    stage_contacted: '已联系',
    stage_qualified: '已确认商机',
    stage_lost: '已丢单',
    stage_converted: '已转化为客户',
    owner_contacted_title: '已联系：{name}',
    owner_qualified_title: '已确认商机：{name}',
    owner_lost_title: '已丢单：{name}',
    owner_converted_title: '已转化：{name}',
    next_steps: '**下一步**',
    btn_contacted: '已联系',
    btn_qualified: '确认商机',
    btn_log_call: '记录电话…',
    btn_log: '记录跟进…',
    btn_lost: '丢单…',
    log_call_prompt: '电话里聊了什么？',
    lost_prompt: '原因：{reasons}（可加备注）',
    first_contact_title: '请尽快首次联系：{name}',
    first_contact_body:
      '已接受 {elapsed} 个工作小时，尚未记录电话、拜访或消息。超过 {limit} 个工作小时将转给下一位销售。',
    not_contacted_title: '未按时首次联系：{name}',
    not_contacted_body: '{limit} 个工作小时内未记录电话、拜访或消息，线索已转出，此卡片不再可操作。',
    idle_title: '已闲置 {days} 天：{name}',
    idle_body: '{number}（{stage}）已 {days} 天没有跟进记录。请记录跟进或推进阶段。',
    checkin_title: '今日线索（{count}）',
    checkin_due: '**待跟进**',
    checkin_idle: '**闲置线索**',
    checkin_first_contact: '**待首次联系**',
    checkin_due_line: '{number} {name} · 今天 {date} 到期',
    checkin_overdue_line: '{number} {name} · {date} 起逾期',
    checkin_idle_line: '{number} {name} · {stage}，已 {days} 天无记录',
    checkin_first_contact_line: '{number} {name} · {date} 接受',
    checkin_log_call: '记录电话：{number}',
    checkin_more: '……另有 {count} 条（线索 我的）',
    reply_stage_changed: '{number} 现在是「{stage}」。',
    reply_stage_not_forward: '{number} 当前为「{stage}」，阶段只能前进，未做更改。',
    reply_converted: '{number} 已转化为客户 {customer}。',
    reply_auto_contacted: '已首次联系：{number} 进入「已联系」。',
  },
};

export function followUpText(locale: Locale) {
  return translator(followUpTexts, locale);
}

export function stageText(stage: LeadStage, locale: Locale): string {
  return followUpText(locale)(`stage_${stage}`);
}

// The buttons that move a lead on from its stage; a closed lead takes none.
function stageActions(
  lead: LeadCardData,
  stage: LeadStage,
  lostReasons: LostReasons,
  locale: Locale,
): Card['actions'] {
  const t = followUpText(locale);
  if (stage === 'lost' || stage === 'converted') return [];
  const logCall = {
    id: 'lead.log_call',
    label: t('btn_log_call'),
    value: lead.id,
    prompt: { label: t('log_call_prompt'), minLength: 1 },
  };
  const lost = {
    id: 'lead.lost',
    label: t('btn_lost'),
    style: 'danger' as const,
    value: lead.id,
    prompt: { label: t('lost_prompt', { reasons: lostReasonList(lostReasons, locale) }), minLength: 2 },
  };
  const forward =
    stage === 'accepted'
      ? [{ id: 'lead.contacted', label: t('btn_contacted'), style: 'primary' as const, value: lead.id }]
      : stage === 'contacted'
        ? [{ id: 'lead.qualified', label: t('btn_qualified'), style: 'primary' as const, value: lead.id }]
        : [];
  // Visit, message, note and a next-step date go through the follow-up form.
  const log = { id: 'lead.log', label: t('btn_log'), value: lead.id };
  return [...forward, logCall, log, lost];
}

function checklistBody(checklist: Checklist | null, locale: Locale): string | undefined {
  const steps = checklist?.[locale] ?? [];
  if (steps.length === 0) return undefined;
  return [followUpText(locale)('next_steps'), ...steps.map((s) => `- ${s}`)].join('\n');
}

// The owner's card for a lead they hold: its stage, the stage's checklist and the buttons that move it on.
export function ownerLeadCard(lead: LeadCardData, view: OwnerCardView, locale: Locale): Card {
  const t = followUpText(locale);
  const title =
    view.stage === 'accepted'
      ? leadTexts(locale)('accepted_title', { by: view.owner, name: lead.name })
      : t(`owner_${view.stage}_title`, { name: lead.name });
  const body =
    view.stage === 'lost' || view.stage === 'converted' ? undefined : checklistBody(view.checklist, locale);
  return {
    title,
    ...(body ? { body } : {}),
    fields: [...fields(lead, locale), { label: t('f_stage'), value: stageText(view.stage, locale) }],
    actions: stageActions(lead, view.stage, view.lostReasons ?? defaultLostReasons, locale),
    context: context(lead, locale),
    tone: view.stage === 'lost' ? 'warning' : 'success',
  };
}

// To the owner once a share of the first-contact time has passed with no conversation logged.
export function firstContactReminderCard(
  lead: LeadCardData,
  elapsedHours: number,
  limitHours: number,
  locale: Locale,
  lostReasons: LostReasons = defaultLostReasons,
): Card {
  const t = followUpText(locale);
  return {
    title: t('first_contact_title', { name: lead.name }),
    body: t('first_contact_body', { elapsed: round1(elapsedHours), limit: round1(limitHours) }),
    fields: [
      { label: leadTexts(locale)('f_phone'), value: lead.phone ?? leadTexts(locale)('none') },
      { label: leadTexts(locale)('f_email'), value: lead.email ?? leadTexts(locale)('none') },
    ],
    actions: stageActions(lead, 'accepted', lostReasons, locale),
    context: lead.number,
    tone: 'warning',
  };
}

// The owner's card once the first-contact time passed and the lead went to someone else.
export function notContactedCard(lead: LeadCardData, limitHours: number, locale: Locale): Card {
  const t = followUpText(locale);
  return {
    title: t('not_contacted_title', { name: lead.name }),
    body: t('not_contacted_body', { limit: round1(limitHours) }),
    fields: fields(lead, locale),
    actions: [],
    context: context(lead, locale),
    tone: 'warning',
  };
}

// To the owner when nothing was logged on an open lead for the stage's idleAfter.
export function idleReminderCard(
  lead: LeadCardData,
  stage: LeadStage,
  days: number,
  checklist: Checklist | null,
  locale: Locale,
  lostReasons: LostReasons = defaultLostReasons,
): Card {
  const t = followUpText(locale);
  const steps = checklistBody(checklist, locale);
  return {
    title: t('idle_title', { days, name: lead.name }),
    body: [t('idle_body', { number: lead.number, stage: stageText(stage, locale), days }), steps]
      .filter(Boolean)
      .join('\n\n'),
    fields: [{ label: t('f_stage'), value: stageText(stage, locale) }],
    actions: stageActions(lead, stage, lostReasons, locale),
    context: lead.number,
    tone: 'warning',
  };
}

export interface CheckInItem {
  id: string;
  number: string;
  name: string;
}

export interface CheckInData {
  due: (CheckInItem & { date: string; overdue: boolean })[];
  idle: (CheckInItem & { stage: LeadStage; days: number })[];
  awaitingContact: (CheckInItem & { acceptedOn: string })[];
}

// Buttons for at most this many leads: a chat card with dozens of buttons helps nobody.
const checkInButtons = 5;
// Lines per section; the rest is counted.
const checkInLines = 10;

// Each rep's morning message: follow-ups due or overdue, idle leads, leads awaiting first contact; a button per lead.
export function checkInCard(data: CheckInData, locale: Locale): Card {
  const t = followUpText(locale);
  const section = <T>(heading: string, items: T[], line: (item: T) => string): string | null => {
    if (items.length === 0) return null;
    const shown = items.slice(0, checkInLines).map((i) => `- ${line(i)}`);
    if (items.length > checkInLines)
      shown.push(`- ${t('checkin_more', { count: items.length - checkInLines })}`);
    return [heading, ...shown].join('\n');
  };
  const body = [
    section(t('checkin_due'), data.due, (d) =>
      t(d.overdue ? 'checkin_overdue_line' : 'checkin_due_line', {
        number: d.number,
        name: d.name,
        date: d.date,
      }),
    ),
    section(t('checkin_first_contact'), data.awaitingContact, (a) =>
      t('checkin_first_contact_line', { number: a.number, name: a.name, date: a.acceptedOn }),
    ),
    section(t('checkin_idle'), data.idle, (i) =>
      t('checkin_idle_line', {
        number: i.number,
        name: i.name,
        stage: stageText(i.stage, locale),
        days: i.days,
      }),
    ),
  ].filter((s): s is string => s !== null);
  const leadsInOrder = [...data.due, ...data.awaitingContact, ...data.idle].filter(
    (item, i, all) => all.findIndex((o) => o.id === item.id) === i,
  );
  return {
    title: t('checkin_title', { count: leadsInOrder.length }),
    body: body.join('\n\n'),
    fields: [],
    actions: leadsInOrder.slice(0, checkInButtons).map((l) => ({
      id: 'lead.log_call',
      label: t('checkin_log_call', { number: l.number }),
      value: l.id,
      prompt: { label: t('log_call_prompt'), minLength: 1 },
    })),
    tone: 'info',
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

// ——— Import: one card per owner listing the rows of an imported list that repeated their open leads. ———

// One imported row that turned out to be a lead the reader already holds.
export interface ImportedDuplicateLine {
  number: string;
  name: string;
  company: string | null;
  // Where the row came from (its source column, or the import's --source) and its campaign.
  source: string;
  campaign: string | null;
  matchedOn: 'email' | 'phone' | 'company';
  // Its line in the imported file.
  line: number;
}

// Lines the card lists before it only counts the rest: a 5,000-row purchased list must not become a wall of text.
export const importDuplicateLines = 10;

const importDuplicateTexts: Texts<
  'title' | 'intro' | 'line' | 'line_campaign' | 'more' | 'by_email' | 'by_phone' | 'by_company'
> = {
  en: {
    title: '{count} of your leads came in again in an imported list',
    intro:
      'Each is recorded on your lead as a new touch with its source; nobody else was given them. Check whether they need a call.',
    line: '**{number}** {name} · {company} — from {source}, {matchedOn} (line {line})',
    line_campaign: '**{number}** {name} · {company} — from {source} / {campaign}, {matchedOn} (line {line})',
    more: '…and {more} more; each lead’s history lists them.',
    by_email: 'same email',
    by_phone: 'same phone',
    by_company: 'same contact at an alike company',
  },
  'zh-CN': {
    title: '导入的名单中有 {count} 条是您已有的线索',
    intro: '每条都已作为一次新接触（含来源）记在您的线索上，没有分给其他人。请看看是否需要跟进。',
    line: '**{number}** {name} · {company} —— 来源 {source}，{matchedOn}（第 {line} 行）',
    line_campaign:
      '**{number}** {name} · {company} —— 来源 {source} / {campaign}，{matchedOn}（第 {line} 行）',
    more: '……另有 {more} 条，见各线索的跟进记录。',
    by_email: '邮箱相同',
    by_phone: '电话相同',
    by_company: '相似公司的同一联系人',
  },
};

// The summary an owner gets once per import instead of one notice per duplicate row.
export function importDuplicatesCard(lines: readonly ImportedDuplicateLine[], locale: Locale): Card {
  const t = translator(importDuplicateTexts, locale);
  const none = leadTexts(locale)('none');
  const shown = lines.slice(0, importDuplicateLines).map((d) => {
    const vars = {
      number: d.number,
      name: d.name,
      company: d.company ?? none,
      source: d.source,
      campaign: d.campaign ?? '',
      matchedOn: t(
        d.matchedOn === 'email' ? 'by_email' : d.matchedOn === 'phone' ? 'by_phone' : 'by_company',
      ),
      line: d.line,
    };
    return `- ${t(d.campaign ? 'line_campaign' : 'line', vars)}`;
  });
  const more = lines.length - shown.length;
  return {
    title: t('title', { count: lines.length }),
    body: [t('intro'), shown.join('\n'), ...(more > 0 ? [t('more', { more })] : [])].join('\n\n'),
    fields: [],
    actions: [],
    tone: 'info',
  };
}

type LogFormKey =
  | 'title'
  | 'intro'
  | 'submit'
  | 'kind'
  | 'call'
  | 'visit'
  | 'message'
  | 'note_kind'
  | 'note'
  | 'next'
  | 'next_hint';

const logFormTexts: Texts<LogFormKey> = {
  en: {
    title: 'Log follow-up — {number}',
    intro: '**{name}**{company}: what happened, and when you follow up next.',
    submit: 'Log',
    kind: 'What happened',
    call: 'Call',
    visit: 'Visit',
    message: 'Message',
    note_kind: 'Note',
    note: 'Note',
    next: 'Next step on (optional)',
    next_hint: 'A date, e.g. 2026-12-03 or 12-03',
  },
  'zh-CN': {
    title: '记录跟进 — {number}',
    intro: '**{name}**{company}：这次跟进的情况，以及下次跟进的日期。',
    submit: '记录',
    kind: '跟进方式',
    call: '电话',
    visit: '拜访',
    message: '消息',
    note_kind: '备注',
    note: '内容',
    next: '下次跟进日期（可选）',
    next_hint: '日期，如 2026-12-03 或 12月3日',
  },
};

export interface LeadLogFormData {
  leadId: string;
  number: string;
  name: string;
  company: string | null;
}

// The follow-up form the owner's "Log…" button and a bare "lead log <no>" open; values come back as the
// text command's keys (kind, note, next).
export function leadLogForm(data: LeadLogFormData, locale: Locale): Form {
  const t = translator(logFormTexts, locale);
  return {
    id: 'lead.log',
    entityId: data.leadId,
    state: '',
    title: t('title', { number: data.number }),
    intro: t('intro', { name: data.name, company: data.company ? ` · ${data.company}` : '' }),
    submit: t('submit'),
    fields: [
      {
        name: 'kind',
        label: t('kind'),
        kind: 'select',
        value: 'call',
        required: true,
        options: [
          { value: 'call', label: t('call') },
          { value: 'visit', label: t('visit') },
          { value: 'message', label: t('message') },
          { value: 'note', label: t('note_kind') },
        ],
      },
      { name: 'note', label: t('note'), kind: 'long', required: true },
      { name: 'next', label: t('next'), kind: 'text', hint: t('next_hint') },
    ],
  };
}
