// Use case (job): deliver queued customer emails through SMTP, each once, with retries and backoff.
import { and, asc, eq, lte, sql } from 'drizzle-orm';
import { customerEmails, customers } from '../../db/schema.ts';
import { emailReviewCard } from '../../messages/catalogue/collections-email-review.ts';
import type { AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { localStamp, reviewCardData, reviewRefKey } from './email-review.ts';

// What the use case needs of an SMTP client (nodemailer's Transporter fits).
export interface Mailer {
  sendMail(message: {
    from: string;
    to: string;
    subject: string;
    text: string;
    messageId: string;
    headers: Record<string, string>;
  }): Promise<unknown>;
}

const batch = 20;
const maxAttempts = 8;

export async function sendCustomerEmails(
  deps: AppDeps,
  mailer: Mailer,
  from: string,
): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  // Sent at the review cut-off with nobody deciding: the rep's review card says so once the send is committed.
  const reviewed: (typeof customerEmails.$inferSelect)[] = [];
  // Each email is claimed under a row lock other workers skip, so two workers never send the same one.
  await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const due = await tx
      .select()
      .from(customerEmails)
      .where(and(eq(customerEmails.status, 'pending'), lte(customerEmails.nextAttemptAt, now)))
      .orderBy(asc(customerEmails.createdAt), asc(customerEmails.id))
      .limit(batch)
      .for('update', { skipLocked: true });
    for (const sealed of due) {
      const email = { ...sealed, to: deps.keyring.decrypt(sealed.to) };
      try {
        await mailer.sendMail({
          from,
          to: email.to,
          subject: email.subject,
          text: email.body,
          // Stable per email, so a resend after a crash is recognisably the same message.
          messageId: `<${email.id}@closeloop>`,
          headers: { 'X-Closeloop-Key': email.idempotencyKey, 'Content-Language': email.locale },
        });
        await tx
          .update(customerEmails)
          .set({ status: 'sent', sentAt: now, attempts: sql`${customerEmails.attempts} + 1` })
          .where(eq(customerEmails.id, email.id));
        sent++;
        if (email.reviewerId) reviewed.push(email);
      } catch (error) {
        const attempts = email.attempts + 1;
        await tx
          .update(customerEmails)
          .set({
            attempts,
            status: attempts >= maxAttempts ? 'dead' : 'pending',
            lastError: error instanceof Error ? error.message : String(error),
            nextAttemptAt: new Date(now.getTime() + 60_000 * 2 ** Math.min(attempts, 8)),
          })
          .where(eq(customerEmails.id, email.id));
        failed++;
      }
    }
  });
  for (const email of reviewed) {
    await inTransaction(deps, { kind: 'system', name: 'customer-emails' }, async (uow) => {
      const [customer] = email.customerId
        ? await uow.tx
            .select({ name: customers.name })
            .from(customers)
            .where(eq(customers.id, email.customerId))
        : [];
      const data = reviewCardData(deps, email, customer?.name ?? email.to);
      const at = localStamp(deps, uow.now);
      await uow.update(reviewRefKey(email.id), (locale) =>
        emailReviewCard({ ...data, sent: { by: null, at } }, locale),
      );
    });
  }
  return { sent, failed };
}
