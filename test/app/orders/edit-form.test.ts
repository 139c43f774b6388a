// The order edit form as every platform opens and submits it: prefilled with the current version, saved as a new
// version whose approval starts again, each broken rule pointed at the form field at fault and nothing written.
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formOfCommand, openForm, submitForm } from '../../../src/app/commands/forms.ts';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { UserActor } from '../../../src/app/commands/types.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { decideApproval } from '../../../src/app/orders/decide-approval.ts';
import { importRoster } from '../../../src/app/roster/import-roster.ts';
import { approvals, comments, customers, orders, outbox, products, users } from '../../../src/db/schema.ts';
import { DomainError } from '../../../src/domain/errors.ts';
import type { Card } from '../../../src/messages/model.ts';
import { testClock } from '../../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';

const roster = `name,email,roles,region,manager_email,locale
Meng Manager,meng@example.cn,manager,east,,en
Amy Rep,amy@example.cn,rep,east,meng@example.cn,en
Bo Rep,bo@example.cn,rep,east,meng@example.cn,zh-CN
Lu Legal,lu@example.cn,legal,,,en
`;

let database: TestDatabase;
let deps: AppDeps;
let people: Record<string, UserRow>;
let orderId: string;
const as = (key: string): UserActor => ({ kind: 'user', user: people[key] as UserRow });

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock: testClock('2026-11-02T02:00:00Z') });
  await importRoster(deps, { kind: 'system', name: 'test' }, roster);
  const rows = await deps.db.select().from(users);
  people = Object.fromEntries(rows.map((u) => [u.email.split('@')[0] ?? '', u]));
  await deps.db.insert(products).values([
    { sku: 'A100', name: 'Press A100', unitPriceMinor: 10_000, currency: 'CNY' },
    { sku: 'B200', name: 'Die set B200', unitPriceMinor: 20_000, currency: 'CNY' },
  ]);
  await deps.db
    .insert(customers)
    .values({ name: 'ACME', normalizedName: 'acme', currency: 'CNY', ownerId: people.amy?.id });
  await runTextCommand(
    deps,
    as('amy'),
    'order new customer:ACME line:A100*2@99.50,B200*1 discount:5 plan:net-30',
  );
  const [order] = await deps.db.select().from(orders);
  orderId = order?.id ?? '';
});
afterAll(async () => {
  await database.close();
});

async function fieldError(work: Promise<unknown>): Promise<{ code: string; field: string | undefined }> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return { code: error.code, field: error.field };
}

