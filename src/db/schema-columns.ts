// Owns the column shapes every schema module shares: uuid ids, timestamps with time zone, money in minor units.
import { bigint, timestamp, uuid } from 'drizzle-orm/pg-core';

export const id = () => uuid('id').primaryKey().defaultRandom();
export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
export const createdAt = () => ts('created_at').notNull().defaultNow();
export const money = (name: string) => bigint(name, { mode: 'number' });
