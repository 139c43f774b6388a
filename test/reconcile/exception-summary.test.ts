import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconExceptionRemindersJob } from '../../jobs/recon-exception-reminders.ts';
import { dispatchAction } from '../../src/app/commands/dispatch-action.ts';
import { importStatement } from '../../src/app/reconcile/import-statement.ts';
import { requireUser } from '../../src/app/roster/find-user.ts';
import { insertTeam, type OutboxCard, outboxRows, type Team } from '../collections/fixtures.ts';
import { testClock } from '../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';

const header = 'date,amount,currency,payer,memo,bank_txn_id';
const bank = { kind: 'api' as const, keyName: 'bank' };

// `count` lines nobody can match: payers no customer is known by (CNY), every fifth without a payer (USD). Days and
// amounts vary so that "oldest first, larger first on a day" decides the order of the pages.
function unmatchable(prefix: string, count: number): string {
  const rows = [header];
  for (let k = 1; k <= count; k++) {
    const day = `2026-11-0${1 + (k % 5)}`;
    rows.push(
      k % 5 === 0
        ? `${day},${k}.50,USD,,transfer,${prefix}-${k}`
        : `${day},${100 + k}.00,CNY,Payer ${prefix} ${k},rent,${prefix}-${k}`,
    );
  }
  return rows.join('\n');
}

describe('a statement with many exceptions: one summary card, their cards a page at a time', () => {
  let database: TestDatabase;
  let team: Team;
  let deps: ReturnType<typeof testDeps>;
  const clock = testClock('2026-11-10T02:00:00Z');
  let importId = '';
  let pageButton = '';

  const finance = async () => ({
    kind: 'user' as const,
    user: await requireUser(deps, { by: 'id', id: team.finance.id }),
  });
  // Posted exception cards (their reminders and edits aside).
  const exceptionCards = async () =>
    (await outboxRows(database, 'recon:')).filter((r) => r.op === 'post' && !r.refKey.endsWith(':reminder'));
  const summaries = async () => outboxRows(database, 'recon-file:');
  const latestSummary = async (): Promise<OutboxCard> => {
    const all = await summaries();
    const last = all.at(-1);
    if (!last) throw new Error('no summary card');
    return last;
  };
  const click = async (value: string, who?: Awaited<ReturnType<typeof finance>>) =>
    dispatchAction(deps, who ?? (await finance()), { action: 'recon.page', entityId: value });

  beforeAll(async () => {
    database = await createTestDatabase();
    deps = testDeps(database, { clock });
    team = await insertTeam(database);
  });

  afterAll(async () => {
    await database.close();
  });

  it('a 3-exception file gets a card per exception, as before, and no summary', async () => {
    const result = await importStatement(deps, bank, { csv: unmatchable('S', 3), fileName: 'small.csv' });
    expect(result.exceptions).toBe(3);
    expect(await exceptionCards()).toHaveLength(3);
    expect(await summaries()).toEqual([]);
  });

  it('a 25-exception file writes every exception but posts one summary card and no exception card', async () => {
    const before = (await exceptionCards()).length;
    const result = await importStatement(deps, bank, {
      text: unmatchable('B', 25),
      fileName: 'cmb-**nov**-<!channel>.csv',
      account: '6225 8812 3456 7890',
    });
    importId = result.importId;
    expect(result.exceptions).toBe(25);
    const { rows } = await database.pool.query(
      `select count(*)::int as n from recon_exceptions e join bank_transactions t on t.id = e.bank_transaction_id
       where t.import_id = $1 and e.status = 'open' and e.assigned_to = $2`,
      [importId, team.finance.id],
    );
    expect(rows[0].n).toBe(25);
    expect((await exceptionCards()).length - before).toBe(0);

    const all = await summaries();
    expect(all.map((s) => [s.refKey, s.op, s.destination])).toEqual([
      [`recon-file:${importId}`, 'post', 'channel:finance'],
    ]);
    const card = all[0]!.card;
    // The finance channel reads Chinese (org.locale).
    expect(card.title.replaceAll('\u200B', '')).toBe('对账单 cmb-**nov**-<!channel>.csv：25 笔异常');
    expect(card.body).toContain('一个文件超过 20 笔异常');
    // By kind, oldest first: the payer-less USD lines are all on 11-01, the unknown payers start on 11-02.
    expect(card.body).toContain(
      '- 无订单编号，付款人未知：5 笔 · USD 77.50 · 最早 2026-11-01\n- 付款人未知：20 笔 · ¥2,250.00 · 最早 2026-11-02',
    );
    // The file name is the uploader's text: its markup stays characters, its account masked.
    // (a zero-width space after each star keeps them from pairing; the adapters escape the <…> of every text)
    expect(card.fields).toContainEqual({
      label: '文件',
      value: 'cmb-*\u200B*\u200Bnov*\u200B*\u200B-<!channel>.csv',
    });
    expect(card.fields).toContainEqual({ label: '账户', value: '*\u200B*\u200B*\u200B*\u200B7890' });
    expect(card.actions).toEqual([
      { id: 'recon.page', label: '发出下 10 张（剩 25 张）', style: 'primary', value: `${importId}:1` },
    ]);
    pageButton = card.actions[0]!.value;
  });

  it('the button posts the next 10 cards, oldest first and larger first on a day; a second click posts nothing', async () => {
    const before = (await exceptionCards()).length;
    const reply = await click(pageButton);
    expect(reply).toMatchObject({ tone: 'success', text: 'Posted 10 exception cards; 15 left.' });
    const posted = (await exceptionCards()).slice(before);
    expect(posted).toHaveLength(10);
    const txnIds = posted.map((c) => c.card.fields.find((f) => f.label === '银行流水号')?.value);
    // 11-01: k = 25, 20, 15, 10, 5 (larger first), then 11-02: k = 21, 16, 11, 6, 1.
    expect(txnIds).toEqual(['B-25', 'B-20', 'B-15', 'B-10', 'B-5', 'B-21', 'B-16', 'B-11', 'B-6', 'B-1']);
    // The cards are the ones a small file gets, with every button.
    expect(posted[0]!.card.actions.map((a) => a.id)).toEqual([
      'recon.ack',
      'recon.writeoff',
      'recon.match',
      'recon.split',
      'recon.assign',
    ]);
    const summary = await latestSummary();
    expect(summary.op).toBe('update');
    expect(summary.card.actions).toEqual([
      { id: 'recon.page', label: '发出下 10 张（剩 15 张）', style: 'primary', value: `${importId}:2` },
    ]);

    const again = await click(pageButton);
    expect(again).toMatchObject({ tone: 'info', text: 'Those cards were posted already by Zhao Finance.' });
    expect((await exceptionCards()).length - before).toBe(10);
  });

  it('two clicks at once on the next page post it once; whoever may not work exceptions posts nothing', async () => {
    const rep = { kind: 'user' as const, user: await requireUser(deps, { by: 'id', id: team.rep.id }) };
    const before = (await exceptionCards()).length;
    expect(await click(`${importId}:2`, rep)).toMatchObject({ tone: 'danger' });
    expect((await exceptionCards()).length).toBe(before);

    const replies = await Promise.all([click(`${importId}:2`), click(`${importId}:2`)]);
    expect(replies.map((r) => r.tone).sort()).toEqual(['info', 'success']);
    expect((await exceptionCards()).length - before).toBe(10);
  });

  it('a card posted on demand is worked like any other: acknowledge edits it', async () => {
    const [first] = (await exceptionCards()).filter((c) => c.card.fields.some((f) => f.value === 'B-20'));
    const exceptionId = first!.refKey.slice('recon:'.length);
    const reply = await dispatchAction(deps, await finance(), { action: 'recon.ack', entityId: exceptionId });
    expect(reply.tone).toBe('success');
    const edits = (await outboxRows(database, first!.refKey)).filter((r) => r.op === 'update');
    expect(edits).toHaveLength(1);
    expect(edits[0]!.card.body).toContain('Zhao Finance');
  });

  it('the last page says so and leaves the summary without a button', async () => {
    const before = (await exceptionCards()).length;
    expect(await click(`${importId}:3`)).toMatchObject({
      tone: 'success',
      text: 'Posted the last 5 exception cards.',
    });
    expect((await exceptionCards()).length - before).toBe(5);
    const summary = await latestSummary();
    expect(summary.card.actions).toEqual([]);
    expect(summary.card.body).toContain('此文件所有未处理的异常都已发出卡片。');
    expect(await click(`${importId}:4`)).toMatchObject({ tone: 'info' });
    // A button no summary ever showed (page 9 while 4 is next) posts nothing either.
    expect(await click(`${importId}:9`)).toMatchObject({ tone: 'warning' });
    expect(await countRows(database, 'statement_card_pages')).toBe(3);
  });
});

