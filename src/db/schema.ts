// Owns the PostgreSQL schema of the whole loop (Drizzle). Money is bigint minor units + ISO currency.
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const id = () => uuid('id').primaryKey().defaultRandom();
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => ts('created_at').notNull().defaultNow();
const money = (name: string) => bigint(name, { mode: 'number' });

export const users = pgTable('users', {
  id: id(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  roles: text('roles').array().notNull().default(sql`'{rep}'::text[]`),
  region: text('region'),
  industries: text('industries').array().notNull().default(sql`'{}'::text[]`),
  skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
  managerId: uuid('manager_id'),
  slackUserId: text('slack_user_id').unique(),
  larkOpenId: text('lark_open_id').unique(),
  timezone: text('timezone'),
  locale: text('locale'),
  capacity: integer('capacity'),
  // Most leads this person may be offered per local day; null means no limit.
  dailyCapacity: integer('daily_capacity'),
  weight: integer('weight').notNull().default(1),
  // "09:00-18:00 Mon-Fri" in the person's time zone; null means the org's hours.
  workingHours: text('working_hours'),
  active: boolean('active').notNull().default(true),
  outOfOfficeUntil: ts('out_of_office_until'),
  // Own monthly sales target in org-currency minor units (roster target_monthly, `kpi target`); null uses the default.
  targetMonthlyMinor: money('target_monthly_minor'),
  createdAt: createdAt(),
});

// Whom each person reported to and when: reports credit a fact to the manager of its time. A user with no row
// covering an instant falls back to users.manager_id.
export const userManagerHistory = pgTable(
  'user_manager_history',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    managerId: uuid('manager_id').references(() => users.id),
    validFrom: ts('valid_from').notNull(),
    validTo: ts('valid_to'),
  },
  (t) => [
    index('user_manager_history_user_idx').on(t.userId, t.validFrom),
    uniqueIndex('user_manager_history_open_uq').on(t.userId).where(sql`valid_to is null`),
  ],
);

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

