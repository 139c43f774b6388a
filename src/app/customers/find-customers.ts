// Use case: list and search customers — by any CN/EN form of the name (folded like lead dedupe), alias, tax ID,
// a contact's name, phone or email, the owner's name or email, an external id — ordered by name. Tax ID, phone and
// email are sealed at rest, so they match exactly (after normalisation) through blind indexes, not as substrings.
import { and, asc, count, eq, ilike, isNull, or, type SQL, sql } from 'drizzle-orm';
import { customerContacts, customers, users } from '../../db/schema.ts';
import { searchKeys } from '../../domain/customers/customer-fields.ts';
import { invalid } from '../../domain/errors.ts';
import { normaliseEmail, normalisePhone } from '../../domain/leads/normalise.ts';
import { demand } from '../access/ask.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { taxIdBlindIndex } from './customer-record.ts';

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

// Tax ID, contact e-mail and phone are sealed at rest: found through their blind indexes, exact after normalisation
// (so "91320500ma1mhd0001" and "139 1234 0001" still find them); the plain columns only for values not sealed yet.
function sealedMatches(deps: AppDeps, text: string): SQL[] {
  const ring = deps.keyring;
  const out: SQL[] = [eq(customers.taxId, text)];
  const taxBidx = taxIdBlindIndex(ring, text);
  if (taxBidx) out.push(eq(customers.taxIdBidx, taxBidx));
  const email = normaliseEmail(text);
  const phone = normalisePhone(text, deps.policy.org.phoneRegion);
  const contact = [
    email ? sql`c.email_bidx = ${ring.blindIndex('email', email)}` : undefined,
    phone ? sql`c.phone_bidx = ${ring.blindIndex('phone', phone)}` : undefined,
    sql`c.email = ${text}`,
    sql`c.phone = ${text}`,
  ].filter((c) => c !== undefined);
  out.push(
    sql`exists (select 1 from ${customerContacts} c where c.customer_id = ${customers.id}
      and (${sql.join(contact, sql` or `)}))`,
  );
  return out;
}

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
      ...sealedMatches(deps, text),
      sql`exists (select 1 from jsonb_each_text(${customers.externalIds}) e where e.value = ${text})`,
      sql`exists (select 1 from ${customerContacts} c where c.customer_id = ${customers.id} and c.name ilike ${pattern})`,
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
