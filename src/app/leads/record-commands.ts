// Owns the lead record view — "lead show <number>" (线索 查看|详情) — and its Open button (lead.show) on lists.
import { earlierPage, timelineLimit, timelineStep } from '../../domain/records/timeline.ts';
import { leadUsages } from '../../messages/catalogue/leads/usages.ts';
import { leadRecordCard } from '../../messages/catalogue/record-cards.ts';
import type { PrivateReply } from '../../messages/model.ts';
import { missingArgument } from '../commands/missing-argument.ts';
import type { ActionHandler, TextCommand, UserActor } from '../commands/types.ts';
import { localeOf } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { checklistOf } from './owner-card.ts';
import { readLeadRecord } from './read-lead-record.ts';

export async function leadRecordReply(
  deps: AppDeps,
  actor: UserActor,
  ref: string,
  limit = timelineStep,
): Promise<PrivateReply> {
  const r = await readLeadRecord(deps, actor, ref, limit);
  const more = earlierPage(r.timeline.length, r.earlier);
  const card = leadRecordCard(
    {
      ...r,
      checklist: r.stage ? checklistOf(deps.policy, r.stage) : null,
      moreCommand: more && `lead show ${r.lead.number} limit:${more.limit}`,
      moreCount: more?.count ?? 0,
      timezone: deps.policy.org.timezone,
    },
    localeOf(deps, actor),
  );
  return { text: card.title, tone: card.tone, card };
}

const leadShow: TextCommand = {
  words: ['lead show', '线索 查看', '线索 详情'],
  needs: 'lead.read',
  keyAliases: { 编号: 'number', 条数: 'limit' },
  usage: leadUsages.show,
  async run(deps, actor, args) {
    const locale = localeOf(deps, actor);
    const ref = args.named.number ?? args.positional[0];
    if (!ref) throw missingArgument(leadShow, locale, 'number');
    return leadRecordReply(deps, actor, ref, timelineLimit(args.named.limit));
  },
};

export const leadRecordCommands: TextCommand[] = [leadShow];

export const leadRecordActions: Record<string, ActionHandler> = {
  'lead.show': (deps, actor, command) => leadRecordReply(deps, actor, command.entityId),
};
