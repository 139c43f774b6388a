import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dunningRemindersJob } from '../../jobs/dunning-reminders.ts';
import { sendDunningReminders } from '../../src/app/collections/send-dunning-reminders.ts';
import { openDatabase } from '../../src/db/client.ts';
import { testClock } from '../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { examplePolicy, testDeps } from '../helpers/deps.ts';
import { insertOrder, insertTeam, outboxRows, type Team } from './fixtures.ts';

// 09:00 in Asia/Shanghai on the given day.
const at = (day: string) => `${day}T01:00:00Z`;

describe('sendDunningReminders', () => {
  let database: TestDatabase;
  let second: ReturnType<typeof openDatabase>;
  let team: Team;
  const clock = testClock(at('2026-10-28'));
  const policy = {
    ...examplePolicy(),
    dunning: [
      { offsetDays: -3, notify: ['rep' as const], task: false },
      { offsetDays: 0, notify: ['rep' as const, 'finance' as const], task: false },
      { offsetDays: 1, notify: ['customer' as const], task: false },
      { offsetDays: 7, notify: ['rep' as const, 'manager' as const], task: true },
    ],
  };
  let deps: ReturnType<typeof testDeps>;
  let late: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    second = openDatabase(database.url, 5);
    deps = testDeps(database, { clock, policy });
    team = await insertTeam(database);
    const base = { ownerId: team.rep.id, customerId: team.customer.id };
    await insertOrder(database, {
      ...base,
      number: 'SO-2026-00001',
      parts: [{ dueOn: '2026-11-10', amountMinor: 100_000, label: 'On signing' }],
    });
    late = (
      await insertOrder(database, {
        ...base,
        number: 'SO-2026-00002',
        parts: [{ dueOn: '2026-11-01', amountMinor: 5_000 }],
      })
    ).installmentIds[0]!;
    await insertOrder(database, {
      ...base,
      number: 'SO-2026-00003',
      parts: [{ dueOn: '2026-11-10', amountMinor: 7_000, paidMinor: 7_000 }],
    });
    await insertOrder(database, {
      ...base,
      number: 'SO-2026-00004',
      status: 'pending_approval',
      parts: [{ dueOn: '2026-11-10', amountMinor: 7_000 }],
    });
  });

  afterAll(async () => {
    await second.close();
    await database.close();
  });

  // The day's one message per recipient for the customer.
  const cardsOn = async (day: string) =>
    (await outboxRows(database, `dunning:${team.customer.id}:${day}:`)).map((r) => ({
      to: r.destination,
      title: r.card.title,
      body: r.card.body ?? '',
    }));
  const emails = async () =>
    (
      await database.pool.query(
        'select idempotency_key, "to", subject, body, locale from customer_emails order by created_at',
      )
    ).rows.map((r) => ({ ...r, to: deps.keyring.decrypt(r.to) }));

  it('sends nothing before the first step', async () => {
    expect(await sendDunningReminders(deps)).toEqual({ today: '2026-10-28', sent: 0, skipped: 0, held: 0 });
    expect(await countRows(database, 'outbox')).toBe(0);
  });

  it('two workers on two pools at once send exactly one set; a missed ladder sends only its latest step', async () => {
    clock.set(at('2026-11-07'));
    const other = { ...deps, db: second.db };
    const [a, b] = await Promise.all([sendDunningReminders(deps), sendDunningReminders(other)]);
    expect(a.sent + b.sent).toBe(2);
    expect(a.skipped + b.skipped).toBe(2);
    // Both of Acme's installments speak to the rep today: one message listing both, not two.
    const cards = await cardsOn('2026-11-07');
    expect(cards.map((c) => [c.to, c.title])).toEqual([
      [`user:${team.rep.id}`, '2 payments of Acme Tools need attention'],
    ]);
    expect(cards[0]!.body).toContain(
      '- SO-2026-00002 · Part 1 · due 2026-11-01 · CNY 50.00 · 6 days overdue',
    );
    expect(cards[0]!.body).toContain('- SO-2026-00001 · On signing · due 2026-11-10 · CNY 1,000.00');
    expect(cards[0]!.body).toContain('A reminder email goes to the customer at ap@acme.example.');
    // Due 11-01 and first seen on 11-07: the -3d and 0d reminders would be stale, so only +1d (customer) goes out,
    // by email in the customer's language (the org's zh-CN, as the customer has none set).
    expect(await emails()).toEqual([
      {
        idempotency_key: `dunning:${team.customer.id}:2026-11-07`,
        to: 'ap@acme.example',
        subject: 'Demo Trading Co. 付款提醒',
        body: expect.stringContaining('- 订单 SO-2026-00002（Part 1）：¥50.00，2026-11-01 到期，已逾期 6 天'),
        locale: 'zh-CN',
      },
    ]);
    const events = await database.pool.query(
      'select offset_days from dunning_events where installment_id = $1 order by offset_days',
      [late],
    );
    expect(events.rows.map((r) => r.offset_days)).toEqual([-3, 0, 1]);
    const audit = await database.pool.query(
      `select action, count(*)::int as n from audit_log where action like 'dunning.%' group by action order by action`,
    );
    expect(audit.rows).toEqual([
      { action: 'dunning.remind', n: 2 },
      { action: 'dunning.skip', n: 2 },
    ]);
  });

  it('a rerun on the same day (a restart) sends nothing again', async () => {
    clock.set('2026-11-07T09:30:00Z');
    const before = await countRows(database, 'outbox');
    expect(await sendDunningReminders(deps)).toMatchObject({ sent: 0, skipped: 0 });
    expect(await countRows(database, 'outbox')).toBe(before);
  });

  it('on the due date: the rep and the finance channel', async () => {
    // Paid before its +7d step (11-08) came: it gets no further reminder.
    await database.pool.query('update installments set paid_minor = amount_minor where id = $1', [late]);
    clock.set(at('2026-11-09'));
    expect(await sendDunningReminders(deps)).toMatchObject({ sent: 0 });
    clock.set(at('2026-11-10'));
    expect(await sendDunningReminders(deps)).toMatchObject({ today: '2026-11-10', sent: 1 });
    expect((await cardsOn('2026-11-10')).map((c) => [c.to, c.title])).toEqual([
      [`user:${team.rep.id}`, 'Payment due today: SO-2026-00001'],
      ['channel:finance', '今天到期：SO-2026-00001'],
    ]);
  });

  it('the org-local date decides the day: 23:30 UTC on the 10th is already the 11th in Shanghai', async () => {
    clock.set('2026-11-10T15:30:00Z');
    const r = await sendDunningReminders(deps);
    expect(r).toMatchObject({ today: '2026-11-10', sent: 0 });
    clock.set('2026-11-10T16:30:00Z');
    expect(await sendDunningReminders(deps)).toMatchObject({ today: '2026-11-11', sent: 1 });
    expect((await cardsOn('2026-11-11')).map((c) => c.to)).toEqual([`user:${team.rep.id}`]);
    expect((await emails()).map((e) => e.idempotency_key)).toEqual([
      `dunning:${team.customer.id}:2026-11-07`,
      `dunning:${team.customer.id}:2026-11-11`,
    ]);
  });

  it('a week overdue: the rep and the manager, with a follow-up task; a paid installment is left alone', async () => {
    clock.set(at('2026-11-17'));
    expect(await dunningRemindersJob.run(deps)).toMatchObject({ sent: 1, skipped: 0 });
    const week = await outboxRows(database, `dunning:${team.customer.id}:2026-11-17:`);
    expect(week.map((r) => r.destination)).toEqual([`user:${team.rep.id}`, `user:${team.manager.id}`]);
    expect(week[0]?.card.title).toBe('Payment 7 days overdue: SO-2026-00001');
    expect(week[1]?.card.body).toContain('A follow-up task is open for Li Rep.');
    expect(week[1]?.card.fields).toContainEqual({ label: 'Outstanding', value: 'CNY 1,000.00' });
    expect(week.every((r) => !r.card.body?.includes('SO-2026-00002'))).toBe(true);
  });

  it('over the whole run: one reminder per installment and step, never for paid or unapproved orders', async () => {
    clock.set(at('2026-12-31'));
    await sendDunningReminders(deps);
    const r = await database.pool.query(
      `select o.number, count(*)::int as n from dunning_events e join installments i on i.id = e.installment_id
       join orders o on o.id = i.order_id group by o.number order by o.number`,
    );
    expect(r.rows).toEqual([
      { number: 'SO-2026-00001', n: 4 },
      { number: 'SO-2026-00002', n: 3 },
    ]);
    const posts = await database.pool.query(
      `select ref_key, destination, count(*)::int as n from outbox where op = 'post' group by 1, 2 having count(*) > 1`,
    );
    expect(posts.rows).toEqual([]);
  });
});
