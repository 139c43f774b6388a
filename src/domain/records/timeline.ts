// Owns a record's timeline: events gathered from many tables put in time order and cut to the latest page.
import { DomainError } from '../errors.ts';

export interface Dated {
  at: Date;
  // Breaks ties between events of the same instant so the order is the same on every read (the source and its id).
  key: string;
}

export interface TimelinePage<T> {
  // Oldest first, the newest last: the page reads top to bottom like a chat.
  shown: T[];
  // How many older events the page leaves out.
  earlier: number;
}

// The latest `limit` events in time order; a limit below one shows one event, so a page is never empty by mistake.
export function latestPage<T extends Dated>(events: readonly T[], limit: number): TimelinePage<T> {
  const sorted = [...events].sort(
    (a, b) => a.at.getTime() - b.at.getTime() || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
  const keep = Math.max(1, Math.floor(limit));
  const earlier = Math.max(0, sorted.length - keep);
  return { shown: sorted.slice(earlier), earlier };
}

// How many events the "N earlier events" button asks for next: one more page, never past what exists.
export function nextLimit(limit: number, total: number, step: number): number {
  return Math.min(total, Math.max(1, Math.floor(limit)) + step);
}

// Events a record view shows at first; each "earlier" click asks for this many more.
export const timelineStep = 10;

// The `limit:` of a record command ("limit:20" from an "earlier" click): a whole number from 1 to 500, else refused
// by name.
export function timelineLimit(raw: string | undefined): number {
  if (raw === undefined) return timelineStep;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 500)
    throw new DomainError('invalid', 'invalid_argument', { argument: 'limit', reason: '1–500' }, 'limit');
  return n;
}

// The "earlier" button of a page: the larger limit to ask for and how many more events it brings, or null when the
// page already shows everything.
export function earlierPage(shown: number, earlier: number): { limit: number; count: number } | null {
  if (earlier <= 0) return null;
  const limit = nextLimit(shown, shown + earlier, timelineStep);
  return { limit, count: limit - shown };
}
