// Use case: list and search customers — by any CN/EN form of the name (folded like lead dedupe), alias, tax ID,
// a contact's name, phone or email, the owner's name or email, an external id — ordered by name.
import { and, asc, count, eq, ilike, isNull, or, type SQL, sql } from 'drizzle-orm';
import { customerContacts, customers, users } from '../../db/schema.ts';
import { searchKeys } from '../../domain/customers/customer-fields.ts';
import { invalid } from '../../domain/errors.ts';
import { demand } from '../access/ask.ts';
import type { Actor, AppDeps } from '../deps.ts';

export interface CustomerSummary {
  id: string;
  name: string;
  legalName: string | null;
  owner: { name: string; email: string } | null;
  region: string | null;
  tier: string | null;
  currency: string;
  creditLimitMinor: number | null;
  externalIds: Record<string, string>;
}

export interface FindCustomers {
  text?: string;
  ownerEmail?: string;
  limit?: number;
  offset?: number;
}

const like = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function findCustomers(
  deps: AppDeps,
  actor: Actor,
  query: FindCustomers,
): Promise<{ items: CustomerSummary[]; total: number }> {
  demand(deps, actor, 'customer.read', {}, 'customer_read_forbidden', { name: query.text ?? '' });
  const conditions: SQL[] = [isNull(customers.mergedIntoId)];
  const text = query.text?.trim();
  if (text !== undefined && text !== '') {
    const keys = searchKeys(text);
    if (keys.length === 0 && !/[\p{L}\p{N}]/u.test(text)) throw invalid('customer_search_short', 'text');
    const pattern = like(text);
    const matches: (SQL | undefined)[] = [
      ...keys.map((k) => ilike(customers.normalizedName, like(k))),
      ilike(customers.name, pattern),
      ilike(customers.legalName, pattern),
      sql`exists (select 1 from unnest(${customers.aliases}) a where a ilike ${pattern})`,
      eq(customers.taxId, text),
      sql`exists (select 1 from jsonb_each_text(${customers.externalIds}) e where e.value = ${text})`,
      sql`exists (select 1 from ${customerContacts} c where c.customer_id = ${customers.id}
        and (c.name ilike ${pattern} or c.email ilike ${pattern} or c.phone ilike ${pattern}))`,
      sql`exists (select 1 from ${users} u where u.id = ${customers.ownerId}
        and (u.name ilike ${pattern} or u.email ilike ${pattern}))`,
    ];
    const any = or(...matches);
    if (any) conditions.push(any);
  }
  if (query.ownerEmail)
    conditions.push(
      sql`${customers.ownerId} = (select id from ${users} where email = ${query.ownerEmail.trim().toLowerCase()})`,
    );
  const where = and(...conditions);
  const limit = Math.min(Math.max(query.limit ?? 20, 1), 200);
  const rows = await deps.db
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
    .limit(limit)
    .offset(Math.max(query.offset ?? 0, 0));
  const [total] = await deps.db.select({ n: count() }).from(customers).where(where);
  return {
    items: rows.map(({ ownerName, ownerEmail, ...r }) => ({
      ...r,
      owner: ownerName && ownerEmail ? { name: ownerName, email: ownerEmail } : null,
    })),
    total: total?.n ?? 0,
  };
}
