// Use case: finance issues the invoice for one installment (number + date), from chat or the ERP; one number per org.

import { and, eq, sql } from 'drizzle-orm';
import { customers, installments, orders } from '../../db/schema.ts';
import { lockForTransaction } from '../../db/transaction-lock.ts';
import { maxInstallments } from '../../domain/collections/payment-plan.ts';
import { conflict, invalid, notFound } from '../../domain/errors.ts';
import { referenceKey } from '../../domain/reconcile/matcher.ts';
import { localDate } from '../../domain/time.ts';
import { invoiceIssuedCard } from '../../messages/catalogue/collections-invoices.ts';
import { allowed } from '../access/ask.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { orderWhere } from '../orders/load-order.ts';
import { showOrderCard } from '../orders/owner-card.ts';
import { inTransaction } from '../unit-of-work.ts';
import { publishInstallmentEvent } from '../webhooks/publish-record-event.ts';

export interface InvoiceInput {
  order: string;
  // 1-based position of the installment in the order's plan, as the ERP and the cards count them.
  installment: number | string;
  invoiceNo: string;
  // YYYY-MM-DD; today in the org's time zone when absent.
  invoiceOn?: string;
}

export type InvoiceOutcome =
  | {
      issued: true;
      orderNumber: string;
      position: number;
      label: string;
      invoiceNo: string;
      invoiceOn: string;
      // The number it replaced, when finance corrected one; null for a first issue.
      previous: string | null;
      unchanged: boolean;
    }
  | { issued: false; forbidden: true };

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

function validDate(text: string): boolean {
  if (!isoDate.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

export async function issueInvoice(
  deps: AppDeps,
  actor: Actor,
  input: InvoiceInput,
): Promise<InvoiceOutcome> {
  // Invoices are finance's document; the ERP (an API key) issues them too.
  if (!allowed(deps, actor, 'invoice.issue')) return { issued: false, forbidden: true };
  const position = Number(String(input.installment).trim());
  if (!Number.isInteger(position) || position < 1 || position > maxInstallments)
    throw invalid('invoice_installment', 'installment', { value: String(input.installment) });
  const invoiceNo = input.invoiceNo.normalize('NFKC').trim();
  const key = referenceKey(invoiceNo);
  // The matcher finds invoice numbers in a memo by their letters and digits: a number without a digit never matches.
  if (key.length < 3 || key.length > 40 || !/\d/.test(key) || invoiceNo.length > 60)
    throw invalid('invoice_number', 'invoiceNo', { value: input.invoiceNo });
  const today = localDate(deps.clock.now(), deps.policy.org.timezone);
  const invoiceOn = input.invoiceOn?.trim() || today;
  if (!validDate(invoiceOn)) throw invalid('invoice_date', 'date', { value: invoiceOn });
  if (invoiceOn > today) throw invalid('invoice_date_future', 'date', { value: invoiceOn, today });
  const orderNumber = input.order.trim().toUpperCase();

  return inTransaction(deps, actor, async (uow) => {
    const [row] = await uow.tx
      .select({
        id: installments.id,
        orderId: installments.orderId,
        label: installments.label,
        invoiceNo: installments.invoiceNo,
        invoiceOn: installments.invoiceOn,
        orderNumber: orders.number,
        ownerId: orders.ownerId,
        customerName: customers.name,
      })
      .from(installments)
      .innerJoin(orders, eq(orders.id, installments.orderId))
      .innerJoin(customers, eq(customers.id, orders.customerId))
      .where(and(orderWhere(input.order), eq(orders.status, 'approved'), eq(installments.position, position)))
      .for('update', { of: installments });
    if (!row) {
      const [order] = await uow.tx
        .select({ id: orders.id })
        .from(orders)
        .where(and(orderWhere(input.order), eq(orders.status, 'approved')));
      if (!order) throw notFound('invoice_unknown_order', { value: input.order });
      throw notFound('invoice_unknown_installment', { order: orderNumber, value: position });
    }
    if (row.invoiceNo === invoiceNo && row.invoiceOn === invoiceOn)
      return {
        issued: true,
        orderNumber: row.orderNumber,
        position,
        label: row.label,
        invoiceNo,
        invoiceOn,
        previous: null,
        unchanged: true,
      };
    // One number per org however it is spaced or dashed ("INV-1" and "INV 1" would name the same thing in a memo);
    // the advisory lock makes two finance users issuing the same number at once meet here, not in a 500.
    await lockForTransaction(uow.tx, `invoice:${key}`);
    const [taken] = await uow.tx
      .select({ number: orders.number, position: installments.position, invoiceNo: installments.invoiceNo })
      .from(installments)
      .innerJoin(orders, eq(orders.id, installments.orderId))
      .where(
        and(
          sql`upper(regexp_replace(${installments.invoiceNo}, '[^A-Za-z0-9]', '', 'g')) = ${key}`,
          sql`${installments.id} <> ${row.id}`,
        ),
      );
    if (taken)
      throw conflict('invoice_taken', {
        value: invoiceNo,
        existing: taken.invoiceNo ?? '',
        order: taken.number,
        position: taken.position,
      });
    await uow.tx.update(installments).set({ invoiceNo, invoiceOn }).where(eq(installments.id, row.id));
    await uow.audit({
      action: 'installment.invoice',
      entityType: 'installment',
      entityId: row.id,
      before: { invoiceNo: row.invoiceNo, invoiceOn: row.invoiceOn },
      after: { invoiceNo, invoiceOn },
    });
    // Keyed by the number too: a corrected invoice number is news for the ERP as well.
    await publishInstallmentEvent(uow, 'installment.invoiced', row.id, key);
    const card = {
      orderNumber: row.orderNumber,
      customerName: row.customerName,
      position,
      label: row.label,
      invoiceNo,
      invoiceOn,
      previous: row.invoiceNo,
      labels: uow.deps.policy.labels.book,
    };
    // Keyed by the number: a correction is news of its own, posted beside the first.
    await uow.post({ kind: 'user', userId: row.ownerId }, `invoice:${row.id}:${key}`, (locale) =>
      invoiceIssuedCard(card, locale),
    );
    await showOrderCard(uow, row.orderId);
    return {
      issued: true,
      orderNumber: row.orderNumber,
      position,
      label: row.label,
      invoiceNo,
      invoiceOn,
      previous: row.invoiceNo,
      unchanged: false,
    };
  });
}
