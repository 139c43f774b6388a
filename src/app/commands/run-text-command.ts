// Use case: run a typed command ("lead new …", "线索 新建 …", "help") from any platform.

import { grantedActions } from '../../domain/access/can.ts';
import { fileCaptionUsages } from '../../messages/catalogue/file-usages.ts';
import { helpCard, unknownCommandCard } from '../../messages/catalogue/help.ts';
import type { PrivateReply } from '../../messages/model.ts';
import type { AppDeps } from '../deps.ts';
import { nearestCommands } from './nearest-commands.ts';
import { parseCommand } from './parse-command.ts';
import { textCommands } from './registry.ts';
import { localeOf, type UserActor } from './types.ts';

const helpWords = new Set(['help', '帮助', '?', '？']);

export async function runTextCommand(deps: AppDeps, actor: UserActor, text: string): Promise<PrivateReply> {
  const locale = localeOf(deps, actor);
  // A NUL character is dropped here too, so a refusal never echoes one back.
  const trimmed = text.replaceAll('\u0000', '').trim();
  // Only what the asker may do: a command whose permission none of their roles grants is left out.
  const granted = grantedActions(deps.policy.access, actor.user.roles);
  const usages = [
    ...new Set(
      [...textCommands, ...fileCaptionUsages]
        .filter((c) => c.needs === undefined || granted.has(c.needs))
        .map((c) => c.usage[locale]),
    ),
  ];
  if (trimmed === '' || helpWords.has(trimmed.toLowerCase())) {
    return { text: usages.join('\n'), tone: 'info', card: helpCard(usages, locale) };
  }
  const match = parseCommand(trimmed, textCommands);
  if (!match) {
    const nearest = nearestCommands(trimmed, textCommands);
    const card = unknownCommandCard(
      trimmed,
      nearest.map((s) => s.words),
      nearest[0]?.command.usage[locale] ?? null,
      locale,
    );
    return { text: card.body ?? '', tone: 'warning', card };
  }
  return match.command.run(deps, actor, match.args);
}
