// `npm start` with nothing set: migrations run as the embedded server's owner, the app as a role that cannot rewrite
// the audit log — across restarts.
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/config/env.ts';
import { openRuntime } from '../../src/runtime.ts';

describe('the embedded default', () => {
  it('connects the app as closeloop_app, which may append to the audit log but not change it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'closeloop-embedded-'));
    const env = parseEnv({ CLOSELOOP_DATA_DIR: dir });
    for (const round of [1, 2]) {
      const runtime = await openRuntime(env, { poolSize: 2 });
      try {
        const pool = runtime.database.pool;
        expect((await pool.query('select current_user as u')).rows[0]?.u).toBe('closeloop_app');
        expect(runtime.appendOnlyByTriggerOnly).toBe(false);
        await pool.query(
          `insert into audit_log (actor_label, action, entity_type, entity_id) values ('system:test', 'test.${round}', 'test', '1')`,
        );
        const denied = (sql: string) =>
          pool.query(sql).then(
            () => 'done',
            (e: Error) => e.message,
          );
        expect(await denied(`update audit_log set action = 'x'`)).toMatch(/permission denied/);
        expect(await denied('delete from audit_log')).toMatch(/permission denied/);
        expect(await denied('truncate audit_log')).toMatch(/permission denied/);
        expect(Number((await pool.query('select count(*) n from audit_log')).rows[0]?.n)).toBe(round);
      } finally {
        await runtime.close();
      }
    }
    expect((statSync(join(dir, 'pg-app-credentials.json')).mode & 0o777).toString(8)).toBe('600');
  }, 120_000);
});
