// Owns the lead buttons (Claim, Accept, Decline): each click runs its use case and answers the clicker privately.
import { leadTexts } from '../../messages/catalogue/leads.ts';
import type { ActionHandler } from '../commands/types.ts';
import { localeOf } from '../commands/types.ts';
import { acceptLead } from './accept-lead.ts';
import { claimLead } from './claim-lead.ts';
import { declineLead } from './decline-lead.ts';

const claim: ActionHandler = async (deps, actor, command) => {
  const t = leadTexts(localeOf(deps, actor));
  const outcome = await claimLead(deps, actor, command.entityId);
  if (outcome.claimed)
    return { text: t('reply_claimed', { number: outcome.number, name: outcome.name }), tone: 'success' };
  if (outcome.by === null)
    return { text: t('reply_not_claimable', { number: outcome.number }), tone: 'warning' };
  return outcome.byId === actor.user.id
    ? { text: t('reply_already_yours', { number: outcome.number }), tone: 'info' }
    : { text: t('reply_already_claimed', { by: outcome.by }), tone: 'warning' };
};

const accept: ActionHandler = async (deps, actor, command) => {
  const t = leadTexts(localeOf(deps, actor));
  const outcome = await acceptLead(deps, actor, command.entityId);
  if (outcome.accepted)
    return { text: t('reply_accepted', { number: outcome.number, name: outcome.name }), tone: 'success' };
  return outcome.reason === 'already_accepted'
    ? { text: t('reply_already_accepted', { number: outcome.number }), tone: 'info' }
    : { text: t('reply_not_offered'), tone: 'warning' };
};

const decline: ActionHandler = async (deps, actor, command) => {
  const t = leadTexts(localeOf(deps, actor));
  const outcome = await declineLead(deps, actor, command.entityId);
  if (!outcome.declined) return { text: t('reply_not_offered'), tone: 'warning' };
  return outcome.next
    ? { text: t('reply_declined_next', { number: outcome.number, next: outcome.next.name }), tone: 'info' }
    : { text: t('reply_declined_unrouted', { number: outcome.number }), tone: 'warning' };
};

export const leadActions: Record<string, ActionHandler> = {
  'lead.claim': claim,
  'lead.accept': accept,
  'lead.decline': decline,
};
