// Catalogue (leads): the shared words of lead cards and the reasons a lead was routed, in zh-CN and en.
import type { LabelBook } from '../../../domain/labels.ts';
import type { Utm } from '../../../domain/leads/normalise.ts';
import type { RoutingReason } from '../../../domain/leads/routing.ts';
import { own } from '../../../domain/own.ts';
import { type Texts, translator } from '../../i18n.ts';
import type { Locale } from '../../model.ts';
import { ruleLabel } from '../lead-conditions.ts';

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
  // closeloop.yaml's labels, so region, industry and source read in the reader's language ("华东", not "east").
  labels?: LabelBook;
}

export type Key =
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
  | 'went_to_title'
  | 'went_to_body'
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
  | 'why_claim_settled'
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
  | 'mine_more'
  | 'mine_line'
  | 'status_new'
  | 'status_offered'
  | 'status_claimable'
  | 'status_accepted'
  | 'status_converted'
  | 'status_lost'
  | 'none'
  | 'list_sep';

export const texts: Texts<Key> = {
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
    went_to_title: '{name} went to {owner}',
    went_to_body: 'This lead is no longer yours: {owner} accepted it.',
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
    why_claim_settled: 'rule {rule}, claim pool',
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
    reply_created_claim: 'Lead {number} created and posted for claiming in {channel}.',
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
    mine_more: 'Show more',
    mine_line: '**{number}** {name} · {company} · {status}',
    status_new: 'new',
    status_offered: 'offered, awaiting acceptance',
    status_claimable: 'waiting to be claimed',
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
    went_to_title: '{name} 已转给 {owner}',
    went_to_body: '此线索已不归你负责：{owner} 已接受。',
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
    why_claim_settled: '规则「{rule}」，抢单',
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
    reply_created_claim: '线索 {number} 已创建，已发到 {channel} 待认领。',
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
    mine_more: '显示更多',
    mine_line: '**{number}** {name} · {company} · {status}',
    status_new: '新建',
    status_offered: '已分配，待接受',
    status_claimable: '待认领',
    status_accepted: '已接受',
    status_converted: '已转化',
    status_lost: '已流失',
    none: '—',
    list_sep: '、',
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
    claimable: 'status_claimable',
    accepted: 'status_accepted',
    converted: 'status_converted',
    lost: 'status_lost',
  };
  const key = own(known, status);
  return key ? t(key) : status;
}

// "rule East manufacturing, round-robin: you were next · declined by Amy"
// `settled`: the lead was taken (accepted, claimed, passed on); what the offer said would happen next
// ("first to claim gets it", "waits for your next shift") is no longer true and is left out.
export function reasonText(reason: RoutingReason, locale: Locale, settled = false, book?: LabelBook): string {
  const t = leadTexts(locale);
  const d = reason.detail;
  const rule = ruleLabel(reason.rule ?? '', d.matched, locale, book);
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
              ? t(settled ? 'why_claim_settled' : 'why_claim', { rule })
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
    d.offShift && !settled ? t('why_off_shift') : null,
  ].filter((s): s is string => s !== null);
  return [main, ...extra].join(' · ');
}
