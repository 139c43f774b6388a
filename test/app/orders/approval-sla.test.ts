// Approval SLA in working time: past the SLA (counted in the approver's working hours and time zone) the approver is
// reminded once, past `escalateAfter` SLAs their manager is told once, with two workers running the job together.
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { createOrder } from '../../../src/app/orders/create-order.ts';
import { decideApproval } from '../../../src/app/orders/decide-approval.ts';
import { remindApprovals } from '../../../src/app/orders/remind-approvals.ts';
import { approvals, customers, outbox } from '../../../src/db/schema.ts';
import type { Card } from '../../../src/messages/model.ts';
import { testClock } from '../../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { examplePolicy, testDeps } from '../../helpers/deps.ts';
import { insertPerson } from './people.ts';

// Friday 6 November 2026, 17:30 in Shanghai.
const clock = testClock('2026-11-06T09:30:00Z');
let database: TestDatabase;
let deps: AppDeps;
const people: Record<string, UserRow> = {};

const addUser = (key: string, values: Parameters<typeof insertPerson>[3]) =>
  insertPerson(database, people, key, values);

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
  const policy = examplePolicy();
  // Org week 09:00-18:00 Mon-Fri in Asia/Shanghai (closeloop.yaml); a 4-hour SLA, the manager told after three.
  policy.approvals.sla = 240;
  policy.approvals.escalateAfter = 3;
  deps = testDeps(database, { clock, policy });
  const vp = await addUser('vp', { name: 'Vera VP', roles: ['director'], locale: 'zh-CN' });
  const boss = await addUser('boss', { name: 'Wang Boss', roles: ['manager'], managerId: vp.id });
  await addUser('rep', { name: 'Li Rep', roles: ['rep'], managerId: boss.id });
  // Legal works in Berlin, on shorter days.
  await addUser('law', {
    name: 'Legal Lu',
    roles: ['legal'],
    timezone: 'Europe/Berlin',
    workingHours: '09:00-17:00 Mon-Fri',
  });
  await database.db
    .insert(customers)
    .values({ name: 'ACME', normalizedName: 'acme', currency: 'CNY', createdAt: new Date('2024-01-01') });
});
afterAll(async () => {
  await database?.close();
});

// Two instances of the job at the same moment: together they must act exactly once.
const twoWorkers = async () => {
  const [a, b] = await Promise.all([remindApprovals(deps), remindApprovals(deps)]);
  return { reminded: a.reminded + b.reminded, escalated: a.escalated + b.escalated };
};

describe('approval SLA (4 working hours, escalation after 3)', () => {
  it('a Friday 17:30 submit is reminded Monday 12:30, escalated Tuesday 11:30; a Berlin level counts Berlin hours', async () => {
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
    // Friday 23:00: five and a half hours later by the wall clock, half an hour of working time.
    clock.set('2026-11-06T15:00:00Z');
    expect(await twoWorkers()).toEqual({ reminded: 0, escalated: 0 });
    // Monday 12:29 and 12:30 in Shanghai.
    clock.set('2026-11-09T04:29:00Z');
    expect(await twoWorkers()).toEqual({ reminded: 0, escalated: 0 });
    clock.set('2026-11-09T04:30:00Z');
    expect(await twoWorkers()).toEqual({ reminded: 1, escalated: 0 });
    expect(await twoWorkers()).toEqual({ reminded: 0, escalated: 0 });
    const reminders = (await cardsTo('boss')).filter((c) => c.title.startsWith('Reminder'));
    expect(reminders.map((c) => [c.title, c.body])).toEqual([
      [
        `Reminder: order ${created.number} is waiting for you`,
        'It has waited 4 working hours for your decision at level 1/2 manager. Approve or reject it on the approval card.',
      ],
    ]);
    expect(await cardsTo('vp')).toEqual([]);

    // 12 working hours: Friday's half hour, Monday's nine, Tuesday 09:00-11:30.
    clock.set('2026-11-10T03:29:00Z');
    expect(await twoWorkers()).toEqual({ reminded: 0, escalated: 0 });
    clock.set('2026-11-10T03:30:00Z');
    expect(await twoWorkers()).toEqual({ reminded: 0, escalated: 1 });
    expect(await twoWorkers()).toEqual({ reminded: 0, escalated: 0 });
    // Vera reads Chinese.
    expect((await cardsTo('vp')).map((c) => [c.title, c.body])).toEqual([
      [
        `升级：订单 ${created.number} 卡在 Wang Boss`,
        '已在 1/2 销售主管 级等待 Wang Boss 12 个工作小时，请跟进。',
      ],
    ]);

    // The manager approves Tuesday 16:00 Shanghai, 09:00 in Berlin: legal's clock starts now, on Berlin's hours.
    clock.set('2026-11-10T08:00:00Z');
    const [managerApproval] = await database.db
      .select()
      .from(approvals)
      .where(eq(approvals.approverId, people.boss?.id ?? ''));
    await decideApproval(
      deps,
      { kind: 'user', user: people.boss as UserRow },
      { approvalId: managerApproval?.id ?? '', decision: 'approve' },
    );
    const before = await countRows(database, 'outbox');
    expect(await twoWorkers()).toEqual({ reminded: 0, escalated: 0 });
    expect(await countRows(database, 'outbox')).toBe(before);
    // 13:00 in Berlin (12:00Z); on Shanghai's hours it would have been Wednesday 11:00.
    clock.set('2026-11-10T11:59:00Z');
    expect(await twoWorkers()).toEqual({ reminded: 0, escalated: 0 });
    clock.set('2026-11-10T12:00:00Z');
    expect(await twoWorkers()).toEqual({ reminded: 1, escalated: 0 });
    expect((await cardsTo('law')).at(-1)?.body).toContain(
      '4 working hours for your decision at level 2/2 legal',
    );

    const audits = await database.pool.query(
      "select action, after from audit_log where action in ('approval.remind','approval.escalate') order by id",
    );
    expect(
      audits.rows.map((r: { action: string; after: { hours: number } }) => [r.action, r.after.hours]),
    ).toEqual([
      ['approval.remind', 4],
      ['approval.escalate', 12],
      ['approval.remind', 4],
    ]);
  });
});
