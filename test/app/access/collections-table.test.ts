// The permission table through the use cases (issue 12), money: receivables, promises, receipts, invoices, reminder
// review, follow-up tasks, bank statements and their exceptions, exchange rates. Harness and positions: ./table.ts.
import { describe } from 'vitest';
import { activePeopleWhoMay } from '../../../src/app/access/people-who-may.ts';
import { decideCustomerEmail } from '../../../src/app/collections/decide-customer-email.ts';
import { issueInvoice } from '../../../src/app/collections/issue-invoice.ts';
import { receivablesOf } from '../../../src/app/collections/list-receivables.ts';
import { receivablesScope } from '../../../src/app/collections/receivables-scope.ts';
import { recordPromise } from '../../../src/app/collections/record-promise.ts';
import type { UserRow } from '../../../src/app/deps.ts';
import { listRates } from '../../../src/app/fx/list-rates.ts';
import { recordRates } from '../../../src/app/fx/record-rates.ts';
import { acknowledgeException } from '../../../src/app/reconcile/acknowledge-exception.ts';
import { assignException } from '../../../src/app/reconcile/assign-exception.ts';
import { importStatement } from '../../../src/app/reconcile/import-statement.ts';
import { recordReceipt } from '../../../src/app/reconcile/record-receipt.ts';
import { listOpenTasks } from '../../../src/app/tasks/list-tasks.ts';
import { moveFollowUpTask } from '../../../src/app/tasks/move-task.ts';
import { bankTransactions, customerEmails, reconExceptions } from '../../../src/db/schema.ts';
import { followUpTasks } from '../../../src/db/schema-tasks.ts';
import { insertOrder } from '../../collections/fixtures.ts';
import { addCustomer } from '../leads/fixtures.ts';
import { orgRows, scopedRows, user, useTable } from './table.ts';

const table = useTable();

// An order of `owner` whose only installment was due a fortnight ago, and its customer's name.
async function overdue(owner: UserRow) {
  const n = table.next();
  const customer = await addCustomer(table.database, `Debtor ${n} Ltd`, `debtor ${n} ltd`, owner.id);
  const number = `SO-2026-${String(80_000 + n)}`;
  const { orderId, installmentIds } = await insertOrder(table.database, {
    number,
    ownerId: owner.id,
    customerId: customer.id,
    parts: [{ dueOn: '2026-10-19', amountMinor: 100_000 }],
  });
  return {
    number,
    orderId,
    customerId: customer.id,
    customer: customer.name,
    installmentId: installmentIds[0] ?? '',
  };
}

// An open exception on a new bank line.
async function exceptionId(): Promise<string> {
  const [line] = await table.database.db
    .insert(bankTransactions)
    .values({ bankTxnId: `X-${table.next()}`, bookedOn: '2026-11-01', amountMinor: 1_200, currency: 'CNY' })
    .returning({ id: bankTransactions.id });
  const [exception] = await table.database.db
    .insert(reconExceptions)
    .values({ bankTransactionId: line?.id ?? '', kind: 'no_reference' })
    .returning({ id: reconExceptions.id });
  return exception?.id ?? '';
}

// A dunning follow-up task on an overdue order of `owner`, assigned to them.
async function taskOf(owner: UserRow): Promise<string> {
  const o = await overdue(owner);
  const [row] = await table.database.db
    .insert(followUpTasks)
    .values({
      installmentId: o.installmentId,
      orderId: o.orderId,
      customerId: o.customerId,
      offsetDays: 7,
      assigneeId: owner.id,
      repId: owner.id,
      dueOn: '2026-10-26',
    })
    .returning({ id: followUpTasks.id });
  return row?.id ?? '';
}

describe('money: every role × position through the use cases', () => {
  scopedRows(table, {
    'payment.promise': async (a, o) =>
      recordPromise(table.deps, user(a), (await table.order(o)).number, '2026-11-20'),
    // `ar <customer>`: the order's receivable is listed, or the customer is not found for the asker.
    'receivables.read': async (a, o) => {
      const debt = await overdue(o);
      const scope = await receivablesScope(table.deps, user(a), debt.customer);
      if ('refused' in scope) return { forbidden: true };
      const seen = await receivablesOf(table.deps, scope.filter);
      return [...seen.overdue, ...seen.dueSoon].some((r) => r.orderNumber === debt.number)
        ? seen
        : { forbidden: true };
    },
    // A reminder e-mail waiting on its reviewer (the order's rep) before it goes.
    'dunning.review': async (a, o) => {
      const { customerId } = await overdue(o);
      const [email] = await table.database.db
        .insert(customerEmails)
        .values({
          idempotencyKey: `review-${table.next()}`,
          customerId,
          to: table.deps.keyring.encrypt('ap@example.com'),
          subject: 'Reminder',
          body: 'Please pay',
          locale: 'en',
          reviewerId: o.id,
          nextAttemptAt: new Date('2026-11-03T02:00:00Z'),
        })
        .returning({ id: customerEmails.id });
      return decideCustomerEmail(table.deps, user(a), email?.id ?? '', 'skip');
    },
    'task.read': async (a, o) => {
      const id = await taskOf(o);
      return (await listOpenTasks(table.deps, user(a))).some((t) => t.view.id === id)
        ? 'listed'
        : { forbidden: true };
    },
    'task.complete': async (a, o) => moveFollowUpTask(table.deps, user(a), await taskOf(o), 'complete'),
    'task.escalate': async (a, o) => moveFollowUpTask(table.deps, user(a), await taskOf(o), 'escalate'),
  });

  orgRows(table, {
    // Duties: finance hands the asker an exception by name; only someone the policy gives exceptions to is found.
    'recon.work': async (a) => {
      const id = await exceptionId();
      const r = await assignException(table.deps, user(table.askerOf('finance')), id, a.name);
      return 'unknown' in r ? { forbidden: true } : r;
    },
    // The director step of a flat team reaches the people the policy names for it.
    'dunning.escalation': async (a) => {
      const people = await table.database.db.transaction((tx) =>
        activePeopleWhoMay(table.deps, tx, 'dunning.escalation'),
      );
      return people.some((p) => p.id === a.id) ? {} : { forbidden: true };
    },
    'payment.record': async (a) =>
      recordReceipt(table.deps, user(a), {
        order: (await table.order(table.ownerFor('rep', 'other region'))).number,
        amount: '1',
        source: 'manual',
      }),
    'invoice.issue': async (a) =>
      issueInvoice(table.deps, user(a), {
        order: (await table.order(table.ownerFor('rep', 'other region'))).number,
        installment: 1,
        invoiceNo: `INV-${table.next()}`,
      }),
    'recon.import': (a) =>
      importStatement(table.deps, user(a), {
        csv: `date,amount,currency,payer,memo,bank_txn_id\n2026-11-01,12.00,CNY,Someone,fee,T-${table.next()}`,
      }),
    'recon.decide': async (a) => acknowledgeException(table.deps, user(a), await exceptionId()),
    'fx.read': (a) => listRates(table.deps, user(a)),
    'fx.manage': (a) =>
      recordRates(
        table.deps,
        user(a),
        [{ base: 'USD', quote: 'CNY', rate: '7.1', on: '2026-11-01' }],
        'manual',
      ),
  });
});
