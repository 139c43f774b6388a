// Use case (job): tell subscribed systems about each installment that fell overdue — once per installment and due
// date, however often the job runs. Looks back a month so a stopped scheduler catches up on restart.
import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { installments, orders, outbox } from '../../db/schema.ts';
import { addDays, localDate } from '../../domain/time.ts';
import type { AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { eventIdOf, WEBHOOK_PLATFORM } from './publish-event.ts';
import { publishInstallmentEvent } from './publish-record-event.ts';

const LOOK_BACK_DAYS = 31;

export async function publishOverdueInstallments(deps: AppDeps): Promise<{ published: number }> {
  const today = localDate(deps.clock.now(), deps.policy.org.timezone);
  const due = await deps.db
    .select({ id: installments.id, dueOn: installments.dueOn })
    .from(installments)
    .innerJoin(orders, eq(orders.id, installments.orderId))
    .where(
      and(
        eq(orders.status, 'approved'),
        sql`${installments.paidMinor} < ${installments.amountMinor}`,
        lt(installments.dueOn, today),
        gte(installments.dueOn, addDays(today, -LOOK_BACK_DAYS)),
      ),
    );
  if (due.length === 0) return { published: 0 };
  const refOf = (i: { id: string; dueOn: string }) =>
    `webhook:${eventIdOf('installment.overdue', `${i.id}|${i.dueOn}`)}`;
  // Already queued on an earlier run: skipped without reading its data again.
  const queued = await deps.db
    .selectDistinct({ refKey: outbox.refKey })
    .from(outbox)
    .where(and(eq(outbox.platform, WEBHOOK_PLATFORM), inArray(outbox.refKey, due.map(refOf))));
  const known = new Set(queued.map((q) => q.refKey));
  const fresh = due.filter((i) => !known.has(refOf(i)));
  if (fresh.length === 0) return { published: 0 };
  await inTransaction(deps, { kind: 'system', name: 'installment-overdue' }, async (uow) => {
    for (const i of fresh) await publishInstallmentEvent(uow, 'installment.overdue', i.id, i.dueOn);
  });
  return { published: fresh.length };
}
