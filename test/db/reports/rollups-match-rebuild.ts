// The trigger-kept report roll-ups as they stand, key by key, against the same roll-ups after report_rebuild_all()
// recomputed them from the facts: what a race between two writers must leave them as.
import { expect } from 'vitest';
import type { Database } from '../../../src/db/client.ts';

// Each summed roll-up and the columns it sums; every other column is its key.
const summed: Record<string, readonly string[]> = {
  report_kpi_hourly: ['sum', 'n'],
  report_open_balances: ['sum', 'n'],
  report_due_collected: ['due', 'collected', 'n'],
  report_balance_moves: ['sum', 'n'],
  report_stage_days: ['entered', 'moved', 'lost'],
  report_stage_day_times: ['n'],
};

// Folded per key (deltas summed, keys that net to nothing left out), as every report reads them.
async function folded(database: Database): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [table, sums] of Object.entries(summed)) {
    const values = sums.map((c) => `'${c}', sum(t.${c})::text`).join(', ');
    const r = await database.pool.query(
      `select key, jsonb_build_object(${values}) as value
       from (select to_jsonb(r) - array[${sums.map((c) => `'${c}'`).join(', ')}] as key, r.* from ${table} r) t
       group by key having ${sums.map((c) => `sum(t.${c}) <> 0`).join(' or ')}
       order by key::text`,
    );
    out[table] = r.rows;
  }
  return out;
}

export async function expectRollUpsMatchRebuild(database: Database): Promise<void> {
  const live = await folded(database);
  await database.pool.query('select report_rebuild_all()');
  expect(live).toEqual(await folded(database));
}
