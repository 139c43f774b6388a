// Use case: seed the demo's products and customers (with contacts, billing details and an owning rep of their region).
import { and, inArray, sql } from 'drizzle-orm';
import { customerContacts, customers, products, users } from '../../db/schema.ts';
import { foldCompanyName } from '../../domain/leads/normalise.ts';
import { decimalsOf } from '../../domain/money.ts';
import { sealContact, sealCustomer } from '../customers/customer-record.ts';
import type { AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { demoCustomerMasters, demoCustomers, demoDomain, demoProducts } from './demo-data.ts';
import { demoSellerIds } from './demo-sellers.ts';

const seeder = { kind: 'system', name: 'seed' } as const;

// Billing details and the default plan for the customers the demo knows well.
function billingOf(name: string, i: number) {
  const known = demoCustomerMasters[name];
  if (!known) return {};
  return {
    legalName: name,
    taxId: known.taxId,
    billingAddress: known.billingAddress,
    invoiceEmail: `finance${i + 1}@customer${i + 1}.example.cn`,
    defaultPaymentPlan: known.defaultPaymentPlan,
  };
}

export async function seedCatalogue(
  deps: AppDeps,
): Promise<{ productsCreated: number; customersCreated: number }> {
  const ring = deps.keyring;
  return inTransaction(deps, seeder, async (uow) => {
    const currency = deps.policy.org.currency;
    const minor = (major: number) => major * 10 ** decimalsOf(currency);
    const createdProducts = await uow.tx
      .insert(products)
      .values(
        demoProducts.map((p) => ({ sku: p.sku, name: p.name, unitPriceMinor: minor(p.price), currency })),
      )
      .onConflictDoNothing({ target: products.sku })
      .returning();
    for (const p of createdProducts) {
      await uow.audit({ action: 'product.create', entityType: 'product', entityId: p.id, after: p });
    }

    const reps = await uow.tx
      .select({ id: users.id, region: users.region, industries: users.industries })
      .from(users)
      .where(
        and(
          inArray(users.id, [...(await demoSellerIds(deps, uow.tx))]),
          sql`${users.email} like ${`%@${demoDomain}`}`,
        ),
      )
      .orderBy(users.email);
    // Each customer goes to a rep of its region, preferring one who knows its industry; spread round the team.
    const taken = new Map<string, number>();
    const ownerOf = (region: string, industry: string) => {
      const local = reps.filter((r) => r.region === region);
      const pool = local.filter((r) => r.industries.includes(industry));
      const candidates = pool.length > 0 ? pool : local;
      const pick = [...candidates].sort((a, b) => (taken.get(a.id) ?? 0) - (taken.get(b.id) ?? 0))[0];
      if (pick) taken.set(pick.id, (taken.get(pick.id) ?? 0) + 1);
      return pick?.id ?? null;
    };
    const createdCustomers = await uow.tx
      .insert(customers)
      .values(
        demoCustomers.map((c, i) =>
          sealCustomer(ring, {
            name: c.name,
            normalizedName: foldCompanyName(c.name),
            ownerId: ownerOf(c.region, c.industry),
            email: `finance${i + 1}@customer${i + 1}.example.cn`,
            phone: `+86 21 5${String(1_000_000 + i * 7919).slice(0, 7)}`,
            region: c.region,
            industry: c.industry,
            creditLimitMinor: minor(c.creditLimit),
            currency,
            score: 55 + ((i * 13) % 40),
            ...billingOf(c.name, i),
          }),
        ),
      )
      .onConflictDoNothing({ target: customers.normalizedName })
      .returning();
    for (const c of createdCustomers) {
      await uow.audit({ action: 'customer.create', entityType: 'customer', entityId: c.id, after: c });
      const people = demoCustomerMasters[c.name]?.contacts ?? [];
      if (people.length === 0) continue;
      const contacts = await uow.tx
        .insert(customerContacts)
        .values(
          people.map((p, k) =>
            sealContact(deps, { customerId: c.id, ...p, isPrimary: k === 0, createdAt: uow.now }),
          ),
        )
        .returning();
      for (const contact of contacts)
        await uow.audit({
          action: 'customer.contact.add',
          entityType: 'customer',
          entityId: c.id,
          after: contact,
        });
    }
    return { productsCreated: createdProducts.length, customersCreated: createdCustomers.length };
  });
}
