// Owns the reconcile bench's in-run ceiling: the rows an import wrote (bank lines, allocations, exceptions, audit rows,
// what it paid each installment) written again by the database alone, set-based, then rolled back — no parsing, no
// matching, no rows crossing the wire. No import writing those rows can take less on this machine. With `bare`, the
// floor under that: the same rows into the same tables stripped, inside the rolled-back transaction, of every trigger
// (the report roll-ups, the sync stamp), foreign-key check and secondary index (primary keys and unique indexes kept:
// they are what makes a re-import skip its lines) — what storing the rows costs at all.
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.ts';

class RolledBack extends Error {}

export interface CeilingRun {
  ms: number;
  rows: number;
}

// The tables an import writes; `bare` drops their secondary indexes for its rolled-back run.
const writtenTables = ['bank_transactions', 'allocations', 'recon_exceptions', 'audit_log', 'installments'];

export async function writeStatementRowsAgain(
  db: Db,
  importId: string,
  options: { bare?: boolean } = {},
): Promise<CeilingRun> {
  let rows = 0;
  const started = performance.now();
  try {
    await db.transaction(async (tx) => {
      const count = async (q: ReturnType<typeof sql>) => {
        rows += (await tx.execute(q)).rowCount ?? 0;
      };
      if (options.bare) {
        // Triggers (foreign-key checks are triggers too) do not fire for a replica's session: superuser only.
        await tx.execute(sql`set local session_replication_role = replica`);
        const secondary = await tx.execute<{ name: string }>(sql`
          select i.indexrelid::regclass::text as name from pg_index i
          where i.indrelid::regclass::text in (${sql.join(
            writtenTables.map((t) => sql`${t}`),
            sql`, `,
          )}) and not i.indisprimary and not i.indisunique`);
        for (const { name } of secondary.rows) await tx.execute(sql.raw(`drop index ${name}`));
      }
      await tx.execute(sql`create temp table ceiling_lines on commit drop as
        select id as old_id, gen_random_uuid() as new_id from bank_transactions where import_id = ${importId}`);
      await count(sql`insert into bank_transactions (id, bank_txn_id, import_id, booked_on, amount_minor, currency,
          payer, payer_account, memo, status, customer_id, created_at)
        select m.new_id, 'ceiling:' || b.bank_txn_id, b.import_id, b.booked_on, b.amount_minor, b.currency, b.payer,
          b.payer_account, b.memo, b.status, b.customer_id, b.created_at
        from bank_transactions b join ceiling_lines m on m.old_id = b.id`);
      await count(sql`insert into allocations (id, bank_transaction_id, installment_id, amount_minor, kind, reason,
          created_by, created_at)
        select gen_random_uuid(), m.new_id, a.installment_id, a.amount_minor, a.kind, a.reason, a.created_by, a.created_at
        from allocations a join ceiling_lines m on m.old_id = a.bank_transaction_id`);
      await count(sql`insert into recon_exceptions (id, bank_transaction_id, kind, detail, suggestions, assigned_to,
          created_at, card_waits_on_import_id)
        select gen_random_uuid(), m.new_id, e.kind, e.detail, e.suggestions, e.assigned_to, e.created_at,
          e.card_waits_on_import_id
        from recon_exceptions e join ceiling_lines m on m.old_id = e.bank_transaction_id`);
      await count(sql`insert into audit_log (created_at, actor_id, actor_label, platform, action, entity_type, entity_id,
          before, after)
        select l.created_at, l.actor_id, l.actor_label, l.platform, l.action, l.entity_type, m.new_id::text, l.before,
          l.after
        from audit_log l join ceiling_lines m on l.entity_type = 'bank_transaction' and l.entity_id = m.old_id::text`);
      // What the file paid each installment, taken back: the same rows changed, the same roll-up triggers run.
      await count(sql`update installments i set paid_minor = i.paid_minor - p.amount, paid_at = null
        from (select installment_id, sum(amount_minor) as amount from allocations a
          join ceiling_lines m on m.old_id = a.bank_transaction_id group by installment_id) p
        where i.id = p.installment_id`);
      throw new RolledBack();
    });
  } catch (error) {
    if (!(error instanceof RolledBack)) throw error;
  }
  return { ms: performance.now() - started, rows };
}
