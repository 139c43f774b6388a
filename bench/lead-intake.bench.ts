// Measures lead intake in one run against one embedded PostgreSQL: single POST /api/leads requests, JSON batches
// ({ leads: [...] }) and the CSV upload (POST /api/leads/import) through a real listening server, the import use case called directly, and beside
// them a raw multi-row INSERT and a COPY of the same normalised rows into the same leads table, emptied before each.
// Scale with LEAD_BENCH_ROWS (default 5,000). Single requests take the first LEAD_BENCH_SINGLE of those rows (default
// 1,000: at one lead a request the full list takes minutes), LEAD_BENCH_CONCURRENCY at a time (default 4); the
// comparisons are per lead, so the sizes need not match. `--load-only` runs only the load rows; `--statements` prints
// the database's time by statement over closeloop's load row (pg_stat_statements, triggers' statements included);
// `--analyze-empty` analyzes the emptied leads table before each path, as the bench did before (see `fresh`).
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import Fastify from 'fastify';
import { createApiKey } from '../src/app/apikeys/create-api-key.ts';
import { type AppDeps, systemClock } from '../src/app/deps.ts';
import { importLeads } from '../src/app/leads/import-leads.ts';
import { leadIntake } from '../src/app/leads/take-in-leads-together.ts';
import { parseEnv } from '../src/config/env.ts';
import { loadPolicy } from '../src/config/load-policy.ts';
import { openDatabase } from '../src/db/client.ts';
import { startEmbeddedPostgres } from '../src/db/embedded.ts';
import { isImportProblem, readLeadRows, tableFromCsv } from '../src/domain/leads/lead-import.ts';
import { leadsApiWith } from '../src/http/api/leads.ts';
import { buildServer } from '../src/http/server.ts';
import { openRuntime } from '../src/runtime.ts';
import type { FireResult } from './load/fire.ts';
import { person } from './load/people.ts';
import { cpuNow, cpuPer } from './load/process-cpu.ts';
import { fire } from './load/run-fire.ts';
import { statementStats, statementStatsSettings } from './load/statement-stats.ts';

const { values: flags } = parseArgs({
  options: {
    'load-only': { type: 'boolean' },
    statements: { type: 'boolean' },
    'analyze-empty': { type: 'boolean' },
  },
  strict: true,
});

const rows = Number(process.env.LEAD_BENCH_ROWS ?? 5_000);
const singles = Math.min(rows, Number(process.env.LEAD_BENCH_SINGLE ?? 1_000));
const concurrency = Number(process.env.LEAD_BENCH_CONCURRENCY ?? 4);
// The load row: this many connections sending single POSTs for this many seconds, to closeloop and to a bare route.
const loadConnections = Number(process.env.LEAD_BENCH_LOAD_CONNECTIONS ?? 200);
const loadSeconds = Number(process.env.LEAD_BENCH_LOAD_SECONDS ?? 30);
const goals = { vsBare: 0.3, p99Ms: 500 };
// Intake transactions in flight (LeadIntakeOptions.inFlight); left out, the app's default.
const inFlight = process.env.LEAD_BENCH_IN_FLIGHT ? Number(process.env.LEAD_BENCH_IN_FLIGHT) : undefined;

const columns = [
  'name',
  'company',
  'email',
  'phone',
  'email_norm',
  'phone_norm',
  'company_key',
  'region',
  'industry',
  'source',
] as const;

