// Owns the benches' view of what the database spent its time on: pg_stat_statements (loaded with `--statements`)
// read as the schema owner, the statements of one phase by total time, triggers' nested statements included.
import pg from 'pg';

// The server settings that make pg_stat_statements count every statement, those run by triggers too.
export const statementStatsSettings = [
  'shared_preload_libraries=pg_stat_statements',
  'pg_stat_statements.track=all',
] as const;

export interface StatementStats {
  // Forgets what came before (the seed): what is printed next is one phase's.
  reset(): Promise<void>;
  print(limit: number): Promise<void>;
  close(): Promise<void>;
}

export async function statementStats(ownerUrl: string): Promise<StatementStats> {
  const pool = new pg.Pool({ connectionString: ownerUrl, max: 1 });
  await pool.query('create extension if not exists pg_stat_statements');
  return {
    reset: async () => {
      await pool.query('select pg_stat_statements_reset()');
    },
    print: async (limit) => {
      const { rows } = await pool.query<{ ms: number; calls: string; rows: string; query: string }>(
        `select round(total_exec_time)::int as ms, calls, rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 150) as query
         from pg_stat_statements where query not like '%pg_stat_statements%'
         order by total_exec_time desc limit $1`,
        [limit],
      );
      console.log(
        'database time by statement (ms, calls, rows; trigger statements counted inside their caller too):',
      );
      for (const r of rows)
        console.log(`  ${String(r.ms).padStart(7)} ${r.calls.padStart(7)} ${r.rows.padStart(8)}  ${r.query}`);
    },
    close: () => pool.end(),
  };
}
