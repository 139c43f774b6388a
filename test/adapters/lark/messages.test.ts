// Lark im.message.receive_v1 events, encrypted and signed as Lark sends them: replies under an order card become comments
// and attachments; a file for the bot is named by replying to it ("lead import", "bank import").
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, like } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleTransport } from '../../../adapters/console/transport.ts';
import { createLarkAdapter, type LarkAdapter } from '../../../adapters/lark/plugin.ts';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { deliverDue, type Transports } from '../../../src/app/outbox/deliver-outbox.ts';
import { importRoster } from '../../../src/app/roster/import-roster.ts';
import {
  attachments,
  comments,
  customers,
  leads,
  messageRefs,
  orders,
  outbox,
  products,
  users,
} from '../../../src/db/schema.ts';
import { buildServer } from '../../../src/http/server.ts';
import type { Card } from '../../../src/messages/model.ts';
import { testClock } from '../../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { type FakeLark, larkRequest, messageEvent, startFakeLark } from '../../helpers/lark.ts';

const TOKEN = 'v-token-123';
const KEY = 'encrypt-key-456';

const roster = `name,email,roles,region,manager_email,lark_open_id,timezone,locale
Meng Manager,meng@example.cn,manager,east,,ou_meng,Asia/Shanghai,en
Amy Rep,amy@example.cn,rep,east,meng@example.cn,ou_amy,Asia/Shanghai,en
Fang Finance,fang@example.cn,finance,,,ou_fang,Asia/Shanghai,zh-CN
`;

let lark: FakeLark;
let database: TestDatabase;
let deps: AppDeps;
let adapter: LarkAdapter;
let app: FastifyInstance;
let transports: Transports;
let dataDir: string;
let people: Record<string, UserRow>;
let orderId: string;
// The message id of the approval card Meng got.
let cardId: string;
let seq = 0;
const nextMessageId = () => `om_user_${String(++seq).padStart(4, '0')}`;

async function secure(body: unknown) {
  const { headers, payload } = larkRequest(body, { encryptKey: KEY, encrypt: true });
  const response = await app.inject({ method: 'POST', url: '/lark/events', headers, payload });
  return response.statusCode;
}

async function settle() {
  await adapter.idle();
  for (let i = 0; i < 10; i++) if ((await deliverDue(deps, transports)).claimed === 0) return;
}

// The answer queued for an inbound message, as the person reads it.
async function answerTo(messageId: string): Promise<{ destination: string; body: string } | undefined> {
  const [row] = await deps.db
    .select({ destination: outbox.destination, card: outbox.card })
    .from(outbox)
    .where(eq(outbox.refKey, `lark:file:${messageId}`));
  return row ? { destination: row.destination, body: (row.card as Card).body ?? '' } : undefined;
}

const orderComments = () => deps.db.select().from(comments).where(eq(comments.orderId, orderId));

// A file someone sent: the message Lark holds (for message.get) and its bytes (for the resource download).
function fileMessage(openId: string, fileName: string, bytes: Buffer, extra: { rootId?: string } = {}) {
  const messageId = nextMessageId();
  const fileKey = `file_v3_${seq}`;
  const content = { file_key: fileKey, file_name: fileName };
  lark.messages.set(messageId, { msgType: 'file', content: JSON.stringify(content) });
  lark.resources.set(`${messageId}/${fileKey}`, bytes);
  const event = messageEvent({
    token: TOKEN,
    openId,
    messageType: 'file',
    content,
    messageId,
    ...(extra.rootId ? { rootId: extra.rootId, parentId: extra.rootId } : {}),
  });
  return { event, messageId, fileKey };
}

function reply(openId: string, text: string, parentId?: string, rootId = parentId) {
  const messageId = nextMessageId();
  const event = messageEvent({
    token: TOKEN,
    openId,
    messageType: 'text',
    content: { text },
    messageId,
    ...(parentId ? { parentId, rootId } : {}),
  });
  return { event, messageId };
}

