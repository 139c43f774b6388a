// Chat actions of collections: Send now / Skip on the rep's review card of a customer reminder email; Promise… and
// Mark received… on task cards and `ar` rows.
import { emailReviewReply } from '../../messages/catalogue/collections-email-review.ts';
import { runTextCommand } from '../commands/run-text-command.ts';
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
  // Promise… on a task card or an `ar` row: the typed date runs as "ar promise", so the reply is the command's.
  'payment.promise': (deps, actor, command) =>
    runTextCommand(deps, actor, `ar promise ${command.entityId} ${oneLine(command.input)}`),
  // Mark received… on an `ar` row (finance): the typed amount (and date) runs as "ar received".
  'payment.record': (deps, actor, command) =>
    runTextCommand(deps, actor, `ar received ${command.entityId} ${oneLine(command.input)}`),
};

// What the clicker typed stays one line of plain words: no key:value of the command's own.
function oneLine(input: string | undefined): string {
  return (input ?? '')
    .replace(/\s+/g, ' ')
    .replace(/\S*:\S*/g, '')
    .trim();
}
