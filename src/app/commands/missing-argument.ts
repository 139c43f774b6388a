// Owns the refusal of a text command typed without something it needs: the command as the reader types it, the
// argument, and the command's usage as the example.
import { DomainError } from '../../domain/errors.ts';
import type { Locale } from '../../messages/model.ts';
import type { TextCommand } from './types.ts';

const han = /\p{Script=Han}/u;

// The command's own words in the reader's language: its first Chinese words for a Chinese reader, else its first.
export function commandName(command: TextCommand, locale: Locale): string {
  const first = command.words[0] ?? '';
  if (locale !== 'zh-CN') return first;
  return command.words.find((w) => han.test(w)) ?? first;
}

export function missingArgument(command: TextCommand, locale: Locale, argument: string): DomainError {
  return new DomainError(
    'invalid',
    'missing_argument',
    { command: commandName(command, locale), argument, example: command.usage[locale] },
    argument,
  );
}
