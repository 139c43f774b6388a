// Catalogue: reconciliation exception cards, their replies and the errors of working them.

import { formatMoney } from '../../domain/money.ts';
import type { ExceptionKind, Proposal } from '../../domain/reconcile/matcher.ts';
import { plainTranslator, translator } from '../i18n.ts';
import { literal } from '../literal.ts';
import type { Action, Card, Locale } from '../model.ts';
import { reconTexts as texts } from './reconcile-texts.ts';

// Cards also exist for what the matcher does not raise: a credit left by an automatic overpayment (a task),
// and a match finance undid.
export type ReconCardKind = ExceptionKind | 'credit' | 'undone';

// Stored as the allocation's reason (read by the ERP feed and exports), so plain: a card shows it through a template
// var, which makes an invoice number's own marks literal there.
export function proposalReason(p: Proposal, currency: string, locale: Locale): string {
  const t = plainTranslator(texts, locale);
  const money = (minor: number) => formatMoney(minor, currency, locale);
  // Each installment with what it owes (a shortfall written off included), or, paid in part, the part this money
  // pays: an allocation's amount shown as the installment's would misstate what the customer owes.
  const writtenOff = (id: string) =>
    p.writeOffs.reduce((sum, w) => (w.installmentId === id ? sum + w.amountMinor : sum), 0);
  const which = p.allocations
    .map(
      (a) =>
        t(p.fit === 'partial' ? 'installmentPart' : 'installment', {
          order: a.orderNumber,
          due: a.dueOn,
          amount: money(a.amountMinor + writtenOff(a.installmentId)),
        }) + (a.invoiceNo ? t('invoice', { invoice: a.invoiceNo }) : ''),
    )
    .join(locale === 'en' ? ', ' : '、');
  const orders = [...new Set(p.allocations.map((a) => a.orderNumber))].join(', ');
  const diff = p.writeOffs.reduce((s, w) => s + w.amountMinor, 0) || p.excessMinor;
  const parts = [
    t(`basis_${p.basis}`, { orders }),
    t(`fit_${p.fit}`, { which, count: p.allocations.length, diff: money(diff) }),
  ];
  if (p.tied) parts.push(t('tied'));
  return parts.join(locale === 'en' ? '; ' : '；');
}

// What an exception of this kind is called (a card's footer, a file's summary).
export function reconKindLabel(kind: ReconCardKind, locale: Locale): string {
  return translator(texts, locale)(`label_${kind}`);
}

// A split of the line by finance: every part allocated so far, and what became of the rest.
export interface SplitView {
  by: string;
  at: string;
  parts: readonly { label: string; amountMinor: number }[];
  remainderMinor: number;
  rest: 'credit' | 'open';
}

// A split is finished once nothing is left, or the rest went to the customer's credit.
function splitFinished(split: SplitView | undefined): boolean {
  return split !== undefined && (split.remainderMinor === 0 || split.rest === 'credit');
}

export interface ReconExceptionCardData {
  exceptionId: string;
  kind: ReconCardKind;
  reference: string | null;
  bookedOn: string;
  amountMinor: number;
  currency: string;
  payer: string | null;
  memo: string | null;
  bankTxnId: string;
  // The matcher's top proposals, best first; each gets a Confirm button while the exception is open.
  suggestions?: readonly Proposal[];
  creditMinor?: number;
  bankTransactionId?: string;
  // The finance user it is assigned to; `reminder` marks the nudge sent when it sat untouched for a day.
  assignee?: string;
  reminder?: boolean;
  acknowledged?: { by: string; at: string };
  confirmed?: { by: string; at: string; index: number };
  // Finance matched it by hand to these order numbers.
  matched?: { by: string; at: string; orders: string };
  undone?: { by: string; at: string };
  split?: SplitView;
  // Finance closed it with a reason: the top suggestion posted with the difference written off (diffMinor > 0
  // or posted), or the line itself recorded as written off (posted false).
  writtenOff?: { by: string; at: string; reason: string; posted: boolean; diffMinor: number };
}

