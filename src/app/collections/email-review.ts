// Owns what the rep's review card of a customer reminder email shows, from the queued email row.
import type { customerEmails } from '../../db/schema.ts';
import { localDate, localTime } from '../../domain/time.ts';
import type { EmailReviewData } from '../../messages/catalogue/collections-email-review.ts';
import type { AppDeps } from '../deps.ts';

type EmailRow = typeof customerEmails.$inferSelect;

export function localStamp(deps: AppDeps, at: Date): string {
  const tz = deps.policy.org.timezone;
  return `${localDate(at, tz)} ${localTime(at, tz)}`;
}

export function reviewCardData(deps: AppDeps, row: EmailRow, customerName: string): EmailReviewData {
  return {
    emailId: row.id,
    customerName,
    to: row.to,
    subject: row.subject,
    body: row.body,
    sendsAt: localStamp(deps, row.nextAttemptAt),
  };
}

export const reviewRefKey = (emailId: string) => `email:${emailId}:review`;
