// Text commands of the digest: `digest` / `日报` (today's daily digest of the asker's tree, now) and `digest week` /
// `周报` (the weekly one: last week against the week before).

import type { DigestKind } from '../../domain/reports/digest.ts';
import { localDate } from '../../domain/time.ts';
import { digestCard, digestUsage } from '../../messages/catalogue/digest.ts';
import { localeOf, type TextCommand, type UserActor } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { readDigest } from './read-digest.ts';

async function digestReply(deps: AppDeps, actor: UserActor, kind: DigestKind) {
  const today = localDate(deps.clock.now(), actor.user.timezone ?? deps.policy.org.timezone);
  const card = digestCard(await readDigest(deps, actor, kind, today), localeOf(deps, actor), {
    labels: deps.policy.labels.book,
  });
  return { text: card.body ?? card.title, tone: card.tone, card };
}

export const digestCommands: TextCommand[] = [
  {
    words: ['digest week', '周报', '日报 周'],
    needs: 'report.read',
    usage: digestUsage,
    run: (deps, actor) => digestReply(deps, actor, 'weekly'),
  },
  {
    words: ['digest', '日报'],
    needs: 'report.read',
    usage: digestUsage,
    run: (deps, actor, args) =>
      digestReply(deps, actor, args.positional[0]?.toLowerCase() === 'weekly' ? 'weekly' : 'daily'),
  },
];
