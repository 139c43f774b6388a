import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { UserRow } from '../../../src/app/deps.ts';
import { allocations, bankTransactions, leads, users } from '../../../src/db/schema.ts';
import { startOfLocalDay } from '../../../src/domain/time.ts';
import { insertOrder, insertTeam, type Team } from '../../collections/fixtures.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';

// 10:00 in Shanghai on 2026-11-03: "today" began at 2026-11-02T16:00Z, the 7 days at 2026-10-27T02:00Z.
const clock = testClock('2026-11-03T02:00:00Z');
const d = (iso: string) => new Date(iso);
let database: TestDatabase;
let deps: ReturnType<typeof testDeps>;
let team: Team;
let people: Record<string, UserRow>;

async function kpi(who: keyof Team, text = 'kpi') {
  const user = people[who] as UserRow;
  return runTextCommand(deps, { kind: 'user', user }, text);
}

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock });
  team = await insertTeam(database);
  await database.db.insert(leads).values([
    // Li Rep: offered today, accepted within SLA today, offered late yesterday evening, accepted late last week, too old.
    {
      name: 'offered today',
      offeredToId: team.rep.id,
      status: 'offered',
      createdAt: d('2026-11-02T17:00:00Z'),
    },
    {
      name: 'quick',
      ownerId: team.rep.id,
      status: 'accepted',
      createdAt: d('2026-11-03T00:00:00Z'),
      offeredAt: d('2026-11-03T00:00:00Z'),
      acceptedAt: d('2026-11-03T00:10:00Z'),
    },
    {
      name: 'yesterday 23:30 local',
      offeredToId: team.rep.id,
      status: 'offered',
      createdAt: d('2026-11-02T15:30:00Z'),
    },
    {
      name: 'slow',
      ownerId: team.rep.id,
      status: 'accepted',
      createdAt: d('2026-10-30T05:00:00Z'),
      offeredAt: d('2026-10-30T05:00:00Z'),
      acceptedAt: d('2026-10-30T05:30:00Z'),
    },
    { name: 'too old', ownerId: team.rep.id, status: 'accepted', createdAt: d('2026-10-20T05:00:00Z') },
    // Han Rep: one accepted within SLA today.
    {
      name: 'han',
      ownerId: team.rep2.id,
      status: 'accepted',
      createdAt: d('2026-11-03T01:00:00Z'),
      offeredAt: d('2026-11-03T01:00:00Z'),
      acceptedAt: d('2026-11-03T01:05:00Z'),
    },
    // Not on the manager's team.
    { name: 'other', ownerId: team.outsider.id, status: 'accepted', createdAt: d('2026-11-03T01:00:00Z') },
  ]);
  const base = { customerId: team.customer.id };
  await insertOrder(database, {
    ...base,
    number: 'SO-2026-00001',
    ownerId: team.rep.id,
    decidedAt: d('2026-11-03T01:00:00Z'),
    parts: [
      { dueOn: '2026-10-20', amountMinor: 60_000 },
      { dueOn: '2026-12-01', amountMinor: 90_000 },
    ],
  });
  const han = await insertOrder(database, {
    ...base,
    number: 'SO-2026-00002',
    ownerId: team.rep2.id,
    decidedAt: d('2026-10-29T03:00:00Z'),
    parts: [{ dueOn: '2026-11-01', amountMinor: 20_000, paidMinor: 5_000 }],
  });
  await insertOrder(database, {
    ...base,
    number: 'SO-2026-00003',
    ownerId: team.outsider.id,
    decidedAt: d('2026-11-03T01:00:00Z'),
    parts: [{ dueOn: '2026-10-01', amountMinor: 77_700 }],
  });
  const [txn] = await database.db
    .insert(bankTransactions)
    .values({
      bankTxnId: 'B1',
      bookedOn: '2026-10-31',
      amountMinor: 5_000,
      currency: 'CNY',
      status: 'matched',
    })
    .returning();
  await database.db.insert(allocations).values({
    bankTransactionId: txn!.id,
    installmentId: han.installmentIds[0]!,
    amountMinor: 5_000,
    kind: 'auto',
    createdBy: 'test',
    createdAt: d('2026-10-31T08:00:00Z'),
  });
  const rows = await database.db.select().from(users);
  people = Object.fromEntries(
    (Object.keys(team) as (keyof Team)[]).flatMap((k) => {
      const row = rows.find((u) => u.id === team[k].id);
      return row ? [[k, row]] : [];
    }),
  );
});

