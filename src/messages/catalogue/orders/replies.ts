// Catalogue (orders): the private answers to order commands and clicks.
import { formatMoney } from '../../../domain/money.ts';
import { translator } from '../../i18n.ts';
import type { Locale } from '../../model.ts';
import { stepText } from './order-fields.ts';
import { texts } from './texts.ts';

export type OrderReply =
  | { kind: 'approved'; number: string; level: string; last: boolean }
  | { kind: 'rejected'; number: string }
  | { kind: 'already'; status: string }
  | { kind: 'stale'; number: string; cardVersion: number; currentVersion: number }
  | { kind: 'created'; number: string; totalMinor: number; currency: string; chain: string[] }
  | { kind: 'draft'; number: string; totalMinor: number; currency: string }
  | { kind: 'edited'; number: string; version: number; chain: string[] | null }
  | { kind: 'cancelled'; number: string }
  | { kind: 'alreadyCancelled' }
  | { kind: 'reopened'; number: string; version: number; chain: string[] }
  | { kind: 'duplicated'; number: string; from: string }
  | { kind: 'onHold'; number: string; flags: string }
  | { kind: 'submitted'; number: string; version: number; chain: string[] }
  | { kind: 'commented'; number: string; count: number };

export function orderReplyText(reply: OrderReply, locale: Locale): string {
  const t = translator(texts, locale);
  switch (reply.kind) {
    case 'approved':
      return reply.last
        ? t('replyApprovedLast', { number: reply.number })
        : t('replyApproved', { number: reply.number, level: reply.level });
    case 'rejected':
      return t('replyRejected', { number: reply.number });
    case 'already':
      return t('replyAlready', { status: stepText(reply.status, t) });
    case 'stale':
      return t('replyStale', {
        number: reply.number,
        cardVersion: reply.cardVersion,
        currentVersion: reply.currentVersion,
      });
    case 'created':
      if (reply.chain.length === 0) {
        return t('replyCreatedApproved', {
          number: reply.number,
          total: formatMoney(reply.totalMinor, reply.currency, locale),
        });
      }
      return t('replyCreated', {
        number: reply.number,
        total: formatMoney(reply.totalMinor, reply.currency, locale),
        chain: reply.chain.join(' → '),
      });
    case 'draft':
      return t('replyDraft', {
        number: reply.number,
        total: formatMoney(reply.totalMinor, reply.currency, locale),
      });
    case 'edited':
      return reply.chain === null
        ? t('replyEditedDraft', { number: reply.number, version: reply.version })
        : t('replyEdited', { number: reply.number, version: reply.version, chain: reply.chain.join(' → ') });
    case 'cancelled':
      return t('replyCancelled', { number: reply.number });
    case 'alreadyCancelled':
      return t('replyAlreadyCancelled');
    case 'reopened':
      return t('replyReopened', {
        number: reply.number,
        version: reply.version,
        chain: reply.chain.join(' → '),
      });
    case 'duplicated':
      return t('replyDuplicated', { number: reply.number, from: reply.from });
    case 'onHold':
      return t('replyOnHold', { number: reply.number, flags: reply.flags });
    case 'commented':
      return t('replyCommented', { number: reply.number, count: reply.count });
    case 'submitted':
      return t('replySubmitted', {
        number: reply.number,
        version: reply.version,
        chain: reply.chain.join(' → '),
      });
  }
}
