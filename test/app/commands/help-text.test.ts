// What `help` / `帮助` lists, as each reader sees it: every command once, in their own language only (no English
// words in the Chinese list's hints, no Chinese in the English one), the file captions they may send, and usages
// whose words work when typed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import { type OctoberReports, openOctoberReports } from '../reports/october-reports.ts';

describe('help', () => {
  let o: OctoberReports;
  const help = async (id: string, locale: 'en' | 'zh-CN') =>
    (await runTextCommand(o.deps, await o.actor(id, locale), locale === 'en' ? 'help' : '帮助')).card?.body ??
    '';

  beforeAll(async () => {
    o = await openOctoberReports();
  });
  afterAll(async () => o?.database.close());

  it('lists kpi target once, and no hint in the other language', async () => {
    const en = await help(o.ds.director, 'en');
    expect(en.split('kpi target @rep 500000')).toHaveLength(2);
    expect(en).not.toMatch(/[\u4e00-\u9fff]/);
    const zh = await help(o.ds.director, 'zh-CN');
    expect(zh.split('绩效 目标 @销售 500000')).toHaveLength(2);
    expect(zh).not.toContain('（ar dashboard）');
    expect(zh).not.toContain('（process）');
    expect(zh).not.toMatch(/\[today\|week/);
    expect(zh).not.toContain('区域:east');
  });

  it('lists the file captions a person may send; finance reads about the bank statement', async () => {
    const zh = await help(o.ds.finance, 'zh-CN');
    expect(zh).toContain('`流水 导入（或 银行 导入、对账单 导入）— 发送银行流水');
    const en = await help(o.ds.finance, 'en');
    expect(en).toContain('`bank import (or statement import) — caption of a bank statement');
    expect(en).toContain('`order attach SO-… — caption of a file to attach to an order');
    expect(await help(o.ds.director, 'en')).not.toContain('bank import');
  });

  it('the Chinese process usage works as written: 流程 健康 本月 区域:华东', async () => {
    const r = await runTextCommand(o.deps, await o.actor(o.ds.director, 'zh-CN'), '流程 健康 本月 区域:华东');
    expect(r.card?.title).toContain('流程健康');
    expect(r.card?.title).toContain('华东');
  });
});
