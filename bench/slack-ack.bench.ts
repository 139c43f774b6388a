// Measures how fast the Slack adapter acknowledges block_actions clicks under 200 concurrent requests, beside Slack's 3 s deadline.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { slackPlugin } from '../adapters/slack/plugin.ts';
import { type AppDeps, systemClock } from '../src/app/deps.ts';
import { createLead } from '../src/app/leads/create-lead.ts';
import { importRoster } from '../src/app/roster/import-roster.ts';
import { parseEnv } from '../src/config/env.ts';
import { loadPolicy } from '../src/config/load-policy.ts';
import { buildServer } from '../src/http/server.ts';
import { openRuntime } from '../src/runtime.ts';

const concurrency = 200;
const slackDeadlineMs = 3_000;
const signingSecret = 'bench-signing-secret';

// Slack's side runs on its own thread: the clicking clients and a stand-in Web API that counts the private replies.
// Sharing the app's event loop would charge the app's work to the clients' clocks.
const slackSide = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHmac } = require('node:crypto');
const http = require('node:http');
let replies = 0;
const api = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    if (req.url.endsWith('/chat.postEphemeral')) replies += 1;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true, message_ts: '1700000000.000002', channel: 'C0', ts: '1700000000.000002' }));
  });
});
api.listen(0, '127.0.0.1', () => parentPort.postMessage({ apiUrl: 'http://127.0.0.1:' + api.address().port + '/api/' }));
parentPort.on('message', async ({ url, bodies }) => {
  if (!url) { api.close(); parentPort.close(); return; }
  replies = 0;
  const started = performance.now();
  const acks = await Promise.all(bodies.map(async (body) => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = 'v0=' + createHmac('sha256', workerData.secret).update('v0:' + timestamp + ':' + body).digest('hex');
    const t0 = performance.now();
    const res = await fetch(url, { method: 'POST', body, headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': signature } });
    await res.text();
    if (res.status !== 200) throw new Error('click answered ' + res.status);
    return performance.now() - t0;
  }));
  while (replies < bodies.length) await new Promise((r) => setTimeout(r, 5));
  parentPort.postMessage({ acks, allDone: performance.now() - started });
});
`;

interface RoundResult {
  acks: number[];
  allDone: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

// Each click is its own interaction with its own trigger_id, as in Slack (a repeated one is refused as a replay).
let clicks = 0;

function clickBody(user: string, leadId: string): string {
  clicks += 1;
  const payload = {
    type: 'block_actions',
    team: { id: 'T0BENCH', domain: 'bench' },
    user: { id: user, username: user, name: user, team_id: 'T0BENCH' },
    api_app_id: 'A0BENCH',
    trigger_id: `${clicks}.2.3`,
    container: {
      type: 'message',
      message_ts: '1700000000.000001',
      channel_id: 'C0LEADSEAST',
      is_ephemeral: false,
    },
    channel: { id: 'C0LEADSEAST', name: 'leads-east' },
    message: { type: 'message', ts: '1700000000.000001', text: 'card', blocks: [] },
    actions: [
      {
        type: 'button',
        action_id: 'lead.claim|0',
        block_id: 'b',
        text: { type: 'plain_text', text: 'Claim' },
        value: leadId,
        action_ts: '1700000001.000001',
      },
    ],
  };
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'closeloop-bench-'));
  const runtime = await openRuntime(parseEnv({ CLOSELOOP_DATA_DIR: dataDir, PORT: '0' }), { poolSize: 20 });
  const worker = new Worker(slackSide, { eval: true, workerData: { secret: signingSecret } });
  const next = <T>() =>
    new Promise<T>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  const { apiUrl } = await next<{ apiUrl: string }>();
  const deps: AppDeps = {
    db: runtime.database.db,
    policy: loadPolicy(fileURLToPath(new URL('../closeloop.yaml', import.meta.url))),
    clock: systemClock,
    platforms: ['console', 'slack'],
    keyring: runtime.keyring,
  };
  const server = await buildServer({
    deps,
    api: [],
    adapters: [slackPlugin({ botToken: 'xoxb-bench', signingSecret, apiUrl }, { linkPeopleOnStart: false })],
    health: {},
  });
  try {
    const users = Array.from({ length: concurrency }, (_, i) => `U0BENCH${String(i).padStart(3, '0')}`);
    const roster = [
      'name,email,roles,region,manager_email,slack_user_id,locale',
      'Bench Manager,manager@bench.example,manager,east,,U0BENCHMGR,en',
      ...users.map((u, i) => `Rep ${i},rep${i}@bench.example,rep,east,manager@bench.example,${u},en`),
    ].join('\n');
    await importRoster(deps, { kind: 'system', name: 'bench' }, roster);
    const website = { kind: 'api', keyName: 'bench' } as const;
    const newLead = async (i: number) => {
      const created = await createLead(deps, website, {
        name: `Buyer ${i}`,
        email: `buyer${i}@customer${i}.example`,
        company: `Customer ${i}`,
        region: 'east',
        industry: 'retail',
      });
      return created.id;
    };
    const leadIds: string[] = [];
    for (let i = 0; i < concurrency; i++) leadIds.push(await newLead(i));
    const contested = await newLead(concurrency);
    const url = await server.listen({ port: 0, host: '127.0.0.1' });

    const round = async (name: string, leadFor: (i: number) => string) => {
      const done = next<RoundResult>();
      worker.postMessage({
        url: `${url}/slack/events`,
        bodies: users.map((user, i) => clickBody(user, leadFor(i))),
      });
      // The work after each ack (claim, private reply) ends later; its total is shown for context, not against the deadline.
      const { acks, allDone } = await done;
      const sorted = acks.sort((a, b) => a - b);
      const p50 = percentile(sorted, 50);
      const p99 = percentile(sorted, 99);
      console.log(
        [
          name.padEnd(34),
          `ack p50 ${p50.toFixed(1).padStart(7)} ms`,
          `p99 ${p99.toFixed(1).padStart(7)} ms`,
          `max ${(sorted.at(-1) ?? 0).toFixed(1).padStart(7)} ms`,
          `deadline ${slackDeadlineMs} ms (p99 = ${((p99 / slackDeadlineMs) * 100).toFixed(1)}% of it)`,
          `all replies sent after ${allDone.toFixed(0)} ms`,
        ].join('  '),
      );
    };

    console.log(
      `Slack block_actions, ${concurrency} concurrent signed clicks over HTTP, one process, pool of 20`,
    );
    await round('200 reps claim 200 different leads', (i) => leadIds[i] ?? '');
    await round('200 reps race for one lead', () => contested);
  } finally {
    await server.close();
    worker.postMessage({});
    await worker.terminate();
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
