// The reference ERP receiver subscribed in closeloop.yaml gets exactly one signed event per new lead, although the
// closeloop process sending them is killed -9 while answers are stuck on the wire and a successor sends the rest.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/app/apikeys/create-api-key.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { examplePolicyFile, testDeps } from '../helpers/deps.ts';
import { startTestReceiver, type TestReceiver } from '../webhooks/receiver-fixture.ts';

const LEADS = 30;
// The first process gets this many answers; later deliveries reach the receiver but their answers never come back.
const ANSWERED = 10;
const SECRET = 'crash-test-erp-secret-0123456789';

const root = fileURLToPath(new URL('../..', import.meta.url));
let database: TestDatabase;
let erp: TestReceiver;
let config: string;
let key: string;
const children: ChildProcess[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'closeloop-webhook-crash-'));

function startWorker(): { child: ChildProcess; ready: Promise<string>; exited: Promise<unknown> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/e2e/webhook-worker-process.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: database.url,
      PORT: '0',
      CLOSELOOP_CONFIG: config,
      // One data dir for the killed worker and its successor: the second reads the data key the first made.
      CLOSELOOP_DATA_DIR: dataDir,
      CLOSELOOP_CONSOLE: 'off',
      // A dead worker's claims are taken over after 2 s instead of a minute.
      CLOSELOOP_OUTBOX_LEASE_SECONDS: '2',
      ERP_WEBHOOK_SECRET: SECRET,
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /ready (\S+)/.exec(output)?.[1];
      if (url) resolve(url);
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

async function until(check: () => Promise<boolean> | boolean, what: string, seconds = 120): Promise<void> {
  for (let i = 0; i < seconds * 10; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

const pendingWebhooks = async () =>
  (
    await database.pool.query(
      `select count(*)::int as n from outbox where status = 'pending' and platform = 'webhook'`,
    )
  ).rows[0].n as number;

beforeAll(async () => {
  database = await createTestDatabase();
  erp = await startTestReceiver({ secret: SECRET });
  config = join(mkdtempSync(join(tmpdir(), 'closeloop-webhook-yaml-')), 'closeloop.yaml');
  writeFileSync(
    config,
    `${readFileSync(examplePolicyFile, 'utf8')}
webhooks:
  allowPrivate: true
  endpoints:
    - name: erp
      url: ${erp.url}
      events: [lead.created]
      secretEnv: ERP_WEBHOOK_SECRET
`,
  );
  key = (await createApiKey(testDeps(database), 'website')).key;
}, 60_000);
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await erp?.close();
  await database?.close();
});

describe('webhooks across kill -9', () => {
  it('every new lead reaches the receiver exactly once, signed, across a killed worker and its successor', async () => {
    erp.withholdAnswersAfter(ANSWERED);
    const first = startWorker();
    const url = await first.ready;
    const leadIds: string[] = [];
    for (let i = 0; i < LEADS; i++) {
      const res = await fetch(`${url}/api/leads`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Crash Lead ${i}`, email: `crash${i}@erp.example`, region: 'east' }),
      });
      expect(res.status).toBe(201);
      leadIds.push(((await res.json()) as { id: string }).id);
    }
    // Deliveries are in flight: they landed, and their answers are stuck on the wire.
    await until(() => erp.withheld() > 0, 'a delivery whose answer is stuck');
    first.child.kill('SIGKILL');
    await first.exited;
    const stuck = erp.withheld();
    expect(await pendingWebhooks()).toBeGreaterThan(0);

    erp.withholdAnswersAfter(Number.POSITIVE_INFINITY);
    const second = startWorker();
    await second.ready;
    await until(async () => (await pendingWebhooks()) === 0, 'the webhook outbox to empty');
    second.child.kill('SIGTERM');
    await second.exited;

    // Exactly one stored event per lead, every one verified (signature and timestamp) by the receiver.
    const events = erp.receiver.events;
    expect(events).toHaveLength(LEADS);
    expect(erp.receiver.stats.rejected).toBe(0);
    expect(new Set(events.map((e) => e.id)).size).toBe(LEADS);
    expect(events.map((e) => (e.data as { id: string }).id).sort()).toEqual([...leadIds].sort());
    expect(events.every((e) => e.type === 'lead.created')).toBe(true);
    // The successor sent again what the dead worker left unanswered; the receiver knew those event ids.
    expect(erp.receiver.stats.duplicates).toBeGreaterThanOrEqual(stuck);
    const statuses = await database.pool.query(
      `select status, count(*)::int as n from outbox where platform = 'webhook' group by status`,
    );
    expect(statuses.rows).toEqual([{ status: 'sent', n: LEADS }]);
  }, 300_000);
});
