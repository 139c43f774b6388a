// Owns the SQL over sealed (encrypted) columns: which columns hold personal data, batches of values not yet sealed
// under the current key, and counts per key id. The crypto itself happens in the app (src/app/crypto).
import { sql } from 'drizzle-orm';
import type { Executor } from './client.ts';

export interface SealedColumn {
  table: string;
  column: string;
  // The column holding this value's blind index, and what kind of value it is (how it is normalised first).
  // Leads keep theirs through email_norm / phone_norm (leadsWithPlainKeys).
  blindIndex?: { column: string; kind: 'email' | 'phone' | 'tax-id' };
}

// Every column sealed at rest. Company and person names are not here: the fuzzy dedupe and payer matching read them.
export const sealedColumns: readonly SealedColumn[] = [
  { table: 'leads', column: 'email' },
  { table: 'leads', column: 'phone' },
  { table: 'customers', column: 'email' },
  { table: 'customers', column: 'phone' },
  { table: 'customers', column: 'tax_id', blindIndex: { column: 'tax_id_bidx', kind: 'tax-id' } },
  { table: 'customers', column: 'invoice_email' },
  { table: 'customer_contacts', column: 'email', blindIndex: { column: 'email_bidx', kind: 'email' } },
  { table: 'customer_contacts', column: 'phone', blindIndex: { column: 'phone_bidx', kind: 'phone' } },
  { table: 'bank_transactions', column: 'payer_account' },
  { table: 'customer_emails', column: 'to' },
];

const ident = (c: SealedColumn) => ({ t: sql.identifier(c.table), c: sql.identifier(c.column) });

// Up to `limit` values not sealed under `kid` (plain text, or an older key), locked so two runners share the work.
export async function valuesToReseal(
  tx: Executor,
  column: SealedColumn,
  kid: string,
  limit: number,
): Promise<Array<{ id: string; value: string }>> {
  const { t, c } = ident(column);
  const r = await tx.execute<{ id: string; value: string }>(
    sql`select id::text as id, ${c} as value from ${t}
        where ${c} is not null and ${c} <> '' and left(${c}, ${`v1:${kid}:`.length}) <> ${`v1:${kid}:`}
        order by id limit ${limit} for update skip locked`,
  );
  return r.rows;
}

// Writes each id's new value (and, for a column with one, its blind index), only where the value is still the one
// read (a concurrent edit wins).
export async function writeResealed(
  tx: Executor,
  column: SealedColumn,
  rows: ReadonlyArray<{ id: string; before: string; after: string; bidx?: string | null }>,
): Promise<void> {
  if (rows.length === 0) return;
  const { t, c } = ident(column);
  const values = sql`(select unnest(${sql.param(rows.map((r) => r.id))}::uuid[]) as id,
                     unnest(${sql.param(rows.map((r) => r.before))}::text[]) as before,
                     unnest(${sql.param(rows.map((r) => r.after))}::text[]) as after,
                     unnest(${sql.param(rows.map((r) => r.bidx ?? null))}::text[]) as bidx) as v`;
  const setBidx = column.blindIndex
    ? sql`, ${sql.identifier(column.blindIndex.column)} = coalesce(v.bidx, x.${sql.identifier(column.blindIndex.column)})`
    : sql``;
  await tx.execute(
    sql`update ${t} as x set ${c} = v.after${setBidx} from ${values} where x.id = v.id and x.${c} = v.before`,
  );
}

// Values per key id in one column: 'plain' for values not sealed yet.
export async function countByKey(
  tx: Executor,
  column: SealedColumn,
): Promise<Array<{ kid: string; n: number }>> {
  const { t, c } = ident(column);
  const r = await tx.execute<{ kid: string; n: number }>(
    sql`select case when ${c} like 'v1:%' then split_part(${c}, ':', 2) else 'plain' end as kid, count(*)::int as n
        from ${t} where ${c} is not null and ${c} <> '' group by 1 order by 1`,
  );
  return r.rows;
}

// Leads taken in before encryption: up to `limit` with a plain dedupe key left (email_norm / phone_norm), locked.
export async function leadsWithPlainKeys(
  tx: Executor,
  limit: number,
): Promise<Array<{ id: string; email_norm: string | null; phone_norm: string | null }>> {
  const r = await tx.execute<{ id: string; email_norm: string | null; phone_norm: string | null }>(
    sql`select id::text as id, email_norm, phone_norm from leads
        where email_norm is not null or phone_norm is not null
        order by id limit ${limit} for update skip locked`,
  );
  return r.rows;
}

// Moves a lead's plain dedupe keys to its blind indexes and empties the plain columns.
export async function writeLeadBlindIndexes(
  tx: Executor,
  rows: ReadonlyArray<{ id: string; emailBidx: string | null; phoneBidx: string | null }>,
): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(
    sql`update leads as l set email_bidx = coalesce(v.e, l.email_bidx), phone_bidx = coalesce(v.p, l.phone_bidx),
          email_norm = null, phone_norm = null
        from (select unnest(${sql.param(rows.map((r) => r.id))}::uuid[]) as id,
                     unnest(${sql.param(rows.map((r) => r.emailBidx))}::text[]) as e,
                     unnest(${sql.param(rows.map((r) => r.phoneBidx))}::text[]) as p) as v
        where l.id = v.id`,
  );
}

// Tables whose rendered cards carry personal data sealed in place (src/app/crypto/seal-card.ts), with card_kid.
export const sealedCardTables = ['outbox', 'console_messages'] as const;
export type SealedCardTable = (typeof sealedCardTables)[number];

// Up to `limit` cards written before sealing (card_kid null) or, unless `kid` is null, sealed under another key than
// `kid`; locked.
export async function cardsToReseal(
  tx: Executor,
  table: SealedCardTable,
  kid: string | null,
  limit: number,
): Promise<Array<{ id: string; card: unknown }>> {
  const otherKey = kid === null ? sql`false` : sql`(card_kid <> '' and card_kid <> ${kid})`;
  const r = await tx.execute<{ id: string; card: unknown }>(
    sql`select id::text as id, card from ${sql.identifier(table)}
        where card_kid is null or ${otherKey}
        order by id limit ${limit} for update skip locked`,
  );
  return r.rows;
}

export async function writeResealedCards(
  tx: Executor,
  table: SealedCardTable,
  rows: ReadonlyArray<{ id: string; card: unknown; cardKid: string }>,
): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(
    sql`update ${sql.identifier(table)} as x set card = v.card, card_kid = v.kid
        from (select unnest(${sql.param(rows.map((r) => r.id))}::bigint[]) as id,
                     unnest(${sql.param(rows.map((r) => JSON.stringify(r.card)))}::jsonb[]) as card,
                     unnest(${sql.param(rows.map((r) => r.cardKid))}::text[]) as kid) as v
        where x.id = v.id`,
  );
}

// Cards per key id ('plain': written before sealing); cards with nothing sealed in them are not counted.
export async function countCardsByKey(
  tx: Executor,
  table: SealedCardTable,
): Promise<Array<{ kid: string; n: number }>> {
  const r = await tx.execute<{ kid: string; n: number }>(
    sql`select coalesce(card_kid, 'plain') as kid, count(*)::int as n from ${sql.identifier(table)}
        where card_kid is distinct from '' group by 1 order by 1`,
  );
  return r.rows;
}
