// `export leads` typed to the bot on Lark: the answer card and then the file itself, made as the asker, uploaded through
// POST /open-apis/im/v1/files (multipart) and sent as a file message naming the returned file_key, to the asker alone;
// a send retried after the upload uploads nothing again and does not repeat the answer.
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLarkAdapter, type LarkAdapter } from '../../../adapters/lark/plugin.ts';
import type { AppDeps } from '../../../src/app/deps.ts';
import { exportForAsker } from '../../../src/app/exports/export-for-asker.ts';
import { deliverDue, type Transports } from '../../../src/app/outbox/deliver-outbox.ts';
import { importRoster } from '../../../src/app/roster/import-roster.ts';
import { users } from '../../../src/db/schema.ts';
import { buildServer } from '../../../src/http/server.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { type FakeLark, larkRequest, startFakeLark, textMessageEvent } from '../../helpers/lark.ts';

const TOKEN = 'v-token-export';
const roster = `name,email,roles,region,manager_email,lark_open_id,timezone,locale
Amy Rep,amy@example.cn,rep,east,,ou_amy,Asia/Shanghai,en
Bo Rep,bo@example.cn,rep,east,,ou_bo,Asia/Shanghai,en
`;

const clock = testClock();
let lark: FakeLark;
let database: TestDatabase;
let deps: AppDeps;
let adapter: LarkAdapter;
let app: FastifyInstance;
let transports: Transports;

beforeAll(async () => {
  lark = await startFakeLark();
  database = await createTestDatabase();
  deps = testDeps(database, { clock, platforms: ['console', 'lark'] });
  await importRoster(deps, { kind: 'system', name: 'test' }, roster);
  const [amy] = await deps.db.select().from(users).where(eq(users.email, 'amy@example.cn'));
  const [bo] = await deps.db.select().from(users).where(eq(users.email, 'bo@example.cn'));
  // Amy owns 7 leads, Bo 3: a rep's export holds only her own.
  for (const [owner, count] of [
    [amy?.id, 7],
    [bo?.id, 3],
  ] as const)
    await database.pool.query(
      `insert into leads (name, company, phone, email, source, status, owner_id, created_at)
       select 'Lead ' || g, 'Co ' || g, '1380013' || lpad(g::text, 4, '0'), 'l' || g || '@example.com', 'web',
         'accepted', $1, now() from generate_series(1, ${count}) g`,
      [owner],
    );
  adapter = createLarkAdapter(
    { appId: 'cli_test_app', appSecret: 'secret', verificationToken: TOKEN, domain: lark.url, mode: 'http' },
    { linkRosterOnStart: false, files: (file, locale) => exportForAsker(deps, file, 'lark', locale) },
  );
  app = await buildServer({ deps, api: [], adapters: [adapter.plugin], health: {} });
  transports = { lark: adapter.transport };
});

afterAll(async () => {
  await app?.close();
  await lark?.close();
  await database?.close();
});

async function say(text: string, chat: { chatType?: 'p2p' | 'group'; chatId?: string } = {}) {
  const { headers, payload } = larkRequest(
    textMessageEvent({ token: TOKEN, openId: 'ou_amy', text, ...chat }),
  );
  const response = await app.inject({ method: 'POST', url: '/lark/events', headers, payload });
  expect(response.statusCode).toBe(200);
  await adapter.idle();
}

const uploads = () => lark.apiCalls().filter((c) => c.path === '/open-apis/im/v1/files');
const fileMessages = () =>
  lark.apiCalls().filter((c) => c.path === '/open-apis/im/v1/messages' && c.body.msg_type === 'file');

describe('export on Lark', () => {
  it('uploads the CSV with the asker’s rows and sends a file message naming the file_key to her direct chat', async () => {
    await say('export leads csv');
    expect((await deliverDue(deps, transports)).sent).toBe(1);
    expect(uploads()).toHaveLength(1);
    const upload = uploads()[0];
    expect(String(upload?.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
    expect(upload?.body.file_type).toBe('stream');
    expect(String(upload?.body.file_name)).toMatch(/^leads-all_\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = ((upload?.body.file ?? Buffer.alloc(0)) as Buffer).toString('utf8').replace(/^\uFEFF/, '');
    const lines = csv.split(/\r?\n/).filter(Boolean);
    // The header and Amy's 7 leads; none of Bo's.
    expect(lines).toHaveLength(8);
    expect(csv).not.toContain('Lead 8');
    const [fileKey] = [...lark.files.keys()];
    const message = fileMessages()[0];
    expect(message?.body.receive_id).toBe('oc_p2p_amy');
    expect(message?.query.receive_id_type).toBe('chat_id');
    expect(JSON.parse(String(message?.body.content))).toEqual({ file_key: fileKey });
    // The answer card came first, in the same chat.
    const answer = lark
      .cards()
      .find((c) => c.op === 'create' && c.to === 'oc_p2p_amy' && c.uuid && !c.card.file_key);
    expect(JSON.stringify(answer?.card)).toMatch(/CSV/);
  });

  it('an XLSX export goes up as Lark’s spreadsheet type', async () => {
    await say('export leads xlsx');
    await deliverDue(deps, transports);
    const upload = uploads().at(-1);
    expect(upload?.body.file_type).toBe('xls');
    expect(String(upload?.body.file_name)).toMatch(/\.xlsx$/);
    expect(((upload?.body.file ?? Buffer.alloc(0)) as Buffer).subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('in a group: the answer is ephemeral, the file goes to the asker; a retry after the upload uploads nothing again', async () => {
    const before = { uploads: uploads().length, files: fileMessages().length };
    const ephemerals = () => lark.cards().filter((c) => c.op === 'ephemeral').length;
    // The upload succeeds, then the file message fails once.
    lark.failNext('POST /open-apis/im/v1/messages', { status: 500, body: { code: 1, msg: 'busy' } });
    await say('export leads', { chatType: 'group', chatId: 'oc_sales' });
    expect((await deliverDue(deps, transports)).retried).toBe(1);
    expect(uploads()).toHaveLength(before.uploads + 1);
    expect(ephemerals()).toBe(1);

    clock.advance(60_000);
    expect((await deliverDue(deps, transports)).sent).toBe(1);
    expect(uploads()).toHaveLength(before.uploads + 1);
    expect(ephemerals()).toBe(1);
    const sent = fileMessages().slice(before.files);
    // The failed try and the one that went through: same uuid, same file, to Amy herself.
    expect(sent).toHaveLength(2);
    expect(sent.map((m) => m.body.receive_id)).toEqual(['ou_amy', 'ou_amy']);
    expect(new Set(sent.map((m) => m.body.uuid)).size).toBe(1);
    expect(JSON.parse(String(sent[1]?.body.content)).file_key).toBe([...lark.files.keys()].at(-1));
  });
});
