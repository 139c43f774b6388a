import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerEmailsJob } from '../../jobs/customer-emails.ts';
import { dunningRemindersJob } from '../../jobs/dunning-reminders.ts';
import { runTextCommand } from '../../src/app/commands/run-text-command.ts';
import { openCard } from '../../src/app/crypto/seal-card.ts';
import { requireUser } from '../../src/app/roster/find-user.ts';
import { openDatabase } from '../../src/db/client.ts';
import { addDays } from '../../src/domain/time.ts';
import { testClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { examplePolicy, testDeps, testKeyring } from '../helpers/deps.ts';
import { insertOrder, insertTeam, type Team } from './fixtures.ts';

interface Received {
  day: string;
  to: string;
  subject: string;
  text: string;
}

// Quoted-printable soft breaks and escapes, enough for the plain ASCII English emails of this test.
function decode(raw: string): { headers: string; text: string } {
  const [headers = '', body = ''] =
    raw.split(/\r?\n\r?\n/, 2).length === 2
      ? [raw.slice(0, raw.search(/\r?\n\r?\n/)), raw.slice(raw.search(/\r?\n\r?\n/)).trim()]
      : [raw, ''];
  return {
    headers,
    text: body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
  };
}

describe('dunning over 60 days: five installments of one customer, two workers, a real SMTP server', () => {
  let database: TestDatabase;
  let second: ReturnType<typeof openDatabase>;
  let team: Team;
  let smtp: SMTPServer;
  let smtpUrl = '';
  const inbox: Received[] = [];
  let today = '2026-11-01';
  const clock = testClock('2026-11-01T01:00:00Z');
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
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        let raw = '';
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => {
          raw += chunk;
        });
        stream.on('end', () => {
          const { headers, text } = decode(raw);
          inbox.push({
            day: today,
            to: session.envelope.rcptTo.map((r) => r.address).join(','),
            subject: /^Subject: (.*)$/m.exec(headers)?.[1] ?? '',
            text,
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;

    database = await createTestDatabase();
    second = openDatabase(database.url, 5);
    deps = testDeps(database, { clock, policy });
    team = await insertTeam(database);
    // The customer reads English although the org writes Chinese.
    await database.pool.query(`update customers set locale = 'en' where id = $1`, [team.customer.id]);
    const base = { ownerId: team.rep.id, customerId: team.customer.id };
    const plan: [string, string, string, number][] = [
      ['i1', 'SO-2026-00101', '2026-11-06', 100_000],
      ['i2', 'SO-2026-00102', '2026-11-06', 50_000],
      ['i3', 'SO-2026-00103', '2026-11-21', 30_000],
      ['i4', 'SO-2026-00104', '2026-12-01', 80_000],
      ['i5', 'SO-2026-00105', '2026-12-11', 20_000],
    ];
    for (const [key, number, dueOn, amountMinor] of plan) {
      ids[key] = (await insertOrder(database, { ...base, number, parts: [{ dueOn, amountMinor }] }))
        .installmentIds[0] as string;
    }
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await second.close();
    await database.close();
  });

  it('sends exactly this sequence of chat messages and emails', async () => {
    const rep = { kind: 'user' as const, user: await requireUser(deps, { by: 'id', id: team.rep.id }) };
    const other = { ...deps, db: second.db };
    for (let day = 0; day < 60; day++) {
      today = addDays('2026-11-01', day);
      clock.set(`${today}T01:00:00Z`);
      // Things people do that day, before the 09:00 run.
      if (today === '2026-11-19')
        await database.pool.query('update installments set paid_minor = amount_minor where id = $1', [
          ids.i3,
        ]);
      if (today === '2026-11-29') {
        const reply = await runTextCommand(deps, rep, 'ar promise SO-2026-00104 12-05');
        expect(reply.text).toBe(
          'Noted: SO-2026-00104 promised for 2026-12-05. Reminders for it wait until then.',
        );
      }
      // Two instances run the job at once, then the email worker delivers through SMTP.
      await Promise.all([dunningRemindersJob.run(deps), dunningRemindersJob.run(other)]);
      await customerEmailsJob({ url: smtpUrl, from: 'ar@demo.example' }).run(deps);
    }

    const posts = await database.pool.query(
      `select ref_key, destination, card from outbox where op = 'post' order by id`,
    );
    const who = (d: string) =>
      d === `user:${team.rep.id}`
        ? 'rep'
        : d === `user:${team.manager.id}`
          ? 'manager'
          : d.replace('channel:', '#');
    const chat = posts.rows.map((r) => {
      const day = /:(\d{4}-\d{2}-\d{2}):/.exec(r.ref_key)?.[1] ?? 'promise';
      return `${day} ${who(r.destination)}: ${r.card.title}`;
    });
    expect(chat).toEqual([
      // i1 and i2 fall due the same day: one message per recipient, not one per installment.
      '2026-11-03 rep: 2 payments of Acme Tools need attention',
      '2026-11-06 rep: 2 payments of Acme Tools need attention',
      '2026-11-06 #finance: Acme Tools 有 2 笔款项需要跟进',
      // The customer step emails the customer and tells the rep it did.
      '2026-11-07 rep: 2 payments of Acme Tools need attention',
      '2026-11-13 rep: 2 payments of Acme Tools need attention',
      '2026-11-13 manager: 2 payments of Acme Tools need attention',
      // The +7d step has task: true — one follow-up task card per installment, to the rep (no dated key).
      'promise rep: Follow-up task T-000001: SO-2026-00101',
      'promise rep: Follow-up task T-000002: SO-2026-00102',
      // i3: reminded before its due date, then paid on 11-19 — nothing more for it.
      '2026-11-18 rep: Payment due in 3 days: SO-2026-00103',
      // i4: reminded on 11-28; the promise (11-29, for 12-05) holds its due-date and customer steps.
      '2026-11-28 rep: Payment due in 3 days: SO-2026-00104',
      // The promise is broken on 12-06: the rep hears it and the ladder resumes with the step due now.
      'promise rep: Promise broken: SO-2026-00104',
      '2026-12-06 rep: Payment 5 days overdue: SO-2026-00104',
      // 12-08: i4's +7d and i5's -3d fall together.
      '2026-12-08 rep: 2 payments of Acme Tools need attention',
      '2026-12-08 manager: Payment 7 days overdue: SO-2026-00104',
      'promise rep: Follow-up task T-000003: SO-2026-00104',
      '2026-12-11 rep: Payment due today: SO-2026-00105',
      '2026-12-11 #finance: 今天到期：SO-2026-00105',
      '2026-12-12 rep: Payment 1 days overdue: SO-2026-00105',
      '2026-12-18 rep: Payment 7 days overdue: SO-2026-00105',
      '2026-12-18 manager: Payment 7 days overdue: SO-2026-00105',
      'promise rep: Follow-up task T-000004: SO-2026-00105',
    ]);
    expect(inbox.map((m) => `${m.day} ${m.to}: ${m.subject}`)).toEqual([
      '2026-11-07 ap@acme.example: Payment reminder from Demo Trading Co.',
      '2026-12-06 ap@acme.example: Payment reminder from Demo Trading Co.',
      '2026-12-12 ap@acme.example: Payment reminder from Demo Trading Co.',
    ]);
    // One email for both installments due 11-06, in English, with what is still owed.
    expect(inbox[0]!.text).toContain('Dear Acme Tools,');
    expect(inbox[0]!.text).toContain(
      '- Order SO-2026-00101 (Part 1): CNY 1,000.00, due 2026-11-06, 1 days overdue',
    );
    expect(inbox[0]!.text).toContain(
      '- Order SO-2026-00102 (Part 1): CNY 500.00, due 2026-11-06, 1 days overdue',
    );
    expect(inbox[1]!.text).toContain(
      '- Order SO-2026-00104 (Part 1): CNY 800.00, due 2026-12-01, 5 days overdue',
    );
    expect(inbox[1]!.text).not.toContain('SO-2026-00101');
    const rep1107 = await database.pool.query(`select card from outbox where ref_key = $1`, [
      `dunning:${team.customer.id}:2026-11-07:user:${team.rep.id}`,
    ]);
    // The address is sealed in the row; the rep's copy, opened as the worker sends it, names it.
    expect(openCard(testKeyring(), rep1107.rows[0].card).body).toContain(
      'A reminder email goes to the customer at ap@acme.example.',
    );
    const promise = await database.pool.query('select status from payment_promises');
    expect(promise.rows).toEqual([{ status: 'broken' }]);
  });
});