describe('a summarised file untouched for a day: one reminder for the file, not one per exception', () => {
  let database: TestDatabase;
  let team: Team;
  let deps: ReturnType<typeof testDeps>;
  const clock = testClock('2026-11-10T02:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase();
    deps = testDeps(database, { clock });
    team = await insertTeam(database);
  });

  afterAll(async () => {
    await database.close();
  });

  it('reminds the cards already posted one by one and the rest once, with the summary', async () => {
    const { importId } = await importStatement(deps, bank, { csv: unmatchable('R', 22), fileName: 'r.csv' });
    const finance = {
      kind: 'user' as const,
      user: await requireUser(deps, { by: 'id', id: team.finance.id }),
    };
    await dispatchAction(deps, finance, { action: 'recon.page', entityId: `${importId}:1` });

    clock.set('2026-11-11T02:01:00Z');
    expect(await reconExceptionRemindersJob.run(deps)).toEqual({ reminded: 11 });
    const reminders = (await outboxRows(database, 'recon')).filter((r) => r.refKey.endsWith(':reminder'));
    // The ten posted cards to their assignee, the file's summary to the finance channel with its next page.
    expect(reminders.filter((r) => r.refKey.startsWith('recon:'))).toHaveLength(10);
    const [file] = reminders.filter((r) => r.refKey.startsWith('recon-file:'));
    expect(file!.destination).toBe('channel:finance');
    expect(file!.card.body).toMatch(/^⏰ 此文件的异常已超过一天无人处理/);
    expect(file!.card.actions.map((a) => a.value)).toEqual([`${importId}:2`]);

    clock.set('2026-11-13T02:00:00Z');
    expect(await reconExceptionRemindersJob.run(deps)).toEqual({ reminded: 0 });
  });
});
