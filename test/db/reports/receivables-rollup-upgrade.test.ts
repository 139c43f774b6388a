// Migration 0125 on a database that already holds receivables: the balance roll-ups it reshapes are backfilled from the
// facts (and only those), so the dashboard reads the same figures the facts give right after the upgrade.

import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { type Database, migrationsFolder, openDatabase } from '../../../src/db/client.ts';
import { insertDataset } from '../../app/reports/dataset.ts';
import { migrationsBefore } from './migrations-before.ts';
import { expectReceivablesAgree } from './receivables-agree.ts';

describe('migration 0125 on a database with receivables', () => {
  const adminUrl = inject('pgAdminUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const before = migrationsBefore(125);
  let database: Database | undefined;

  afterAll(async () => {
    await database?.close();
    rmSync(before, { recursive: true, force: true });
  });

  it('backfills open balances by customer and what fell due, equal to the facts', async () => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    database = openDatabase(adminUrl.replace(/\/postgres$/, `/${name}`), 4);
    await migrate(database.db, { migrationsFolder: before });
    await insertDataset(database);
    const stagesBefore = await database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from report_lead_stages`,
    );
    await migrate(database.db, { migrationsFolder });

    const db = database.db;
    for (const today of ['2026-10-20', '2026-11-02']) {
      const q = { today, asOf: new Date('2026-11-02T02:17:00Z'), scope: { kind: 'org' } as const };
      const { open, due } = await expectReceivablesAgree(
        db,
        { ...q, fromDay: '2026-10-01', toDay: '2026-11-30' },
        today,
      );
      expect(open.some((r) => r.by === 'customer')).toBe(true);
      expect(due.length).toBeGreaterThan(0);
    }
    const stagesAfter = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from report_lead_stages`,
    );
    expect(stagesAfter.rows[0]?.n).toBe(stagesBefore.rows[0]?.n);
  });
});
