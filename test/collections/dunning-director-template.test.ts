import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDunningReminders } from '../../src/app/collections/send-dunning-reminders.ts';
import { PolicyError, parsePolicy } from '../../src/config/load-policy.ts';
import { openDatabase } from '../../src/db/client.ts';
import { customers, installments, users } from '../../src/db/schema.ts';
import { testClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { examplePolicyFile, testDeps } from '../helpers/deps.ts';
import { insertOrder, insertTeam, outboxRows, type Team } from './fixtures.ts';

const at = (day: string) => `${day}T01:00:00Z`;
const exampleText = readFileSync(examplePolicyFile, 'utf8');

// The commented full ladder of closeloop.yaml, uncommented in place of the active one.
function withLadder(ladder: string): string {
  return exampleText.replace(/^dunning:\n(?:[ \t]+.*\n)+/m, `dunning:\n${ladder}`);
}
const exampleLadder = exampleText
  .split('\n')
  .filter((l) => /^\s*# - \{ at: /.test(l) && !l.includes('credit_hold }   #'))
  .map((l) => l.replace('# ', ''))
  .join('\n');

describe('dunning policy: director and templates', () => {
  it('the example ladder in closeloop.yaml parses: director and a template per step', () => {
    const policy = parsePolicy(withLadder(`${exampleLadder}\n`), 'closeloop.yaml');
    expect(
      policy.dunning.map((s) => [s.offsetDays, s.notify.join('+'), s.template ?? '-', s.creditHold ?? false]),
    ).toEqual([
      [-7, 'rep', '-', false],
      [-3, 'rep', '-', false],
      [0, 'rep+finance', '-', false],
      [1, 'customer', 'gentle', false],
      [7, 'rep+manager', 'firm', false],
      [15, 'manager+director', 'final', false],
      [30, 'rep+manager+finance', '-', true],
    ]);
  });

  it.each([
    [
      '  - { at: 0d, notify: [rep, boss] }\n',
      'at dunning[1].notify[2] (the 1st dunning step, the 2nd entry)',
      'rep, manager, director, finance, customer',
    ],
    [
      '  - { at: 0d, notify: [rep], template: stern }\n',
      'at dunning[1].template (the 1st dunning step)',
      'gentle, firm, final',
    ],
  ])('%s is refused naming the path and the allowed values', (ladder, path, allowed) => {
    let error: unknown;
    try {
      parsePolicy(withLadder(ladder), 'closeloop.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyError);
    const message = (error as Error).message;
    expect(message).toContain(path);
    expect(message).toContain(allowed);
  });
});

describe('sendDunningReminders: director and templates', () => {
  let database: TestDatabase;
  let second: ReturnType<typeof openDatabase>;
  let team: Team;
  let directorId: string;
  let vpId: string;
  const clock = testClock(at('2026-11-01'));
  let deps: ReturnType<typeof testDeps>;

  beforeAll(async () => {
    database = await createTestDatabase();
    second = openDatabase(database.url, 5);
    const ladder = [
      '  - { at: 1d, notify: [customer], template: gentle }',
      '  - { at: 2d, notify: [customer], template: final }',
      '  - { at: 15d, notify: [manager, director], template: final }',
    ].join('\n');
    deps = testDeps(database, { clock, policy: parsePolicy(withLadder(`${ladder}\n`), 'test.yaml') });
    team = await insertTeam(database);
    const [director, vp] = await database.db
      .insert(users)
      .values([
        { email: 'dir@example.com', name: 'Sun Director', roles: ['director'], locale: 'en' },
        { email: 'vp@example.com', name: 'Qian VP', roles: ['manager'], locale: 'zh-CN' },
      ])
      .returning();
    await database.db.update(customers).set({ locale: 'en' }).where(eq(customers.id, team.customer.id));
    directorId = director!.id;
    vpId = vp!.id;
    const base = { ownerId: team.rep.id, customerId: team.customer.id };
    const so1 = await insertOrder(database, {
      ...base,
      number: 'SO-2026-00001',
      parts: [{ dueOn: '2026-11-10', amountMinor: 100_000 }],
    });
    await database.db
      .update(installments)
      .set({ invoiceNo: 'INV-2026-0101', invoiceOn: '2026-11-01' })
      .where(eq(installments.id, so1.installmentIds[0]!));
    await insertOrder(database, {
      ...base,
      number: 'SO-2026-00002',
      parts: [{ dueOn: '2026-11-09', amountMinor: 5_000 }],
    });
  });

  afterAll(async () => {
    await second.close();
    await database.close();
  });

  const emails = async () =>
    (await database.pool.query('select "to", subject, body from customer_emails order by created_at'))
      .rows as {
      to: string;
      subject: string;
      body: string;
    }[];

  it('one email per customer and day, in the sternest wording of the steps that fired, by two workers at once', async () => {
    clock.set(at('2026-11-10'));
    await sendDunningReminders(deps);
    expect((await emails()).map((e) => e.subject)).toEqual([
      `A friendly payment reminder from ${deps.policy.org.name}`,
    ]);

    // SO-1 reaches +1 (gentle) and SO-2 +2 (final) the same day: one email, final wording, both orders.
    clock.set(at('2026-11-11'));
    const other = { ...deps, db: second.db };
    await Promise.all([sendDunningReminders(deps), sendDunningReminders(other)]);
    const all = await emails();
    expect(all).toHaveLength(2);
    const last = all[1]!;
    expect(last.subject).toBe(`Final notice: overdue payment to ${deps.policy.org.name}`);
    expect(last.body).toContain('Final notice: the following payments are still unpaid');
    // The customer pays against the invoice: its number is in the email beside the installment.
    expect(last.body).toMatch(/Order SO-2026-00001 \(Part 1\): [^\n]* · invoice INV-2026-0101\n/);
    expect(last.body).toContain('SO-2026-00002');
    const rep = await outboxRows(database, `dunning:${team.customer.id}:2026-11-11:user:${team.rep.id}`);
    expect(rep).toHaveLength(1);
  });

  it('a director step tells the director role when the manager has no manager, else the manager’s manager', async () => {
    clock.set(at('2026-11-12')); // SO-1's last customer step, out of the way
    await sendDunningReminders(deps);
    clock.set(at('2026-11-24'));
    await sendDunningReminders(deps);
    const day1 = await outboxRows(database, `dunning:${team.customer.id}:2026-11-24:`);
    expect(day1.map((r) => r.destination).sort()).toEqual(
      [`user:${directorId}`, `user:${team.manager.id}`].sort(),
    );
    const toDirector = day1.find((r) => r.destination === `user:${directorId}`)!;
    expect(toDirector.card.body).toContain('the manager has been told');
    expect((toDirector.card as { context?: string }).context).toBe(
      'Dunning step: 15 days after due (final) · SO-2026-00002',
    );

    await database.db.update(users).set({ managerId: vpId }).where(eq(users.id, team.manager.id));
    clock.set(at('2026-11-25'));
    await sendDunningReminders(deps);
    const day2 = await outboxRows(database, `dunning:${team.customer.id}:2026-11-25:`);
    expect(day2.map((r) => r.destination).sort()).toEqual([`user:${team.manager.id}`, `user:${vpId}`].sort());
  });
});
