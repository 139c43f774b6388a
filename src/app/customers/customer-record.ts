// Owns reading and writing the customers and customer_contacts rows: the one load and the one save of each, so the
// columns kept encrypted at rest (tax ID, billing details, contact phone and email) pass through one place.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Keyring } from '../../crypto/keyring.ts';
import type { Executor } from '../../db/client.ts';
import { externalIdIs } from '../../db/external-ids.ts';
import { customerContacts, customers, users } from '../../db/schema.ts';
import type { CustomerColumns } from '../../domain/customers/customer-fields.ts';
import { customerKey } from '../../domain/customers/customer-fields.ts';
import { taxIdKey } from '../../domain/customers/tax-id.ts';
import { notFound } from '../../domain/errors.ts';
import { isUuid } from '../../domain/ids.ts';
import { normaliseEmail, normalisePhone, type PhoneRegion } from '../../domain/leads/normalise.ts';

export type CustomerRow = typeof customers.$inferSelect;
export type ContactRow = typeof customerContacts.$inferSelect;

// What sealing needs: the keyring, and the region a phone without a country code is read in (for its blind index).
export interface Sealing {
  keyring: Keyring;
  policy: { org: { phoneRegion: PhoneRegion } };
}

// Rows as the use cases see them: sealed columns opened. Written back only through insertCustomer / saveCustomer.
export function openCustomer(ring: Keyring, row: CustomerRow): CustomerRow {
  return {
    ...row,
    taxId: ring.decrypt(row.taxId),
    email: ring.decrypt(row.email),
    phone: ring.decrypt(row.phone),
    invoiceEmail: ring.decrypt(row.invoiceEmail),
  };
}

type SealedCustomer = Partial<Pick<CustomerColumns, 'taxId' | 'email' | 'phone' | 'invoiceEmail'>>;

// Seals the personal columns present in a write; a tax ID also gets its blind index (lookups by tax ID).
export function sealCustomer<T extends SealedCustomer>(
  ring: Keyring,
  c: T,
): T & { taxIdBidx?: string | null } {
  const out: T & { taxIdBidx?: string | null } = { ...c };
  for (const k of ['taxId', 'email', 'phone', 'invoiceEmail'] as const) {
    const v = c[k];
    if (v !== undefined) out[k] = ring.encrypt(v) as T[typeof k];
  }
  if (c.taxId !== undefined) out.taxIdBidx = taxIdBlindIndex(ring, c.taxId);
  return out;
}

export function taxIdBlindIndex(ring: Keyring, taxId: string | null): string | null {
  const key = taxId === null ? '' : taxIdKey(taxId);
  return key === '' ? null : ring.blindIndex('tax-id', key);
}

export function openContact(ring: Keyring, row: ContactRow): ContactRow {
  return { ...row, email: ring.decrypt(row.email), phone: ring.decrypt(row.phone) };
}

// Seals a contact's e-mail and phone and keeps their blind indexes (the same kinds as a lead's, so they compare).
export function sealContact<T extends { email?: string | null; phone?: string | null }>(
  s: Sealing,
  c: T,
): T & { emailBidx?: string | null; phoneBidx?: string | null } {
  const out: T & { emailBidx?: string | null; phoneBidx?: string | null } = { ...c };
  if (c.email !== undefined) {
    out.email = s.keyring.encrypt(c.email);
    out.emailBidx = s.keyring.blindIndex('email', c.email === null ? null : normaliseEmail(c.email));
  }
  if (c.phone !== undefined) {
    out.phone = s.keyring.encrypt(c.phone);
    out.phoneBidx = s.keyring.blindIndex(
      'phone',
      c.phone === null ? null : normalisePhone(c.phone, s.policy.org.phoneRegion),
    );
  }
  return out;
}

export interface ContactFields {
  name: string;
  role: string | null;
  email: string | null;
  phone: string | null;
  isPrimary: boolean;
}

export function columnsOf(row: CustomerRow): CustomerColumns {
  return {
    name: row.name,
    normalizedName: row.normalizedName,
    legalName: row.legalName,
    aliases: row.aliases,
    tier: row.tier,
    priceList: row.priceList,
    currency: row.currency,
    creditLimitMinor: row.creditLimitMinor,
    paymentTerms: row.paymentTerms,
    defaultPaymentPlan: row.defaultPaymentPlan,
    taxId: row.taxId,
    billingAddress: row.billingAddress,
    invoiceEmail: row.invoiceEmail,
    email: row.email,
    phone: row.phone,
    region: row.region,
    industry: row.industry,
    locale: row.locale,
    externalIds: row.externalIds,
  };
}

// "erp:C-1001" names a customer by an external system's id; a UUID by ours; anything else by name.
export function externalRef(ref: string): { system: string; id: string } | null {
  const m = /^([a-z][a-z0-9_-]{0,31}):(.+)$/.exec(ref.trim());
  return m?.[1] && m[2] ? { system: m[1], id: m[2].trim() } : null;
}

