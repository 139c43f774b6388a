// Measures the app's memory under sustained intake: the whole app as `npm start` wires it (delivery worker, jobs,
// console transport, every route) takes MEMORY_BENCH_CONNECTIONS (200) connections sending single POST /api/leads for
// MEMORY_BENCH_SECONDS (30) s, three times; RSS is printed before, after each run and after a full GC, beside the goal
// (≤ 600 MB and ≤ 10 % growth from the first run to the third). The load client is a process of its own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { sql } from 'drizzle-orm';
import { createApiKey } from '../src/app/apikeys/create-api-key.ts';
import { parseEnv } from '../src/config/env.ts';
import { startApp } from '../src/main.ts';
import { fire } from './load/run-fire.ts';

const connections = Number(process.env.MEMORY_BENCH_CONNECTIONS ?? 200);
const seconds = Number(process.env.MEMORY_BENCH_SECONDS ?? 30);
const runs = 3;
const goals = { rssMb: 600, growth: 0.1 };

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const mb = (bytes: number) => bytes / 1024 / 1024;
const rss = () => mb(process.memoryUsage().rss);
// Where the RSS is: V8's committed heap, and what is outside it (buffers, the allocator, code, stacks).
const split = () => {
  const m = process.memoryUsage();
  return { heap: mb(m.heapTotal), native: mb(m.rss - m.heapTotal) };
};

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'closeloop-memory-'));
  const app = await startApp(
    parseEnv({
      CLOSELOOP_DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      // The bench's one key sends far more than an integration would; the limiter is not what is measured.
      RATE_LIMIT_API: '0',
    }),
    { logger: false },
  );
  try {
    const db = app.deps.db;
    await db.execute(sql`insert into users (email, name, roles, region, locale) values
      ('meng@bench.test', 'Meng', '{manager}', 'east', 'en')`);
    await db.execute(sql`insert into users (email, name, roles, region, locale, manager_id)
      select n || '@bench.test', n, '{rep}', 'east', 'en', (select id from users where name = 'Meng')
      from unnest(array['Amy', 'Bo', 'Cai']) n`);
    await db.execute(
      sql`insert into users (email, name, roles, region) values ('wang@bench.test', '王伟', '{rep}', 'west')`,
    );
    const { key } = await createApiKey(app.deps, 'bench');
    const url = `${app.url.replace('localhost', '127.0.0.1')}/api/leads`;
    gc();
    const before = rss();
    const rows: Array<{
      run: number;
      created: number;
      perSecond: number;
      p50: number;
      p99: number;
      rss: number;
      heap: number;
      native: number;
    }> = [];
    for (let run = 1; run <= runs; run++) {
      const result = await fire({
        url,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        concurrency: connections,
        seconds,
        from: run * 10_000_000,
      });
      // Cards the run queued are delivered before memory is read, so a backlog is not mistaken for a leak.
      await app.drainOutbox();
      const created = result.statuses['201'] ?? 0;
      rows.push({
        run,
        created,
        perSecond: (created / result.ms) * 1000,
        p50: result.p50,
        p99: result.p99,
        rss: rss(),
        ...split(),
      });
    }
    gc();
    const afterGc = rss();
    const heap = mb(process.memoryUsage().heapUsed);
    const gcSplit = split();

    const pad = (s: string, n: number) => s.padEnd(n);
    console.log(
      `memory under load: the whole app, ${connections} connections sending single POST /api/leads for ${seconds} s, ${runs} runs`,
    );
    console.log(
      `${pad('', 16)}${pad('created', 9)}${pad('per s', 8)}${pad('p50 ms', 8)}${pad('p99 ms', 8)}${pad('RSS MB', 8)}${pad('V8 heap', 9)}outside V8`,
    );
    console.log(`${pad('before', 16)}${pad('', 33)}${before.toFixed(0)}`);
    for (const r of rows)
      console.log(
        `${pad(`after run ${r.run}`, 16)}${pad(String(r.created), 9)}${pad(r.perSecond.toFixed(0), 8)}${pad(r.p50.toFixed(0), 8)}${pad(r.p99.toFixed(0), 8)}${pad(r.rss.toFixed(0), 8)}${pad(r.heap.toFixed(0), 9)}${r.native.toFixed(0)}`,
      );
    console.log(
      `${pad('after GC', 16)}${pad('', 33)}${afterGc.toFixed(0)} (V8 heap used ${heap.toFixed(0)} of ${gcSplit.heap.toFixed(0)} MB committed, ${gcSplit.native.toFixed(0)} MB outside V8)`,
    );
    const first = rows[0]?.rss ?? before;
    const peak = Math.max(...rows.map((r) => r.rss));
    const growth = ((rows.at(-1)?.rss ?? first) - first) / first;
    console.log(
      `peak RSS ${peak.toFixed(0)} MB (goal ≤ ${goals.rssMb} MB); run 1 → run ${runs}: ${(growth * 100).toFixed(1)} % (goal ≤ ${goals.growth * 100} %)`,
    );
  } finally {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
