// Test roster and helpers for the leads slice: users and customers inserted directly, cards read from the outbox.
import { asc, eq } from 'drizzle-orm';
import { openCard } from '../../../src/app/crypto/seal-card.ts';
import type { UserRow } from '../../../src/app/deps.ts';
import type { Database } from '../../../src/db/client.ts';
import { customers, outbox, users } from '../../../src/db/schema.ts';
import type { Card } from '../../../src/messages/model.ts';
import { testKeyring } from '../../helpers/deps.ts';

export type NewUser = typeof users.$inferInsert;

export async function addUser(
  database: Database,
  user: Partial<NewUser> & { name: string },
): Promise<UserRow> {
  const [row] = await database.db
    .insert(users)
    .values({ email: `${user.name.toLowerCase().replace(/\s+/g, '.')}@demo.test`, ...user })
    .returning();
  if (!row) throw new Error('no user row');
  return row;
}

export interface Team {
  manager: UserRow;
  amy: UserRow;
  bo: UserRow;
  cai: UserRow;
  west: UserRow;
}

// East: manager Meng with reps Amy, Bo, Cai (English speakers); West: Wang (Chinese).
export async function addTeam(database: Database): Promise<Team> {
  const manager = await addUser(database, { name: 'Meng', roles: ['manager'], region: 'east', locale: 'en' });
  const rep = (name: string) =>
    addUser(database, { name, roles: ['rep'], region: 'east', locale: 'en', managerId: manager.id });
  return {
    manager,
    amy: await rep('Amy'),
    bo: await rep('Bo'),
    cai: await rep('Cai'),
    west: await addUser(database, { name: '王伟', roles: ['rep'], region: 'west' }),
  };
}

export async function addCustomer(database: Database, name: string, normalizedName: string, ownerId: string) {
  const [row] = await database.db
    .insert(customers)
    .values({ name, normalizedName, ownerId, currency: 'CNY' })
    .returning();
  if (!row) throw new Error('no customer row');
  return row;
}

export interface OutboxCard {
  platform: string;
  destination: string;
  op: string;
  refKey: string;
  card: Card;
}

export async function cards(
  database: Database,
  filter: { destination?: string } = {},
): Promise<OutboxCard[]> {
  const rows = await database.db
    .select()
    .from(outbox)
    .where(filter.destination ? eq(outbox.destination, filter.destination) : undefined)
    .orderBy(asc(outbox.id));
  return rows.map((r) => ({
    platform: r.platform,
    destination: r.destination,
    op: r.op,
    refKey: r.refKey,
    // Opened as the delivery worker opens it: the row keeps the contact details sealed.
    card: openCard(testKeyring(), r.card) as Card,
  }));
}

export const field = (card: Card, label: string) => card.fields.find((f) => f.label === label)?.value;
