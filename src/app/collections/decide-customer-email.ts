// Use case: the rep who reviews a customer reminder email (or finance) sends it now or skips it, before the cut-off.
import { and, eq, isNotNull } from 'drizzle-orm';
import { customerEmails, customers } from '../../db/schema.ts';
import { notFound } from '../../domain/errors.ts';
import { isUuid } from '../../domain/ids.ts';
import { emailReviewCard } from '../../messages/catalogue/collections-email-review.ts';
import { allowed } from '../access/ask.ts';
import type { UserActor } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { localStamp, reviewCardData, reviewRefKey } from './email-review.ts';

export type EmailDecision = 'send' | 'skip';

export type EmailDecisionOutcome =
  | { done: true; to: string }
  | { done: false; status: string }
  | { done: false; forbidden: true };

export async function decideCustomerEmail(
  deps: AppDeps,
  actor: UserActor,
  emailId: string,
  decision: EmailDecision,
): Promise<EmailDecisionOutcome> {
  if (!isUuid(emailId)) throw notFound('customer_email_unknown', { id: emailId });
  return inTransaction(deps, actor, async (uow) => {
    const [row] = await uow.tx
      .select({ email: customerEmails, customerName: customers.name })
      .from(customerEmails)
      .leftJoin(customers, eq(customers.id, customerEmails.customerId))
      .where(eq(customerEmails.id, emailId));
    if (!row) throw notFound('customer_email_unknown', { id: emailId });
    const email = { ...row.email, to: deps.keyring.decrypt(row.email.to) };
    const me = actor.user;
    // Sent, skipped, or released by Send now: nothing is left to decide, whoever asks.
    if (email.status !== 'pending' || email.reviewerId === null)
      return { done: false, status: email.status === 'pending' ? 'sending' : email.status };
    if (!allowed(deps, actor, 'dunning.review', { involved: [email.reviewerId] }))
      return { done: false, forbidden: true };
    // Conditional on still waiting for review: the sending worker holds the row while it sends, so a Skip racing
    // it waits, then finds it sent; Send now after a skip (or a second click) finds nothing to do.
    const waiting = and(
      eq(customerEmails.id, email.id),
      eq(customerEmails.status, 'pending'),
      isNotNull(customerEmails.reviewerId),
    );
    const [changed] =
      decision === 'skip'
        ? await uow.tx
            .update(customerEmails)
            .set({ status: 'skipped' })
            .where(waiting)
            .returning({ id: customerEmails.id })
        : await uow.tx
            .update(customerEmails)
            .set({ nextAttemptAt: uow.now, reviewerId: null })
            .where(waiting)
            .returning({ id: customerEmails.id });
    if (!changed) {
      const [now] = await uow.tx
        .select({ status: customerEmails.status, reviewerId: customerEmails.reviewerId })
        .from(customerEmails)
        .where(eq(customerEmails.id, email.id));
      // Released by an earlier Send now: still pending, but no longer anyone's to decide.
      return { done: false, status: now?.status === 'pending' ? 'sending' : (now?.status ?? 'unknown') };
    }
    await uow.audit({
      action: decision === 'skip' ? 'customer_email.skip' : 'customer_email.send_now',
      entityType: 'customer_email',
      entityId: email.id,
      before: { status: 'pending', nextAttemptAt: email.nextAttemptAt },
      after: decision === 'skip' ? { status: 'skipped' } : { status: 'pending', nextAttemptAt: uow.now },
    });
    const stamp = { by: me.name, at: localStamp(deps, uow.now) };
    const data = reviewCardData(deps, email, row.customerName ?? email.to);
    await uow.update(reviewRefKey(email.id), (locale) =>
      emailReviewCard(decision === 'skip' ? { ...data, skipped: stamp } : { ...data, sent: stamp }, locale),
    );
    return { done: true, to: email.to };
  });
}
