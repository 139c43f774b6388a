// Owns the one text-command parser the console, Slack slash commands and Lark messages share.

import { own } from '../../domain/own.ts';
import type { ParsedArgs, TextCommand } from './types.ts';

// Splits on white space, keeping "quoted text" (straight or curly, half- or full-width) together. A NUL character is
// dropped: nobody types one, and text holding it cannot be stored or searched. So is a zero-width space: cards put one
// after a person's own * _ ~ ` so it shows as typed (src/messages/literal.ts), and a name copied from a card must
// still find its record.
export function tokenize(text: string): string[] {
  const normalised = text
    .replaceAll('\u0000', '')
    .replaceAll('\u200B', '')
    .replace(/[“”＂]/g, '"')
    .replace(/：/g, ':')
    .replace(/\u3000/g, ' ')
    .trim();
  const tokens: string[] = [];
  const re = /(\S*?)"([^"]*)"|(\S+)/g;
  for (let m = re.exec(normalised); m; m = re.exec(normalised)) {
    tokens.push(m[3] ?? `${m[1] ?? ''}${m[2] ?? ''}`);
  }
  return tokens;
}

export interface Match {
  command: TextCommand;
  args: ParsedArgs;
}

// The command whose words match the longest prefix of the text; arguments are key:value or positional.
export function parseCommand(text: string, commands: readonly TextCommand[]): Match | null {
  const tokens = tokenize(
    text
      .replace(/^\/+/, '')
      .replace(/^<@[^>]+>\s*/, '')
      .replace(/^@\S+\s+/, ''),
  );
  let best: { command: TextCommand; length: number } | null = null;
  for (const command of commands) {
    for (const words of command.words) {
      const parts = words.split(' ');
      const matches = parts.every((w, i) => tokens[i]?.toLowerCase() === w.toLowerCase());
      if (matches && (!best || parts.length > best.length)) best = { command, length: parts.length };
    }
  }
  if (!best) return null;
  // Prototype-less: a typed key such as constructor: is only ever the person's own value.
  const named: Record<string, string> = Object.create(null);
  const aliases = best.command.keyAliases ?? {};
  const positional: string[] = [];
  for (const token of tokens.slice(best.length)) {
    const m = /^([\p{L}\w-]+)[:=](.*)$/u.exec(token);
    if (m?.[1] !== undefined && m[2] !== undefined) {
      const key = m[1].toLowerCase();
      const canonical = own(aliases, m[1]) ?? own(aliases, key) ?? key;
      // A repeated key keeps every value, comma-joined: "line:A*1 line:B*2" reads as "line:A*1,B*2".
      named[canonical] = Object.hasOwn(named, canonical) ? `${named[canonical]},${m[2]}` : m[2];
    } else {
      positional.push(token);
    }
  }
  return { command: best.command, args: { named, positional } };
}
