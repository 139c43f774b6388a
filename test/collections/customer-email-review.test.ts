import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerEmailsJob } from '../../jobs/customer-emails.ts';
import { dunningRemindersJob } from '../../jobs/dunning-reminders.ts';
import { dispatchAction } from '../../src/app/commands/dispatch-action.ts';
import { requireUser } from '../../src/app/roster/find-user.ts';
import { openDatabase } from '../../src/db/client.ts';
import { testClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { examplePolicy, testDeps } from '../helpers/deps.ts';
import { insertOrder, insertTeam, outboxRows, type Team } from './fixtures.ts';

describe('customer reminder emails: the rep previews, sends now or skips; untouched, it goes at the cut-off', () => {
  let database: TestDatabase;
  let second: ReturnType<typeof openDatabase>;
  let team: Team;
  let smtp: SMTPServer;
  let smtpUrl = '';
  const inbox: { subject: string; raw: string }[] = [];
  const clock = testClock('2026-11-02T01:00:00Z');
  const base = examplePolicy();
  const policy = {
    ...base,
    dunning: [1, 7, 14].map((offsetDays) => ({ offsetDays, notify: ['customer' as const], task: false })),
    collections: { customerEmail: { reviewMinutes: 120 } },
  };
  let deps: ReturnType<typeof testDeps>;

  const actorFor = async (id: string) => ({
    kind: 'user' as const,
    user: await requireUser(deps, { by: 'id', id }),
  });
  const click = async (action: string, emailId: string, userId = team.rep.id) =>
    dispatchAction(deps, await actorFor(userId), { action, entityId: emailId });
  // Two instances deliver at once: each email still goes once.
  const deliver = () =>
    Promise.all([
      customerEmailsJob({ url: smtpUrl, from: 'ar@demo.example' }).run(deps),
      customerEmailsJob({ url: smtpUrl, from: 'ar@demo.example' }).run({ ...deps, db: second.db }),
    ]);
  const emailOf = async (day: string) =>
    (
      await database.pool.query(
        `select id, status, reviewer_id from customer_emails where idempotency_key = $1`,
        [`dunning:${team.customer.id}:${day}`],
      )
    ).rows[0];
  const reviewCard = async (emailId: string) =>
    (await outboxRows(database, `email:${emailId}:review`)).at(-1)?.card;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, callback) {
        let raw = '';
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => {
          raw += chunk;
        });
        stream.on('end', () => {
          inbox.push({ subject: /^Subject: (.*)$/m.exec(raw)?.[1] ?? '', raw });
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
    await database.pool.query(`update customers set locale = 'en' where id = $1`, [team.customer.id]);
    await insertOrder(database, {
      number: 'SO-2026-00091',
      ownerId: team.rep.id,
      customerId: team.customer.id,
      parts: [{ dueOn: '2026-11-01', amountMinor: 120_000 }],
    });
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await second.close();
    await database.close();
  });

  it('the rep gets a preview with Send now / Skip; Send now sends it once, before the cut-off', async () => {
    await dunningRemindersJob.run(deps);
    const email = await emailOf('2026-11-02');
    expect(email).toMatchObject({ status: 'pending', reviewer_id: team.rep.id });
    const card = await reviewCard(email.id);
    expect(card?.title).toBe('Reminder email to Acme Tools: send or skip?');
    expect(card?.body).toContain(
      'This email goes to the customer at 2026-11-02 11:00 unless you send it now or skip it.',
    );
    expect(card?.body).toContain('> Dear Acme Tools,');
    expect(card?.body).toContain(
      '> - Order SO-2026-00091 (Part 1): CNY 1,200.00, due 2026-11-01, 1 days overdue',
    );
    expect(card?.fields).toContainEqual({ label: 'To', value: 'ap@acme.example' });
    expect(card?.actions.map((a) => a.id)).toEqual(['email.send', 'email.skip']);
    const dunning = await outboxRows(database, `dunning:${team.customer.id}:2026-11-02:user:${team.rep.id}`);
    expect(dunning[0]?.card.body).toContain('waits for your review');

    await deliver();
    expect(inbox).toHaveLength(0);
    // Someone else's rep may not decide it.
    expect((await click('email.send', email.id, team.outsider.id)).tone).toBe('danger');
    const sent = await click('email.send', email.id);
    expect(sent).toMatchObject({
      tone: 'success',
      text: 'The reminder email to ap@acme.example goes out now.',
    });
    expect((await click('email.skip', email.id)).tone).toBe('info');
    await deliver();
    await deliver();
    expect(inbox.map((m) => m.subject)).toEqual(['Payment reminder from Demo Trading Co.']);
    expect((await emailOf('2026-11-02')).status).toBe('sent');
    expect((await reviewCard(email.id))?.body).toContain('📨 Sent on request by Li Rep');
    expect((await reviewCard(email.id))?.actions).toEqual([]);
  });

  it('Skip stops that email only, audited; the next one still comes for review', async () => {
    clock.set('2026-11-08T01:00:00Z');
    await dunningRemindersJob.run(deps);
    const email = await emailOf('2026-11-08');
    const skipped = await click('email.skip', email.id);
    expect(skipped.text).toBe('Skipped: the reminder email to ap@acme.example will not be sent.');
    expect((await click('email.send', email.id)).text).toBe('That email is no longer waiting (skipped).');
    clock.set('2026-11-08T05:00:00Z');
    await deliver();
    expect(inbox).toHaveLength(1);
    expect((await emailOf('2026-11-08')).status).toBe('skipped');
    expect((await reviewCard(email.id))?.body).toContain('⏭️ Skipped by Li Rep');
    const audit = await database.pool.query(
      `select actor_id, after from audit_log where action = 'customer_email.skip' and entity_id = $1`,
      [email.id],
    );
    expect(audit.rows).toEqual([{ actor_id: team.rep.id, after: { status: 'skipped' } }]);
  });

  it('untouched, it goes at the cut-off — exactly once with two workers — and the card says so', async () => {
    clock.set('2026-11-15T01:00:00Z');
    await dunningRemindersJob.run(deps);
    const email = await emailOf('2026-11-15');
    clock.set('2026-11-15T02:59:00Z');
    await deliver();
    expect(inbox).toHaveLength(1);
    clock.set('2026-11-15T03:00:00Z');
    await deliver();
    await deliver();
    expect(inbox).toHaveLength(2);
    expect((await emailOf('2026-11-15')).status).toBe('sent');
    expect((await reviewCard(email.id))?.body).toContain('📨 Sent at 2026-11-15 11:00: nobody skipped it.');
    expect((await click('email.skip', email.id)).text).toBe('That email is no longer waiting (sent).');
  });
});