// Write off applies to a line nobody owes back: not a credit already posted, not money the customer overpaid.
export function canWriteOff(kind: ReconCardKind, suggestions: readonly Proposal[]): boolean {
  return kind !== 'credit' && suggestions[0]?.fit !== 'overpayment';
}

export function reconExceptionCard(data: ReconExceptionCardData, locale: Locale): Card {
  const t = translator(texts, locale);
  const amount = formatMoney(data.amountMinor, data.currency, locale);
  // Found through the payer, an amount mismatch has no order number to name.
  const kindKey =
    data.kind === 'amount_mismatch' && !data.reference
      ? 'kind_amount_mismatch_payer'
      : (`kind_${data.kind}` as const);
  const lines = [
    t(kindKey, {
      reference: data.reference ?? '',
      payer: data.payer ?? t('none'),
      amount,
      currency: data.currency,
      credit: formatMoney(data.creditMinor ?? 0, data.currency, locale),
    }),
  ];
  if (data.reminder) lines.unshift(t('reminder'));
  const suggestions = data.suggestions ?? [];
  if (data.assignee && !data.acknowledged && !data.confirmed)
    lines.push(t('assigned', { name: data.assignee }));
  if (suggestions.length > 0) {
    lines.push('', t('suggestions'));
    suggestions.forEach((p, k) => {
      lines.push(
        t('suggestion', {
          n: k + 1,
          percent: Math.round(p.confidence * 100),
          reason: proposalReason(p, data.currency, locale),
        }),
      );
    });
  }
  if (data.confirmed)
    lines.push(
      t('confirmedBy', { n: data.confirmed.index + 1, name: data.confirmed.by, at: data.confirmed.at }),
    );
  if (data.matched)
    lines.push(t('matchedBy', { orders: data.matched.orders, name: data.matched.by, at: data.matched.at }));
  if (data.acknowledged)
    lines.push(t('acknowledgedBy', { name: data.acknowledged.by, at: data.acknowledged.at }));
  if (data.writtenOff) {
    const w = data.writtenOff;
    lines.push(
      w.posted
        ? t('writtenOffBy', {
            name: w.by,
            at: w.at,
            reason: w.reason,
            diff: formatMoney(w.diffMinor, data.currency, locale),
          })
        : t('writtenOffLineBy', { name: w.by, at: w.at, reason: w.reason }),
    );
  }
  if (data.split) {
    const money = (minor: number) => formatMoney(minor, data.currency, locale);
    lines.push(
      '',
      t('splitBy', { name: data.split.by, at: data.split.at }),
      ...data.split.parts.map((p) => t('splitPart', { label: p.label, amount: money(p.amountMinor) })),
    );
    if (data.split.remainderMinor > 0)
      lines.push(
        t(data.split.rest === 'credit' ? 'splitRestCredit' : 'splitRestOpen', {
          amount: money(data.split.remainderMinor),
        }),
      );
  }
  if (data.undone) lines.push(t('undoneBy', { name: data.undone.by, at: data.undone.at }));
  const done =
    data.acknowledged || data.confirmed || data.matched || data.writtenOff || splitFinished(data.split);
  const splitAction: Action = {
    id: 'recon.split',
    label: t('split'),
    value: data.exceptionId,
    prompt: {
      label: t('splitPrompt'),
      // The parts are typed as amounts: without the line's amount and what is left, finance types them blind.
      intro: t('splitIntro', {
        amount,
        payer: data.payer ?? t('none'),
        date: data.bookedOn,
        left: formatMoney(data.split?.remainderMinor ?? data.amountMinor, data.currency, locale),
      }),
      placeholder: t('splitPlaceholder'),
      minLength: 4,
    },
  };
  // One click used to close it: a finance user reads "acknowledge" as booking it, so the dialog says nothing posts.
  const ackAction: Action = {
    id: 'recon.ack',
    label: t('ack'),
    value: data.exceptionId,
    confirm: {
      title: t('ackConfirmTitle'),
      text: data.split
        ? t('ackConfirmSplitText', { amount: formatMoney(data.split.remainderMinor, data.currency, locale) })
        : t('ackConfirmText', { amount }),
      confirm: t('ack'),
      deny: t('ackConfirmDeny'),
    },
  };
  const actions: Action[] = [];
  if (!done && data.split) {
    // Partly split: the suggestions no longer apply; the rest can be split further, or the split undone.
    actions.push(splitAction, ackAction);
    if (data.bankTransactionId)
      actions.push({ id: 'recon.undo', label: t('undo'), style: 'danger', value: data.bankTransactionId });
  } else if (!done) {
    suggestions.forEach((_, k) => {
      actions.push({
        id: 'recon.confirm',
        label: t('confirm', { n: k + 1 }),
        style: k === 0 ? 'primary' : undefined,
        value: `${data.exceptionId}:${k}`,
      });
    });
    actions.push(suggestions.length === 0 ? { ...ackAction, style: 'primary' } : ackAction);
    if (canWriteOff(data.kind, suggestions))
      actions.push({
        id: 'recon.writeoff',
        // With a suggestion it posts and waives the rest; without one the line is kept out of receivables: a zh
        // clerk reads one word (核销) for both as "settle", so each says what it does to the money.
        label: t(suggestions[0] ? 'writeOff' : 'writeOffLine'),
        style: 'danger',
        value: data.exceptionId,
        prompt: {
          label: t(suggestions[0] ? 'writeOffPrompt' : 'writeOffLinePrompt'),
          placeholder: t('writeOffPlaceholder'),
          minLength: 3,
        },
      });
    // A credit's line is already posted; matching it again would pay twice.
    if (data.kind !== 'credit')
      actions.push({
        id: 'recon.match',
        label: t('match'),
        value: data.exceptionId,
        prompt: { label: t('matchPrompt'), placeholder: t('matchPlaceholder'), minLength: 2 },
      });
    if (data.kind !== 'credit') actions.push(splitAction);
    actions.push({
      id: 'recon.assign',
      label: t('assign'),
      value: data.exceptionId,
      prompt: { label: t('assignPrompt'), placeholder: t('assignPlaceholder'), minLength: 2 },
    });
  } else if (
    (data.confirmed || data.matched || data.writtenOff?.posted || data.split) &&
    data.bankTransactionId &&
    !data.undone
  ) {
    actions.push({ id: 'recon.undo', label: t('undo'), style: 'danger', value: data.bankTransactionId });
  }
  return {
    title: t(data.kind === 'duplicate' || data.kind === 'unknown_payer' ? `title_${data.kind}` : 'title', {
      amount,
      payer: data.payer ?? t('none'),
    }),
    body: lines.join('\n'),
    fields: [
      { label: t('date'), value: data.bookedOn },
      { label: t('amount'), value: amount },
      { label: t('payer'), value: typeof data.payer === 'string' ? literal(data.payer) : t('none') },
      { label: t('memo'), value: typeof data.memo === 'string' ? literal(data.memo) : t('none') },
      { label: t('bankTxnId'), value: literal(data.bankTxnId) },
    ],
    actions: actions.map((a) => (a.style === undefined ? (({ style: _s, ...rest }) => rest)(a) : a)),
    // Once matched or split, what the line was flagged as (unknown payer, no reference) is no longer true.
    context: done
      ? t(data.acknowledged && !data.split ? 'contextAcknowledged' : 'contextDone')
      : data.split && !data.undone
        ? t('contextSplit')
        : t('context', { kind: t(`label_${data.kind}`) }),
    tone: done ? 'success' : 'warning',
  };
}

export type ReconReplyKey =
  | 'ackDone'
  | 'ackAlready'
  | 'ackForbidden'
  | 'confirmDone'
  | 'confirmAlready'
  | 'confirmStale'
  | 'undoDone'
  | 'undoNothing'
  | 'writeOffDone'
  | 'writeOffLineDone'
  | 'assignDone'
  | 'assignUnknown'
  | 'assignAmbiguous'
  | 'matchDone'
  | 'splitDone'
  | 'splitDoneCredit'
  | 'splitDoneOpen';

export function reconReplyText(
  key: ReconReplyKey,
  locale: Locale,
  vars: Record<string, string | number> = {},
): string {
  return translator(texts, locale)(key, vars);
}
