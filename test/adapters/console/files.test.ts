// POST /console/api/file: a file with its caption, as the console page sends it (JSON, bytes in base64).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleFilesPlugin } from '../../../adapters/console/files.ts';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { attachments, customers, leads, products } from '../../../src/db/schema.ts';
import { buildServer } from '../../../src/http/server.ts';
import { testClock } from '../../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { seedRoster } from './fixture.ts';

let database: TestDatabase;
let deps: AppDeps;
let app: FastifyInstance;
let dataDir: string;
let people: Record<string, UserRow>;

const send = (as: UserRow, caption: string, fileName: string, bytes: Buffer, contentType?: string) =>
  app.inject({
    method: 'POST',
    url: '/console/api/file',
    payload: {
      as: as.id,
      caption,
      fileName,
      ...(contentType ? { contentType } : {}),
      contentBase64: bytes.toString('base64'),
    },
  });

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock: testClock() });
  people = await seedRoster(deps);
  dataDir = await mkdtemp(join(tmpdir(), 'closeloop-console-files-'));
  app = await buildServer({ deps, api: [], adapters: [consoleFilesPlugin({ dataDir })], health: {} });
});
afterAll(async () => {
  await app?.close();
  await database?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('console file upload', () => {
  it('线索 导入 imports a lead list and answers in the uploader’s language with each bad row', async () => {
    const csv =
      '姓名,公司,邮箱,电话\n韩梅梅,苏州丝绸有限公司,han@silk.example,13900139000\n,无名公司,x@y.example,\n';
    const res = await send(people.li as UserRow, '线索 导入 来源:展会', 'expo.csv', Buffer.from(csv));
    expect(res.statusCode).toBe(200);
    const reply = res.json() as { text: string; tone: string };
    expect(reply.text).toContain('expo.csv：共 2 行 — 新建线索 1 条');
    expect(reply.text).toContain('第 3 行');
    expect(reply.tone).toBe('warning');
    const rows = await deps.db.select({ name: leads.name, source: leads.source }).from(leads);
    expect(rows).toEqual([{ name: '韩梅梅', source: '展会' }]);
  });

  it('without a caption the answer names the captions and nothing is imported', async () => {
    const before = await countRows(database, 'leads');
    const res = await send(people.han as UserRow, '', 'list.csv', Buffer.from('name,email\nA,a@b.example\n'));
    expect(res.statusCode).toBe(200);
    expect(res.json().text).toContain('lead import');
    expect(res.json().text).toContain('bank import');
    expect(await countRows(database, 'leads')).toBe(before);
  });

  it('bank import is refused to a rep; nothing is written', async () => {
    const csv = 'date,amount,currency,payer,memo,bank_txn_id\n2026-11-01,10.00,CNY,X,"m",B-1\n';
    const res = await send(people.han as UserRow, 'bank import', 'nov.csv', Buffer.from(csv));
    expect(res.statusCode).toBe(200);
    expect(res.json().text).toContain('Only finance imports bank statements');
    expect(await countRows(database, 'bank_transactions')).toBe(0);
    expect(await countRows(database, 'statement_imports')).toBe(0);
  });

  it('order attach stores the file on the order the uploader may see', async () => {
    const li = people.li as UserRow;
    await deps.db
      .insert(products)
      .values({ sku: 'B200', name: 'Die set B200', unitPriceMinor: 100_000, currency: 'CNY' });
    await deps.db
      .insert(customers)
      .values({ name: 'ACME', normalizedName: 'acme', currency: 'CNY', ownerId: li.id });
    await runTextCommand(
      deps,
      { kind: 'user', user: li },
      'order new customer:ACME sku:B200 qty:1 plan:net-30',
    );
    const bytes = Buffer.from('%PDF-1.4 contract');
    const res = await send(li, 'order attach SO-2026-00001', '合同.pdf', bytes, 'application/pdf');
    expect(res.statusCode).toBe(200);
    expect(res.json().text).toContain('合同.pdf');
    const [row] = await deps.db.select().from(attachments);
    expect(row).toMatchObject({ fileName: '合同.pdf', contentType: 'application/pdf', uploadedBy: li.id });
    expect(await readFile(join(dataDir, row?.storagePath ?? ''))).toEqual(bytes);

    const stranger = await send(people.wang as UserRow, 'order attach SO-2026-00001', 'x.pdf', bytes);
    expect(stranger.statusCode).toBe(200);
    expect(await countRows(database, 'attachments')).toBe(1);
  });

  it('a file past 20 MB and a body that is not base64 are 400s naming the problem', async () => {
    const big = await send(
      people.han as UserRow,
      'lead import',
      'huge.csv',
      Buffer.alloc(20 * 1024 * 1024 + 3, 97),
    );
    expect(big.statusCode).toBe(400);
    expect(big.json()).toMatchObject({ error: 'file_too_large', field: 'file' });
    expect(big.json().message).toContain('huge.csv is larger than 20 MB');

    const garbled = await app.inject({
      method: 'POST',
      url: '/console/api/file',
      payload: {
        as: people.han?.id,
        caption: 'lead import',
        fileName: 'a.csv',
        contentBase64: 'not base64!',
      },
    });
    expect(garbled.statusCode).toBe(400);
    expect(garbled.body).toContain('contentBase64');
  });
});
