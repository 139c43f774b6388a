// Files attached to an order from the API: stored under the data directory with their metadata, audited, listed in
// the order's history and status, downloadable byte for byte, refused past the size limit with nothing written.
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../../src/app/apikeys/create-api-key.ts';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { UserActor } from '../../../src/app/commands/types.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { createOrder } from '../../../src/app/orders/create-order.ts';
import { attachments, auditLog, customers, users } from '../../../src/db/schema.ts';
import { DomainError } from '../../../src/domain/errors.ts';
import { orderAttachmentsApi } from '../../../src/http/api/order-attachments.ts';
import { ordersApi } from '../../../src/http/api/orders.ts';
import { buildServer } from '../../../src/http/server.ts';
import { testClock } from '../../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';

const clock = testClock('2026-11-02T02:00:00Z');
let database: TestDatabase;
let deps: AppDeps;
let app: FastifyInstance;
let key = '';
let dataDir = '';
const people: Record<string, UserRow> = {};
const as = (k: string): UserActor => ({ kind: 'user', user: people[k] as UserRow });
let number = '';
let orderId = '';

async function addUser(k: string, values: Partial<typeof users.$inferInsert> & { name: string }) {
  const [row] = await database.db
    .insert(users)
    .values({ email: `${k}@demo.test`, locale: 'en', ...values })
    .returning();
  if (!row) throw new Error('user insert failed');
  people[k] = row;
}

const upload = (payload: Buffer | string, headers: Record<string, string>, to = number) =>
  app.inject({
    method: 'POST',
    url: `/api/orders/${to}/attachments`,
    headers: { authorization: `Bearer ${key}`, ...headers },
    payload,
  });

const get = (url: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock });
  dataDir = await mkdtemp(join(tmpdir(), 'closeloop-attach-'));
  await addUser('boss', { name: 'Wang Boss', roles: ['manager'] });
  await addUser('rep', { name: 'Li Rep', roles: ['rep'], managerId: people.boss?.id });
  await addUser('law', { name: 'Legal Lu', roles: ['legal'] });
  const [customer] = await database.db
    .insert(customers)
    .values({ name: 'ACME', normalizedName: 'acme', currency: 'CNY', ownerId: people.rep?.id })
    .returning();
  const order = await createOrder(deps, as('rep'), {
    source: { customerId: customer?.id ?? '' },
    ownerEmail: 'rep@demo.test',
    lines: [{ description: 'Service', quantity: 1, unitPriceMinor: 100_000, discountBp: 0 }],
    paymentPlan: 'net-30',
    terms: null,
    submit: true,
  });
  number = order.number;
  orderId = order.id;
  app = await buildServer({
    deps,
    api: [ordersApi, orderAttachmentsApi({ dataDir, maxBytes: 1000 })],
    adapters: [],
    health: {},
  });
  key = (await createApiKey(deps, 'erp')).key;
});

