// Owns the SQL of listing and searching customers: name forms, aliases, sealed keys through their blind indexes,
// contacts, the owner, external ids; merged customers left out, ordered by name, one page and the total.
import { and, asc, count, eq, ilike, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from './client.ts';
import { customerContacts, customers, users } from './schema.ts';

// What a typed search looks for: the text as typed, its folded name keys, and the blind indexes of the sealed
// values it may be (null when it cannot be one).
export interface CustomerSearch {
  text: string;
  nameKeys: readonly string[];
  taxIdBidx: string | null;
  emailBidx: string | null;
  phoneBidx: string | null;
}

export interface CustomerListQuery {
  search?: CustomerSearch;
  ownerEmail?: string;
  limit: number;
  offset: number;
}

export interface CustomerListRow {
  id: string;
  name: string;
  legalName: string | null;
  ownerName: string | null;
  ownerEmail: string | null;
  region: string | null;
  tier: string | null;
  currency: string;
  creditLimitMinor: number | null;
  externalIds: Record<string, string>;
}

const like = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

// Tax ID, contact e-mail and phone are sealed at rest: exact through their blind indexes; the plain columns only
// for values not sealed yet.
function sealedMatches(s: CustomerSearch): SQL[] {
  const out: SQL[] = [eq(customers.taxId, s.text)];
  if (s.taxIdBidx) out.push(eq(customers.taxIdBidx, s.taxIdBidx));
  const contact = [
    s.emailBidx ? sql`c.email_bidx = ${s.emailBidx}` : undefined,
    s.phoneBidx ? sql`c.phone_bidx = ${s.phoneBidx}` : undefined,
    sql`c.email = ${s.text}`,
    sql`c.phone = ${s.text}`,
  ].filter((c) => c !== undefined);
  out.push(
    sql`exists (select 1 from ${customerContacts} c where c.customer_id = ${customers.id}
      and (${sql.join(contact, sql` or `)}))`,
  );
  return out;
}

function searchMatches(s: CustomerSearch): SQL | undefined {
  const pattern = like(s.text);
  return or(
    ...s.nameKeys.map((k) => ilike(customers.normalizedName, like(k))),
    ilike(customers.name, pattern),
    ilike(customers.legalName, pattern),
    sql`exists (select 1 from unnest(${customers.aliases}) a where a ilike ${pattern})`,
    ...sealedMatches(s),
    sql`exists (select 1 from jsonb_each_text(${customers.externalIds}) e where e.value = ${s.text})`,
    sql`exists (select 1 from ${customerContacts} c where c.customer_id = ${customers.id} and c.name ilike ${pattern})`,
    sql`exists (select 1 from ${users} u where u.id = ${customers.ownerId}
      and (u.name ilike ${pattern} or u.email ilike ${pattern}))`,
  );
}

export async function queryCustomers(
  db: Executor,
  q: CustomerListQuery,
): Promise<{ rows: CustomerListRow[]; total: number }> {
  const where = and(
    isNull(customers.mergedIntoId),
    q.search ? searchMatches(q.search) : undefined,
    q.ownerEmail
      ? sql`${customers.ownerId} = (select id from ${users} where email = ${q.ownerEmail.trim().toLowerCase()})`
      : undefined,
  );
  const rows = await db
    .select({
      id: customers.id,
      name: customers.name,
      legalName: customers.legalName,
      ownerName: users.name,
      ownerEmail: users.email,
      region: customers.region,
      tier: customers.tier,
      currency: customers.currency,
      creditLimitMinor: customers.creditLimitMinor,
      externalIds: customers.externalIds,
    })
    .from(customers)
    .leftJoin(users, eq(users.id, customers.ownerId))
    .where(where)
    .orderBy(asc(customers.name), asc(customers.id))
    .limit(q.limit)
    .offset(q.offset);
  const [total] = await db.select({ n: count() }).from(customers).where(where);
  return { rows, total: total?.n ?? 0 };
}
