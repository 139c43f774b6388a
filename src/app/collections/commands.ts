// Text commands of collections: `ar` / `应收` lists the actor's receivables; `ar promise` logs a promise to pay;
// `ar received` lets finance record money received outside the bank feed; `ar invoice` records an issued invoice.

import { parseTypedDate } from '../../domain/time/typed-date.ts';
import { arReply, arUsage, receivablesCard } from '../../messages/catalogue/collections-ar.ts';
import { invoiceReply, invoiceUsage } from '../../messages/catalogue/collections-invoices.ts';
import { promiseReply, promiseUsage } from '../../messages/catalogue/collections-promises.ts';
import { nameText } from '../../messages/catalogue/names.ts';
import { receiptReplyText, receiptUsage } from '../../messages/catalogue/receipts.ts';
import { localeOf, type TextCommand } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { recordReceipt } from '../reconcile/record-receipt.ts';
import { arRows } from './ar-rows.ts';
import { issueInvoice } from './issue-invoice.ts';
import { receivablesOf } from './list-receivables.ts';
import { receivablesScope, widerReceivablesView } from './receivables-scope.ts';
import { recordPromise } from './record-promise.ts';

// A receipt or an invoice date typed as words ("yesterday", "上周五", "12-01") in the org's calendar, leaning to the
// past; text that reads as no date goes on unchanged so that the use case names what is wrong with it.
function pastDate(deps: AppDeps, words: readonly string[]): string | undefined {
  const text = words.join(' ').trim();
  if (text === '') return undefined;
  return parseTypedDate(text, deps.clock.now(), deps.policy.org.timezone, 'past') ?? text;
}

export const collectionsCommands: TextCommand[] = [
  {
    words: ['ar', '应收', 'receivables'],
    needs: 'receivables.read',
    keyAliases: { 页: 'page' },
    usage: arUsage,
    run: async (deps, actor, args) => {
      const locale = localeOf(deps, actor);
      const query = args.positional.join(' ').trim();
      const scope = await receivablesScope(deps, actor, query);
      if ('refused' in scope) {
        const text =
          scope.refused === 'team'
            ? arReply('arTeamForbidden', locale)
            : arReply('arNoCustomer', locale, { q: query });
        return { text, tone: 'info' };
      }
      const r = await receivablesOf(deps, scope.filter);
      const words = query === '' ? 'ar' : `ar ${query}`;
      const around = await arRows(deps, actor, [...r.overdue, ...r.dueSoon], words, args.named.page, locale);
      const nothingOfMine = scope.view.kind === 'mine' && r.overdue.length + r.dueSoon.length === 0;
      const wider = nothingOfMine ? await widerReceivablesView(deps, actor) : null;
      const card = receivablesCard(r.overdue, r.dueSoon, locale, {
        ...around,
        scope: scope.view,
        ...(wider ? { widerView: wider } : {}),
        aging: r.aging,
        rates: r.rates,
        labels: deps.policy.labels.book,
      });
      return { text: card.body ?? card.title, tone: card.tone, card };
    },
  },
  {
    words: ['ar promise', '应收 承诺', 'promise', '承诺付款'],
    needs: 'payment.promise',
    usage: promiseUsage,
    run: async (deps, actor, args) => {
      const locale = localeOf(deps, actor);
      // The date may be words: "ar promise SO-… next Friday".
      const [order, ...dateWords] = args.positional;
      const date = dateWords.join(' ');
      if (!order || !date) return { text: promiseUsage[locale], tone: 'info' };
      const r = await recordPromise(deps, actor, order, date);
      if (r.recorded)
        return {
          text: r.replaced
            ? promiseReply('promiseReplaced', locale, {
                order: r.orderNumber,
                date: r.promisedOn,
                previous: r.replaced,
              })
            : promiseReply('promiseDone', locale, { order: r.orderNumber, date: r.promisedOn }),
          tone: 'success',
        };
      const key =
        r.reason === 'unknown_order'
          ? 'promiseUnknownOrder'
          : r.reason === 'forbidden'
            ? 'promiseForbidden'
            : r.reason === 'past'
              ? 'promisePast'
              : 'promiseBadDate';
      return { text: promiseReply(key, locale, { order, date: r.date ?? date }), tone: 'danger' };
    },
  },
  {
    words: ['ar received', '应收 收款', 'mark received', '登记收款'],
    needs: 'payment.record',
    usage: receiptUsage,
    run: async (deps, actor, args) => {
      const locale = localeOf(deps, actor);
      const [order, amount, ...dateWords] = args.positional;
      if (!order || !amount) return { text: receiptUsage[locale], tone: 'info' };
      const date = pastDate(deps, dateWords);
      const r = await recordReceipt(deps, actor, {
        order,
        amount,
        ...(date ? { receivedOn: date } : {}),
        source: 'manual',
      });
      if (!r.recorded) return { text: receiptReplyText('forbidden', locale), tone: 'danger' };
      return { text: receiptReplyText('done', locale, r, deps.policy.labels.book), tone: 'success' };
    },
  },
  {
    words: ['ar invoice', '应收 开票', '开票'],
    needs: 'invoice.issue',
    usage: invoiceUsage,
    run: async (deps, actor, args) => {
      const locale = localeOf(deps, actor);
      const [order, installment, invoiceNo, ...dateWords] = args.positional;
      if (!order || !installment || !invoiceNo) return { text: invoiceUsage[locale], tone: 'info' };
      const date = pastDate(deps, dateWords);
      const r = await issueInvoice(deps, actor, {
        order,
        installment,
        invoiceNo,
        ...(date ? { invoiceOn: date } : {}),
      });
      if (!r.issued) return { text: invoiceReply('invoiceForbidden', locale), tone: 'danger' };
      const vars = {
        order: r.orderNumber,
        position: r.position,
        label: nameText('steps', r.label, locale, deps.policy.labels.book),
        invoice: r.invoiceNo,
        date: r.invoiceOn,
        previous: r.previous ?? '',
      };
      const key = r.unchanged ? 'invoiceUnchanged' : r.previous ? 'invoiceReplaced' : 'invoiceDone';
      return { text: invoiceReply(key, locale, vars), tone: r.unchanged ? 'info' : 'success' };
    },
  },
];
