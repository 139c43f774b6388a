// Catalogue (leads): the owner's lead card by stage, first-contact and idle reminders, the daily check-in.
import { defaultLostReasons, type LostReasons, lostReasonList } from '../../../domain/leads/follow-up.ts';
import { type Texts, translator } from '../../i18n.ts';
import { type Card, type Locale, personalOf } from '../../model.ts';
import { context, fields } from './routing-cards.ts';
import { type LeadCardData, leadTexts } from './texts.ts';

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

export type FollowUpKey =
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

export const followUpTexts: Texts<FollowUpKey> = {
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
export function stageActions(
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

export function checklistBody(checklist: Checklist | null, locale: Locale): string | undefined {
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
    ...personalOf(lead.email, lead.phone),
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
export const checkInButtons = 5;
// Lines per section; the rest is counted.
export const checkInLines = 10;

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

export const round1 = (n: number) => Math.round(n * 10) / 10;
