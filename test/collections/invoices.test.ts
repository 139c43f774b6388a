import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/app/apikeys/create-api-key.ts';
import { sendDunningReminders } from '../../src/app/collections/send-dunning-reminders.ts';
import { runTextCommand } from '../../src/app/commands/run-text-command.ts';
import { importStatement } from '../../src/app/reconcile/import-statement.ts';
import { requireUser } from '../../src/app/roster/find-user.ts';
import { installmentInvoicesApi } from '../../src/http/api/installment-invoices.ts';
import { buildServer } from '../../src/http/server.ts';
import { testClock } from '../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';
import { insertOrder, insertTeam, outboxRows, type Team } from './fixtures.ts';

describe('invoice numbers per installment (ar invoice, POST /api/orders/:number/installments/:position/invoice)', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let key: string;
  let team: Team;
  let deps: ReturnType<typeof testDeps>;
  const ids: Record<string, string> = {};
  const clock = testClock('2026-11-10T02:00:00Z');

  const actorFor = async (id: string) => ({
    kind: 'user' as const,
    user: await requireUser(deps, { by: 'id', id }),
  });
  const invoiceOf = async (k: string) =>
    (
      await database.pool.query(
        `select invoice_no, to_char(invoice_on, 'YYYY-MM-DD') as invoice_on from installments where id = $1`,
        [ids[k]],
      )
    ).rows[0];
  const post = (url: string, payload: object) =>
    app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      payload: JSON.stringify(payload),
    });
  const audits = () => countRows(database, 'audit_log');

  beforeAll(async () => {
    database = await createTestDatabase();
    deps = testDeps(database, { clock });
    team = await insertTeam(database);
    // Two installments owing the same amount: only the invoice number can tell which one a payment is for.
    const a = await insertOrder(database, {
      number: 'SO-2026-00051',
      ownerId: team.rep.id,
      customerId: team.customer.id,
      parts: [
        { dueOn: '2026-10-01', amountMinor: 40_000 },
        { dueOn: '2026-11-01', amountMinor: 40_000 },
        { dueOn: '2026-12-01', amountMinor: 20_000 },
      ],
    });
    [ids.a1, ids.a2, ids.a3] = a.installmentIds as [string, string, string];
    key = (await createApiKey(deps, 'erp')).key;
    app = await buildServer({ deps, api: [installmentInvoicesApi], adapters: [], health: {} });
  });

  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('finance records an invoice from chat; a rep is refused; bad input names the field and writes nothing', async () => {
    const before = await audits();
    const rep = await runTextCommand(
      deps,
      await actorFor(team.rep.id),
      'ar invoice SO-2026-00051 2 INV-2026-0102',
    );
    expect(rep).toMatchObject({ tone: 'danger', text: 'Only finance can record invoices.' });
    const finance = await actorFor(team.finance.id);
    await expect(runTextCommand(deps, finance, 'ar invoice SO-2026-00051 x INV-1')).rejects.toMatchObject({
      code: 'invoice_installment',
      field: 'installment',
    });
    await expect(runTextCommand(deps, finance, 'ar invoice SO-2026-00051 2 INVOICE')).rejects.toMatchObject({
      code: 'invoice_number',
      field: 'invoiceNo',
    });
    await expect(
      runTextCommand(deps, finance, 'ar invoice SO-2026-00051 2 INV-2026-0102 2026-11-31'),
    ).rejects.toMatchObject({ field: 'date' });
    await expect(
      runTextCommand(deps, finance, 'ar invoice SO-2026-00051 2 INV-2026-0102 2026-11-11'),
    ).rejects.toMatchObject({ code: 'invoice_date_future', field: 'date' });
    await expect(
      runTextCommand(deps, finance, 'ar invoice SO-2026-09999 2 INV-2026-0102'),
    ).rejects.toMatchObject({
      code: 'invoice_unknown_order',
    });
    await expect(
      runTextCommand(deps, finance, 'ar invoice SO-2026-00051 7 INV-2026-0102'),
    ).rejects.toMatchObject({
      code: 'invoice_unknown_installment',
    });
    expect(await audits()).toBe(before);
    expect(await invoiceOf('a2')).toEqual({ invoice_no: null, invoice_on: null });

    const done = await runTextCommand(deps, finance, 'ar invoice so-2026-00051 2 INV-2026-0102 2026-11-02');
    expect(done).toMatchObject({
      tone: 'success',
      text: 'Invoice INV-2026-0102 (2026-11-02) recorded for SO-2026-00051 installment 2 (Part 2).',
    });
    expect(await invoiceOf('a2')).toEqual({ invoice_no: 'INV-2026-0102', invoice_on: '2026-11-02' });
    const audit = await database.pool.query(
      `select before, after from audit_log where action = 'installment.invoice' and entity_id = $1`,
      [ids.a2],
    );
    expect(audit.rows).toEqual([
      {
        before: { invoiceNo: null, invoiceOn: null },
        after: { invoiceNo: 'INV-2026-0102', invoiceOn: '2026-11-02' },
      },
    ]);
    // The rep hears of it.
    const told = await outboxRows(database, `invoice:${ids.a2}:`);
    expect(told.map((c) => [c.destination, c.card.title])).toEqual([
      [`user:${team.rep.id}`, 'Invoice INV-2026-0102 issued: SO-2026-00051'],
    ]);
    expect(told[0]!.card.body).toContain(
      'Finance issued invoice **INV-2026-0102** (2026-11-02) to **Acme Tools** for SO-2026-00051 installment 2 (Part 2).',
    );
    // The same again changes nothing and tells nobody again; the Chinese words work too.
    const again = await runTextCommand(deps, finance, '应收 开票 SO-2026-00051 2 INV-2026-0102 2026-11-02');
    expect(again.tone).toBe('info');
    expect(await countRows(database, 'audit_log')).toBe(before + 1);
    expect(await outboxRows(database, `invoice:${ids.a2}:`)).toHaveLength(1);
  });

  it('an invoice number is unique however it is spaced, and the ERP can replace one it got wrong', async () => {
    const before = await audits();
    const taken = await post('/api/orders/SO-2026-00051/installments/3/invoice', {
      invoiceNo: 'inv 2026 0102',
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().message).toContain('INV-2026-0102');
    const bad = await post('/api/orders/SO-2026-00051/installments/0/invoice', { invoiceNo: 'INV-9' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('position');
    const badDate = await post('/api/orders/SO-2026-00051/installments/3/invoice', {
      invoiceNo: 'INV-2026-0103',
      date: '3/11/2026',
    });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.body).toContain('date');
    const unknown = await post('/api/orders/SO-2026-00099/installments/1/invoice', {
      invoiceNo: 'INV-2026-0199',
    });
    expect(unknown.statusCode).toBe(404);
    expect(await audits()).toBe(before);

    const ok = await post('/api/orders/SO-2026-00051/installments/3/invoice', {
      invoiceNo: 'INV-2026-0130',
      date: '2026-11-05',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      position: 3,
      invoiceNo: 'INV-2026-0130',
      previous: null,
      unchanged: false,
    });
    const fixed = await post('/api/orders/SO-2026-00051/installments/3/invoice', {
      invoiceNo: 'INV-2026-0103',
      date: '2026-11-05',
    });
    expect(fixed.json()).toMatchObject({ invoiceNo: 'INV-2026-0103', previous: 'INV-2026-0130' });
    const told = await outboxRows(database, `invoice:${ids.a3}:`);
    expect(told.map((c) => c.card.title)).toEqual([
      'Invoice INV-2026-0130 issued: SO-2026-00051',
      'Invoice INV-2026-0103 issued: SO-2026-00051',
    ]);
    expect(told[1]!.card.body).toContain('It replaces invoice INV-2026-0130.');
    expect(await invoiceOf('a3')).toEqual({ invoice_no: 'INV-2026-0103', invoice_on: '2026-11-05' });
  });

  it('the invoice shows on the reminder lines and in ar', async () => {
    // On 11-10, a1 is 40 days and a2 9 days overdue: the ladder speaks to the rep (+3d step) about both.
    await sendDunningReminders(deps);
    const cards = await outboxRows(database, `dunning:${team.customer.id}`);
    const rep = cards.find((c) => c.destination === `user:${team.rep.id}`);
    expect(rep?.card.body).toContain(
      'SO-2026-00051 · Part 2 · due 2026-11-01 · CNY 400.00 · 9 days overdue · invoice INV-2026-0102',
    );
    const ar = await runTextCommand(deps, await actorFor(team.rep.id), 'ar');
    // Each installment is a row of its own with its buttons.
    expect(ar.card?.items?.map((i) => i.text).join('\n')).toContain('invoice INV-2026-0102');
  });

  it('a payment naming the invoice pays that installment, not the oldest one owing the same', async () => {
    const result = await importStatement(
      deps,
      { kind: 'api', keyName: 'bank' },
      {
        csv: [
          'date,amount,currency,payer,payer_account,memo,bank_txn_id',
          '2026-11-09,400.00,CNY,ACME TOOLS,6222000011,货款 ＩＮＶ　２０２６－０１０２,T-INV-1',
        ].join('\n'),
      },
    );
    expect(result).toMatchObject({ imported: 1, matched: 1, exceptions: 0 });
    const rows = await database.pool.query(
      `select i.id, i.paid_minor from installments i where i.id = any($1) order by i.position`,
      [[ids.a1, ids.a2]],
    );
    expect(rows.rows.map((r) => Number(r.paid_minor))).toEqual([0, 40_000]);
  });
});
