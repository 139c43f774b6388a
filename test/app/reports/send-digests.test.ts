import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dailyDigestJob } from '../../../jobs/daily-digest.ts';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { sendDigests } from '../../../src/app/reports/send-digests.ts';
import { openDatabase } from '../../../src/db/client.ts';
import {
  bankTransactions,
  customers,
  installments,
  leads,
  orders,
  paymentPromises,
  reconExceptions,
  users,
} from '../../../src/db/schema.ts';
import { DomainError } from '../../../src/domain/errors.ts';
import { digestUsage } from '../../../src/messages/catalogue/digest.ts';
import { errorText } from '../../../src/messages/catalogue/errors.ts';
import type { Card } from '../../../src/messages/model.ts';
import { outboxRows } from '../../collections/fixtures.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { examplePolicy, testDeps } from '../../helpers/deps.ts';

// Wednesday 11 November 2026, 09:05 in Shanghai: yesterday is Tue 10 Nov, compared with Tue 3 Nov; month to date is
// 1–10 November (10 of 30 days, so a 300,000 monthly target comes to 100,000).
const d = (iso: string) => new Date(iso);
const field = (card: Card, label: string) => card.fields.find((f) => f.label === label)?.value;

describe('the team digest (daily and weekly)', () => {
  let database: TestDatabase;
  let deps: AppDeps;
  const clock = testClock('2026-11-11T00:55:00Z');
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    database = await createTestDatabase();
    const policy = examplePolicy();
    policy.targets.monthly = { byRole: {}, byTeam: {} };
    deps = testDeps(database, { policy, clock });
    const person = async (
      key: string,
      name: string,
      roles: string[],
      managerKey: string | null,
      extra = {},
    ) => {
      const [u] = await database.db
        .insert(users)
        .values({
          email: `${key}@example.com`,
          name,
          roles,
          managerId: managerKey ? ids[managerKey] : null,
          locale: 'en',
          ...extra,
        })
        .returning({ id: users.id });
      ids[key] = u!.id;
    };
    await person('admin', 'Ada Admin', ['admin'], null);
    await person('fin', 'Fay Finance', ['finance'], null);
    await person('dir', 'Dana Director', ['director'], null);
    await person('mia', 'Mia Manager', ['manager'], 'dir');
    await person('max', 'Max Manager', ['manager'], 'dir');
    await person('r1', 'Rita Rep', ['rep'], 'mia', { targetMonthlyMinor: 300_000 });
    await person('r2', 'Ravi Rep', ['rep'], 'mia', { targetMonthlyMinor: 300_000 });
    await person('r3', 'Rosa Rep', ['rep'], 'mia', { targetMonthlyMinor: 300_000 });
    await person('r4', 'Remy Rep', ['rep'], 'mia', { targetMonthlyMinor: 300_000 });
    await person('ber', 'Bernd Berlin', ['manager'], null, { timezone: 'Europe/Berlin' });
    await person('rb', 'Rolf Rep', ['rep'], 'ber');
    const [acme] = await database.db
      .insert(customers)
      .values({ name: 'Acme', normalizedName: 'acme', currency: 'CNY' })
      .returning({ id: customers.id });
    await database.db.insert(leads).values([
      // Three new leads yesterday (Shanghai), one on the same weekday last week.
      { name: 'y1', ownerId: ids.r1, status: 'accepted', createdAt: d('2026-11-10T01:00:00Z') },
      { name: 'y2', ownerId: ids.r2, status: 'accepted', createdAt: d('2026-11-10T03:00:00Z') },
      { name: 'y3', ownerId: ids.r3, status: 'accepted', createdAt: d('2026-11-10T15:00:00Z') },
      { name: 'w1', ownerId: ids.r1, status: 'accepted', createdAt: d('2026-11-03T03:00:00Z') },
      { name: 'other', ownerId: ids.rb, status: 'accepted', createdAt: d('2026-11-10T03:00:00Z') },
    ]);
    const order = async (
      n: string,
      owner: string,
      total: number,
      decided: string,
      dueOn: string,
      paid = 0,
    ) => {
      const [o] = await database.db
        .insert(orders)
        .values({
          number: n,
          customerId: acme!.id,
          ownerId: ids[owner]!,
          status: 'approved',
          currency: 'CNY',
          totalMinor: total,
          paymentPlan: 'custom',
          submittedAt: d(decided),
          decidedAt: d(decided),
        })
        .returning({ id: orders.id });
      await database.db.insert(installments).values({
        orderId: o!.id,
        position: 1,
        label: 'All',
        dueOn,
        amountMinor: total,
        currency: 'CNY',
        paidMinor: paid,
      });
      return o!.id;
    };
    await order('SO-1', 'r1', 150_000, '2026-11-10T02:00:00Z', '2026-12-10');
    await order('SO-2', 'r2', 50_000, '2026-11-03T02:00:00Z', '2026-11-05');
    await order('SO-3', 'r3', 10_000, '2026-11-05T02:00:00Z', '2026-11-11');
    const promised = await order('SO-4', 'r4', 100_000, '2026-11-06T02:00:00Z', '2026-11-01');
    await order('SO-5', 'rb', 999_000, '2026-11-10T02:00:00Z', '2026-11-02');
    await database.db.insert(paymentPromises).values({ orderId: promised, promisedOn: '2026-11-20' });
    const [txn] = await database.db
      .insert(bankTransactions)
      .values({ bankTxnId: 'stray', bookedOn: '2026-11-09', amountMinor: 123, currency: 'CNY' })
      .returning({ id: bankTransactions.id });
    await database.db
      .insert(reconExceptions)
      .values({ bankTransactionId: txn!.id, kind: 'no_reference', createdAt: d('2026-11-09T02:00:00Z') });
  });
  afterAll(async () => database?.close());

  const digests = async (prefix = 'digest:') =>
    (await outboxRows(database, prefix)).filter((r) => r.platform === 'console');
  const cardFor = async (key: string, kind = 'daily') =>
    (await digests(`digest:${kind}:${ids[key]}:`))[0]?.card as Card | undefined;

  it('waits for 09:00 in each reader’s zone', async () => {
    expect(await sendDigests(deps)).toEqual({ sent: [] });
  });

  it('at 09:05 Shanghai: once to each reader the permission policy names, even from two workers at once', async () => {
    clock.set('2026-11-11T01:05:00Z');
    const second = openDatabase(database.url, 3);
    try {
      const [a, b] = await Promise.all([sendDigests(deps), sendDigests({ ...deps, db: second.db })]);
      // Admin and finance read the org, the director and Mia their trees; Max has nobody below him, reps only
      // themselves, and 09:05 Shanghai is 02:05 in Berlin.
      expect([...a.sent, ...b.sent].sort()).toEqual(
        ['admin', 'fin', 'dir', 'mia'].map((k) => `daily:${ids[k]}`).sort(),
      );
    } finally {
      await second.close();
    }
    expect(await sendDigests(deps)).toEqual({ sent: [] });
    const rows = await digests();
    expect(rows.map((r) => r.destination).sort()).toEqual(
      ['admin', 'fin', 'dir', 'mia'].map((k) => `user:${ids[k]}`).sort(),
    );
  });

  it('Mia’s digest: yesterday vs last Tuesday, attainment, behind and ahead, what needs action today, one chart', async () => {
    const card = (await cardFor('mia'))!;
    expect(card.title).toBe('Daily digest · Mia Manager’s team · 2026-11-10');
    expect(card.body).toContain(
      '4 people. Yesterday (2026-11-10) against the same weekday last week (2026-11-03).',
    );
    expect(field(card, 'New leads')).toBe('3 (▲ 2 from 1)');
    expect(field(card, 'Orders approved')).toBe('1 (same as 1)');
    expect(field(card, 'Approved value')).toBe('CNY 1,500.00 (▲ CNY 1,000.00 from CNY 500.00)');
    // 310,000 approved of 4 × 100,000 prorated.
    expect(field(card, 'Month to date vs target')).toBe('77.5% · CNY 3,100.00 of CNY 4,000.00');
    expect(card.body).toContain(
      '**Furthest behind target**\n- Rosa Rep: 10%\n- Ravi Rep: 50%\n**Furthest ahead**',
    );
    expect(card.body).toContain('**Furthest ahead**\n- Rita Rep: 150%\n- Remy Rep: 100%');
    // SO-2 overdue, SO-3 due today; SO-4 is overdue but under a promise to pay on 20 Nov; SO-5 is another team's.
    expect(field(card, 'Needs action today')).toBe(
      '2 installments, CNY 600.00 (1 overdue, the rest due today)',
    );
    expect(field(card, 'Bank exceptions > 1 day')).toBeUndefined();
    expect(card.body).toContain('**Bottleneck:**');
    expect(card.charts).toHaveLength(1);
    expect(card.charts![0]!.kind).toBe('hbar');
    expect(card.charts![0]!.categories).toEqual(['Rosa Rep', 'Ravi Rep', 'Remy Rep', 'Rita Rep']);
    expect(card.context).toContain('09:00');
  });

  it('the org-wide readers see the whole org and the bank exceptions waiting more than a day', async () => {
    const card = (await cardFor('fin'))!;
    expect(card.title).toBe('Daily digest · whole org · 2026-11-10');
    expect(field(card, 'New leads')).toBe('4 (▲ 3 from 1)');
    expect(field(card, 'Bank exceptions > 1 day')).toBe('1');
    expect(field(card, 'Needs action today')).toBe(
      '3 installments, CNY 10,590.00 (2 overdue, the rest due today)',
    );
  });

  it('Berlin gets it at 09:00 Berlin, and the audit log says who got which', async () => {
    clock.set('2026-11-11T08:01:00Z');
    expect(await sendDigests(deps)).toEqual({ sent: [`daily:${ids.ber}`] });
    const card = (await cardFor('ber'))!;
    expect(card.title).toBe('Daily digest · Bernd Berlin’s team · 2026-11-10');
    // Rolf has no target: the picture is the 8-week trend instead.
    expect(card.charts![0]!.kind).toBe('line');
    const audit = await database.pool.query(
      `select count(*)::int as n from audit_log where action = 'digest.send'`,
    );
    expect(audit.rows[0].n).toBe(5);
  });

  it('on Monday the weekly digest comes too: last week against the week before', async () => {
    clock.set('2026-11-16T01:10:00Z');
    const r = await dailyDigestJob.run(deps);
    expect((r as { sent: string[] }).sent.filter((s) => s.startsWith('weekly:')).sort()).toEqual(
      ['admin', 'fin', 'dir', 'mia'].map((k) => `weekly:${ids[k]}`).sort(),
    );
    const card = (await cardFor('mia', 'weekly'))!;
    expect(card.title).toBe('Weekly digest · Mia Manager’s team · 2026-11-09 – 2026-11-15');
    expect(card.body).toContain('Last week against the week before (2026-11-02 – 2026-11-08).');
    // Week of 9–15 Nov: y1–y3 and SO-1; the week before: w1 and SO-2, SO-3, SO-4.
    expect(field(card, 'New leads')).toBe('3 (▲ 2 from 1)');
    expect(field(card, 'Orders approved')).toBe('1 (▼ 2 from 3)');
  });

  describe('on demand in chat', () => {
    const user = async (key: string, locale = 'en'): Promise<UserRow> => {
      await database.db.update(users).set({ locale }).where(eq(users.id, ids[key]!));
      const [u] = await database.db.select().from(users).where(eq(users.id, ids[key]!));
      return u!;
    };
    it('`digest` answers with the same card, sending nothing', async () => {
      clock.set('2026-11-11T03:00:00Z');
      const before = (await digests()).length;
      const r = await runTextCommand(deps, { kind: 'user', user: await user('mia') }, 'digest');
      expect(r.card?.title).toBe('Daily digest · Mia Manager’s team · 2026-11-10');
      expect(r.card?.fields.find((f) => f.label === 'New leads')?.value).toBe('3 (▲ 2 from 1)');
      expect(r.card?.charts).toHaveLength(1);
      expect((await digests()).length).toBe(before);
    });
    it('`digest <junk>` is refused with the usage line, in English and Chinese; `digest weekly` still works', async () => {
      const refusal = async (text: string, locale = 'en') => {
        const error = await runTextCommand(
          deps,
          { kind: 'user', user: await user('mia', locale) },
          text,
        ).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(DomainError);
        return errorText(error as DomainError, locale as 'en' | 'zh-CN');
      };
      expect(await refusal('digest yesterday')).toBe(
        `"digest" does not take "yesterday". Usage: ${digestUsage.en}`,
      );
      expect(await refusal('digest week please')).toBe(
        `"digest week" does not take "please". Usage: ${digestUsage.en}`,
      );
      expect(await refusal('日报 昨天', 'zh-CN')).toBe(
        `「日报」不接受「昨天」。用法：${digestUsage['zh-CN']}`,
      );
      const weekly = await runTextCommand(deps, { kind: 'user', user: await user('mia') }, 'digest weekly');
      expect(weekly.card?.title).toMatch(/^Weekly digest/);
    });
    it('周报 in Chinese; a rep sees only their own numbers', async () => {
      const zh = await runTextCommand(deps, { kind: 'user', user: await user('dir', 'zh-CN') }, '周报');
      expect(zh.card?.title).toBe('周报 · Dana Director 的团队 · 2026-11-02 – 2026-11-08');
      expect(zh.card?.fields.map((f) => f.label)).toContain('本月至今目标完成');
      const rep = await runTextCommand(deps, { kind: 'user', user: await user('r2') }, 'digest');
      expect(rep.card?.title).toBe('Daily digest · Ravi Rep · 2026-11-10');
      expect(rep.card?.fields.find((f) => f.label === 'New leads')?.value).toBe('1 (▲ 1 from 0)');
      // Their own digest: no head count of a team they do not have, no ranking of reps below them.
      expect(rep.card?.body).toMatch(/^Yesterday \(2026-11-10\)/);
      expect(rep.card?.body).not.toContain('0 people');
      expect(rep.card?.body).not.toContain('Furthest behind');
    });
  });
});
