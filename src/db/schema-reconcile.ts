// Owns the reconciliation tables: statement imports, bank lines, allocations, learned payers and exceptions.
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { installments } from './schema-collections.ts';
import { createdAt, id, money, ts } from './schema-columns.ts';
import { customers } from './schema-customers.ts';
import { users } from './schema-people.ts';

export const statementImports = pgTable('statement_imports', {
  id: id(),
  fileName: text('file_name'),
  importedBy: text('imported_by').notNull(),
  linesTotal: integer('lines_total').notNull(),
  linesNew: integer('lines_new').notNull(),
  linesSkipped: integer('lines_skipped').notNull(),
  at: createdAt(),
  // Set when the file raised more exceptions than reconcile.exceptionCardsPerFile: what its summary card shows.
  exceptionSummary: jsonb('exception_summary'),
});

export const bankTransactions = pgTable(
  'bank_transactions',
  {
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
    receiptId: uuid('receipt_id').references((): AnyPgColumn => bankTransactions.id),
    createdAt: createdAt(),
  },
  // Partial (migration 0130): nearly every line has no receipt, and a NULL entry per line cost every import a write.
  (t) => [
    uniqueIndex('bank_transactions_receipt_id_unique').on(t.receiptId).where(sql`receipt_id is not null`),
  ],
);

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

export const reconExceptions = pgTable(
  'recon_exceptions',
  {
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
    // The file whose summary card stands in for this exception's own card until a page of cards posts it (0195).
    cardWaitsOnImportId: uuid('card_waits_on_import_id').references(() => statementImports.id),
  },
  (t) => [
    index('recon_exceptions_card_waits_idx')
      .on(t.cardWaitsOnImportId)
      .where(sql`card_waits_on_import_id is not null`),
  ],
);

// The pages of exception cards posted from a file's summary card, one row each: a page is posted once.
export const statementCardPages = pgTable(
  'statement_card_pages',
  {
    importId: uuid('import_id')
      .notNull()
      .references(() => statementImports.id),
    page: integer('page').notNull(),
    cards: integer('cards').notNull(),
    postedBy: text('posted_by').notNull(),
    postedAt: ts('posted_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.page] })],
);