interface Result {
  path: string;
  ms: number;
  leads: number;
  expected: number;
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'closeloop-bench-'));
  // The COPY file is read by the server process, which runs as another user when we are root.
  const copyDir = mkdtempSync(join(tmpdir(), 'closeloop-copy-'));
  chmodSync(copyDir, 0o755);
  const runtime = await openRuntime(parseEnv({ CLOSELOOP_DATA_DIR: dataDir, PORT: '0' }), {
    poolSize: 20,
    server: startEmbeddedPostgres(dataDir, { settings: flags.statements ? statementStatsSettings : [] }),
  });
  const stats = flags.statements ? await statementStats(runtime.ownerUrl) : null;
  const owner = openDatabase(runtime.ownerUrl, 2);
  const deps: AppDeps = {
    db: runtime.database.db,
    policy: loadPolicy(fileURLToPath(new URL('../closeloop.yaml', import.meta.url))),
    clock: systemClock,
    platforms: ['console'],
    keyring: runtime.keyring,
  };
  const db = deps.db;
  // One intake queue, as main.ts wires it.
  const intake = leadIntake(deps, inFlight === undefined ? {} : { inFlight });
  const app = await buildServer({ deps, api: [leadsApiWith({ intake })], adapters: [], health: {} });
  try {
    // The example policy's team: east manufacturing round-robin to three reps, the rest to claim channels.
    await db.execute(sql`insert into users (email, name, roles, region, locale) values
      ('meng@bench.test', 'Meng', '{manager}', 'east', 'en')`);
    await db.execute(sql`insert into users (email, name, roles, region, locale, manager_id)
      select n || '@bench.test', n, '{rep}', 'east', 'en', (select id from users where name = 'Meng')
      from unnest(array['Amy', 'Bo', 'Cai']) n`);
    await db.execute(
      sql`insert into users (email, name, roles, region) values ('wang@bench.test', '王伟', '{rep}', 'west')`,
    );
    const { key } = await createApiKey(deps, 'bench');
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };

    const people = Array.from({ length: rows }, (_, i) => person(i));
    const csv = [
      'name,company,email,phone,region,industry',
      ...people.map((p) => `${p.name},"${p.company}",${p.email},${p.phone},${p.region},${p.industry}`),
    ].join('\n');
    const table = tableFromCsv(csv);
    if (isImportProblem(table)) throw new Error(table.code);
    const normalised = readLeadRows(table, {
      defaultRegion: deps.policy.org.phoneRegion,
      source: 'bench',
    }).rows;
    const values = normalised.map((r) => [
      r.name,
      r.company,
      r.email,
      r.phone,
      r.emailNorm,
      r.phoneNorm,
      r.companyCore,
      r.region,
      r.industry,
      'bench',
    ]);

    // Emptying the audit log and reading a server-side file take the owner (the app role may do neither).
    const empty = () =>
      owner.pool.query(
        'set session_replication_role = replica; truncate leads, lead_activities, audit_log, outbox, message_refs, routing_cursors restart identity cascade; set session_replication_role = origin',
      );
    // Each path starts on the emptied tables as TRUNCATE leaves them: no statistics, so the planner assumes a small
    // table, as it does on a new install until autovacuum's first analyze. Analyzing the empty table instead recorded
    // "0 rows" and every plan cached early in a run (the foreign-key checks of each activity, audit and card row against
    // leads, the triggers' statements) scanned the whole leads table for the rest of it: 4× the time of an activity
    // insert at 4,000 leads, growing with the table, where no live database ever is.
    const fresh = async () => {
      await empty();
      if (flags['analyze-empty']) await owner.pool.query('vacuum analyze leads');
    };
    const countLeads = async () =>
      Number((await db.execute<{ n: string }>(sql`select count(*) n from leads`)).rows[0]?.n);
    const results: Result[] = [];
    const measure = async (path: string, expected: number, run: () => Promise<void>) => {
      if (flags['load-only']) return;
      await fresh();
      const started = performance.now();
      await run();
      const ms = performance.now() - started;
      results.push({ path, ms, leads: await countLeads(), expected });
    };

    await measure(`POST /api/leads, one per request (${concurrency} at a time)`, singles, async () => {
      let next = 0;
      const worker = async () => {
        while (next < singles) {
          const p = people[next++];
          const res = await fetch(`${base}/api/leads`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ ...p, source: 'bench' }),
          });
          if (res.status !== 201) throw new Error(`POST /api/leads: ${res.status} ${await res.text()}`);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
    });
    await measure('POST /api/leads, JSON batches of 1,000', rows, async () => {
      for (let i = 0; i < rows; i += 1000) {
        const res = await fetch(`${base}/api/leads`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ leads: people.slice(i, i + 1000).map((p) => ({ ...p, source: 'bench' })) }),
        });
        const report = (await res.json()) as { created?: number };
        if (res.status !== 200 || report.created !== Math.min(1000, rows - i))
          throw new Error(`POST /api/leads batch: ${res.status} ${JSON.stringify(report).slice(0, 300)}`);
      }
    });
    await measure('POST /api/leads/import, one CSV upload', rows, async () => {
      const res = await fetch(`${base}/api/leads/import?source=bench`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'text/csv' },
        body: csv,
      });
      if (res.status !== 201) throw new Error(`POST /api/leads/import: ${res.status} ${await res.text()}`);
    });
    await measure('importLeads use case (CLI path)', rows, async () => {
      await importLeads(deps, { kind: 'system', name: 'bench' }, table, { source: 'bench' });
    });
    await measure('raw multi-row INSERT (1,000 rows a statement)', rows, async () => {
      const client = await runtime.database.pool.connect();
      try {
        await client.query('begin');
        for (let i = 0; i < values.length; i += 1000) {
          const chunk = values.slice(i, i + 1000);
          const placeholders = chunk.map(
            (_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`,
          );
          await client.query(
            `insert into leads (${columns.join(', ')}) values ${placeholders.join(', ')}`,
            chunk.flat(),
          );
        }
        await client.query('commit');
      } finally {
        client.release();
      }
    });
    await measure('COPY leads FROM a server-side file (incl. writing it)', rows, async () => {
      const file = join(copyDir, 'leads.csv');
      const cell = (v: string | null) => (v === null ? '' : `"${v.replaceAll('"', '""')}"`);
      writeFileSync(file, values.map((v) => v.map(cell).join(',')).join('\n'), { mode: 0o644 });
      await owner.pool.query(`copy leads (${columns.join(', ')}) from '${file}' with (format csv, null '')`);
    });

    // Under load: closeloop's single intake and, on the same pool, a bare Fastify route inserting one row a request.
    const bare = Fastify({ logger: false });
    bare.post('/bare', async (request, reply) => {
      const p = request.body as ReturnType<typeof person>;
      await runtime.database.pool.query(
        `insert into leads (name, company, email, phone, email_norm, phone_norm, region, industry, source)
         values ($1, $2, $3, $4, lower($3), $4, $5, $6, 'bench')`,
        [p.name, p.company, p.email, p.phone, p.region, p.industry],
      );
      return reply.code(201).send({ ok: true });
    });
    const bareBase = await bare.listen({ port: 0, host: '127.0.0.1' });
    const underLoad = async (label: string, url: string, extraHeaders: Record<string, string>) => {
      await fresh();
      await stats?.reset();
      const cpuBefore = cpuNow(dataDir);
      const result = await fire({
        url,
        headers: { 'content-type': 'application/json', ...extraHeaders },
        concurrency: loadConnections,
        seconds: loadSeconds,
        from: 1_000_000,
      });
      const [counted] = (
        await db.execute<{ n: number; distinct: number }>(
          // closeloop keeps the e-mail only as its blind index (sealed at rest); the bare route writes email_norm.
          sql`select count(*)::int n, count(distinct coalesce(email_bidx, email_norm))::int "distinct" from leads`,
        )
      ).rows;
      const created = result.statuses['201'] ?? 0;
      return {
        label,
        result,
        created,
        cpu: cpuPer(cpuBefore, cpuNow(dataDir), result.sent),
        // The machine's 1-minute load average as the run ends: beside every figure, since others may share the cores.
        load: loadavg()[0] ?? 0,
        lost: created - (counted?.n ?? 0),
        duplicated: (counted?.n ?? 0) - (counted?.distinct ?? 0),
        other: result.sent - created,
      };
    };
    // The ceiling is a plain INSERT: with the report roll-up triggers (migration 0095) on, each one-row statement also
    // pays a statement trigger, which closeloop's batched intake pays once per batch. Both are printed.
    const withoutRollups = async <T>(run: () => Promise<T>): Promise<T> => {
      await owner.pool.query('alter table leads disable trigger leads_report_insert');
      try {
        return await run();
      } finally {
        await owner.pool.query('alter table leads enable trigger leads_report_insert');
      }
    };
    const loadRows = [
      await underLoad('closeloop POST /api/leads', `${base}/api/leads`, { authorization: `Bearer ${key}` }),
    ];
    await stats?.print(25);
    loadRows.push(
      await withoutRollups(() => underLoad('bare route, one INSERT', `${bareBase}/bare`, {})),
      await underLoad('bare route + roll-up trigger', `${bareBase}/bare`, {}),
    );
    await bare.close();

    const raw = results.find((r) => r.path.startsWith('raw'));
    const copy = results.find((r) => r.path.startsWith('COPY'));
    const pad = (s: string, n: number) => s.padEnd(n);
    const perSecond = (r: Result) => Math.round((r.leads / r.ms) * 1000);
    console.log(
      `lead intake: ${rows.toLocaleString('en')} leads per path (${singles.toLocaleString('en')} as single requests), one database emptied between paths; HTTP through a server listening on ${base}`,
    );
    console.log(
      `${pad('path', 58)}${pad('leads', 8)}${pad('ms', 9)}${pad('leads/s', 10)}${pad('× raw INSERT', 14)}× COPY`,
    );
    for (const r of results) {
      const vsRaw = raw ? (perSecond(raw) / perSecond(r)).toFixed(1) : '-';
      const vsCopy = copy ? (perSecond(copy) / perSecond(r)).toFixed(1) : '-';
      console.log(
        `${pad(r.path, 58)}${pad(String(r.leads), 8)}${pad(r.ms.toFixed(0), 9)}${pad(String(perSecond(r)), 10)}${pad(vsRaw, 14)}${vsCopy}`,
      );
    }
    console.log(
      '(× = time per lead relative to that baseline: its leads/s over this path’s; lower is better)',
    );
    const perSecondOf = (r: { created: number; result: FireResult }) => (r.created / r.result.ms) * 1000;
    const [ours, ceiling] = loadRows;
    console.log(
      `\nunder load: ${loadConnections} connections sending single requests for ${loadSeconds} s, one after another on the same pool of 20${inFlight === undefined ? '' : `; ${inFlight} intake transactions in flight`}`,
    );
    console.log(
      `${pad('path', 30)}${pad('created', 9)}${pad('per s', 8)}${pad('p50 ms', 8)}${pad('p99 ms', 8)}${pad('CPU ms/req', 12)}${pad('load', 6)}${pad('lost', 6)}${pad('duplicated', 12)}other answers`,
    );
    // Server CPU per request, app process + PostgreSQL (node+pg): holds when other work shares the machine and rates
    // do not.
    const cpuCell = (c: { node: number | null; postgres: number | null }) =>
      `${c.node?.toFixed(2) ?? '-'}+${c.postgres?.toFixed(2) ?? '-'}`;
    for (const r of loadRows) {
      const other = Object.entries(r.result.statuses).filter(([status]) => status !== '201');
      console.log(
        `${pad(r.label, 30)}${pad(String(r.created), 9)}${pad(perSecondOf(r).toFixed(0), 8)}${pad(r.result.p50.toFixed(0), 8)}${pad(r.result.p99.toFixed(0), 8)}${pad(cpuCell(r.cpu), 12)}${pad(r.load.toFixed(1), 6)}${pad(String(r.lost), 6)}${pad(String(r.duplicated), 12)}${other.length + r.result.errors > 0 ? `${JSON.stringify(Object.fromEntries(other))} ${r.result.errors} errors` : '-'}`,
      );
    }
    if (ours && ceiling) {
      const ratio = perSecondOf(ours) / perSecondOf(ceiling);
      console.log(
        `closeloop ÷ bare route: ${ratio.toFixed(2)}× (goal ≥ ${goals.vsBare}×); p99 ${ours.result.p99.toFixed(0)} ms (goal ≤ ${goals.p99Ms} ms); lost ${ours.lost}, duplicated ${ours.duplicated} (goal 0, 0)`,
      );
      if (ours.lost !== 0 || ours.duplicated !== 0)
        throw new Error('closeloop lost or duplicated leads under load');
    }
    // Every path must have taken every row it was given, or its number means nothing.
    const short = results.filter((r) => r.leads !== r.expected);
    if (short.length > 0) throw new Error(`paths that lost leads: ${short.map((r) => r.path).join('; ')}`);
  } finally {
    await app.close();
    await owner.close();
    await stats?.close();
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(copyDir, { recursive: true, force: true });
  }
}

await main();
