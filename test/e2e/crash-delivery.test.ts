// kill -9 of a real closeloop process while cards are going out to Slack and Lark, then a new process: every card
// reaches each platform exactly once. The stand-ins live in this process, so they outlive the killed one.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/app/unit-of-work.ts';
import type { Card } from '../../src/messages/model.ts';
import { type FakeSlack, startFakeSlack } from '../adapters/slack/fake-slack.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';
import { type FakeLark, startFakeLark } from '../helpers/lark.ts';

const PEOPLE = 100;
const CARDS_EACH = 10;
const CARDS = PEOPLE * CARDS_EACH;
// The first process gets this many answers from each platform; later calls still land but are never answered.
const ANSWERED = 400;

const root = fileURLToPath(new URL('../..', import.meta.url));
let database: TestDatabase;
let slack: FakeSlack;
let lark: FakeLark;
const children: ChildProcess[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'closeloop-crash-'));

function startWorker(): { child: ChildProcess; ready: Promise<void>; exited: Promise<unknown> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/e2e/delivery-worker-process.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: database.url,
      PORT: '0',
      // One data dir for the killed worker and its successor: the second reads the data key the first made.
      CLOSELOOP_DATA_DIR: dataDir,
      CLOSELOOP_CONSOLE: 'off',
      // A dead worker's claims are taken over after 2 s instead of a minute.
      CLOSELOOP_OUTBOX_LEASE_SECONDS: '2',
      SLACK_BOT_TOKEN: 'xoxb-crash-test',
      SLACK_SIGNING_SECRET: 'crash-test-secret',
      SLACK_API_URL: slack.apiUrl,
      LARK_APP_ID: 'cli_crash',
      LARK_APP_SECRET: 's',
      LARK_VERIFICATION_TOKEN: 'v-crash',
      LARK_DOMAIN: lark.url,
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready ')) resolve();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) =>
      reject(new Error(`worker exited (${code}) before it was ready:\n${output}`)),
    );
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return { child, ready, exited };
}

async function until(check: () => Promise<boolean> | boolean, what: string, seconds = 90): Promise<void> {
  for (let i = 0; i < seconds * 10; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

const pending = async () =>
  (
    await database.pool.query(
      `select count(*)::int as n from outbox where status = 'pending' and platform in ('slack', 'lark')`,
    )
  ).rows[0].n as number;

beforeAll(async () => {
  database = await createTestDatabase();
  slack = await startFakeSlack();
  lark = await startFakeLark();
  const people = Array.from({ length: PEOPLE }, (_, i) => String(i).padStart(3, '0'));
  await database.pool.query(
    `insert into users (name, email, slack_user_id, lark_open_id, locale)
     select 'Rep ' || p, 'rep' || p || '@crash.example', 'U0REP' || p, 'ou_rep' || p, 'en' from unnest($1::text[]) p`,
    [people],
  );
  const ids = (await database.pool.query('select id from users order by email')).rows.map(
    (r) => r.id as string,
  );
  const deps = testDeps(database, { platforms: ['console', 'slack', 'lark'] });
  const card = (n: number): Card => ({ title: `Card ${n}`, fields: [], actions: [], tone: 'info' });
  await inTransaction(deps, { kind: 'system', name: 'test' }, (uow) =>
    uow.postMany(
      Array.from({ length: CARDS }, (_, n) => ({
        target: { kind: 'user' as const, userId: ids[n % PEOPLE] as string },
        refKey: `crash:${n}`,
        build: () => card(n),
      })),
    ),
  );
}, 60_000);
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await slack?.close();
  await lark?.close();
  await database?.close();
});