describe('the order edit form', () => {
  it('opens prefilled with the current version for the owner, by Edit (id) or by number; nobody else may open it', async () => {
    const form = await openForm(deps, as('amy'), 'order.edit', orderId);
    expect(form).toMatchObject({ id: 'order.edit', entityId: orderId, state: '1' });
    expect(form.intro).toContain('ACME');
    const value = (name: string) => form.fields.find((f) => f.name === name)?.value;
    expect(value('lines')).toBe('A100*2@99.50 -5%\nB200*1@200.00 -5%');
    expect(value('plan')).toBe('net-30');
    expect(value('termsKind')).toBe('standard');
    // The typed lines, then three product picker rows (product found by search + quantity), then the terms.
    expect(form.fields.map((f) => f.name)).toEqual([
      'lines',
      'product_1',
      'qty_1',
      'product_2',
      'qty_2',
      'product_3',
      'qty_3',
      'plan',
      'termsKind',
      'terms',
      'note',
    ]);
    expect(form.fields.find((f) => f.name === 'product_2')?.suggest).toBe('products');
    expect((await openForm(deps, as('amy'), 'order.edit', 'so-2026-00001')).entityId).toBe(orderId);
    expect(await fieldError(openForm(deps, as('bo'), 'order.edit', orderId))).toMatchObject({
      code: 'order_not_owner',
    });
    expect(formOfCommand('order edit SO-2026-00001')).toEqual({ form: 'order.edit', ref: 'SO-2026-00001' });
    expect(formOfCommand('订单 修改 SO-2026-00001')).toEqual({ form: 'order.edit', ref: 'SO-2026-00001' });
    expect(formOfCommand('order edit SO-2026-00001 discount:10')).toBeNull();
  });

  it('the status card of the owner has Edit; "order edit <no>" alone answers with it', async () => {
    const reply = await runTextCommand(deps, as('amy'), 'order edit SO-2026-00001');
    expect(reply.text).toContain('click Edit');
    expect(reply.card?.actions).toEqual([{ id: 'order.edit', label: 'Edit', value: orderId }]);
    const manager = await runTextCommand(deps, as('meng'), 'order status SO-2026-00001');
    expect(manager.card?.actions).toEqual([]);
  });

  it('refuses bad input on the field at fault and writes nothing', async () => {
    const before = await countRows(database, 'order_versions');
    const outboxBefore = await countRows(database, 'outbox');
    const submit = (values: Record<string, string>, state = '1') =>
      fieldError(submitForm(deps, as('amy'), 'order.edit', { entityId: orderId, state, values }));
    expect(await submit({ lines: 'NOPE*1', plan: 'net-30', termsKind: 'standard' })).toEqual({
      code: 'order_unknown_sku',
      field: 'lines',
    });
    expect(await submit({ lines: 'A100*2@x', plan: 'net-30', termsKind: 'standard' })).toEqual({
      code: 'order_bad_amount',
      field: 'lines',
    });
    expect(await submit({ lines: 'A100*2 -120%', plan: 'net-30', termsKind: 'standard' })).toEqual({
      code: 'order_bad_discount',
      field: 'lines',
    });
    expect(await submit({ lines: 'A100*2', plan: 'net-99', termsKind: 'standard' })).toEqual({
      code: 'order_unknown_plan',
      field: 'plan',
    });
    expect(await submit({ lines: 'A100*2', plan: 'net-30', termsKind: 'nonstandard' })).toEqual({
      code: 'order_terms_text',
      field: 'terms',
    });
    expect(await submit({ lines: '', plan: 'net-30', termsKind: 'standard' })).toEqual({
      code: 'order_no_lines',
      field: 'lines',
    });
    expect(await countRows(database, 'order_versions')).toBe(before);
    expect(await countRows(database, 'outbox')).toBe(outboxBefore);
  });

  it('saving makes version 2: approvals re-routed with the diff on the new card, the old card superseded, the note a comment', async () => {
    const reply = await submitForm(deps, as('amy'), 'order.edit', {
      entityId: orderId,
      state: '1',
      values: {
        lines: 'A100*3@99.50 -5%\n"Installation"*1@500',
        plan: '30-60-10',
        termsKind: 'nonstandard',
        terms: 'Acceptance within 60 days',
        note: 'Customer wants installation',
      },
    });
    expect(reply.text).toContain('version 2');
    const [order] = await deps.db.select().from(orders).where(eq(orders.id, orderId));
    expect(order).toMatchObject({
      version: 2,
      status: 'pending_approval',
      paymentPlan: '30-60-10',
      nonStandardTerms: true,
      terms: 'Acceptance within 60 days',
      totalMinor: 28_357 + 50_000,
    });
    const open = await deps.db
      .select()
      .from(approvals)
      .where(and(eq(approvals.orderId, orderId), eq(approvals.orderVersion, 2)))
      .orderBy(asc(approvals.levelIndex));
    expect(open.map((a) => [a.levelName, a.status])).toEqual([
      ['manager', 'pending'],
      ['legal', 'waiting'],
    ]);
    const cards = await deps.db
      .select({ op: outbox.op, refKey: outbox.refKey, card: outbox.card })
      .from(outbox)
      .where(eq(outbox.destination, `user:${people.meng?.id}`))
      .orderBy(asc(outbox.id));
    const superseded = cards.find((c) => c.op === 'update' && c.refKey.includes(':v1:'));
    expect((superseded?.card as Card | undefined)?.body).toContain('v2');
    const fresh = cards.find((c) => c.op === 'post' && c.refKey.includes(':v2:'))?.card as Card;
    const diff = fresh.fields.find((f) => f.label.startsWith('Changes'))?.value ?? '';
    expect(diff).toContain('Installation');
    // The plan change reads by the plans' closeloop.yaml labels (net-30 → Net 30, 30-60-10 → 30/60/10).
    expect(diff).toContain('Payment plan: Net 30 → 30/60/10');
    const [note] = await deps.db.select().from(comments).where(eq(comments.orderId, orderId));
    expect(note?.body).toBe('Customer wants installation');
  });

  it('a form filled from version 1 is refused once the order is at version 2, naming both', async () => {
    const stale = await fieldError(
      submitForm(deps, as('amy'), 'order.edit', {
        entityId: orderId,
        state: '1',
        values: { lines: 'A100*9', plan: 'net-30', termsKind: 'standard' },
      }),
    );
    expect(stale.code).toBe('order_form_stale');
    const [order] = await deps.db.select().from(orders).where(eq(orders.id, orderId));
    expect(order?.version).toBe(2);
  });

  it('after a rejection the owner is told with an Edit button', async () => {
    const [pending] = await deps.db
      .select()
      .from(approvals)
      .where(and(eq(approvals.orderId, orderId), eq(approvals.status, 'pending')));
    await decideApproval(deps, as('meng'), {
      approvalId: pending?.id ?? '',
      decision: 'reject',
      reason: 'price',
    });
    const [notice] = await deps.db
      .select({ card: outbox.card })
      .from(outbox)
      .where(
        and(
          eq(outbox.destination, `user:${people.amy?.id}`),
          eq(outbox.refKey, `order:${orderId}:v2:rejected`),
        ),
      );
    expect((notice?.card as Card | undefined)?.actions).toEqual([
      { id: 'order.edit', label: 'Edit', value: orderId },
    ]);
  });
});
