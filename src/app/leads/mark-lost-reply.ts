// Owns the answer to marking a lead lost in chat (the Lost… button's prompt and `lead lost`): the reason word read
// against the list, the use case, and the reply.
import { lostReasonInvalid, lostReasonOf } from '../../domain/leads/follow-up.ts';
import { own } from '../../domain/own.ts';
import { leadTexts, statusText } from '../../messages/catalogue/leads.ts';
import type { Locale, PrivateReply } from '../../messages/model.ts';
import type { UserActor } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { markLeadLost } from './log-lead-activity.ts';

// `reasonWord` is from the list (English or Chinese); an empty note is none.
export async function markLostReply(
  deps: AppDeps,
  actor: UserActor,
  ref: string,
  reasonWord: string,
  note: string,
  locale: Locale,
): Promise<PrivateReply> {
  const { lostReasons } = deps.policy.followUp;
  const reason = lostReasonOf(reasonWord, lostReasons);
  if (!reason) throw lostReasonInvalid(reasonWord, lostReasons);
  const outcome = await markLeadLost(deps, actor, ref, reason, note.trim() || null);
  const t = leadTexts(locale);
  return outcome.lost
    ? {
        text: t('reply_lost', {
          number: outcome.number,
          reason: own(lostReasons, reason)?.[locale] ?? reason,
        }),
        tone: 'success',
      }
    : {
        text: t('reply_already_closed', {
          number: outcome.number,
          status: statusText(outcome.status, locale),
        }),
        tone: 'warning',
      };
}
