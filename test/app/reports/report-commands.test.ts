import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchAction } from '../../../src/app/commands/dispatch-action.ts';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { auditLog, users } from '../../../src/db/schema.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { examplePolicy, testDeps } from '../../helpers/deps.ts';
import { type Dataset, insertDataset } from './dataset.ts';

describe('report commands in chat', () => {
  let database: TestDatabase;
  let deps: AppDeps;
  let ds: Dataset;
  const user = async (id: string, locale = 'en'): Promise<UserRow> => {
    await database.db.update(users).set({ locale }).where(eq(users.id, id));
    const [u] = await database.db.select().from(users).where(eq(users.id, id));
    return u!;
  };
  const say = async (id: string, text: string, locale = 'en') =>
    runTextCommand(deps, { kind: 'user', user: await user(id, locale) }, text);

  beforeAll(async () => {
    database = await createTestDatabase();
    ds = await insertDataset(database);
    const policy = examplePolicy();
    policy.targets.monthly = { byRole: { rep: 1000 }, byTeam: { [ds.emails.m2]: 1500 } };
    deps = testDeps(database, { policy, clock: testClock('2026-11-02T02:00:00Z') });
  });
  afterAll(async () => database?.close());

  it('kpi <period> shows the director a ranked table of the whole tree with attainment', async () => {
    const r = await say(ds.director, 'kpi 2026-10-01..2026-10-31');
    expect(r.card?.title).toBe('KPI · Dana Director and team · 2026-10-01 – 2026-10-31');
    const body = r.card?.body ?? '';
    expect(body).toContain('1. **Mia Manager** — approved ¥1,000.00 + USD 200.00'.replace('¥', 'CNY '));
    expect(body).toContain('Ravi Rep (before moving teams)');
    expect(r.card?.fields.find((f) => f.label === 'Attainment')?.value).toBe(
      '33.3% (CNY 1,500.00 of CNY 4,500.00)',
    );
  });

  it('绩效 in Chinese, and a rep of another team is refused with a reason', async () => {
    const zh = await say(ds.m2, '绩效 2026-10-01..2026-10-31', 'zh-CN');
    expect(zh.card?.title).toContain('绩效 · Max Manager 及团队');
    await expect(say(ds.m2, 'kpi month @nobody')).rejects.toMatchObject({
      kind: 'not_found',
    });
    await expect(say(ds.m2, `kpi month rep:${ds.emails.r1}`)).rejects.toMatchObject({ kind: 'forbidden' });
  });

  it('a rep with nobody below them is named alone, not "and team", on every report card', async () => {
    const kpi = await say(ds.r1, 'kpi 2026-10-01..2026-10-31');
    expect(kpi.card?.title).toBe('KPI · Rita Rep · 2026-10-01 – 2026-10-31');
    const funnel = await say(ds.r1, '漏斗 2026-10-01..2026-10-31', 'zh-CN');
    expect(funnel.card?.title).toBe('漏斗 · Rita Rep · 2026-10-01 至 2026-10-31');
  });

  it('a card with no table still has text for the notification preview: its title', async () => {
    const kpi = await say(ds.r1, 'kpi 2026-10-01..2026-10-31');
    expect(kpi.text).toBe('KPI · Rita Rep · 2026-10-01 – 2026-10-31');
  });

  it('a bad period is refused naming the word', async () => {
    await expect(say(ds.director, 'kpi lastyear')).rejects.toMatchObject({
      code: 'report_bad_period',
      vars: { value: 'lastyear' },
    });
  });

  it('funnel by rep names the bottleneck and lists the reps; a long table pages with Show more', async () => {
    const r = await say(ds.director, 'funnel 2026-10-01..2026-10-31 by rep');
    expect(r.card?.title).toBe('Funnel · Dana Director and team · 2026-10-01 – 2026-10-31');
    expect(r.card?.body).toContain('**new** 6 in → 5 on (83.3%)');
    expect(r.card?.body).toContain('lost: price 1');
    expect(r.card?.body).toMatch(/1\. \*\*(Rita|Ravi|Rosa) Rep\*\*/);
    expect(r.card?.actions).toEqual([]);
  });

  it('the Show more button runs the next page as the clicker', async () => {
    const r = await dispatchAction(
      deps,
      { kind: 'user', user: await user(ds.director) },
      {
        action: 'report.more',
        entityId: 'kpi period:2026-10-01..2026-10-31 offset:3',
      },
    );
    expect(r.card?.body).toMatch(/^4\. /);
  });

  it('ar dashboard / 应收 看板 shows open, overdue, DSO and the exceptions to finance', async () => {
    const r = await say(ds.finance, 'ar dashboard');
    const field = (label: string) => r.card?.fields.find((f) => f.label === label)?.value;
    expect(field('Open')).toBe('CNY 500.00 + USD 200.00');
    expect(field('Overdue now')).toBe('CNY 300.00 (1)');
    expect(field('DSO (count-back)')).toBe('CNY 19 · USD 16');
    expect(field('Reconciliation exceptions')).toContain('1 open');
    const zh = await say(ds.finance, '应收 看板', 'zh-CN');
    expect(zh.card?.title).toContain('应收看板');
  });

  it('kpi target: a manager above the rep sets it (audited, a repeat writes nothing); a peer may not', async () => {
    const r = await say(ds.m1, `kpi target ${ds.emails.r2} 3000`);
    // Without a target of their own the closeloop.yaml default applied: it is named, not shown as "—".
    expect(r.text).toBe('Monthly target of Ravi Rep is now CNY 3,000.00 (was the default CNY 1,000.00).');
    await say(ds.m1, `kpi target ${ds.emails.r2} 3000`);
    const audits = await database.db.select().from(auditLog).where(eq(auditLog.action, 'user.target'));
    expect(audits).toHaveLength(1);
    await expect(say(ds.m2, `kpi target ${ds.emails.r2} 1`)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(say(ds.m1, `kpi target ${ds.emails.r2} 1e9`)).rejects.toMatchObject({
      code: 'report_bad_target',
    });
  });

  it('kpi target … 0 clears the own target and says which default applies from now on', async () => {
    const cleared = await say(ds.m1, `kpi target ${ds.emails.r2} 0`);
    expect(cleared.text).toBe(
      'Monthly target of Ravi Rep is now the default CNY 1,000.00 (was CNY 3,000.00).',
    );
    const zh = await say(ds.m1, `绩效 目标 ${ds.emails.r2} 2000`, 'zh-CN');
    expect(zh.text).toBe('Ravi Rep 的月度目标已设为 ¥2,000.00（原为 默认目标 ¥1,000.00）。');
  });

  it('kpi target … 0 with no default configured says there is no target now, not "—"', async () => {
    const policy = examplePolicy();
    policy.targets.monthly = { byRole: {}, byTeam: {} };
    const bare = testDeps(database, { policy, clock: testClock('2026-11-02T02:00:00Z') });
    const sayBare = async (text: string, locale = 'en') =>
      runTextCommand(bare, { kind: 'user', user: await user(ds.m1, locale) }, text);
    const cleared = await sayBare(`kpi target ${ds.emails.r2} 0`);
    expect(cleared.text).toBe(
      'Ravi Rep has no monthly target now (was CNY 2,000.00); closeloop.yaml sets no default for them.',
    );
    const zh = await sayBare(`绩效 目标 ${ds.emails.r2} 0`, 'zh-CN');
    expect(zh.text).toBe('Ravi Rep 现在没有月度目标（原为 无）；closeloop.yaml 未为其设默认目标。');
    const set = await sayBare(`kpi target ${ds.emails.r2} 500`);
    expect(set.text).toBe('Monthly target of Ravi Rep is now CNY 500.00 (was none).');
  });
});
