// Reports narrowed to a lead source or routing rule, in chat (English and Chinese words) over the October dataset:
// L4 came from the expo, the other five leads from the web; L3 is routed by "East everything else"; only SO-T-1 was
// made from a lead (L1, web), so the web's KPI carries its CNY 1,000.00 and nothing else of the orders.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import { readFunnelReport } from '../../../src/app/reports/read-funnel-report.ts';
import { readKpiReport } from '../../../src/app/reports/read-kpi-report.ts';
import { pageCommand, readReportArgs } from '../../../src/app/reports/report-args.ts';
import { leads } from '../../../src/db/schema.ts';
import type { DomainError } from '../../../src/domain/errors.ts';
import type { Period } from '../../../src/domain/reports/period.ts';
import { errorText } from '../../../src/messages/catalogue/errors.ts';
import { type OctoberReports, openOctoberReports } from './october-reports.ts';

const october: Period = { kind: 'range', from: '2026-10-01', to: '2026-10-31' };

describe('reports by lead source and routing rule', () => {
  let o: OctoberReports;
  const say = async (id: string, text: string, locale: 'en' | 'zh-CN' = 'en') =>
    runTextCommand(o.deps, await o.actor(id, locale), text);

  beforeAll(async () => {
    o = await openOctoberReports();
    await o.database.db
      .update(leads)
      .set({ routingRule: 'East everything else' })
      .where(eq(leads.name, 'L3'));
  });
  afterAll(async () => o?.database.close());

  it('funnel source:expo counts only the expo lead, through every stage it reached', async () => {
    const r = await readFunnelReport(o.deps, await o.actor(o.ds.director), {
      period: october,
      scope: { kind: 'source', source: 'expo' },
    });
    const by = Object.fromEntries(r.total.map((s) => [s.stage, [s.entered, s.movedOn, s.stillThere]]));
    expect(by).toMatchObject({
      new: [1, 1, 0],
      accepted: [1, 1, 0],
      contacted: [1, 1, 0],
      qualified: [1, 0, 1],
    });
    expect(r.scope).toEqual({
      kind: 'tree',
      name: 'Dana Director',
      leads: { kind: 'source', value: 'expo' },
    });
  });

  it('kpi source:web: the web leads and the one order made from them', async () => {
    const r = await readKpiReport(o.deps, await o.actor(o.ds.director), {
      period: october,
      scope: { kind: 'source', source: 'WEB' },
    });
    // Six leads less the expo one; SO-T-2 and SO-T-3 came from no lead.
    expect(r.tree.figures.newLeads).toBe(5);
    expect(r.tree.figures.approvedValue).toEqual({ CNY: 100_000 });
    expect(r.tree.figures.ordersApproved).toBe(1);
    // Targets are for all of a rep's business: a source's slice has none, so no attainment.
    expect(r.tree.figures.targetMinor).toBe(0);
    expect(r.tree.figures.attainment).toBeNull();
  });

  it('a team narrowed to a source: team:@mia source:web, and Show more keeps both', async () => {
    const r = await say(o.ds.director, `kpi 2026-10-01..2026-10-31 team:${o.ds.emails.m1} source:web`);
    expect(r.card?.title).toBe('KPI · Mia Manager and team, leads from Website · 2026-10-01 – 2026-10-31');
    const kpi = await readKpiReport(o.deps, await o.actor(o.ds.director), {
      period: october,
      scope: { kind: 'source', source: 'web', within: { kind: 'team', ref: o.ds.emails.m1 } },
    });
    // L1 and L2 (Rita); Ravi's L3 came on 5 October, while he still reported to Max; L4 came from the expo.
    expect(kpi.tree.figures.newLeads).toBe(2);
    const args = readReportArgs(
      { positional: [], named: { team: 'Mia Manager', source: 'web', period: 'month' } },
      '2026-11-02',
    );
    expect(pageCommand('kpi', args, 10)).toBe(
      'kpi period:2026-11-01..2026-11-02 team:"Mia Manager" source:"web" offset:10',
    );
  });

  it('in chat: kpi source:expo, 漏斗 规则:…, and the card says which leads', async () => {
    const kpi = await say(o.ds.director, 'kpi 2026-10-01..2026-10-31 source:expo');
    expect(kpi.card?.title).toBe('KPI · Dana Director and team, leads from expo · 2026-10-01 – 2026-10-31');
    const zh = await say(o.ds.director, '漏斗 2026-10-01..2026-10-31 规则:"east everything else"', 'zh-CN');
    expect(zh.card?.title).toContain('规则 华东其他行业 的线索');
    expect(zh.card?.body).toContain('进入 1 → 推进 1');
    const zhKpi = await say(o.ds.director, '绩效 2026-10-01..2026-10-31 来源:expo', 'zh-CN');
    expect(zhKpi.card?.title).toContain('来源 expo 的线索');
  });

  it('a source or rule typed as its label narrows like its name, and the card reads the label', async () => {
    const zh = await say(o.ds.director, '绩效 2026-10-01..2026-10-31 来源:官网', 'zh-CN');
    expect(zh.card?.title).toContain('来源 官网 的线索');
    const byName = await say(o.ds.director, '绩效 2026-10-01..2026-10-31 来源:web', 'zh-CN');
    expect(zh.card?.body).toBe(byName.card?.body);
    const rule = await say(o.ds.director, 'funnel 2026-10-01..2026-10-31 rule:华东其他行业');
    expect(rule.card?.title).toContain('leads of rule East everything else');
    expect(rule.card?.body).toContain('1 in → 1 on');
  });

  it('an unknown source or rule is refused listing the valid ones as the reader types them; __proto__ too', async () => {
    const refusal = async (text: string, locale: 'en' | 'zh-CN') =>
      errorText(
        (await say(o.ds.director, text, locale).then(
          () => expect.unreachable(),
          (e: unknown) => e,
        )) as DomainError,
        locale,
      );
    // web is labelled Website / 官网 in closeloop.yaml; expo has no label, so its name is what anyone types.
    expect(await refusal('kpi month source:fax', 'en')).toBe(
      'No lead source is called "fax". Sources: expo, Website.',
    );
    expect(await refusal('绩效 本月 来源:fax', 'zh-CN')).toBe(
      '没有名为「fax」的线索来源。可用来源：官网、expo。',
    );
    await expect(say(o.ds.director, 'funnel source:__proto__')).rejects.toMatchObject({
      code: 'report_unknown_source',
    });
    expect(await refusal('funnel rule:constructor', 'en')).toBe(
      'No routing rule is called "constructor". Rules: East everything else, East manufacturing, Everyone else, Existing customers.',
    );
    expect(await refusal('漏斗 规则:constructor', 'zh-CN')).toBe(
      '没有名为「constructor」的分配规则。可用规则：华东其他行业、华东制造业、老客户、其他线索。',
    );
  });
});
