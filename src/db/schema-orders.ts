// Owns the order tables: products, orders with lines and versions, approvals, credit overrides, comments and files.
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, money, ts } from './schema-columns.ts';
import { customers } from './schema-customers.ts';
import { leads } from './schema-leads.ts';
import { users } from './schema-people.ts';

export const products = pgTable(
  'products',
  {
    id: id(),
    sku: text('sku').notNull().unique(),
    name: text('name').notNull(),
    // The name in each language; null shows `name`.
    nameZh: text('name_zh'),
    nameEn: text('name_en'),
    // What one is counted in (pcs, set, seat, month); null when not said.
    unit: text('unit'),
    unitPriceMinor: money('unit_price_minor').notNull(),
    // What one unit costs us, for the margin approval levels may name; null when unknown.
    unitCostMinor: money('unit_cost_minor'),
    currency: text('currency').notNull(),
    // Tax in basis points (1300 = 13%); null takes orders.defaultTaxRateBp of closeloop.yaml.
    taxRateBp: integer('tax_rate_bp'),
    active: boolean('active').notNull().default(true),
    // The ids an ERP knows the product by ({ erp: "P-1001" }); erp is unique (migration 0115).
    externalIds: jsonb('external_ids').$type<Record<string, string>>().notNull().default({}),
  },
  // SKUs are looked up whatever their case (migration 0198).
  (t) => [index('products_sku_lower_idx').on(sql`lower(${t.sku})`)],
);

export const orders = pgTable(
  'orders',
  {
    id: id(),
    seq: bigserial('seq', { mode: 'number' }).notNull().unique(),
    number: text('number').notNull().unique(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    leadId: uuid('lead_id').references(() => leads.id),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    // draft → pending_approval → approved | rejected (→ draft on edit) | cancelled
    status: text('status').notNull().default('draft'),
    currency: text('currency').notNull(),
    // Including tax; installments add up to it.
    totalMinor: money('total_minor').notNull().default(0),
    taxMinor: money('tax_minor').notNull().default(0),
    paymentPlan: text('payment_plan').notNull(),
    nonStandardTerms: boolean('non_standard_terms').notNull().default(false),
    terms: text('terms'),
    version: integer('version').notNull().default(1),
    submittedAt: ts('submitted_at'),
    decidedAt: ts('decided_at'),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('orders_owner_idx').on(t.ownerId, t.status),
    index('orders_customer_idx').on(t.customerId),
    index('orders_lead_idx').on(t.leadId).where(sql`lead_id is not null`),
    index('orders_decided_idx').on(t.decidedAt).where(sql`decided_at is not null`),
    // Reconciliation looks orders up by the number as a memo writes it, compacted ("so 2026 00012" → SO202600012).
    index('orders_number_key_idx').on(sql`upper(regexp_replace(${t.number}, '[^A-Za-z0-9]', '', 'g'))`),
  ],
);

export const orderLines = pgTable('order_lines', {
  id: id(),
  orderId: uuid('order_id')
    .notNull()
    .references(() => orders.id),
  position: integer('position').notNull(),
  productId: uuid('product_id').references(() => products.id),
  description: text('description').notNull(),
  quantity: integer('quantity').notNull(),
  unitPriceMinor: money('unit_price_minor').notNull(),
  discountBp: integer('discount_bp').notNull().default(0),
  // Before tax.
  amountMinor: money('amount_minor').notNull(),
  taxRateBp: integer('tax_rate_bp').notNull().default(0),
  taxMinor: money('tax_minor').notNull().default(0),
});

export const orderVersions = pgTable(
  'order_versions',
  {
    id: id(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    version: integer('version').notNull(),
    snapshot: jsonb('snapshot').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('order_versions_uq').on(t.orderId, t.version)],
);

export const approvals = pgTable(
  'approvals',
  {
    id: id(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    orderVersion: integer('order_version').notNull(),
    levelIndex: integer('level_index').notNull(),
    levelName: text('level_name').notNull(),
    mode: text('mode').notNull().default('any'),
    approverId: uuid('approver_id')
      .notNull()
      .references(() => users.id),
    // The approver of the policy this row's approver stands in for (out of office, or their delegate); null when
    // the approver is the policy's own.
    standingInFor: uuid('standing_in_for').references(() => users.id),
    // waiting (a later level) → pending (card sent) → approved | rejected | superseded
    status: text('status').notNull().default('waiting'),
    reason: text('reason'),
    decidedAt: ts('decided_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('approvals_uq').on(t.orderId, t.orderVersion, t.levelIndex, t.approverId),
    index('approvals_approver_idx').on(t.approverId, t.status),
    index('approvals_decided_idx').on(t.decidedAt).where(sql`decided_at is not null`),
  ],
);

// A held order released by an approval of its own: valid until expiresAt, for totals up to the one it was asked for.
export const creditOverrides = pgTable(
  'credit_overrides',
  {
    id: id(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    orderVersion: integer('order_version').notNull(),
    totalMinor: money('total_minor').notNull(),
    reason: text('reason').notNull(),
    requestedBy: uuid('requested_by').references(() => users.id),
    // Everyone asked; each got a card, and every copy shows the decision.
    approverIds: uuid('approver_ids').array().notNull(),
    // pending → approved | rejected
    status: text('status').notNull().default('pending'),
    decidedBy: uuid('decided_by').references(() => users.id),
    decisionReason: text('decision_reason'),
    decidedAt: ts('decided_at'),
    expiresAt: ts('expires_at'),
    createdAt: createdAt(),
  },
  (t) => [
    // One open request per order at a time.
    uniqueIndex('credit_overrides_pending_uq').on(t.orderId).where(sql`status = 'pending'`),
    index('credit_overrides_order_idx').on(t.orderId, t.status),
  ],
);

export const comments = pgTable('comments', {
  id: id(),
  orderId: uuid('order_id')
    .notNull()
    .references(() => orders.id),
  authorId: uuid('author_id').references(() => users.id),
  body: text('body').notNull(),
  at: createdAt(),
});

export const attachments = pgTable('attachments', {
  id: id(),
  orderId: uuid('order_id')
    .notNull()
    .references(() => orders.id),
  fileName: text('file_name').notNull(),
  storagePath: text('storage_path').notNull(),
  sizeBytes: integer('size_bytes').notNull(),
  contentType: text('content_type'),
  uploadedBy: uuid('uploaded_by').references(() => users.id),
  at: createdAt(),
});
