// Whether a transaction of a test's database waits for a lock: how a race test sees the other side has reached it.
import type pg from 'pg';

// True once some transaction of the pool's database waits for a lock in a statement containing the text ('' for any).
export async function waitsForLock(pool: pg.Pool, text = ''): Promise<boolean> {
  const w = await pool.query<{ n: number }>(
    `select count(*)::int as n from pg_stat_activity
     where datname = current_database() and wait_event_type = 'Lock' and query ilike $1`,
    [`%${text}%`],
  );
  return (w.rows[0]?.n ?? 0) > 0;
}
