// Owns the lead card buttons — Claim, Accept, Decline, Contacted, Qualified, Log a call, Log…, Lost — each a click
// answered privately, the same on the console, Slack and Lark.
import { leadNumber } from '../../domain/leads/normalise.ts';
import { activityKindWords } from '../../messages/catalogue/leads/usages.ts';
import { followUpText, leadTexts, stageText, statusText } from '../../messages/catalogue/leads.ts';
import { literal } from '../../messages/literal.ts';
import type { ActionHandler } from '../commands/types.ts';
import { localeOf } from '../commands/types.ts';
import { acceptLead } from './accept-lead.ts';
import { changeLeadStage } from './change-lead-stage.ts';
import { claimLead } from './claim-lead.ts';
import { leadLog } from './commands.ts';
import { declineLead } from './decline-lead.ts';
import { logLeadActivity, ownedLead } from './log-lead-activity.ts';
import { markLostReply } from './mark-lost-reply.ts';

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
    return {
      text: t('reply_accepted', { number: outcome.number, name: literal(outcome.name) }),
      tone: 'success',
    };
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

const toStage =
  (stage: 'contacted' | 'qualified'): ActionHandler =>
  async (deps, actor, command) => {
    const locale = localeOf(deps, actor);
    const t = followUpText(locale);
    const outcome = await changeLeadStage(deps, actor, command.entityId, stage);
    if (outcome.changed)
      return {
        text: t('reply_stage_changed', { number: outcome.number, stage: stageText(stage, locale) }),
        tone: 'success',
      };
    return {
      text: t('reply_stage_not_forward', {
        number: outcome.number,
        stage: outcome.stage ? stageText(outcome.stage, locale) : leadTexts(locale)('none'),
      }),
      tone: 'warning',
    };
  };

// The prompt's text is the call note.
const logCall: ActionHandler = async (deps, actor, command) => {
  const locale = localeOf(deps, actor);
  const outcome = await logLeadActivity(deps, actor, command.entityId, 'call', command.input?.trim() ?? '');
  const t = leadTexts(locale);
  if (!outcome.logged)
    return {
      text: t('reply_already_closed', { number: outcome.number, status: statusText(outcome.status, locale) }),
      tone: 'warning',
    };
  const logged = t('reply_logged', { number: outcome.number, kind: activityKindWords[locale].call });
  const first = outcome.firstContact
    ? ` ${followUpText(locale)('reply_auto_contacted', { number: outcome.number })}`
    : '';
  return { text: `${logged}${first}`, tone: 'success' };
};

// The prompt's first word is the reason from the list (English or Chinese), the rest a note.
const lost: ActionHandler = async (deps, actor, command) => {
  const [word = '', ...rest] = (command.input ?? '').trim().split(/\s+/);
  return markLostReply(deps, actor, command.entityId, word, rest.join(' '), localeOf(deps, actor));
};

// Every platform opens the follow-up form for Log…; a client that cannot show forms gets the command to type.
const logWithoutForm: ActionHandler = async (deps, actor, command) => {
  const lead = await ownedLead(deps, actor, command.entityId);
  const usage = leadLog.usage[localeOf(deps, actor)].replace('L-000042', leadNumber(lead.seq));
  return { text: usage, tone: 'info' };
};

export const leadActions: Record<string, ActionHandler> = {
  'lead.claim': claim,
  'lead.accept': accept,
  'lead.decline': decline,
  'lead.contacted': toStage('contacted'),
  'lead.qualified': toStage('qualified'),
  'lead.log_call': logCall,
  'lead.log': logWithoutForm,
  'lead.lost': lost,
};