// The customer a reference names, following merges to the customer it lives on as; null when none.
export async function findCustomer(
  db: Executor,
  ring: Keyring,
  ref: string,
  options: { lock?: boolean; followMerge?: boolean } = {},
): Promise<CustomerRow | null> {
  const text = ref.trim();
  const external = externalRef(text);
  const where = isUuid(text)
    ? eq(customers.id, text)
    : external
      ? externalIdIs(customers.externalIds, external.system, external.id)
      : eq(customers.normalizedName, customerKey(text));
  let row: CustomerRow | null = (await loadWhere(db, where, options.lock))[0] ?? null;
  for (let hops = 0; row?.mergedIntoId && options.followMerge !== false && hops < 8; hops++)
    row = (await loadWhere(db, eq(customers.id, row.mergedIntoId), options.lock))[0] ?? null;
  return row && openCustomer(ring, row);
}

export async function loadCustomer(
  db: Executor,
  ring: Keyring,
  ref: string,
  options: { lock?: boolean; followMerge?: boolean } = {},
): Promise<CustomerRow> {
  const row = await findCustomer(db, ring, ref, options);
  if (!row) throw notFound('customer_not_found', { customer: ref.trim().slice(0, 80) });
  return row;
}

function loadWhere(db: Executor, where: ReturnType<typeof eq>, lock = false) {
  const q = db.select().from(customers).where(where).limit(1);
  return lock ? q.for('update') : q;
}

// Inserts a customer; null when another has the same folded name (or external id) already.
export async function insertCustomer(
  db: Executor,
  ring: Keyring,
  columns: Pick<CustomerColumns, 'name' | 'normalizedName' | 'currency'> &
    Partial<CustomerColumns> & { ownerId: string | null; createdAt: Date },
): Promise<CustomerRow | null> {
  const [row] = await db
    .insert(customers)
    .values(sealCustomer(ring, columns))
    .onConflictDoNothing()
    .returning();
  return row ? openCustomer(ring, row) : null;
}

export async function saveCustomer(
  db: Executor,
  ring: Keyring,
  id: string,
  columns: Partial<CustomerColumns> & { ownerId?: string | null; mergedIntoId?: string | null },
): Promise<CustomerRow> {
  const [row] = await db
    .update(customers)
    .set(sealCustomer(ring, columns))
    .where(eq(customers.id, id))
    .returning();
  if (!row) throw new Error(`customer ${id} vanished during an update`);
  return openCustomer(ring, row);
}

export async function loadContacts(db: Executor, ring: Keyring, customerId: string): Promise<ContactRow[]> {
  const rows = await db
    .select()
    .from(customerContacts)
    .where(eq(customerContacts.customerId, customerId))
    .orderBy(
      sql`${customerContacts.isPrimary} desc`,
      asc(customerContacts.createdAt),
      asc(customerContacts.id),
    );
  return rows.map((r) => openContact(ring, r));
}

export async function loadContact(
  db: Executor,
  ring: Keyring,
  customerId: string,
  contactId: string,
): Promise<ContactRow> {
  const [row] = isUuid(contactId)
    ? await db
        .select()
        .from(customerContacts)
        .where(and(eq(customerContacts.customerId, customerId), eq(customerContacts.id, contactId)))
        .for('update')
    : [];
  if (!row) throw notFound('customer_contact_not_found', { contact: contactId.slice(0, 80) });
  return openContact(ring, row);
}

export async function saveContact(
  db: Executor,
  sealing: Sealing,
  customerId: string,
  contact: Partial<ContactFields> & { id?: string; createdAt?: Date },
): Promise<ContactRow> {
  if (contact.isPrimary) {
    // Exactly one primary: the new primary takes the place of the old one in the same transaction.
    await db
      .update(customerContacts)
      .set({ isPrimary: false })
      .where(and(eq(customerContacts.customerId, customerId), eq(customerContacts.isPrimary, true)));
  }
  const { id, ...plain } = contact;
  const values = sealContact(sealing, plain);
  const [row] = id
    ? await db.update(customerContacts).set(values).where(eq(customerContacts.id, id)).returning()
    : await db
        .insert(customerContacts)
        .values({ name: '', ...values, customerId })
        .returning();
  if (!row) throw new Error('contact write returned no row');
  return openContact(sealing.keyring, row);
}

// A primary contact for a customer that has none yet (a converted lead's person); null when it already has one.
export async function insertPrimaryContactIfNone(
  db: Executor,
  sealing: Sealing,
  customerId: string,
  contact: Pick<ContactFields, 'name' | 'email' | 'phone'> & { createdAt: Date },
): Promise<ContactRow | null> {
  const [row] = await db
    .insert(customerContacts)
    .values({ ...sealContact(sealing, contact), customerId, isPrimary: true })
    .onConflictDoNothing()
    .returning();
  return row ? openContact(sealing.keyring, row) : null;
}

export async function deleteContact(db: Executor, id: string): Promise<void> {
  await db.delete(customerContacts).where(eq(customerContacts.id, id));
}

// Ensures a customer with contacts has a primary one (after the primary was removed, or contacts were merged in).
export async function keepOnePrimary(db: Executor, sealing: Sealing, customerId: string): Promise<void> {
  const list = await loadContacts(db, sealing.keyring, customerId);
  const first = list[0];
  if (first && !list.some((c) => c.isPrimary))
    await saveContact(db, sealing, customerId, { id: first.id, isPrimary: true });
}

export async function ownerOfCustomer(
  db: Executor,
  ownerId: string | null,
): Promise<{ id: string; name: string; email: string } | null> {
  if (!ownerId) return null;
  const [u] = await db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(eq(users.id, ownerId));
  return u ?? null;
}
