// Catalogue (leads): the follow-up form ("Log…", bare "lead log <no>").
import { type Texts, translator } from '../../i18n.ts';
import { bareFormEntity, type Form, type Locale } from '../../model.ts';

export type LogFormKey =
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
  | 'next_hint'
  | 'blank_title'
  | 'blank_intro'
  | 'lead';

export const logFormTexts: Texts<LogFormKey> = {
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
    next_hint: 'A date, e.g. 2026-12-03, 12-03, tomorrow, next Monday or in 3 days',
    blank_title: 'Log follow-up',
    blank_intro: 'Which of your leads, what happened, and when you follow up next.',
    lead: 'Lead',
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
    next_hint: '日期，如 2026-12-03、12月3日、明天、下周一或 3天后',
    blank_title: '记录跟进',
    blank_intro: '选择你的线索，记录这次跟进的情况，以及下次跟进的日期。',
    lead: '线索',
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

// A bare "lead log": the same form with the lead picked from the reader's open leads.
export function leadLogBlankForm(
  leads: readonly { leadId: string; number: string; name: string; company: string | null }[],
  locale: Locale,
): Form {
  const t = translator(logFormTexts, locale);
  const form = leadLogForm({ leadId: '', number: '', name: '', company: null }, locale);
  return {
    ...form,
    entityId: bareFormEntity,
    title: t('blank_title'),
    intro: t('blank_intro'),
    fields: [
      {
        name: 'lead',
        label: t('lead'),
        kind: 'select',
        required: true,
        ...(leads[0] ? { value: leads[0].leadId } : {}),
        options: leads.map((l) => ({
          value: l.leadId,
          label: `${l.number} ${l.name}${l.company ? ` · ${l.company}` : ''}`,
        })),
      },
      ...form.fields,
    ],
  };
}
