// Approval SLA: past the SLA the approver is reminded once, past twice the SLA their manager is told once.
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { createOrder } from '../../../src/app/orders/create-order.ts';
import { decideApproval } from '../../../src/app/orders/decide-approval.ts';
import { remindApprovals } from '../../../src/app/orders/remind-approvals.ts';
import { approvals, customers, outbox, users } from '../../../src/db/schema.ts';
import type { Card } from '../../../src/messages/model.ts';
import { testClock } from '../../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';

const clock = testClock('2026-11-02T02:00:00Z');
const hour = 3_600_000;
let database: TestDatabase;
let deps: AppDeps;
const people: Record<string, UserRow> = {};

async function addUser(key: string, values: Partial<typeof users.$inferInsert> & { name: string }) {
  const [row] = await database.db
    .insert(users)
    .values({ email: `${key}@demo.test`, locale: 'en', ...values })
    .returning();
  if (!row) throw new Error('user insert failed');
  people[key] = row;
  return row;
}

async function cardsTo(key: string): Promise<Card[]> {
  const rows = await database.db
    .select({ card: outbox.card })
    .from(outbox)
    .where(eq(outbox.destination, `user:${people[key]?.id}`))
    .orderBy(asc(outbox.id));
  return rows.map((r) => r.card as Card);
}

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock });
  const vp = await addUser('vp', { name: 'Vera VP', roles: ['director'] });
  const boss = await addUser('boss', { name: 'Wang Boss', roles: ['manager'], managerId: vp.id });
  await addUser('rep', { name: 'Li Rep', roles: ['rep'], managerId: boss.id });
  await addUser('law', { name: 'Legal Lu', roles: ['legal'] });
  await database.db
    .insert(customers)
    .values({ name: 'ACME', normalizedName: 'acme', currency: 'CNY', createdAt: new Date('2024-01-01') });
});
afterAll(async () => {
  await database?.close();
});

describe('approval SLA (24h in closeloop.yaml)', () => {
  it('reminds at 24h once, escalates at 48h once, and counts a later level from when it opened', async () => {
    const created = await createOrder(
      deps,
      { kind: 'user', user: people.rep as UserRow },
      {
        source: { customerName: 'ACME' },
        lines: [{ description: 'Service', quantity: 1, unitPriceMinor: 100_000 }],
        paymentPlan: 'net-30',
        terms: 'pay after go-live',
        submit: true,
      },
    );
    clock.advance(23 * hour);
    expect(await remindApprovals(deps)).toEqual({ reminded: 0, escalated: 0 });

    clock.advance(2 * hour);
    expect(await remindApprovals(deps)).toEqual({ reminded: 1, escalated: 0 });
    expect(await remindApprovals(deps)).toEqual({ reminded: 0, escalated: 0 });
    const reminder = (await cardsTo('boss')).at(-1);
    expect(reminder?.title).toBe(`Reminder: order ${created.number} is waiting for you`);
    expect(reminder?.body).toBe(
      'It has waited 25 h for your decision at level 1/2 manager. Approve or reject it on the approval card.',
    );
    expect(await cardsTo('vp')).toEqual([]);

    clock.advance(24 * hour);
    expect(await remindApprovals(deps)).toEqual({ reminded: 0, escalated: 1 });
    expect(await remindApprovals(deps)).toEqual({ reminded: 0, escalated: 0 });
    const escalation = await cardsTo('vp');
    expect(escalation.map((c) => [c.title, c.body])).toEqual([
      [
        `Escalation: order ${created.number} is stuck at Wang Boss`,
        'It has waited 49 h for Wang Boss at level 1/2 manager. Please follow up with them.',
      ],
    ]);

    // The manager approves now; legal's clock starts at this moment, not at the submit.
    const [managerApproval] = await database.db
      .select()
      .from(approvals)
      .where(eq(approvals.approverId, people.boss?.id ?? ''));
    await decideApproval(
      deps,
      { kind: 'user', user: people.boss as UserRow },
      {
        approvalId: managerApproval?.id ?? '',
        decision: 'approve',
      },
    );
    const before = await countRows(database, 'outbox');
    expect(await remindApprovals(deps)).toEqual({ reminded: 0, escalated: 0 });
    expect(await countRows(database, 'outbox')).toBe(before);
    clock.advance(24 * hour);
    expect(await remindApprovals(deps)).toEqual({ reminded: 1, escalated: 0 });
    expect((await cardsTo('law')).at(-1)?.body).toContain('24 h for your decision at level 2/2 legal');
    const audits = await database.pool.query(
      "select action from audit_log where action like 'approval.%' and action in ('approval.remind','approval.escalate') order by id",
    );
    expect(audits.rows.map((r: { action: string }) => r.action)).toEqual([
      'approval.remind',
      'approval.escalate',
      'approval.remind',
    ]);
  });
});
