// Chat actions of reconciliation: the next page of a file's exception cards, Confirm a suggestion, Acknowledge, Write off, Match manually, Split, Assign, and Undo a match on an exception card.

import { formatMoney } from '../../domain/money.ts';
import { reconReplyText } from '../../messages/catalogue/reconcile.ts';
import { reconPageReply } from '../../messages/catalogue/reconcile-summary.ts';
import { type ActionHandler, localeOf } from '../commands/types.ts';
import { acknowledgeException } from './acknowledge-exception.ts';
import { assignException } from './assign-exception.ts';
import { confirmSuggestion } from './confirm-suggestion.ts';
import { matchManually } from './match-manually.ts';
import { postExceptionPage } from './post-exception-page.ts';
import { splitException } from './split-exception.ts';
import { undoMatch } from './undo-match.ts';
import { writeOffException } from './write-off-exception.ts';

export const reconcileActions: Record<string, ActionHandler> = {
  // The value is "<importId>:<page>", from a file's summary card.
  'recon.page': async (deps, actor, command) => {
    const locale = localeOf(deps, actor);
    const [importId = '', page = ''] = command.entityId.split(':');
    const outcome = await postExceptionPage(deps, actor, importId, /^\d{1,6}$/.test(page) ? Number(page) : 0);
    if (outcome.posted)
      return outcome.left > 0
        ? {
            text: reconPageReply('pageDone', locale, { count: outcome.count, left: outcome.left }),
            tone: 'success',
          }
        : { text: reconPageReply('pageDoneLast', locale, { count: outcome.count }), tone: 'success' };
    if ('forbidden' in outcome) return { text: reconReplyText('ackForbidden', locale), tone: 'danger' };
    if ('stale' in outcome) return { text: reconPageReply('pageStale', locale), tone: 'warning' };
    if ('none' in outcome) return { text: reconPageReply('pageNone', locale), tone: 'info' };
    return { text: reconPageReply('pageAlready', locale, { name: outcome.by }), tone: 'info' };
  },
  'recon.ack': async (deps, actor, command) => {
    const locale = localeOf(deps, actor);
    const outcome = await acknowledgeException(deps, actor, command.entityId);
    if (outcome.acknowledged) return { text: reconReplyText('ackDone', locale), tone: 'success' };
    if ('forbidden' in outcome) return { text: reconReplyText('ackForbidden', locale), tone: 'danger' };
    return { text: reconReplyText('ackAlready', locale, { name: outcome.by }), tone: 'info' };
  },
  // The value is "<exceptionId>:<suggestion index>".
  'recon.confirm': async (deps, actor, command) => {
    const locale = localeOf(deps, actor);
    const [exceptionId = '', index = ''] = command.entityId.split(':');
    const outcome = await confirmSuggestion(
      deps,
      actor,
      exceptionId,
      /^\d$/.test(index) ? Number(index) : -1,
    );
    if (outcome.confirmed) return { text: reconReplyText('confirmDone', locale), tone: 'success' };
    if ('forbidden' in outcome) return { text: reconReplyText('ackForbidden', locale), tone: 'danger' };
    if ('stale' in outcome) return { text: reconReplyText('confirmStale', locale), tone: 'warning' };
    return { text: reconReplyText('confirmAlready', locale, { name: outcome.by }), tone: 'info' };
  },
  'recon.undo': async (deps, actor, command) => {
    const locale = localeOf(deps, actor);
    const outcome = await undoMatch(deps, actor, command.entityId);
    if (outcome.undone)
      return { text: reconReplyText('undoDone', locale, { count: outcome.allocations }), tone: 'success' };
    if ('forbidden' in outcome) return { text: reconReplyText('ackForbidden', locale), tone: 'danger' };
    return { text: reconReplyText('undoNothing', locale), tone: 'info' };
  },
  // The prompt's text is the reason.
  'recon.writeoff': async (deps, actor, command) => {
    const locale = localeOf(deps, actor);
    const outcome = await writeOffException(deps, actor, command.entityId, command.input);
    if (outcome.writtenOff)
      return {
        text: outcome.posted
          ? reconReplyText('writeOffDone', locale, {
              diff: formatMoney(outcome.diffMinor, outcome.currency, locale),
            })
          : reconReplyText('writeOffLineDone', locale),
        tone: 'success',
      };
    if ('forbidden' in outcome) return { text: reconReplyText('ackForbidden', locale), tone: 'danger' };
    if ('stale' in outcome) return { text: reconReplyText('confirmStale', locale), tone: 'warning' };
    return { text: reconReplyText('confirmAlready', locale, { name: outcome.by }), tone: 'info' };
  },
  // The prompt's text lists the order numbers (or installment ids) the line paid.
  'recon.match': async (deps, actor, command) => {
    const locale = localeOf(deps, actor);
    const outcome = await matchManually(deps, actor, command.entityId, command.input);
    if (outcome.matched)
      return {
        text: reconReplyText('matchDone', locale, {
          count: outcome.allocations,
          orders: outcome.orders.join(', '),
        }),
        tone: 'success',
      };
    if ('forbidden' in outcome) return { text: reconReplyText('ackForbidden', locale), tone: 'danger' };
    if ('stale' in outcome) return { text: reconReplyText('confirmStale', locale), tone: 'warning' };
    return { text: reconReplyText('confirmAlready', locale, { name: outcome.by }), tone: 'info' };
  },
  // The prompt's text lists the parts ("SO-1 300, SO-2#2 200, rest credit").
  'recon.split': async (deps, actor, command) => {
    const locale = localeOf(deps, actor);
    const outcome = await splitException(deps, actor, command.entityId, command.input);
    if (outcome.split) {
      const rest = formatMoney(outcome.remainderMinor, outcome.currency, locale);
      const key =
        outcome.remainderMinor === 0
          ? 'splitDone'
          : outcome.rest === 'credit'
            ? 'splitDoneCredit'
            : 'splitDoneOpen';
      return { text: reconReplyText(key, locale, { parts: outcome.parts, rest }), tone: 'success' };
    }
    if ('forbidden' in outcome) return { text: reconReplyText('ackForbidden', locale), tone: 'danger' };
    return { text: reconReplyText('confirmAlready', locale, { name: outcome.by }), tone: 'info' };
  },
  // The prompt's text names the finance user (name or email).
  'recon.assign': async (deps, actor, command) => {
    const locale = localeOf(deps, actor);
    const outcome = await assignException(deps, actor, command.entityId, command.input);
    if (outcome.assigned)
      return { text: reconReplyText('assignDone', locale, { name: outcome.name }), tone: 'success' };
    if ('forbidden' in outcome) return { text: reconReplyText('ackForbidden', locale), tone: 'danger' };
    if ('unknown' in outcome)
      return { text: reconReplyText('assignUnknown', locale, { q: outcome.unknown }), tone: 'warning' };
    if ('ambiguous' in outcome)
      return {
        text: reconReplyText('assignAmbiguous', locale, {
          q: command.input ?? '',
          names: outcome.ambiguous.join(', '),
        }),
        tone: 'warning',
      };
    return { text: reconReplyText('confirmAlready', locale, { name: outcome.by }), tone: 'info' };
  },
};
