// Owns the table of data keys a database was sealed with: key id, purpose and a check value (never the key).
import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const dataKeys = pgTable('data_keys', {
  kid: text('kid').primaryKey(),
  // data | index
  purpose: text('purpose').notNull(),
  checkValue: text('check_value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
