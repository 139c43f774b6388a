// Use case: the demo's past — twelve weeks of leads moving through the stages (activities with past timestamps), the
// orders they became with approvals, installments and the payments allocated to them, monthly targets, and two reps who
// moved teams a month ago — so every report, chart and digest shows something real. Multi-row inserts keep it fast;
// the figures vary by index arithmetic, not randomness, so a seed is the same every time.
import { inArray, sql } from 'drizzle-orm';
import {
  allocations,
  approvals,
  bankTransactions,
  customers,
  installments,
  leadActivities,
  leads,
  orders,
  userManagerHistory,
  users,
} from '../../db/schema.ts';
import { addDays, localDate } from '../../domain/time.ts';
import type { AppDeps } from '../deps.ts';
import { allocateOrderNumbers, type OrderNumber } from '../orders/allocate-order-numbers.ts';
import { inTransaction } from '../unit-of-work.ts';
import { demoDomain } from './demo-data.ts';
import { demoSellerIds } from './demo-sellers.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const weeks = 12;
const leadsPerDay = 6;
const chunk = 500;

export interface HistorySummary {
  leads: number;
  orders: number;
  payments: number;
}

export async function seedHistory(deps: AppDeps): Promise<HistorySummary> {
  const now = deps.clock.now();
  const tz = deps.policy.org.timezone;
  const currency = deps.policy.org.currency;
  const lostReason = Object.keys(deps.policy.followUp.lostReasons)[0] ?? 'price';
  return inTransaction(deps, { kind: 'system', name: 'seed' }, async (uow) => {
    const tx = uow.tx;
    const roster = await tx
      .select()
      .from(users)
      .where(sql`${users.email} like ${`%@${demoDomain}`}`)
      .orderBy(users.email);
    const sellers = await demoSellerIds(deps, tx);
    const reps = roster.filter((u) => sellers.has(u.id));
    const customerRows = await tx.select({ id: customers.id }).from(customers).orderBy(customers.name);
    if (reps.length === 0 || customerRows.length === 0) return { leads: 0, orders: 0, payments: 0 };

    // Targets: 150,000–300,000 a month in the org currency, by rep.
    await tx.execute(sql`update users set target_monthly_minor = (15 + (abs(hashtext(email)) % 16)) * 1000000
      where ${inArray(
        users.id,
        reps.map((r) => r.id),
      )} and target_monthly_minor is null`);

    type Plan = { owner: (typeof reps)[number]; created: Date; fate: number; n: number };
    const plans: Plan[] = [];
    for (let d = weeks * 7; d >= 1; d -= 1)
      for (let i = 0; i < leadsPerDay; i += 1) {
        const n = plans.length;
        const owner = reps[(n * 7) % reps.length];
        if (owner)
          plans.push({
            owner,
            created: new Date(now.getTime() - d * DAY + i * HOUR),
            fate: (n * 13 + d) % 10,
            n,
          });
      }
    // fate 0–1 lost after contact, 2–3 contacted, 4–5 qualified, 6–9 converted (an order).
    const stageOf = (f: number) =>
      f <= 1 ? 'lost' : f <= 3 ? 'contacted' : f <= 5 ? 'qualified' : 'converted';
    const at = (p: Plan, days: number) =>
      new Date(Math.min(p.created.getTime() + days * DAY, now.getTime() - HOUR));
    const leadIds: string[] = [];
    for (let s = 0; s < plans.length; s += chunk) {
      const rows = await tx
        .insert(leads)
        .values(
          plans.slice(s, s + chunk).map((p) => {
            const fate = stageOf(p.fate);
            return {
              name: `历史客户 ${p.n + 1}`,
              company: `示例公司 ${(p.n % 60) + 1}`,
              source: ['web', 'expo', 'referral', 'phone'][p.n % 4] ?? 'web',
              region: p.owner.region,
              ownerId: p.owner.id,
              status: fate === 'lost' ? 'lost' : fate === 'converted' ? 'converted' : 'accepted',
              stage: fate === 'contacted' || fate === 'qualified' ? fate : null,
              createdAt: p.created,
              offeredAt: p.created,
              acceptedAt: at(p, 0.02),
            };
          }),
        )
        .returning({ id: leads.id });
      leadIds.push(...rows.map((r) => r.id));
    }
    const activities: (typeof leadActivities.$inferInsert)[] = [];
    plans.forEach((p, i) => {
      const leadId = leadIds[i] as string;
      const fate = stageOf(p.fate);
      const act = (kind: string, days: number, data: unknown = null) =>
        activities.push({ leadId, actorId: p.owner.id, kind, at: at(p, days), data });
      act('accepted', 0.02);
      act('stage', 1, { from: 'accepted', to: 'contacted' });
      if (fate === 'lost') act('lost', 4, { reason: lostReason });
      if (fate === 'qualified' || fate === 'converted')
        act('stage', 3, { from: 'contacted', to: 'qualified' });
      if (fate === 'converted') act('converted', 5);
    });
    for (let s = 0; s < activities.length; s += chunk)
      await tx.insert(leadActivities).values(activities.slice(s, s + chunk));

    const won = plans
      .map((p, i) => ({ p, leadId: leadIds[i] as string }))
      .filter(({ p }) => stageOf(p.fate) === 'converted');
    const managerOf = new Map(roster.map((u) => [u.id, u.managerId]));
    // Numbered as live orders are (SO-<year>-<seq>), so the demo shows one numbering and the next order follows on.
    const numbers = await allocateOrderNumbers(
      tx,
      tz,
      won.map(({ p }) => at(p, 5)),
    );
    const orderRows = won.map(({ p, leadId }, k) => ({
      ...(numbers[k] as OrderNumber),
      customerId: customerRows[k % customerRows.length]?.id as string,
      leadId,
      ownerId: p.owner.id,
      status: 'approved',
      currency,
      totalMinor: (2 + ((k * 37) % 18)) * 100_000,
      paymentPlan: 'net-30',
      createdAt: at(p, 5),
      submittedAt: at(p, 5),
      decidedAt: at(p, 6),
    }));
    const orderIds: string[] = [];
    for (let s = 0; s < orderRows.length; s += chunk)
      orderIds.push(
        ...(
          await tx
            .insert(orders)
            .values(orderRows.slice(s, s + chunk))
            .returning({ id: orders.id })
        ).map((r) => r.id),
      );
    const approvalRows = orderRows.flatMap((o, k) => {
      const approverId = managerOf.get(o.ownerId);
      return approverId
        ? [
            {
              orderId: orderIds[k] as string,
              orderVersion: 1,
              levelIndex: 0,
              levelName: 'manager',
              approverId,
              status: 'approved',
              createdAt: o.submittedAt,
              decidedAt: o.decidedAt,
            },
          ]
        : [];
    });
    for (let s = 0; s < approvalRows.length; s += chunk)
      await tx.insert(approvals).values(approvalRows.slice(s, s + chunk));

    // One installment 30 days after approval; most of those already due are paid (some late), the rest overdue.
    const today = localDate(now, tz);
    const plan = orderRows.map((o, k) => {
      const dueOn = addDays(localDate(o.decidedAt, tz), 30);
      const paid = dueOn < today && k % 5 !== 0;
      const paidAt = paid
        ? new Date(Math.min(o.decidedAt.getTime() + (27 + (k % 9)) * DAY, now.getTime() - HOUR))
        : null;
      return { orderId: orderIds[k] as string, dueOn, amount: o.totalMinor, paidAt, k };
    });
    const installmentIds: string[] = [];
    for (let s = 0; s < plan.length; s += chunk)
      installmentIds.push(
        ...(
          await tx
            .insert(installments)
            .values(
              plan.slice(s, s + chunk).map((x) => ({
                orderId: x.orderId,
                position: 1,
                label: 'Net 30',
                dueOn: x.dueOn,
                amountMinor: x.amount,
                currency,
                paidMinor: x.paidAt ? x.amount : 0,
                paidAt: x.paidAt,
              })),
            )
            .returning({ id: installments.id })
        ).map((r) => r.id),
      );
    const paidPlan = plan
      .map((x, i) => ({ ...x, installmentId: installmentIds[i] as string }))
      .filter((x) => x.paidAt);
    for (let s = 0; s < paidPlan.length; s += chunk) {
      const part = paidPlan.slice(s, s + chunk);
      const txns = await tx
        .insert(bankTransactions)
        .values(
          part.map((x) => ({
            bankTxnId: `seed-history-${x.k + 1}`,
            bookedOn: localDate(x.paidAt as Date, tz),
            amountMinor: x.amount,
            currency,
            status: 'matched',
          })),
        )
        .returning({ id: bankTransactions.id });
      await tx.insert(allocations).values(
        part.map((x, i) => ({
          bankTransactionId: txns[i]?.id as string,
          installmentId: x.installmentId,
          amountMinor: x.amount,
          kind: 'auto',
          createdBy: 'system:seed',
          createdAt: x.paidAt as Date,
        })),
      );
    }

    // Two reps joined their team a month ago from the next region's manager: reports show them under both.
    // The managers are the sellers' own (each region's), not whoever holds a role of that name.
    const managers = roster.filter((u) => reps.some((r) => r.managerId === u.id));
    const since = new Date(now.getTime() - 30 * DAY);
    for (const rep of reps.slice(0, 2)) {
      const before = managers[(managers.findIndex((m) => m.id === rep.managerId) + 1) % managers.length];
      if (!before || before.id === rep.managerId) continue;
      await tx.insert(userManagerHistory).values([
        {
          userId: rep.id,
          managerId: before.id,
          validFrom: new Date(now.getTime() - 365 * DAY),
          validTo: since,
        },
        { userId: rep.id, managerId: rep.managerId, validFrom: since },
      ]);
    }
    const summary = { leads: plans.length, orders: orderRows.length, payments: paidPlan.length };
    await uow.audit({ action: 'seed.demo.history', entityType: 'seed', entityId: 'demo', after: summary });
    return summary;
  });
}
