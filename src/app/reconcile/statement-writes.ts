// Owns the bulk writes of a statement beyond plain inserts: one UPDATE for every installment it pays (queueing their
// orders' cards), and the payer mappings its matches teach (rows go through insertManyReturning, audit rows and cards through uow.auditMany / postMany).
import { type SQL, sql } from 'drizzle-orm';
import { insertManyReturning } from '../../db/bulk-insert.ts';
import { payInstallmentsAt } from '../../db/installment-payments.ts';
import { payerMappings } from '../../db/schema.ts';
import type { PayerKey } from '../../domain/reconcile/candidate-book.ts';
import type { UnitOfWork } from '../unit-of-work.ts';
import { storedPayerKey } from './stored-payer-key.ts';

// Adds what each installment is paid in one statement (src/db/installment-payments.ts), its orders' cards queued for
// the order-cards job. Throws (rolling the import back) if any installment no longer owes what it is paid.
export async function payInstallments(uow: UnitOfWork, paid: ReadonlyMap<string, number>): Promise<void> {
  if (paid.size === 0) return;
  const updated = await payInstallmentsAt(uow.tx, paid, uow.now);
  if (updated !== paid.size)
    throw new Error(`${paid.size - updated} installment(s) no longer owe what the statement pays`);
}

export interface LearnedPayer {
  key: PayerKey;
  customerId: string;
}

// The payer mappings a file's matches teach, in file order, written as learnPayer would have one by one: the same
// customer again adds confirmations, another customer starts over at one (and is audited, as a new mapping is).
export async function learnPayers(
  uow: UnitOfWork,
  learned: readonly LearnedPayer[],
  known: ReadonlyMap<string, string>,
): Promise<void> {
  const byKey = new Map<string, { key: PayerKey; customers: string[] }>();
  for (const l of learned) {
    const id = `${l.key.kind}|${l.key.key}`;
    const entry = byKey.get(id) ?? { key: l.key, customers: [] };
    entry.customers.push(l.customerId);
    byKey.set(id, entry);
  }
  const stored = (k: PayerKey) => storedPayerKey(uow.deps.keyring, k);
  const audits: { id: string; key: PayerKey; customerId: string }[] = [];
  const steady: (typeof payerMappings.$inferInsert)[] = [];
  const switched: (typeof payerMappings.$inferInsert)[] = [];
  for (const [id, { key, customers }] of byKey) {
    let previous = known.get(id);
    for (const c of customers) {
      if (c !== previous) audits.push({ id, key, customerId: c });
      previous = c;
    }
    const last = customers[customers.length - 1] as string;
    let run = 0;
    for (let k = customers.length - 1; k >= 0 && customers[k] === last; k--) run++;
    const row = {
      ...stored(key),
      customerId: last,
      confirmations: run,
      createdAt: uow.now,
      updatedAt: uow.now,
    };
    if (run === customers.length) steady.push(row);
    else switched.push(row);
  }
  // The id each mapping was written under, in row order (one statement per 5,000 rows: a 100,000-line file teaches
  // thousands, which as a drizzle VALUES list took seconds to build).
  const ids = new Map<string, string>();
  const upsert = async (rows: (typeof payerMappings.$inferInsert)[], confirmations: SQL) => {
    if (rows.length === 0) return;
    const written = await insertManyReturning(uow.tx, payerMappings, rows, {
      onConflictDoUpdate: {
        target: [payerMappings.kind, payerMappings.key],
        set: sql`customer_id = excluded.customer_id, confirmations = ${confirmations}, updated_at = excluded.updated_at`,
      },
    });
    // Keyed by what each returned row says, not by its position: RETURNING's order is not promised.
    for (const row of written) ids.set(`${row.kind}|${row.key}`, row.id);
  };
  await upsert(
    steady,
    sql`case when ${payerMappings.customerId} = excluded.customer_id then ${payerMappings.confirmations} + excluded.confirmations else excluded.confirmations end`,
  );
  await upsert(switched, sql`excluded.confirmations`);
  await uow.auditMany(
    audits.map((a) => ({
      action: 'payer_mapping.learn',
      entityType: 'payer_mapping',
      entityId: ids.get(`${a.key.kind}|${stored(a.key).key}`) ?? a.id,
      after: { ...stored(a.key), customerId: a.customerId },
    })),
  );
}
