// Owns the customer tables: customers and their contacts.
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, money } from './schema-columns.ts';
import { users } from './schema-people.ts';

export const customers = pgTable('customers', {
  id: id(),
  name: text('name').notNull(),
  normalizedName: text('normalized_name').notNull().unique(),
  ownerId: uuid('owner_id').references(() => users.id),
  email: text('email'),
  phone: text('phone'),
  region: text('region'),
  industry: text('industry'),
  creditLimitMinor: money('credit_limit_minor'),
  currency: text('currency').notNull(),
  // Names a reconcile.tiers entry of closeloop.yaml (its payment tolerance); null uses the default.
  tier: text('tier'),
  // The language customer emails are written in (zh-CN | en); null uses the org's.
  locale: text('locale'),
  score: integer('score'),
  // Billing details printed on the order and the invoice; null where not yet known.
  legalName: text('legal_name'),
  // Other names the customer pays or signs under (a trading name, an English name, a parent company's account):
  // a bank line from any of them, or from the name or legal name, is known to be this customer's.
  aliases: text('aliases').array().notNull().default(sql`'{}'::text[]`),
  taxId: text('tax_id'),
  // Blind index of the tax ID (crypto: the column itself is sealed), for lookups by tax ID.
  taxIdBidx: text('tax_id_bidx'),
  billingAddress: text('billing_address'),
  invoiceEmail: text('invoice_email'),
  // A paymentPlans key of closeloop.yaml that new orders for this customer start with.
  defaultPaymentPlan: text('default_payment_plan'),
  // An orders.priceLists key of closeloop.yaml; null falls back to the list named by the tier, else list prices.
  priceList: text('price_list'),
  // Free text printed on documents ("Net 30", "50% on signing"); the plan that drives installments is above.
  paymentTerms: text('payment_terms'),
  // Ids other systems know this customer by ({ erp: "C-1001" }); an ERP upserts by them.
  externalIds: jsonb('external_ids').$type<Record<string, string>>().notNull().default({}),
  // A duplicate merged into another customer stays as a row pointing at it; lookups follow it.
  mergedIntoId: uuid('merged_into_id').references((): AnyPgColumn => customers.id),
  createdAt: createdAt(),
});

export const customerContacts = pgTable(
  'customer_contacts',
  {
    id: id(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    name: text('name').notNull(),
    role: text('role'),
    email: text('email'),
    phone: text('phone'),
    // Blind indexes of the normalised e-mail / phone (the columns are sealed), for finding a customer by its contact.
    emailBidx: text('email_bidx'),
    phoneBidx: text('phone_bidx'),
    isPrimary: boolean('is_primary').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    index('customer_contacts_customer_idx').on(t.customerId),
    index('customer_contacts_email_bidx_idx').on(t.emailBidx),
    index('customer_contacts_phone_bidx_idx').on(t.phoneBidx),
    // At most one primary contact per customer.
    uniqueIndex('customer_contacts_primary_idx').on(t.customerId).where(sql`${t.isPrimary}`),
  ],
);