afterAll(async () => {
  await database.close();
});

describe('kpi', () => {
  it('a rep sees their own numbers for today and the last 7 days', async () => {
    const reply = await kpi('rep');
    expect(reply.card?.title).toBe('My KPI · 2026-11-03');
    expect(reply.card?.body).toBe('Your own numbers: today · last 7 days.');
    expect(reply.card?.fields).toEqual([
      { label: 'New leads offered to you', value: '2 · 4' },
      { label: 'Accepted within SLA (15 min)', value: '1/1 · 1/2' },
      { label: 'Orders approved', value: '1 (CNY 1,500.00) · 1 (CNY 1,500.00)' },
      { label: 'Collected', value: 'CNY 0.00 · CNY 0.00' },
      { label: 'Overdue now', value: 'CNY 600.00 (1 installments)' },
    ]);
    expect(reply.tone).toBe('warning');
  });

  it('a manager sees their team’s numbers, not their own nor anyone else’s', async () => {
    const reply = await kpi('manager');
    expect(reply.card?.title).toBe('Team KPI · 2026-11-03');
    expect(reply.card?.body).toBe('Your team of 2: today · last 7 days.');
    expect(reply.card?.fields).toEqual([
      { label: 'New leads', value: '3 · 5' },
      { label: 'Accepted within SLA (15 min)', value: '2/2 · 2/3' },
      { label: 'Orders approved', value: '1 (CNY 1,500.00) · 2 (CNY 1,700.00)' },
      { label: 'Collected', value: 'CNY 0.00 · CNY 50.00' },
      { label: 'Overdue now', value: 'CNY 750.00 (2 installments)' },
    ]);
  });

  it('绩效 answers in Chinese for a Chinese reader', async () => {
    const reply = await kpi('rep2', '绩效');
    expect(reply.card?.title).toBe('我的绩效 · 2026-11-03');
    expect(reply.card?.fields[0]).toEqual({ label: '分配给你的新线索', value: '1 · 1' });
    expect(reply.card?.fields[4]).toEqual({ label: '当前逾期', value: '¥150.00（1 期）' });
  });

  it('a manager without reports is told the numbers are empty', async () => {
    const [lonely] = await database.db
      .insert(users)
      .values({ email: 'lonely@example.com', name: 'Lonely Manager', roles: ['manager'], locale: 'en' })
      .returning();
    const reply = await runTextCommand(deps, { kind: 'user', user: lonely! }, 'kpi');
    expect(reply.card?.body).toContain('Nobody on the roster reports to you');
    expect(reply.card?.fields[0]).toEqual({ label: 'New leads', value: '0 · 0' });
  });

  it('help lists the kpi command with its period and people; setting a target only to those who may', async () => {
    const reply = await kpi('rep', 'help');
    const line = reply.text.split('\n').find((l) => l.startsWith('kpi ['));
    expect(line).toContain('kpi [period] [@rep|team:|region:]');
    // A rep may not set targets: help lists only what the asker may do (a manager gets the `kpi target` line).
    expect(reply.text).not.toContain('kpi target @rep 500000');
  });
});

describe('startOfLocalDay', () => {
  it.each([
    ['2026-11-03T02:00:00Z', 'Asia/Shanghai', '2026-11-02T16:00:00.000Z'],
    ['2026-11-02T15:59:00Z', 'Asia/Shanghai', '2026-11-01T16:00:00.000Z'],
    ['2026-03-29T12:00:00Z', 'Europe/Berlin', '2026-03-28T23:00:00.000Z'],
    ['2026-10-25T12:00:00Z', 'Europe/Berlin', '2026-10-24T22:00:00.000Z'],
    ['2026-11-03T02:00:00Z', 'UTC', '2026-11-03T00:00:00.000Z'],
  ])('%s in %s began at %s', (instant, zone, start) => {
    expect(startOfLocalDay(new Date(instant), zone).toISOString()).toBe(start);
  });
});
