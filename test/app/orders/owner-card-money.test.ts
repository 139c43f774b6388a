// The rep's living card after approval: an invoice, a bank statement (the bulk import, through the order-cards job),
// a receipt marked by finance and an undone match each edit the one card once; a re-issued invoice or a re-imported
// statement adds no edit.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchAction } from '../../../src/app/commands/dispatch-action.ts';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { UserActor } from '../../../src/app/commands/types.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { refreshQueuedOrderCards } from '../../../src/app/orders/refresh-queued-order-cards.ts';
import { importStatement } from '../../../src/app/reconcile/import-statement.ts';
import { undoMatch } from '../../../src/app/reconcile/undo-match.ts';
import { bankTransactions } from '../../../src/db/schema.ts';
import type { Card } from '../../../src/messages/model.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { approvedOrder, insertCardTeam } from './card-team.ts';
import { livingCard } from './people.ts';

let database: TestDatabase;
let deps: AppDeps;
const clock = testClock('2026-11-02T02:00:00Z');
const people: Record<string, UserRow> = {};
const header = 'date,amount,currency,payer,payer_account,memo,bank_txn_id';

const as = (key: string): UserActor => {
  const user = people[key];
  if (!user) throw new Error(`no ${key}`);
  return { kind: 'user', user };
};

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock });
  await insertCardTeam(database, people);
});

afterAll(async () => {
  await database?.close();
});

const fieldOf = (card: Card | undefined, label: string) => card?.fields.find((f) => f.label === label)?.value;

describe('the living card of an approved order as it is invoiced and paid', () => {
  let number = '';
  let orderId = '';
  const card = async () => livingCard(database, orderId, people.rep?.id);
  const last = async () => (await card()).at(-1)?.card;

  beforeAll(async () => {
    ({ number, orderId } = await approvedOrder(database, deps, clock, as));
    expect((await last())?.body).toBe('**Approved in full** by Wang Boss.');
  });

  it('issuing an invoice edits the card once; issuing the same number again adds no edit', async () => {
    const before = (await card()).length;
    clock.advance(60_000);
    const reply = await runTextCommand(deps, as('fin'), `ar invoice ${number} 1 INV-2026-0001`);
    expect(reply.tone).toBe('success');
    const rows = await card();
    expect(rows.map((r) => r.op).slice(before)).toEqual(['update']);
    expect(fieldOf(rows.at(-1)?.card, 'Latest')).toContain(
      'Fin One: invoice INV-2026-0001 issued for On signing',
    );

    clock.advance(60_000);
    expect((await runTextCommand(deps, as('fin'), `ar invoice ${number} 1 INV-2026-0001`)).tone).toBe('info');
    expect(await card()).toHaveLength(before + 1);
  });

  it('a bank statement paying two installments of the order queues its card, edited once by the job; re-importing adds none', async () => {
    const before = (await card()).length;
    clock.advance(60_000);
    const csv = [
      header,
      `2026-11-02,18000.00,CNY,ACME,,INV-2026-0001,B-1`,
      `2026-11-02,36000.00,CNY,ACME,,${number} On delivery,B-2`,
    ].join('\n');
    const first = await importStatement(deps, as('fin'), { csv });
    expect(first.matched).toBe(2);
    // The statement's transaction only queues the order; the order-cards job edits its card.
    expect(await card()).toHaveLength(before);
    expect(await refreshQueuedOrderCards(deps)).toEqual({ shown: 1 });
    const rows = await card();
    expect(rows.map((r) => r.op).slice(before)).toEqual(['update']);
    const installments = fieldOf(rows.at(-1)?.card, 'Installments') ?? '';
    expect(installments).toContain('On signing: CNY 18,000.00 (paid CNY 18,000.00)');
    expect(installments).toContain('On delivery: CNY 36,000.00 (paid CNY 36,000.00)');
    expect(fieldOf(rows.at(-1)?.card, 'Latest')).toContain(
      'payment of CNY 36,000.00 allocated to On delivery',
    );

    clock.advance(60_000);
    await importStatement(deps, as('fin'), { csv });
    expect(await refreshQueuedOrderCards(deps)).toEqual({ shown: 0 });
    expect(await card()).toHaveLength(before + 1);
  });

  it('undoing a match edits the card once; undoing it again adds none', async () => {
    const before = (await card()).length;
    const [line] = await database.db
      .select()
      .from(bankTransactions)
      .where(eq(bankTransactions.bankTxnId, 'B-2'));
    clock.advance(60_000);
    expect(await undoMatch(deps, as('fin'), line?.id ?? '')).toMatchObject({ undone: true });
    const rows = await card();
    expect(rows.map((r) => r.op).slice(before)).toEqual(['update']);
    expect(fieldOf(rows.at(-1)?.card, 'Installments')).toContain('On delivery: CNY 36,000.00\n');
    expect(await undoMatch(deps, as('fin'), line?.id ?? '')).toMatchObject({ nothing: true });
    expect(await card()).toHaveLength(before + 1);
  });

  it('Mark received… on an ar row edits the card once', async () => {
    const before = (await card()).length;
    clock.advance(60_000);
    const reply = await dispatchAction(deps, as('fin'), {
      action: 'payment.record',
      entityId: orderId,
      input: '6000',
    });
    expect(reply.tone).toBe('success');
    const rows = await card();
    expect(rows.map((r) => r.op).slice(before)).toEqual(['update']);
    expect(fieldOf(rows.at(-1)?.card, 'Installments')).toContain(
      'On delivery: CNY 36,000.00 (paid CNY 6,000.00)',
    );
  });
});
