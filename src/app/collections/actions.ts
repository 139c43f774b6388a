// Chat actions of collections: Send now / Skip on the rep's review card of a customer reminder email.
import { emailReviewReply } from '../../messages/catalogue/collections-email-review.ts';
import { type ActionHandler, localeOf } from '../commands/types.ts';
import { decideCustomerEmail, type EmailDecision } from './decide-customer-email.ts';

const decide =
  (decision: EmailDecision): ActionHandler =>
  async (deps, actor, command) => {
    const locale = localeOf(deps, actor);
    const outcome = await decideCustomerEmail(deps, actor, command.entityId, decision);
    if (outcome.done)
      return {
        text: emailReviewReply(decision === 'skip' ? 'reviewSkipDone' : 'reviewSendDone', locale, {
          email: outcome.to,
        }),
        tone: 'success',
      };
    if ('forbidden' in outcome) return { text: emailReviewReply('reviewForbidden', locale), tone: 'danger' };
    return { text: emailReviewReply('reviewAlready', locale, { status: outcome.status }), tone: 'info' };
  };

export const collectionsActions: Record<string, ActionHandler> = {
  'email.send': decide('send'),
  'email.skip': decide('skip'),
};
