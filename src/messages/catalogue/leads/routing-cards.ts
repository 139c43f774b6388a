// Catalogue (leads): the offer and claim cards and their claimed/accepted/declined/timed-out versions, duplicates, "lead mine".
import type { LabelKind } from '../../../domain/labels.ts';
import { literal } from '../../literal.ts';
import { type Action, type Card, type Field, type Locale, personalOf } from '../../model.ts';
import { nameText } from '../names.ts';
import { type LeadStage, stageText } from './follow-up-cards.ts';
import { type LeadCardData, leadTexts, reasonText, statusText } from './texts.ts';

export function fields(lead: LeadCardData, locale: Locale): Field[] {
  const t = leadTexts(locale);
  const v = (value: string | null) => (value?.trim() ? literal(value) : t('none'));
  const named = (kind: LabelKind, value: string | null) =>
    value?.trim() ? nameText(kind, value, locale, lead.labels) : t('none');
  return [
    { label: t('f_name'), value: literal(lead.name) },
    { label: t('f_company'), value: v(lead.company) },
    { label: t('f_email'), value: v(lead.email) },
    { label: t('f_phone'), value: v(lead.phone) },
    { label: t('f_region'), value: named('regions', lead.region) },
    { label: t('f_industry'), value: named('industries', lead.industry) },
    { label: t('f_source'), value: named('sources', lead.source) },
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

// The footer: the lead's number and why it was routed as it was; `settled` once someone holds it (see reasonText).
export function context(lead: LeadCardData, locale: Locale, settled = true): string {
  return lead.reason
    ? `${lead.number} · ${reasonText(lead.reason, locale, settled, lead.labels)}`
    : lead.number;
}

// To the one rep (or manager) the lead is offered to: Accept / Decline.
export function offerCard(lead: LeadCardData, locale: Locale): Card {
  const t = leadTexts(locale);
  return {
    title: t('offer_title', { name: lead.name }),
    body: t('offer_body'),
    fields: fields(lead, locale),
    ...personalOf(lead.email, lead.phone),
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
    context: context(lead, locale, false),
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
    ...personalOf(lead.email, lead.phone),
    actions: [{ id: 'lead.claim', label: t('claim'), style: 'primary', value: lead.id }],
    context: context(lead, locale, false),
    tone: 'info',
  };
}

// The claim card once someone won it: same facts, no buttons.
export function claimedCard(lead: LeadCardData, by: string, locale: Locale): Card {
  const t = leadTexts(locale);
  return {
    title: t('claimed_title', { by, name: lead.name }),
    fields: fields(lead, locale),
    ...personalOf(lead.email, lead.phone),
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
    ...personalOf(lead.email, lead.phone),
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
    ...personalOf(lead.email, lead.phone),
    actions: [],
    context: context(lead, locale),
    tone: 'warning',
  };
}

// The card of a rep who declined the lead or let the offer time out, once someone else accepted it.
export function wentToCard(lead: LeadCardData, owner: string, locale: Locale): Card {
  const t = leadTexts(locale);
  return {
    title: t('went_to_title', { name: lead.name, owner }),
    body: t('went_to_body', { owner }),
    fields: fields(lead, locale),
    ...personalOf(lead.email, lead.phone),
    actions: [],
    context: context(lead, locale),
    tone: 'info',
  };
}

// The offer card once the accept SLA passed: same facts, no buttons.
export function timedOutCard(lead: LeadCardData, minutes: number, locale: Locale): Card {
  const t = leadTexts(locale);
  return {
    title: t('timed_out_title', { name: lead.name }),
    body: t('timed_out_body', { minutes }),
    fields: fields(lead, locale),
    ...personalOf(lead.email, lead.phone),
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
    ...personalOf(lead.email, lead.phone),
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
    body: t('duplicate_body', { source: nameText('sources', dup.source, locale, lead.labels), matchedOn }),
    fields: [
      { label: t('f_source'), value: nameText('sources', dup.source, locale, lead.labels) },
      ...(dup.campaign ? [{ label: t('f_campaign'), value: literal(dup.campaign) }] : []),
      { label: t('f_email'), value: lead.email ?? t('none') },
      { label: t('f_phone'), value: lead.phone ?? t('none') },
    ],
    ...personalOf(lead.email, lead.phone),
    actions: [],
    context: lead.number,
    tone: 'warning',
  };
}

export interface MyLead {
  id: string;
  number: string;
  name: string;
  company: string | null;
  status: string;
  // Where a held lead is in its follow-up (contacted, qualified…); null for an offer not yet accepted.
  stage: LeadStage | null;
}

// "lead mine": each lead a row with the buttons the asker may use on it; paged, "Show more" for the next page.
export function myLeadsCard(
  list: readonly MyLead[],
  locale: Locale,
  page: {
    offset: number;
    size: number;
    moreValue: string | null;
    buttons: (l: MyLead) => Action[];
  } = { offset: 0, size: list.length, moreValue: null, buttons: () => [] },
): Card {
  const t = leadTexts(locale);
  const line = (l: MyLead) =>
    t('mine_line', {
      number: l.number,
      name: literal(l.name),
      company: l.company ? literal(l.company) : t('none'),
      status: l.status === 'accepted' && l.stage ? stageText(l.stage, locale) : statusText(l.status, locale),
    });
  return {
    title: t('mine_title', { count: list.length }),
    ...(list.length === 0 ? { body: t('mine_empty') } : {}),
    items: list
      .slice(page.offset, page.offset + page.size)
      .map((l) => ({ text: line(l), actions: page.buttons(l) })),
    fields: [],
    actions: page.moreValue ? [{ id: 'report.more', label: t('mine_more'), value: page.moreValue }] : [],
    tone: 'info',
  };
}
