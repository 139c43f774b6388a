// Owns reading a text body (CSV, XML) at the door: the text as sent, or a 400 naming the line that is not UTF-8 —
// never replacement characters that would be stored as a customer's or payer's name.
import { invalid } from '../domain/errors.ts';
import { utf8TextOf } from '../domain/imports/utf8-text.ts';

export function utf8Body(body: Buffer, done: (err: Error | null, body?: string) => void): void {
  const read = utf8TextOf(body);
  if (read.ok) done(null, read.text);
  else done(invalid('file_not_utf8', '(body)', { file: 'The body', line: read.line }));
}
