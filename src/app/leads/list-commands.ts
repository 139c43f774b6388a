// Owns "lead mine" (线索 我的): the leads a person holds or is offered, ten a page, each with the buttons they may use
// on it — Open, and Accept / Decline on an offer, or the next stage and Log… on a lead they hold.

import { listPageSize, nextPageCommand, pageOffset } from '../../domain/records/list-page.ts';
import type { MyLead } from '../../messages/catalogue/leads/routing-cards.ts';
import { myLeadsCard } from '../../messages/catalogue/leads/routing-cards.ts';
import { leadTexts } from '../../messages/catalogue/leads/texts.ts';
import { leadUsages } from '../../messages/catalogue/leads/usages.ts';
import { followUpText } from '../../messages/catalogue/leads.ts';
import { openAction } from '../../messages/catalogue/records.ts';
import type { Action, Locale } from '../../messages/model.ts';
import { allowed } from '../access/ask.ts';
import type { TextCommand, UserActor } from '../commands/types.ts';
import { localeOf } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { listMyLeads } from './list-my-leads.ts';

function buttonsOf(deps: AppDeps, actor: UserActor, locale: Locale) {
  // Every lead of the list is the asker's own (held or offered to them): one question of the policy covers them.
  const mayWork = allowed(deps, actor, 'lead.work', { ownerId: actor.user.id });
  const l = leadTexts(locale);
  const f = followUpText(locale);
  return (lead: MyLead): Action[] => {
    const open = openAction('lead.show', lead.id, locale);
    if (lead.status === 'offered')
      return [
        { id: 'lead.accept', label: l('accept'), style: 'primary', value: lead.id },
        { id: 'lead.decline', label: l('decline'), value: lead.id },
        open,
      ];
    if (!mayWork) return [open];
    const forward: Action[] =
      lead.stage === 'accepted'
        ? [{ id: 'lead.contacted', label: f('btn_contacted'), style: 'primary', value: lead.id }]
        : lead.stage === 'contacted'
          ? [{ id: 'lead.qualified', label: f('btn_qualified'), style: 'primary', value: lead.id }]
          : [];
    return [...forward, { id: 'lead.log', label: f('btn_log'), value: lead.id }, open];
  };
}

const leadMine: TextCommand = {
  words: ['lead mine', 'leads mine', '线索 我的', '我的线索'],
  needs: 'lead.read',
  keyAliases: { 页: 'page' },
  usage: leadUsages.mine,
  async run(deps, actor, args) {
    const locale = localeOf(deps, actor);
    const mine = await listMyLeads(deps, actor.user.id, 100);
    const offset = pageOffset(args.named.page);
    const card = myLeadsCard(mine, locale, {
      offset,
      size: listPageSize,
      moreValue: nextPageCommand('lead mine', mine.length, offset),
      buttons: buttonsOf(deps, actor, locale),
    });
    return { text: card.title, tone: 'info', card };
  },
};

export const leadListCommands: TextCommand[] = [leadMine];