export const leads = pgTable(
  'leads',
  {
    id: id(),
    seq: bigserial('seq', { mode: 'number' }).notNull().unique(),
    name: text('name').notNull(),
    company: text('company'),
    email: text('email'),
    phone: text('phone'),
    // Plain-text dedupe keys of leads taken in before encryption; the start-up backfill moves them to the blind indexes.
    emailNorm: text('email_norm'),
    phoneNorm: text('phone_norm'),
    // HMAC blind indexes of the normalised e-mail / phone (src/crypto/keyring.ts): exact dedupe without plain text.
    emailBidx: text('email_bidx'),
    phoneBidx: text('phone_bidx'),
    // The folded company name, for fuzzy dedupe on company + contact.
    companyKey: text('company_key'),
    region: text('region'),
    industry: text('industry'),
    source: text('source').notNull().default('web'),
    campaign: text('campaign'),
    // The marketing tags the lead arrived with (utm_source … utm_content), when it named medium, term or content.
    utm: jsonb('utm').$type<{
      source?: string;
      medium?: string;
      campaign?: string;
      term?: string;
      content?: string;
    }>(),
    note: text('note'),
    // Routing facts beyond region: province/city keys (places.ts), employees, expected deal, language (ISO 639-1).
    province: text('province'),
    city: text('city'),
    companySize: integer('company_size'),
    dealSizeMinor: money('deal_size_minor'),
    dealCurrency: text('deal_currency'),
    language: text('language'),
    // new → offered (waiting for accept/claim) → accepted → converted | lost; merged (into merged_into_id)
    status: text('status').notNull().default('new'),
    ownerId: uuid('owner_id').references(() => users.id),
    offeredToId: uuid('offered_to_id').references(() => users.id),
    customerId: uuid('customer_id').references(() => customers.id),
    claimChannel: text('claim_channel'),
    routingRule: text('routing_rule'),
    routingStrategy: text('routing_strategy'),
    routingReason: jsonb('routing_reason'),
    // How many times the accept SLA passed the lead on; after policy's escalateAfterReroutes a manager gets it.
    reroutes: integer('reroutes').notNull().default(0),
    // A manual merge: the lead kept, and what unmerge needs to put this lead back exactly (its prior state, the
    // activities moved onto the kept lead).
    mergedIntoId: uuid('merged_into_id').references((): AnyPgColumn => leads.id),
    mergedAt: ts('merged_at'),
    mergeUndo: jsonb('merge_undo'),
    // Follow-up stage of an accepted lead: null until first contact, then contacted → qualified.
    stage: text('stage'),
    // When the owner was reminded to make first contact, and (for idle leads) when last reminded; each reminder is
    // claimed by a conditional update of its column so two workers send it once.
    firstContactRemindedAt: ts('first_contact_reminded_at'),
    idleRemindedAt: ts('idle_reminded_at'),
    createdAt: createdAt(),
    offeredAt: ts('offered_at'),
    acceptedAt: ts('accepted_at'),
    closedAt: ts('closed_at'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    // Exact dedupe against open leads, enforced by the database so concurrent intake cannot slip past it.
    uniqueIndex('leads_open_email_uq')
      .on(t.emailNorm)
      .where(sql`closed_at is null and email_norm is not null`),
    uniqueIndex('leads_open_phone_uq')
      .on(t.phoneNorm)
      .where(sql`closed_at is null and phone_norm is not null`),
    uniqueIndex('leads_open_email_bidx_uq')
      .on(t.emailBidx)
      .where(sql`closed_at is null and email_bidx is not null`),
    uniqueIndex('leads_open_phone_bidx_uq')
      .on(t.phoneBidx)
      .where(sql`closed_at is null and phone_bidx is not null`),
    index('leads_owner_idx').on(t.ownerId, t.status),
    index('leads_open_company_idx').on(t.companyKey).where(sql`closed_at is null`),
    index('leads_offered_idx').on(t.offeredAt).where(sql`status = 'offered'`),
    index('leads_created_idx').on(t.createdAt),
  ],
);

export const leadActivities = pgTable(
  'lead_activities',
  {
    id: id(),
    leadId: uuid('lead_id')
      .notNull()
      .references(() => leads.id),
    actorId: uuid('actor_id').references(() => users.id),
    kind: text('kind').notNull(),
    note: text('note'),
    data: jsonb('data'),
    at: createdAt(),
  },
  (t) => [
    index('lead_activities_lead_idx').on(t.leadId),
    // Routing counts each rep's offers today on every intake.
    index('lead_activities_kind_at_idx').on(t.kind, t.at),
  ],
);

export const routingCursors = pgTable('routing_cursors', {
  rule: text('rule').primaryKey(),
  lastUserId: uuid('last_user_id'),
  // Weighted round-robin: each member's virtual finish time and the rule's virtual clock.
  state: jsonb('state'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const products = pgTable('products', {
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
});

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

export const installments = pgTable(
  'installments',
  {
    id: id(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    position: integer('position').notNull(),
    label: text('label').notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    amountMinor: money('amount_minor').notNull(),
    currency: text('currency').notNull(),
    paidMinor: money('paid_minor').notNull().default(0),
    paidAt: ts('paid_at'),
    // Set when finance issues the invoice for this installment; the memo of a payment may name it.
    invoiceNo: text('invoice_no'),
    invoiceOn: date('invoice_on', { mode: 'string' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('installments_uq').on(t.orderId, t.position),
    uniqueIndex('installments_invoice_uq').on(t.invoiceNo).where(sql`${t.invoiceNo} is not null`),
    index('installments_due_idx').on(t.dueOn),
    // Open installments by what they still owe: the amount-only hint for a statement line nobody is named on.
    index('installments_open_amount_idx')
      .on(sql`(${t.amountMinor} - ${t.paidMinor})`, t.currency)
      .where(sql`${t.paidMinor} < ${t.amountMinor}`),
  ],
);

export const statementImports = pgTable('statement_imports', {
  id: id(),
  fileName: text('file_name'),
  importedBy: text('imported_by').notNull(),
  linesTotal: integer('lines_total').notNull(),
  linesNew: integer('lines_new').notNull(),
  linesSkipped: integer('lines_skipped').notNull(),
  at: createdAt(),
});

export const bankTransactions = pgTable('bank_transactions', {
  id: id(),
  bankTxnId: text('bank_txn_id').notNull().unique(),
  importId: uuid('import_id').references(() => statementImports.id),
  bookedOn: date('booked_on', { mode: 'string' }).notNull(),
  amountMinor: money('amount_minor').notNull(),
  currency: text('currency').notNull(),
  payer: text('payer'),
  payerAccount: text('payer_account'),
  memo: text('memo'),
  // unmatched | matched
  status: text('status').notNull().default('unmatched'),
  // The customer the money came from, once a match says so; what is left unallocated is that customer's credit.
  customerId: uuid('customer_id').references(() => customers.id),
  // On a bank line: the receipt (ERP or chat) it turned out to be, so the money is not counted twice.
  receiptId: uuid('receipt_id')
    .unique()
    .references((): AnyPgColumn => bankTransactions.id),
  createdAt: createdAt(),
});

export const allocations = pgTable(
  'allocations',
  {
    id: id(),
    bankTransactionId: uuid('bank_transaction_id')
      .notNull()
      .references(() => bankTransactions.id),
    installmentId: uuid('installment_id')
      .notNull()
      .references(() => installments.id),
    amountMinor: money('amount_minor').notNull(),
    kind: text('kind').notNull(),
    reason: text('reason'),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    undoneAt: ts('undone_at'),
    undoneBy: text('undone_by'),
  },
  (t) => [
    index('allocations_installment_idx').on(t.installmentId),
    index('allocations_txn_idx').on(t.bankTransactionId),
    index('allocations_created_idx').on(t.createdAt),
  ],
);

// Who pays for whom: a bank account number or a payer name, learned from every confirmed match.
export const payerMappings = pgTable(
  'payer_mappings',
  {
    id: id(),
    // account | name
    kind: text('kind').notNull(),
    key: text('key').notNull(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    confirmations: integer('confirmations').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('payer_mappings_uq').on(t.kind, t.key)],
);

export const reconExceptions = pgTable('recon_exceptions', {
  id: id(),
  bankTransactionId: uuid('bank_transaction_id')
    .notNull()
    .unique()
    .references(() => bankTransactions.id),
  kind: text('kind').notNull(),
  detail: text('detail'),
  // open → acknowledged → resolved
  status: text('status').notNull().default('open'),
  acknowledgedBy: uuid('acknowledged_by').references(() => users.id),
  acknowledgedAt: ts('acknowledged_at'),
  // Up to three proposals from the matcher, best first (allocations, confidence, basis and fit).
  suggestions: jsonb('suggestions'),
  // The finance user who works it (the one with the fewest open exceptions when it came in).
  assignedTo: uuid('assigned_to').references(() => users.id),
  // Set when the assignee was reminded of it, untouched for a day; once per exception.
  remindedAt: ts('reminded_at'),
  resolvedBy: uuid('resolved_by').references(() => users.id),
  resolvedAt: ts('resolved_at'),
  createdAt: createdAt(),
});

export const dunningEvents = pgTable(
  'dunning_events',
  {
    id: id(),
    installmentId: uuid('installment_id')
      .notNull()
      .references(() => installments.id),
    offsetDays: integer('offset_days').notNull(),
    firedAt: createdAt(),
  },
  // One reminder per installment and step, however many workers race for it.
  (t) => [uniqueIndex('dunning_events_uq').on(t.installmentId, t.offsetDays)],
);

// A customer's promise to pay an order by a date, logged by the rep: the dunning ladder waits until then.
export const paymentPromises = pgTable(
  'payment_promises',
  {
    id: id(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    promisedOn: date('promised_on', { mode: 'string' }).notNull(),
    // open → kept (paid by then) | broken (not paid by then: the ladder resumes) | replaced (a newer promise)
    status: text('status').notNull().default('open'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    closedAt: ts('closed_at'),
  },
  (t) => [uniqueIndex('payment_promises_open_uq').on(t.orderId).where(sql`status = 'open'`)],
);

// Emails to customers, written in the transaction that decides them and sent by a worker through SMTP.
export const customerEmails = pgTable('customer_emails', {
  id: id(),
  // One per logical email (e.g. the day's consolidated reminder of a customer): a rerun cannot queue it twice.
  idempotencyKey: text('idempotency_key').notNull().unique(),
  customerId: uuid('customer_id').references(() => customers.id),
  to: text('to').notNull(),
  subject: text('subject').notNull(),
  body: text('body').notNull(),
  locale: text('locale').notNull(),
  // The rep who may send it at once or skip it before nextAttemptAt (the review cut-off); null when not reviewed.
  reviewerId: uuid('reviewer_id').references(() => users.id),
  // pending → sent | dead | skipped
  status: text('status').notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
  lastError: text('last_error'),
  createdAt: createdAt(),
  sentAt: ts('sent_at'),
});

export const digestRuns = pgTable(
  'digest_runs',
  {
    id: id(),
    managerId: uuid('manager_id')
      .notNull()
      .references(() => users.id),
    day: date('day', { mode: 'string' }).notNull(),
    at: createdAt(),
  },
  (t) => [uniqueIndex('digest_runs_uq').on(t.managerId, t.day)],
);

// One daily check-in per rep per local day, whichever instance gets there first.
export const leadCheckIns = pgTable(
  'lead_check_ins',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    day: date('day', { mode: 'string' }).notNull(),
    at: createdAt(),
  },
  (t) => [uniqueIndex('lead_check_ins_uq').on(t.userId, t.day)],
);

export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    // Unique per logical message and destination: a retried use case cannot enqueue it twice.
    idempotencyKey: text('idempotency_key').notNull().unique(),
    platform: text('platform').notNull(),
    destination: text('destination').notNull(),
    op: text('op').notNull(),
    refKey: text('ref_key').notNull(),
    locale: text('locale').notNull(),
    card: jsonb('card').notNull(),
    // What a send of this row already uploaded (upload key → platform file id / image key), reused on a retry.
    uploads: jsonb('uploads').$type<Record<string, string>>().notNull().default({}),
    // pending → sent | superseded | dead
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    lockedUntil: ts('locked_until'),
    // Set (and committed) before a post's HTTP call, cleared only once its outcome is known: a worker that finds it
    // set looks for the message on the platform before posting again.
    sendingSince: ts('sending_since'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    sentAt: ts('sent_at'),
    // Key id of the personal data sealed inside card ('' none, null written before sealing; src/app/crypto).
    cardKid: text('card_kid'),
    // When the retention job emptied the card of this delivered row.
    purgedAt: ts('purged_at'),
  },
  (t) => [
    index('outbox_due_idx').on(t.nextAttemptAt).where(sql`status = 'pending'`),
    index('outbox_ref_idx').on(t.refKey, t.platform, t.destination),
  ],
);

export const messageRefs = pgTable(
  'message_refs',
  {
    id: id(),
    refKey: text('ref_key').notNull(),
    platform: text('platform').notNull(),
    destination: text('destination').notNull(),
    messageId: text('message_id').notNull(),
    locale: text('locale').notNull(),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('message_refs_uq').on(t.refKey, t.platform, t.destination)],
);

export const consoleMessages = pgTable(
  'console_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    // "channel:<name>" or "user:<uuid>"
    destination: text('destination').notNull(),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    card: jsonb('card').notNull(),
    // Key id of the personal data sealed inside card ('' none, null written before sealing; src/app/crypto).
    cardKid: text('card_kid'),
    revision: integer('revision').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('console_messages_dest_idx').on(t.destination, t.updatedAt)],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: createdAt(),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    // Where the actor acted: slack, lark, console, api or system (null on rows written before it was recorded).
    platform: text('platform'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    // Set once by the sealer (src/app/audit/seal-audit-log.ts): the row's place in the hash chain and its hash.
    sealSeq: bigint('seal_seq', { mode: 'number' }),
    hash: text('hash'),
  },
  (t) => [
    index('audit_entity_idx').on(t.entityType, t.entityId),
    uniqueIndex('audit_seal_seq_uq').on(t.sealSeq),
    index('audit_at_idx').on(t.at),
    index('audit_actor_idx').on(t.actorLabel, t.id),
  ],
);

// Rows moved out of audit_log by `closeloop audit archive`: where they went and the chain link verification resumes from.
export const auditArchives = pgTable('audit_archives', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: createdAt(),
  firstSeq: bigint('first_seq', { mode: 'number' }).notNull(),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
  lastHash: text('last_hash').notNull(),
  rows: integer('rows').notNull(),
  file: text('file').notNull(),
  fileSha256: text('file_sha256').notNull(),
});

export const apiKeys = pgTable(
  'api_keys',
  {
    id: id(),
    name: text('name').notNull(),
    // The key's first characters, shown so people can tell keys apart; not secret, not enough to use the key.
    prefix: text('prefix').notNull(),
    // HMAC-SHA-256 of the key under `salt` (hex); a key from before salts (salt null) is plain SHA-256 until first used.
    hash: text('hash').notNull().unique(),
    salt: text('salt'),
    // What the key may do (src/domain/access/actions.ts apiScopes); keys from before scopes have every one.
    scopes: text('scopes').array().notNull(),
    expiresAt: ts('expires_at'),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    // Written at most once a minute, not per request.
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [index('api_keys_prefix_idx').on(t.prefix)],
);

export const inboundEvents = pgTable(
  'inbound_events',
  {
    source: text('source').notNull(),
    eventId: text('event_id').notNull(),
    receivedAt: createdAt(),
  },
  (t) => [uniqueIndex('inbound_events_uq').on(t.source, t.eventId)],
);

// Idempotency-Key on REST writes: the first answer is kept and replayed for a re-sent request.
export const apiIdempotency = pgTable(
  'api_idempotency',
  {
    keyName: text('key_name').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code'),
    response: jsonb('response'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('api_idempotency_uq').on(t.keyName, t.idempotencyKey)],
);
export * from './schema-crypto.ts';
export * from './schema-digest.ts';
export * from './schema-fx.ts';
export * from './schema-master.ts';
export * from './schema-order-cards.ts';
export * from './schema-signin.ts';
export * from './schema-tasks.ts';
export * from './schema-webhooks.ts';
