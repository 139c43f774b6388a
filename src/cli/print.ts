// Owns how a command's words reach the terminal: a line on stdout or on stderr, read with no markdown.
import { asTyped } from '../messages/plain-text.ts';

// The catalogue makes a person's or a file's text literal for chat (a zero-width space after its * _ ~ `). A terminal
// reads no markup, so there the space would only be a stray character, copied along into the next command or a
// search: every line goes out as typed.
export function say(line: string): void {
  console.log(asTyped(line));
}

export function complain(line: string): void {
  console.error(asTyped(line));
}
