// Text commands of collections: `ar` / `应收` lists the actor's overdue receivables and those due this week.
import { arUsage, receivablesCard } from '../../messages/catalogue/collections.ts';
import { localeOf, type TextCommand } from '../commands/types.ts';
import { listReceivables } from './list-receivables.ts';

export const collectionsCommands: TextCommand[] = [
  {
    words: ['ar', '应收', 'receivables'],
    usage: arUsage,
    run: async (deps, actor) => {
      const locale = localeOf(deps, actor);
      const r = await listReceivables(deps, actor.user.id);
      const card = receivablesCard(r.overdue, r.dueSoon, locale);
      return { text: card.body ?? card.title, tone: card.tone, card };
    },
  },
];
