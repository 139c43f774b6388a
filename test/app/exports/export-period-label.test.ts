import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import { requireUser } from '../../../src/app/roster/find-user.ts';
import { insertTeam, type Team } from '../../collections/fixtures.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';

// "This month" of receivables is the month they fall due: the answer says so, or finance reads it as this month's sales.
describe('an export answer names the date its period filters on', () => {
  let database: TestDatabase;
  let deps: ReturnType<typeof testDeps>;
  let team: Team;

  beforeAll(async () => {
    database = await createTestDatabase();
    deps = testDeps(database, { clock: testClock('2026-12-07T02:00:00Z') });
    team = await insertTeam(database);
  });

  afterAll(async () => {
    await database.close();
  });

  const as = async (id: string, locale: 'en' | 'zh-CN') => {
    await database.pool.query('update users set locale = $2 where id = $1', [id, locale]);
    return { kind: 'user' as const, user: await requireUser(deps, { by: 'id', id }) };
  };

  it('receivables this month (zh-CN): 到期日 2026-12-01 – 2026-12-07', async () => {
    const reply = await runTextCommand(deps, await as(team.finance.id, 'zh-CN'), '导出 应收 本月');
    expect(reply.text).toBe('你导出的应收（到期日 2026-12-01 – 2026-12-07，CSV）见下方附件。');
  });

  it('installments this month (en) are by due date too; orders by the day they were created', async () => {
    const finance = await as(team.finance.id, 'en');
    expect((await runTextCommand(deps, finance, 'export installments month')).text).toBe(
      'Your export of installments (due 2026-12-01 – 2026-12-07, CSV) is attached below.',
    );
    expect((await runTextCommand(deps, finance, 'export orders month')).text).toBe(
      'Your export of orders (created 2026-12-01 – 2026-12-07, CSV) is attached below.',
    );
  });
});
