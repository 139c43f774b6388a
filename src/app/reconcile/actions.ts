// Chat actions of reconciliation: the Acknowledge button on an exception card.
import { reconReplyText } from '../../messages/catalogue/reconcile.ts';
import { type ActionHandler, localeOf } from '../commands/types.ts';
import { acknowledgeException } from './acknowledge-exception.ts';

export const reconcileActions: Record<string, ActionHandler> = {
  'recon.ack': async (deps, actor, command) => {
    const locale = localeOf(deps, actor);
    const outcome = await acknowledgeException(deps, actor, command.entityId);
    if (outcome.acknowledged) return { text: reconReplyText('ackDone', locale), tone: 'success' };
    if ('forbidden' in outcome) return { text: reconReplyText('ackForbidden', locale), tone: 'danger' };
    return { text: reconReplyText('ackAlready', locale, { name: outcome.by }), tone: 'info' };
  },
};