beforeAll(async () => {
  lark = await startFakeLark();
  database = await createTestDatabase();
  deps = testDeps(database, { clock: testClock(), platforms: ['console', 'lark'] });
  dataDir = await mkdtemp(join(tmpdir(), 'closeloop-lark-files-'));
  await importRoster(deps, { kind: 'system', name: 'test' }, roster);
  const rows = await deps.db.select().from(users);
  people = Object.fromEntries(rows.map((u) => [u.email.split('@')[0] ?? '', u]));
  const amy = people.amy as UserRow;
  await deps.db
    .insert(products)
    .values({ sku: 'B200', name: 'Die set B200', unitPriceMinor: 100_000, currency: 'CNY' });
  await deps.db
    .insert(customers)
    .values({ name: 'ACME', normalizedName: 'acme', currency: 'CNY', ownerId: amy.id });
  await runTextCommand(
    deps,
    { kind: 'user', user: amy },
    'order new customer:ACME sku:B200 qty:1 plan:net-30',
  );
  const [order] = await deps.db.select({ id: orders.id }).from(orders);
  orderId = order?.id ?? '';

  adapter = createLarkAdapter(
    {
      appId: 'cli_test_app',
      appSecret: 'secret',
      verificationToken: TOKEN,
      encryptKey: KEY,
      domain: lark.url,
      mode: 'http',
      dataDir,
    },
    { linkRosterOnStart: false },
  );
  app = await buildServer({ deps, api: [], adapters: [adapter.plugin], health: {} });
  transports = { console: createConsoleTransport(deps), lark: adapter.transport };
  await settle();
  const [ref] = await deps.db
    .select({ messageId: messageRefs.messageId })
    .from(messageRefs)
    .where(
      and(
        eq(messageRefs.platform, 'lark'),
        like(messageRefs.refKey, `order:${orderId}:%approval:${people.meng?.id}`),
      ),
    );
  if (!ref) throw new Error('the approval card never reached Lark');
  cardId = ref.messageId;
});
afterAll(async () => {
  await app?.close();
  await lark?.close();
  await database?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('replies in the thread under an order card', () => {
  it('become a comment by the roster user; a redelivered event adds nothing', async () => {
    const { event, messageId } = reply('ou_meng', 'Can we get 45 days instead of 30?', cardId);
    expect(await secure(event)).toBe(200);
    expect(await secure(event)).toBe(200);
    await settle();
    const rows = await orderComments();
    expect(rows.map((c) => [c.body, c.authorId])).toEqual([
      ['Can we get 45 days instead of 30?', people.meng?.id],
    ]);
    // The owner hears of it; the sender gets no answer (the thread shows the reply).
    const told = await deps.db
      .select({ destination: outbox.destination })
      .from(outbox)
      .where(like(outbox.refKey, `order:${orderId}:comment:%`));
    expect(told.map((r) => r.destination)).toContain(`user:${people.amy?.id}`);
    expect(await answerTo(messageId)).toBeUndefined();
  });

  it('a reply deeper in the thread (parent another reply, root the card) counts too; other apps do not', async () => {
    const first = reply('ou_amy', 'Yes, 45 days is fine', 'om_some_reply', cardId);
    await secure(first.event);
    const bot = messageEvent({
      token: TOKEN,
      openId: 'ou_other_app',
      senderType: 'app',
      messageType: 'text',
      content: { text: 'automated note' },
      rootId: cardId,
      parentId: cardId,
    });
    await secure(bot);
    await settle();
    expect((await orderComments()).map((c) => c.body)).toEqual([
      'Can we get 45 days instead of 30?',
      'Yes, 45 days is fine',
    ]);
  });

  it('a reply under a message that is not an order card is not a comment', async () => {
    const before = await countRows(database, 'comments');
    await secure(reply('ou_meng', 'order mine', 'om_not_a_card').event);
    await settle();
    expect(await countRows(database, 'comments')).toBe(before);
  });

  it('a file sent in the thread is downloaded with the tenant token and attached', async () => {
    const bytes = Buffer.from('PK\u0003\u0004 pretend docx');
    const { event, messageId, fileKey } = fileMessage('ou_amy', '报价单.docx', bytes, { rootId: cardId });
    await secure(event);
    await settle();
    const download = lark.calls.find((c) => c.path.endsWith(`/resources/${fileKey}`));
    expect(download?.path).toBe(`/open-apis/im/v1/messages/${messageId}/resources/${fileKey}`);
    expect(download?.query).toEqual({ type: 'file' });
    expect(download?.headers.authorization).toBe('Bearer t-test-token');
    const [row] = await deps.db.select().from(attachments).where(eq(attachments.orderId, orderId));
    expect(row).toMatchObject({
      fileName: '报价单.docx',
      sizeBytes: bytes.length,
      uploadedBy: people.amy?.id,
    });
    expect(await readFile(join(dataDir, row?.storagePath ?? ''))).toEqual(bytes);
    expect((await answerTo(messageId))?.body).toContain('Attached 报价单.docx');
  });
});

describe('pictures', () => {
  it('a picture in the thread under an order card is attached, named after its key', async () => {
    const messageId = nextMessageId();
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    lark.resources.set(`${messageId}/img_v3_signed`, png);
    await secure(
      messageEvent({
        token: TOKEN,
        openId: 'ou_meng',
        messageType: 'image',
        content: { image_key: 'img_v3_signed' },
        messageId,
        rootId: cardId,
        parentId: cardId,
      }),
    );
    await settle();
    const rows = await deps.db
      .select()
      .from(attachments)
      .where(eq(attachments.fileName, 'img_v3_signed.png'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      contentType: 'image/png',
      sizeBytes: png.length,
      uploadedBy: people.meng?.id,
    });
    expect((await answerTo(messageId))?.body).toContain('Attached img_v3_signed.png');
  });
});

describe('files for the bot', () => {
  it('a file alone gets the help; replying "lead import" to it imports the list with the per-row report', async () => {
    const csv = 'name,company,email\nLi Lei,Tea Co,lilei@tea.example\n,Nameless,x@y.example\n';
    const file = fileMessage('ou_amy', 'expo.csv', Buffer.from(csv));
    await secure(file.event);
    await settle();
    const help = await answerTo(file.messageId);
    expect(help?.destination).toBe('oc_p2p_amy');
    expect(help?.body).toContain('Reply to the file');
    expect(help?.body).toContain('lead import');
    expect(lark.calls.some((c) => c.path.includes(`/messages/${file.messageId}/resources/`))).toBe(false);

    const caption = reply('ou_amy', 'lead import', file.messageId);
    await secure(caption.event);
    await settle();
    expect(
      lark.calls.some((c) => c.method === 'GET' && c.path === `/open-apis/im/v1/messages/${file.messageId}`),
    ).toBe(true);
    const answer = await answerTo(caption.messageId);
    expect(answer?.body).toContain('expo.csv: rows read 2 — new leads 1');
    expect(answer?.body).toContain('line 3');
    expect((await deps.db.select({ name: leads.name }).from(leads)).map((l) => l.name)).toEqual(['Li Lei']);
    // The caption was not a comment and not a text command.
    expect(await countRows(database, 'comments')).toBe(2);
  });

  it('"lead import" with no file to read says how to send one', async () => {
    const alone = reply('ou_amy', 'lead import');
    await secure(alone.event);
    await settle();
    expect((await answerTo(alone.messageId))?.body).toContain('Send the file first');
  });

  it('bank import is for finance only', async () => {
    const csv = 'date,amount,currency,payer,memo,bank_txn_id\n2026-11-01,1200.00,CNY,Unknown Co,"?",BK-9\n';
    const file = fileMessage('ou_amy', 'nov.csv', Buffer.from(csv));
    await secure(file.event);
    const caption = reply('ou_amy', '流水 导入', file.messageId);
    await secure(caption.event);
    await settle();
    expect((await answerTo(caption.messageId))?.body).toContain('Only finance imports bank statements');
    expect(await countRows(database, 'bank_transactions')).toBe(0);

    const fangs = fileMessage('ou_fang', 'nov.csv', Buffer.from(csv));
    await secure(fangs.event);
    const byFang = reply('ou_fang', 'bank import', fangs.messageId);
    await secure(byFang.event);
    await settle();
    expect((await answerTo(byFang.messageId))?.body).toContain('nov.csv：共 1 笔 — 新增 1 笔');
    expect(await countRows(database, 'bank_transactions')).toBe(1);
  });

  it('a file past 20 MB is refused and nothing is imported', async () => {
    const before = await countRows(database, 'leads');
    const file = fileMessage('ou_amy', 'huge.csv', Buffer.alloc(20 * 1024 * 1024 + 1, 97));
    await secure(file.event);
    const caption = reply('ou_amy', 'lead import', file.messageId);
    await secure(caption.event);
    await settle();
    expect((await answerTo(caption.messageId))?.body).toContain('huge.csv is larger than 20 MB');
    expect(await countRows(database, 'leads')).toBe(before);
  });
});