describe('kill -9 mid-send', () => {
  it('1,000 cards reach Slack and Lark exactly once each across a killed worker and its successor', async () => {
    expect(await pending()).toBe(2 * CARDS);
    slack.withholdAnswers('chat.postMessage', ANSWERED);
    lark.withholdAnswers('POST /open-apis/im/v1/messages', ANSWERED);

    const first = startWorker();
    await first.ready;
    // Posts are in flight on both platforms: they landed, and their answers are stuck on the wire.
    await until(() => slack.withheld() > 0 && lark.withheld() > 0, 'posts in flight on both platforms', 300);
    // Slack posts are marked in flight before their call; Lark dedupes on the uuid and needs no mark.
    const stuck = slack.withheld();
    const inFlight = (
      await database.pool.query(
        `select platform, count(*)::int as n from outbox
         where status = 'pending' and sending_since is not null group by platform`,
      )
    ).rows;
    first.child.kill('SIGKILL');
    await first.exited;
    expect(inFlight).toEqual([{ platform: 'slack', n: expect.any(Number) }]);
    expect(inFlight[0].n).toBeGreaterThanOrEqual(stuck);
    const landedBeforeKill = slack.callsTo('chat.postMessage').length;
    expect(landedBeforeKill).toBeGreaterThan(ANSWERED);
    expect(landedBeforeKill).toBeLessThan(CARDS);

    slack.withholdAnswers('chat.postMessage', Number.POSITIVE_INFINITY);
    lark.withholdAnswers('POST /open-apis/im/v1/messages', Number.POSITIVE_INFINITY);
    const second = startWorker();
    await second.ready;
    await until(async () => (await pending()) === 0, 'the outbox to empty', 300);
    second.child.kill('SIGTERM');
    await second.exited;

    // Slack: one chat.postMessage per card, each card's outbox id once, and every card remembered at its own message.
    const posts = slack.callsTo('chat.postMessage');
    expect(posts).toHaveLength(CARDS);
    const outboxIds = posts.map(
      (p) => (p.args.metadata as { event_payload: { outbox_id: string } }).event_payload.outbox_id,
    );
    expect(new Set(outboxIds).size).toBe(CARDS);
    expect([...slack.messages.values()].flat()).toHaveLength(CARDS);
    // The successor looked for what the dead worker left in flight instead of posting it again.
    expect(slack.callsTo('conversations.history').length).toBeGreaterThan(0);

    // Lark: creates of a card in flight are repeated with the same uuid, and Lark makes one message of them.
    expect(lark.created()).toBe(CARDS);
    const creates = lark.cards().filter((c) => c.op === 'create');
    expect(new Set(creates.map((c) => c.uuid)).size).toBe(CARDS);

    const refs = await database.pool.query(
      `select platform, count(*)::int as n, count(distinct message_id)::int as distinct_ids
       from message_refs where platform in ('slack', 'lark') group by platform order by platform`,
    );
    expect(refs.rows).toEqual([
      { platform: 'lark', n: CARDS, distinct_ids: CARDS },
      { platform: 'slack', n: CARDS, distinct_ids: CARDS },
    ]);
    const statuses = await database.pool.query(
      `select platform, status, count(*)::int as n, count(sending_since)::int as in_flight
       from outbox where platform in ('slack', 'lark') group by platform, status order by platform`,
    );
    expect(statuses.rows).toEqual([
      { platform: 'lark', status: 'sent', n: CARDS, in_flight: 0 },
      { platform: 'slack', status: 'sent', n: CARDS, in_flight: 0 },
    ]);
    // Every Slack ref points at the message that carries its row's id.
    const slackRefs = await database.pool.query(
      `select o.id::text as id, r.message_id from outbox o
       join message_refs r on r.ref_key = o.ref_key and r.platform = o.platform and r.destination = o.destination
       where o.platform = 'slack'`,
    );
    const byTs = new Map(
      [...slack.messages.entries()].flatMap(([channel, list]) =>
        list.map((m) => [`${channel}/${m.ts}`, String(m.metadata?.event_payload.outbox_id)] as const),
      ),
    );
    for (const ref of slackRefs.rows) expect(byTs.get(ref.message_id)).toBe(ref.id);
  }, 900_000);
});
