// Owns what a private reply is on Lark: a toast for the clicker, or a card for the asker (with the file they asked for).
import type { DomainError } from '../../src/domain/errors.ts';
import { errorText } from '../../src/messages/catalogue/errors.ts';
import type { Card, Locale, PrivateReply, Tone } from '../../src/messages/model.ts';
import { plainText } from '../../src/messages/plain-text.ts';

export type Toast = { type: 'info' | 'success' | 'warning' | 'error'; content: string };

export const toastType: Record<Tone, Toast['type']> = {
  info: 'info',
  success: 'success',
  warning: 'warning',
  danger: 'error',
};

// Lark draws a toast as plain text: the reply's words as its markdown would read them, a person's as they typed them.
export function plainToast<A extends { toast?: Toast }>(answer: A): A {
  return answer.toast
    ? { ...answer, toast: { ...answer.toast, content: plainText(answer.toast.content) } }
    : answer;
}

// The one place a DomainError becomes what the person sees on Lark, in their language.
export function replyOf(error: DomainError, locale: Locale): PrivateReply {
  return { text: errorText(error, locale), tone: error.kind === 'invalid' ? 'danger' : 'warning' };
}

// A file the reply promises (an export) rides on the card and is made as the asker when the outbox delivers it.
export function replyCard(reply: PrivateReply, askerId?: string): Card {
  const card = reply.card ?? { title: '', body: reply.text, fields: [], actions: [], tone: reply.tone };
  return reply.file && askerId ? { ...card, file: { ...reply.file, askerId } } : card;
}
