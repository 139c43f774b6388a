import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleTransport } from '../../../adapters/console/transport.ts';
import type { Card } from '../../../src/messages/model.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';

let database: TestDatabase;
const card = (title: string): Card => ({ title, fields: [], actions: [], tone: 'info' });

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe('console transport', () => {
  it('a post retried with the same idempotency key returns the first message and stores one row', async () => {
    const transport = createConsoleTransport(testDeps(database));
    const request = {
      destination: 'channel:finance',
      card: card('first'),
      locale: 'en' as const,
      idempotencyKey: 'k1',
    };
    const first = await transport.post(request);
    const again = await transport.post({ ...request, card: card('retry') });
    expect(again.messageId).toBe(first.messageId);
    expect(await countRows(database, 'console_messages')).toBe(1);
    const row = await database.pool.query('select card, revision from console_messages');
    expect(row.rows[0]).toEqual({ card: card('first'), revision: 1 });
  });

  it('an update edits the card in place and bumps its revision', async () => {
    const transport = createConsoleTransport(testDeps(database));
    const { messageId } = await transport.post({
      destination: 'user:00000000-0000-0000-0000-000000000001',
      card: card('offer'),
      locale: 'en',
      idempotencyKey: 'k2',
    });
    await transport.update({
      destination: 'user:00000000-0000-0000-0000-000000000001',
      card: card('claimed'),
      locale: 'en',
      idempotencyKey: 'k2-update',
      messageId,
    });
    const row = await database.pool.query('select card, revision from console_messages where id = $1', [
      Number(messageId),
    ]);
    expect(row.rows[0]).toEqual({ card: card('claimed'), revision: 2 });
  });

  it('editing a message that does not exist fails for good', async () => {
    const transport = createConsoleTransport(testDeps(database));
    await expect(
      transport.update({
        destination: 'channel:x',
        card: card('x'),
        locale: 'en',
        idempotencyKey: 'k3',
        messageId: '999999',
      }),
    ).rejects.toThrow('does not exist');
  });
});
