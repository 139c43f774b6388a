// Use case: customers whose name contains what a rep typed, for the customer picker of a new order.
import { asc, ilike } from 'drizzle-orm';
import { customers } from '../../db/schema.ts';
import type { AppDeps } from '../deps.ts';

export async function searchCustomers(
  deps: AppDeps,
  query: string,
  limit = 20,
): Promise<{ id: string; name: string }[]> {
  // LIKE wildcards typed by the person are matched literally.
  const pattern = `%${query.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return deps.db
    .select({ id: customers.id, name: customers.name })
    .from(customers)
    .where(ilike(customers.name, pattern))
    .orderBy(asc(customers.name))
    .limit(limit);
}
