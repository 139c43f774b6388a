// Text commands of the digest: `digest` / `日报` (today's daily digest of the asker's tree, now) and `digest week` /
// `周报` (the weekly one: last week against the week before).

import { DomainError } from '../../domain/errors.ts';
import type { DigestKind } from '../../domain/reports/digest.ts';
import { localDate } from '../../domain/time.ts';
import { digestCard, digestUsage } from '../../messages/catalogue/digest.ts';
import { commandName } from '../commands/missing-argument.ts';
import { localeOf, type ParsedArgs, type TextCommand, type UserActor } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { readDigest } from './read-digest.ts';

async function digestReply(deps: AppDeps, actor: UserActor, kind: DigestKind) {
  const today = localDate(deps.clock.now(), actor.user.timezone ?? deps.policy.org.timezone);
  const card = digestCard(await readDigest(deps, actor, kind, today), localeOf(deps, actor), {
    labels: deps.policy.labels.book,
  });
  return { text: card.body ?? card.title, tone: card.tone, card };
}

// Words the command does not take are refused with its usage rather than silently dropped: "digest yesterday" must
// not read as if it showed yesterday.
function refuseExtraWords(
  deps: AppDeps,
  actor: UserActor,
  args: ParsedArgs,
  command: TextCommand,
  allowed: readonly string[],
): void {
  const extra = [
    ...args.positional.filter((w) => !allowed.includes(w.toLowerCase())),
    ...Object.entries(args.named).map(([k, v]) => `${k}:${v}`),
  ];
  if (extra.length === 0 && args.positional.length <= 1) return;
  const locale = localeOf(deps, actor);
  throw new DomainError(
    'invalid',
    'unexpected_words',
    {
      command: commandName(command, locale),
      words: (extra.length > 0 ? extra : args.positional).join(' '),
      example: digestUsage[locale],
    },
    'text',
  );
}

const digestWeek: TextCommand = {
  words: ['digest week', '周报', '日报 周'],
  needs: 'report.read',
  usage: digestUsage,
  run: (deps, actor, args) => {
    refuseExtraWords(deps, actor, args, digestWeek, []);
    return digestReply(deps, actor, 'weekly');
  },
};

const digestDay: TextCommand = {
  words: ['digest', '日报'],
  needs: 'report.read',
  usage: digestUsage,
  run: (deps, actor, args) => {
    refuseExtraWords(deps, actor, args, digestDay, ['weekly']);
    return digestReply(deps, actor, args.positional[0]?.toLowerCase() === 'weekly' ? 'weekly' : 'daily');
  },
};

export const digestCommands: TextCommand[] = [digestWeek, digestDay];
