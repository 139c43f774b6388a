// Owns the exchange-rate table: one exact rate per currency pair, date and source.
import { date, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const fxRates = pgTable(
  'fx_rates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    base: text('base').notNull(),
    quote: text('quote').notNull(),
    // Units of quote per unit of base, read and written as the decimal string (numeric(20,10)), never a float.
    rate: numeric('rate', { precision: 20, scale: 10 }).notNull(),
    rateDate: date('rate_date', { mode: 'string' }).notNull(),
    // manual (chat, API), import, or the configured provider's name.
    source: text('source').notNull(),
    recordedBy: text('recorded_by'),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('fx_rates_uq').on(t.base, t.quote, t.rateDate, t.source)],
);
