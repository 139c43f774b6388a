// An owner cancels SO-T-2 (approved, nothing paid yet, made from lead L4) while a receipt on it is being recorded: the
// receipt locks the installments first and then, as it writes them, the lead; the cancel waits for the receipt and then
// refuses, as the order is paid now — neither side fails on a deadlock.
import { eq } from 'drizzle-orm';
import type pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cancelOrder } from '../../../src/app/orders/cancel-order.ts';
import { leads, orders } from '../../../src/db/schema.ts';
import { DomainError } from '../../../src/domain/errors.ts';
import { waitsForLock } from '../../helpers/lock-waits.ts';
import { type OctoberReports, openOctoberReports } from '../reports/october-reports.ts';

let o: OctoberReports | undefined;
let receipt: pg.PoolClient | undefined;

afterEach(async () => {
  receipt?.release();
  receipt = undefined;
  await o?.database.close();
  o = undefined;
});

describe('cancelling an order while a receipt on it is recorded', () => {
  it('the cancel waits for the receipt and refuses: the order is paid', async () => {
    o = await openOctoberReports();
    const r = o;
    const [l4] = await r.database.db.select({ id: leads.id }).from(leads).where(eq(leads.name, 'L4'));
    await r.database.db.update(orders).set({ leadId: l4?.id }).where(eq(orders.number, 'SO-T-2'));
    const plan = `installments where order_id = (select id from orders where number = 'SO-T-2')`;

    // The receipt's first step, as recordReceipt takes it: the order's open installments, locked.
    receipt = await r.database.pool.connect();
    await receipt.query('begin');
    await receipt.query(`select id from ${plan} for update`);

    const cancelling = cancelOrder(r.deps, await r.actor(r.ds.r3), 'SO-T-2', null).then(
      (v) => v,
      (e: unknown) => e,
    );
    await vi.waitFor(async () => expect(await waitsForLock(r.database.pool)).toBe(true), {
      timeout: 30_000,
      interval: 20,
    });
    // Its next step: 100.00 of the deposit paid, which takes the lead's turn.
    await receipt.query(
      `update installments set paid_minor = paid_minor + 10000
       where order_id = (select id from orders where number = 'SO-T-2') and position = 1`,
    );
    await receipt.query('commit');

    const error = await cancelling;
    expect(error).toBeInstanceOf(DomainError);
    expect([(error as DomainError).kind, (error as DomainError).code]).toEqual(['conflict', 'order_paid']);
    const [so2] = await r.database.db
      .select({ status: orders.status })
      .from(orders)
      .where(eq(orders.number, 'SO-T-2'));
    expect(so2?.status).toBe('approved');
  });
});
