// Use case part: what happened to a customer, newest last — its own audit rows (created, edited, credit, merges,
// contacts), the payments allocated to its orders and its follow-up tasks with their state.
import type { Executor } from '../../db/client.ts';
import { latestPage } from '../../domain/records/timeline.ts';
import type { TimelineEntry } from '../../messages/catalogue/records.ts';
import { auditTimeline, type KeyedEntry } from '../audit/audit-timeline.ts';
import { paymentTimeline } from '../reconcile/payment-timeline.ts';
import { taskTimeline } from '../tasks/task-timeline.ts';

// The card shows the latest few; "order show" has each order's whole story.
const shown = 8;

export async function customerTimeline(
  db: Executor,
  customerId: string,
): Promise<{ timeline: TimelineEntry[]; earlier: number }> {
  const entries: KeyedEntry[] = [
    ...(await auditTimeline(db, { type: 'customer', id: customerId })),
    ...(await paymentTimeline(db, { customerId })),
    ...(await taskTimeline(db, { customerId })),
  ];
  const page = latestPage(entries, shown);
  return { timeline: page.shown.map(({ key: _key, ...e }) => e as TimelineEntry), earlier: page.earlier };
}
