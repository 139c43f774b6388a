// Two processes migrating one fresh database at once — two instances starting together, or `closeloop migrate` run
// while the server starts — both succeed and apply each migration once; before, one failed on "relation already exists".
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { type Database, migrateDatabase, openDatabase } from '../../src/db/client.ts';
import journal from '../../src/db/migrations/meta/_journal.json' with { type: 'json' };

const adminUrl = inject('pgAdminUrl');
const opened: Database[] = [];

afterAll(async () => {
  await Promise.all(opened.map((d) => d.close()));
});

describe('migrating one database from two processes at once', () => {
  it('both finish, and every migration is applied once', async () => {
    const name = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = adminUrl.replace(/\/postgres$/, `/${name}`);
    // Two connections each, as `closeloop start` opens its owner pool.
    const [first, second] = [openDatabase(url, 2), openDatabase(url, 2)];
    opened.push(first, second);

    const outcomes = await Promise.allSettled([migrateDatabase(first), migrateDatabase(second)]);

    expect(outcomes.map((o) => (o.status === 'rejected' ? String(o.reason) : 'ok'))).toEqual(['ok', 'ok']);
    const { rows } = await first.pool.query<{ n: string }>(
      'select count(*) as n from drizzle.__drizzle_migrations',
    );
    expect(Number(rows[0]?.n)).toBe(journal.entries.length);
  }, 120_000);
});
