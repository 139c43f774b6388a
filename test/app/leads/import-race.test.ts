// A lead list's turn-taking rows are inserted after the routing turn is taken; when the same person comes in between
// (through a path that takes no turn), the chunk is done again and the row becomes a duplicate, with no turn used.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../../src/app/deps.ts';
import { createLead } from '../../../src/app/leads/create-lead.ts';
import { importLeads } from '../../../src/app/leads/import-leads.ts';
import { isImportProblem, tableFromCsv } from '../../../src/domain/leads/lead-import.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { addTeam } from './fixtures.ts';

let database: TestDatabase;
let deps: AppDeps;
const cli = { kind: 'system', name: 'cli' } as const;
const web = { kind: 'api', keyName: 'website', scopes: ['leads:write'] } as const;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database);
  await addTeam(database);
});

afterAll(async () => {
  await database?.close();
});

const cursors = async () =>
  (await database.pool.query('select rule, last_user_id from routing_cursors order by rule')).rows;

describe('importLeads racing a single intake of the same person', () => {
  it('takes no turn for a row whose person came in while it waited for the turn: it is a duplicate of that lead', async () => {
    // One east manufacturing lead first, so the round-robin cursor exists and has a position.
    await createLead(deps, web, {
      name: 'First',
      email: 'first@race.test',
      region: 'east',
      industry: 'manufacturing',
    });
    const before = await cursors();
    // Another intake holds the routing turn.
    const holder = await database.pool.connect();
    try {
      await holder.query('begin');
      await holder.query('select * from routing_cursors for update');
      const table = tableFromCsv('name,email,region,industry\nLi Lei,li@race.test,east,manufacturing');
      if (isImportProblem(table)) throw new Error(table.code);
      const importing = importLeads(deps, cli, table, { source: 'expo' });
      for (let waiting = 0; waiting === 0; ) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        waiting = (
          await database.pool.query(
            `select count(*)::int n from pg_stat_activity where wait_event_type = 'Lock' and query like '%routing_take_turn%'`,
          )
        ).rows[0].n;
      }
      // Meanwhile the same person arrives from the west: posted to a claim channel, no turn taken.
      const single = await createLead(deps, web, { name: 'Li Lei', email: 'LI@race.test', region: 'west' });
      await holder.query('commit');
      const report = await importing;
      expect(report.created).toBe(0);
      expect(report.duplicates).toMatchObject([{ line: 2, matchedOn: 'email', id: single.id }]);
      expect(await cursors()).toEqual(before);
      const leads = await database.pool.query(
        `select count(*)::int n from leads where email_bidx is not null`,
      );
      expect(leads.rows[0].n).toBe(2);
    } finally {
      holder.release();
    }
  });
});
