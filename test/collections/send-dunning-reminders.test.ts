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
  let main: string;
  let late: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    second = openDatabase(database.url, 5);
    deps = testDeps(database, { clock, policy });
    team = await insertTeam(database);
    const base = { ownerId: team.rep.id, customerId: team.customer.id };
    main = (
      await insertOrder(database, {
        ...base,
        number: 'SO-2026-00001',
        parts: [{ dueOn: '2026-11-10', amountMinor: 100_000, label: 'On signing' }],
      })
    ).installmentIds[0]!;
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

  const cardsOf = async (installmentId: string) =>
    (await outboxRows(database, `installment:${installmentId}:`)).map((r) => ({
      refKey: r.refKey.replace(installmentId, 'I'),
      to: r.destination,
      title: r.card.title,
    }));

  it('sends nothing before the first step', async () => {
    expect(await sendDunningReminders(deps)).toEqual({ today: '2026-10-28', sent: 0, skipped: 0 });
    expect(await countRows(database, 'outbox')).toBe(0);
  });

  it('two workers on two pools at once send exactly one set; a missed ladder sends only its latest step', async () => {
    clock.set(at('2026-11-07'));
    const other = { ...deps, db: second.db };
    const [a, b] = await Promise.all([sendDunningReminders(deps), sendDunningReminders(other)]);
    expect(a.sent + b.sent).toBe(2);
    expect(a.skipped + b.skipped).toBe(2);
    expect(await cardsOf(main)).toEqual([
      {
        refKey: 'installment:I:dunning:-3',
        to: `user:${team.rep.id}`,
        title: 'Payment due in 3 days: SO-2026-00001',
      },
    ]);
    // Due 11-01 and first seen on 11-07: the -3d and 0d reminders would be stale, so only +1d (customer) goes out.
    const lateCards = await outboxRows(database, `installment:${late}:`);
    expect(lateCards.map((r) => [r.refKey.replace(late, 'I'), r.destination])).toEqual([
      ['installment:I:dunning:1', `user:${team.rep.id}`],
    ]);
    expect(lateCards[0]?.card.body).toContain('Reminder for the customer');
    expect(lateCards[0]?.card.body).toContain('ap@acme.example');
    // The customer's text is in the org language (zh-CN) while the rep reads the card in English.
    expect(lateCards[0]?.card.body).toContain('尊敬的Acme Tools');
    expect(lateCards[0]?.card.body).toContain('逾期 6 天');
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
    const due = (await cardsOf(main)).filter((c) => c.refKey.endsWith(':0'));
    expect(due).toEqual([
      {
        refKey: 'installment:I:dunning:0',
        to: `user:${team.rep.id}`,
        title: 'Payment due today: SO-2026-00001',
      },
      { refKey: 'installment:I:dunning:0', to: 'channel:finance', title: '今天到期：SO-2026-00001' },
    ]);
  });

  it('the org-local date decides the day: 23:30 UTC on the 10th is already the 11th in Shanghai', async () => {
    clock.set('2026-11-10T15:30:00Z');
    const r = await sendDunningReminders(deps);
    expect(r).toMatchObject({ today: '2026-11-10', sent: 0 });
    clock.set('2026-11-10T16:30:00Z');
    expect(await sendDunningReminders(deps)).toMatchObject({ today: '2026-11-11', sent: 1 });
    const customerStep = (await outboxRows(database, `installment:${main}:dunning:1`)).map(
      (r) => r.destination,
    );
    expect(customerStep).toEqual([`user:${team.rep.id}`]);
  });

  it('a week overdue: the rep and the manager, with a follow-up task; a paid installment is left alone', async () => {
    clock.set(at('2026-11-17'));
    expect(await dunningRemindersJob.run(deps)).toMatchObject({ sent: 1, skipped: 0 });
    const week = await outboxRows(database, `installment:${main}:dunning:7`);
    expect(week.map((r) => r.destination)).toEqual([`user:${team.rep.id}`, `user:${team.manager.id}`]);
    expect(week[0]?.card.title).toBe('Payment 7 days overdue: SO-2026-00001');
    expect(week[1]?.card.body).toContain('A follow-up task is open for Li Rep.');
    expect(week[1]?.card.fields).toContainEqual({ label: 'Outstanding', value: 'CNY 1,000.00' });
    expect(await outboxRows(database, `installment:${late}:dunning:7`)).toEqual([]);
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
