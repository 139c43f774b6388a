// Measures how fast the Lark adapter answers encrypted, signed URL checks and card.action.trigger clicks under 200 concurrent requests, beside Lark's limits.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createLarkAdapter } from '../adapters/lark/plugin.ts';
import { type AppDeps, systemClock } from '../src/app/deps.ts';
import { createLead } from '../src/app/leads/create-lead.ts';
import { importRoster } from '../src/app/roster/import-roster.ts';
import { parseEnv } from '../src/config/env.ts';
import { loadPolicy } from '../src/config/load-policy.ts';
import { buildServer } from '../src/http/server.ts';
import { openRuntime } from '../src/runtime.ts';

const concurrency = 200;
const token = 'bench-verification-token';
const encryptKey = 'bench-encrypt-key';

// Lark's side runs on its own thread (encrypting, signing, timing), so the app's work is not charged to the clients' clocks.
const larkSide = `
const { parentPort, workerData } = require('node:worker_threads');
const { createCipheriv, createHash, randomBytes } = require('node:crypto');
const key = createHash('sha256').update(workerData.encryptKey).digest();
function encrypt(payload) {
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]).toString('base64');
}
parentPort.on('message', async ({ url, payloads }) => {
  if (!url) { parentPort.close(); return; }
  const started = performance.now();
  const times = await Promise.all(payloads.map(async (payload) => {
    const body = JSON.stringify({ encrypt: encrypt(payload) });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(8).toString('hex');
    const signature = createHash('sha256').update(timestamp + nonce + workerData.encryptKey).update(body).digest('hex');
    const t0 = performance.now();
    const res = await fetch(url, { method: 'POST', body, headers: {
      'content-type': 'application/json; charset=utf-8',
      'x-lark-request-timestamp': timestamp,
      'x-lark-request-nonce': nonce,
      'x-lark-signature': signature } });
    const answer = await res.json();
    if (res.status !== 200) throw new Error('answered ' + res.status + ' ' + JSON.stringify(answer));
    return performance.now() - t0;
  }));
  parentPort.postMessage({ times, allDone: performance.now() - started });
});
`;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

function click(i: number, openId: string, leadId: string) {
  return {
    schema: '2.0',
    header: {
      event_id: `ev_bench_${Date.now()}_${i}_${Math.random()}`,
      event_type: 'card.action.trigger',
      create_time: String(Date.now()),
      token,
      app_id: 'cli_bench',
      tenant_key: 'tenant_bench',
    },
    event: {
      operator: { open_id: openId, tenant_key: 'tenant_bench' },
      token: `c-bench-${i}`,
      action: { tag: 'button', value: { action: 'lead.claim', value: leadId } },
      host: 'im_message',
      context: { open_message_id: `om_bench_${i}`, open_chat_id: 'oc_leads_east' },
    },
  };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'closeloop-bench-'));
  const runtime = await openRuntime(parseEnv({ CLOSELOOP_DATA_DIR: dataDir, PORT: '0' }), { poolSize: 20 });
  const worker = new Worker(larkSide, { eval: true, workerData: { encryptKey } });
  const next = <T>() =>
    new Promise<T>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  const deps: AppDeps = {
    db: runtime.database.db,
    policy: loadPolicy(fileURLToPath(new URL('../closeloop.yaml', import.meta.url))),
    clock: systemClock,
    platforms: ['console', 'lark'],
    keyring: runtime.keyring,
  };
  // No Lark API is called while answering: everyone's open_id is on the roster and nothing is sent before the answer.
  const adapter = createLarkAdapter(
    {
      appId: 'cli_bench',
      appSecret: 'bench',
      verificationToken: token,
      encryptKey,
      domain: 'http://127.0.0.1:9',
      mode: 'http',
    },
    { linkRosterOnStart: false },
  );
  const server = await buildServer({ deps, api: [], adapters: [adapter.plugin], health: {} });
  try {
    const openIds = Array.from({ length: concurrency }, (_, i) => `ou_bench_${String(i).padStart(3, '0')}`);
    const roster = [
      'name,email,roles,region,manager_email,lark_open_id,locale',
      'Bench Manager,manager@bench.example,manager,east,,ou_bench_mgr,en',
      ...openIds.map((id, i) => `Rep ${i},rep${i}@bench.example,rep,east,manager@bench.example,${id},en`),
    ].join('\n');
    await importRoster(deps, { kind: 'system', name: 'bench' }, roster);
    const website = { kind: 'api', keyName: 'bench' } as const;
    const newLead = async (i: number) =>
      (
        await createLead(deps, website, {
          name: `Buyer ${i}`,
          email: `buyer${i}@customer${i}.example`,
          company: `Customer ${i}`,
          region: 'east',
          industry: 'retail',
        })
      ).id;
    const leadIds: string[] = [];
    for (let i = 0; i < concurrency; i++) leadIds.push(await newLead(i));
    const contested = await newLead(concurrency);
    const url = `${await server.listen({ port: 0, host: '127.0.0.1' })}/lark/events`;

    const round = async (name: string, limitMs: number, payloads: unknown[]) => {
      const done = next<{ times: number[]; allDone: number }>();
      worker.postMessage({ url, payloads });
      const { times, allDone } = await done;
      const sorted = times.sort((a, b) => a - b);
      const p50 = percentile(sorted, 50);
      const p99 = percentile(sorted, 99);
      console.log(
        [
          name.padEnd(40),
          `answer p50 ${p50.toFixed(1).padStart(7)} ms`,
          `p99 ${p99.toFixed(1).padStart(7)} ms`,
          `max ${(sorted.at(-1) ?? 0).toFixed(1).padStart(7)} ms`,
          `limit ${limitMs} ms (p99 = ${((p99 / limitMs) * 100).toFixed(1)}% of it)`,
          `all ${payloads.length} answered after ${allDone.toFixed(0)} ms`,
        ].join('  '),
      );
    };

    console.log(
      `Lark, ${concurrency} concurrent encrypted and signed requests over HTTP, one process, pool of 20`,
    );
    await round(
      'url_verification challenges',
      1_000,
      openIds.map((_, i) => ({ challenge: `c-${i}`, token, type: 'url_verification' })),
    );
    // Each click runs the claim to the end before it is answered (toast + card): the whole use case is inside the limit.
    await round(
      '200 reps claim 200 different leads',
      3_000,
      openIds.map((id, i) => click(i, id, leadIds[i] ?? '')),
    );
    await round(
      '200 reps race for one lead',
      3_000,
      openIds.map((id, i) => click(i, id, contested)),
    );
  } finally {
    await server.close();
    worker.postMessage({});
    await worker.terminate();
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
