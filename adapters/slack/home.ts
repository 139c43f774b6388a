// Owns the App Home tab: a person's open leads, offers, pending approvals and receivables, published with views.publish.
import type { WebClient } from '@slack/web-api';
import { listReceivables } from '../../src/app/collections/list-receivables.ts';
import { localeOf, type UserActor } from '../../src/app/commands/types.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import { listMyLeads } from '../../src/app/leads/list-my-leads.ts';
import { listMyOffers } from '../../src/app/leads/list-my-offers.ts';
import { listPendingApprovals } from '../../src/app/orders/list-pending-approvals.ts';
import { grantedActions } from '../../src/domain/access/can.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { receivablesCard } from '../../src/messages/catalogue/collections-ar.ts';
import { errorText } from '../../src/messages/catalogue/errors.ts';
import { myLeadsCard, offerCard } from '../../src/messages/catalogue/leads.ts';
import { approvalCard } from '../../src/messages/catalogue/orders.ts';
import { slackTexts } from '../../src/messages/catalogue/slack.ts';
import type { Card, Locale } from '../../src/messages/model.ts';
import { slackPersonOf } from './people.ts';
import { cut } from './render.ts';
import { homeView } from './views.ts';

// Only the sections the asker's roles grant (what help lists too): a legal approver sees approvals, not leads or receivables.
async function homeCards(deps: AppDeps, actor: UserActor, locale: Locale): Promise<Card[]> {
  const t = slackTexts(locale);
  const userId = actor.user.id;
  const granted = grantedActions(deps.policy.access, actor.user.roles);
  const leads = granted.has('lead.read');
  const approvals = granted.has('order.approve');
  const receivables = granted.has('receivables.read');
  const [mine, offers, pending, due] = await Promise.all([
    leads ? listMyLeads(deps, userId) : null,
    leads ? listMyOffers(deps, userId) : [],
    approvals ? listPendingApprovals(deps, userId) : null,
    receivables ? listReceivables(deps, userId) : null,
  ]);
  const cards: Card[] = [
    ...(mine ? [myLeadsCard(mine, locale)] : []),
    ...offers.map((lead) => offerCard(lead, locale)),
    ...(pending === null
      ? []
      : pending.length === 0
        ? [info(t('home_approvals', { count: 0 }), t('home_approvals_none'))]
        : pending.map((a) => approvalCard(a.summary, a.level, a.approvalId, locale))),
    ...(due ? [receivablesCard(due.overdue, due.dueSoon, locale)] : []),
  ];
  return cards.length > 0 ? cards : [info(t('home_nothing'), t('home_nothing_hint'))];
}

const info = (title: string, body: string): Card => ({ title, body, fields: [], actions: [], tone: 'info' });

// Someone not on the roster gets a home tab saying so, in the organisation's language.
export async function publishHome(deps: AppDeps, client: WebClient, slackUserId: string): Promise<void> {
  let locale = deps.policy.org.locale;
  let cards: Card[];
  try {
    const user = await slackPersonOf(deps, client, slackUserId);
    const actor: UserActor = { kind: 'user', user, via: 'slack' };
    locale = localeOf(deps, actor);
    cards = await homeCards(deps, actor, locale);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    cards = [{ title: cut(errorText(error, locale), 140), fields: [], actions: [], tone: 'warning' }];
  }
  await client.views.publish({ user_id: slackUserId, view: homeView(cards, locale) });
}