afterAll(async () => {
  await app?.close();
  await database?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('attachments from the API', () => {
  let pdfId = '';
  const pdf = Buffer.from('%PDF-1.7 signed contract bytes \u0000\u0001\u00ff', 'latin1');

  it('stores the bytes under <data dir>/attachments/<order id>/, the metadata in the table and an audit row', async () => {
    const res = await upload(pdf, {
      'content-type': 'application/pdf',
      'x-file-name': encodeURIComponent('合同 v2.pdf'),
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      number,
      fileName: '合同 v2.pdf',
      sizeBytes: pdf.length,
      contentType: 'application/pdf',
    });
    pdfId = body.id;
    const [row] = await database.db.select().from(attachments).where(eq(attachments.id, pdfId));
    expect(row).toMatchObject({ orderId, fileName: '合同 v2.pdf', contentType: 'application/pdf' });
    expect(row?.storagePath).toBe(join('attachments', orderId, pdfId));
    expect(await readFile(join(dataDir, 'attachments', orderId, pdfId))).toEqual(pdf);
    // Only the app's OS user may read the file or list the folders.
    expect((await stat(join(dataDir, 'attachments', orderId, pdfId))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dataDir, 'attachments', orderId))).mode & 0o777).toBe(0o700);
    expect((await stat(join(dataDir, 'attachments'))).mode & 0o777).toBe(0o700);
    const audits = await database.db.select().from(auditLog).where(eq(auditLog.action, 'order.attach'));
    expect(audits).toHaveLength(1);
    expect(audits[0]?.after).toMatchObject({
      attachmentId: pdfId,
      fileName: '合同 v2.pdf',
      sizeBytes: pdf.length,
    });
  });

  it('downloads the same bytes with the recorded content type and file name', async () => {
    const res = await get(`/api/orders/${number}/attachments/${pdfId}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('合同 v2.pdf')}`,
    );
    expect(res.rawPayload).toEqual(pdf);
    const wrong = await get(`/api/orders/${number}/attachments/00000000-0000-4000-8000-000000000000`);
    expect(wrong.statusCode).toBe(404);
    expect(wrong.json().error).toBe('order_attachment_not_found');
  });

  it('a raw octet-stream with a plain name works too; the list, GET order and history show both', async () => {
    // Uploaded a minute after the contract, so the lists show it second.
    clock.advance(60_000);
    const res = await upload('a,b\n1,2\n', {
      'content-type': 'application/octet-stream',
      'x-file-name': 'po.csv',
    });
    expect(res.statusCode).toBe(201);
    const list = await get(`/api/orders/${number}/attachments`);
    expect(list.json().attachments.map((a: { fileName: string }) => a.fileName)).toEqual([
      '合同 v2.pdf',
      'po.csv',
    ]);
    const order = await get(`/api/orders/${number}`);
    expect(order.json().attachments).toHaveLength(2);
    expect(order.json().attachments[1]).toMatchObject({
      fileName: 'po.csv',
      contentType: 'application/octet-stream',
      by: null,
    });
    const history = await get(`/api/orders/${number}/history`);
    expect(history.json().attachments).toHaveLength(2);
  });

  it('past the limit: 400 naming the limit, no row, no file', async () => {
    const before = await countRows(database, 'attachments');
    const files = await readdir(join(dataDir, 'attachments', orderId));
    const res = await upload(Buffer.alloc(1001, 7), {
      'content-type': 'application/octet-stream',
      'x-file-name': 'big.bin',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'order_attachment_too_large', field: 'file' });
    expect(res.json().message).toContain('1000 bytes');
    expect(await countRows(database, 'attachments')).toBe(before);
    expect(await readdir(join(dataDir, 'attachments', orderId))).toEqual(files);
    // Exactly at the limit is fine.
    const at = await upload(Buffer.alloc(1000, 7), { 'content-type': 'image/png', 'x-file-name': 'ok.png' });
    expect(at.statusCode).toBe(201);
  });

  it('without a file name, with an empty body or for an unknown order: refused, nothing written', async () => {
    const before = await countRows(database, 'attachments');
    const noName = await upload('x', { 'content-type': 'text/plain' });
    expect(noName.statusCode).toBe(400);
    expect(noName.json()).toMatchObject({ error: 'order_attachment_name', field: 'fileName' });
    expect(noName.json().message).toContain('X-File-Name');
    const slash = await upload('x', { 'content-type': 'text/plain', 'x-file-name': '../etc/passwd' });
    expect(slash.json().error).toBe('order_attachment_name');
    const empty = await upload(Buffer.alloc(0), {
      'content-type': 'application/pdf',
      'x-file-name': 'a.pdf',
    });
    expect(empty.json().error).toBe('order_attachment_empty');
    const unknown = await upload(
      'x',
      { 'content-type': 'text/plain', 'x-file-name': 'a.txt' },
      'SO-2026-99999',
    );
    expect(unknown.statusCode).toBe(404);
    expect(await countRows(database, 'attachments')).toBe(before);
  });
});

describe('attachments in chat', () => {
  it('order attachments <no> lists every file with size, type and who; order history shows them', async () => {
    const reply = await runTextCommand(deps, as('rep'), `order attachments ${number}`);
    expect(reply.card?.title).toBe(`Attachments of order ${number}`);
    const value = reply.card?.fields[0]?.value ?? '';
    expect(value).toContain('合同 v2.pdf (');
    expect(value).toContain('application/pdf) — API 2026-11-02 10:00');
    expect(value).toContain('po.csv');
    const zh = await runTextCommand(
      deps,
      { kind: 'user', user: { ...(people.rep as UserRow), locale: 'zh-CN' } },
      `订单 附件 ${number}`,
    );
    expect(zh.card?.title).toBe(`订单 ${number} 的附件`);
    const history = await runTextCommand(deps, as('rep'), `order history ${number}`);
    const files = history.card?.fields.find((f) => f.label === 'Attachments');
    expect(files?.value).toContain('po.csv');
  });

  it('someone who may not see the order may not list its files', async () => {
    const error = await runTextCommand(deps, as('law'), `order attachments ${number}`).catch((e) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('order_status_forbidden');
  });
});
