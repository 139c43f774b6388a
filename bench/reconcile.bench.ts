// Measures importing and reconciling a bank statement of 100,000 lines against 200,000 open installments, beside
// the time it takes simply to read those rows (the open installments and the statement's lines) in the same run.
// Smaller runs: `npm run bench -- reconcile --lines 10000 --installments 20000` (RECON_BENCH_LINES still works);
// `--cards 0` leaves out timing the order-cards job afterwards; `--statements` prints the database's time by statement.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { type AppDeps, systemClock } from '../src/app/deps.ts';
import { refreshQueuedOrderCards } from '../src/app/orders/refresh-queued-order-cards.ts';
import { importStatement } from '../src/app/reconcile/import-statement.ts';
import { parseEnv } from '../src/config/env.ts';
import { loadPolicy } from '../src/config/load-policy.ts';
import { openDatabase } from '../src/db/client.ts';
import { startEmbeddedPostgres } from '../src/db/embedded.ts';
import { openRuntime } from '../src/runtime.ts';
import { cpuNow } from './load/process-cpu.ts';
import { writeStatementRowsAgain } from './load/statement-rows-ceiling.ts';
import { statementStats, statementStatsSettings } from './load/statement-stats.ts';

const { values: flags } = parseArgs({
  options: {
    lines: { type: 'string' },
    installments: { type: 'string' },
    cards: { type: 'string' },
    statements: { type: 'boolean' },
  },
  strict: true,
});
const lines = Number(flags.lines ?? process.env.RECON_BENCH_LINES ?? 100_000);
const installmentCount = Number(flags.installments ?? lines * 2);
// How many of the queued order cards the bench times the job on (its run's share unless told; 0 skips it).
const cardSample = Number(flags.cards ?? 2000);
if (!Number.isInteger(lines) || lines < 20 || !Number.isInteger(installmentCount) || installmentCount < 40) {
  console.error('--lines must be a whole number ≥ 20 and --installments one ≥ 40');
  process.exit(1);
}
// Issue 13: importing and reconciling may take at most this many times as long as reading the rows it touches.
const ratioGoal = 5;
// Two installments per order; about twenty open installments per customer.
const orderCount = Math.floor(installmentCount / 2);
const customerCount = Math.max(1, Math.floor(installmentCount / 20));

// The seeded amounts, as the generator of the statement knows them (minor units).
const first = (g: number) => 100_000 + g;
const second = (g: number) => 200_000 + 2 * g;
const currencyOf = (g: number) => (g % 10 === 0 ? 'USD' : 'CNY');
const customerOf = (g: number) => 1 + (g % customerCount);
const orderNumber = (g: number) => `SO-B-${String(g).padStart(7, '0')}`;
const fullWidth = (text: string) =>
  text.replace(/[A-Z0-9-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const money = (minor: number) => (minor / 100).toFixed(2);

// What each line of the generated statement is, by k mod 20 (5% per step).
function statementLine(k: number): string {
  const g = 1 + ((k - 1) % orderCount);
  const step = k % 20;
  const currency = currencyOf(g);
  const customer = `Customer ${customerOf(g)}`;
  const stranger = `Stranger ${k}`;
  const ref = orderNumber(g);
  const [amount, payer, memo] = ((): [number, string, string] => {
    if (step < 7) return [first(g), customer, `payment ${ref}`]; // the memo names the order, exact
    if (step === 7) return [first(g), customer, `货款 ${fullWidth(ref).replace(/－/g, ' ')}`]; // full-width, spaced
    if (step === 8) return [Math.floor(first(g) / 2), customer, `part payment ${ref}`]; // partial
    if (step === 9) return [first(g) + second(g), customer, `${ref} in full`]; // both installments
    if (step === 10) return [first(g) + second(g) + 5_000, customer, `${ref} + deposit`]; // overpayment → credit
    if (step === 11) return [first(g) - 50, customer, `inv ${ref}`]; // short by 0.50: tolerance (key accounts)
    if (step === 12 || step === 13) return [first(g), customer, 'transfer']; // known payer, exact amount
    if (step === 14) return [first(g) + second(g), customer, 'transfer']; // known payer, a combination
    if (step === 15 || step === 16) return [second(g), stranger, 'transfer']; // unknown payer, amount hint
    if (step === 17) return [12_345 + k, stranger, `SO-X-${String(k).padStart(7, '0')}`]; // unknown reference
    if (step === 18) return [10_000 + k, stranger, 'misc']; // nothing to go on
    return [-(500 + (k % 100)), 'Bank', 'fees']; // money going out
  })();
  return `2026-11-02,${money(amount)},${currency},${payer},${memo},BENCH-${k}`;
}

// CPU milliseconds spent so far by this process and by the embedded database's server processes (Linux /proc; null
// elsewhere). On a busy machine wall time measures the other work as much as this.
function cpuMs(dataDir: string): number | null {
  const { nodeMs, postgresMs } = cpuNow(dataDir);
  return postgresMs === null ? null : nodeMs + postgresMs;
}

// This process's CPU alone: the import's share that is matching and building rows rather than the database's.
const nodeCpuMs = (dataDir: string) => cpuNow(dataDir).nodeMs;

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'closeloop-bench-'));
  const runtime = await openRuntime(parseEnv({ CLOSELOOP_DATA_DIR: dataDir, PORT: '0' }), {
    poolSize: 10,
    server: startEmbeddedPostgres(dataDir, { settings: flags.statements ? statementStatsSettings : [] }),
  });
  const stats = flags.statements ? await statementStats(runtime.ownerUrl) : null;
  const policy = loadPolicy(fileURLToPath(new URL('../closeloop.yaml', import.meta.url)));
  const tolerance = { percent: 0.5, max: 100 };
  const deps: AppDeps = {
    db: runtime.database.db,
    policy: {
      ...policy,
      reconcile: { ...policy.reconcile, tiers: { key: { under: tolerance, over: tolerance } } },
    },
    clock: systemClock,
    platforms: ['console'],
    keyring: runtime.keyring,
  };
  try {
    const db = deps.db;
    const seedStarted = performance.now();
    await db.execute(sql`insert into users (email, name, roles) values ('bench-rep@example.com', 'Bench Rep', '{rep}'),
      ('bench-fin@example.com', 'Bench Finance', '{finance}'), ('bench-fin2@example.com', 'Bench Finance 2', '{finance}')`);
    // Every fifth customer a key account (a payment tolerance); every payer already known by name.
    await db.execute(sql`insert into customers (name, normalized_name, currency, owner_id, tier)
      select 'Customer ' || g, 'customer ' || g, 'CNY', (select id from users where email = 'bench-rep@example.com'),
        case when g % 5 = 0 then 'key' end
      from generate_series(1, ${customerCount}) g`);
    await db.execute(sql`insert into payer_mappings (kind, key, customer_id)
      select 'name', 'customer' || substr(normalized_name, 10), id from customers`);
    await db.execute(sql`
      insert into orders (number, customer_id, owner_id, status, currency, total_minor, payment_plan)
      select 'SO-B-' || lpad(g::text, 7, '0'), c.id, (select id from users where email = 'bench-rep@example.com'),
        'approved', case when g % 10 = 0 then 'USD' else 'CNY' end, 300000 + 3 * g, 'custom'
      from generate_series(1, ${orderCount}) g join customers c on c.normalized_name = 'customer ' || (1 + g % ${customerCount})`);
    await db.execute(sql`
      insert into installments (order_id, position, label, due_on, amount_minor, currency)
      select o.id, p, 'Part ' || p, date '2026-10-01' + ((o.seq % 90)::int) + (p - 1) * 30,
        case when p = 1 then 100000 + n.g else 200000 + 2 * n.g end, o.currency
      from orders o cross join lateral (select substr(o.number, 6)::int as g) n cross join generate_series(1, 2) p`);
    await db.execute(sql`analyze`);
    const seedMs = performance.now() - seedStarted;

    const text = ['date,amount,currency,payer,memo,bank_txn_id'];
    for (let k = 1; k <= lines; k++) text.push(statementLine(k));

    const cpuBeforeRead = cpuMs(dataDir);
    const readStarted = performance.now();
    const read = await db.execute(sql`
      select i.id, i.order_id, o.number, o.customer_id, i.position, i.label, i.due_on, i.amount_minor, i.paid_minor, i.currency
      from installments i join orders o on o.id = i.order_id
      where o.status = 'approved' and i.paid_minor < i.amount_minor`);
    const readInstallmentsMs = performance.now() - readStarted;

    await stats?.reset();
    const cpuAfterRead = cpuMs(dataDir);
    const nodeBeforeImport = nodeCpuMs(dataDir);
    const started = performance.now();
    const result = await importStatement(
      deps,
      { kind: 'system', name: 'bench' },
      { text: text.join('\n'), fileName: 'bench.csv' },
    );
    const reconcileMs = performance.now() - started;
    const cpuAfterImport = cpuMs(dataDir);
    const nodeImportMs = nodeCpuMs(dataDir) - nodeBeforeImport;
    await stats?.print(30);

    // What the finance channel is sent for the file: a card per exception, or past reconcile.exceptionCardsPerFile
    // one summary card (their cards a page at a time on demand).
    const financeCards = await db.execute<{ cards: number; summaries: number }>(sql`
      select count(*) filter (where ref_key like 'recon:%')::int as cards,
        count(*) filter (where ref_key like 'recon-file:%')::int as summaries
      from outbox where op = 'post'`);
    const linesStarted = performance.now();
    const statementRows = await db.execute(
      sql`select * from bank_transactions where import_id = ${result.importId}`,
    );
    const readLinesMs = performance.now() - linesStarted;
    const cpuAfterLines = cpuMs(dataDir);
    const readMs = readInstallmentsMs + readLinesMs;
    // The in-run ceiling: the import's rows written again by the database alone (rolled back).
    const cpuBeforeCeiling = cpuMs(dataDir);
    const ceiling = await writeStatementRowsAgain(db, result.importId);
    const cpuAfterCeiling = cpuMs(dataDir);
    // The floor under it, as the database's owner (a replica's session skips triggers): bare tables.
    const owner = openDatabase(runtime.ownerUrl, 1);
    const bare = await writeStatementRowsAgain(owner.db, result.importId, { bare: true }).finally(() =>
      owner.close(),
    );

    const again = performance.now();
    const reimport = await importStatement(
      deps,
      { kind: 'system', name: 'bench' },
      { text: text.join('\n'), fileName: 'bench.csv' },
    );
    const reimportMs = performance.now() - again;

    // The owners' living cards of the paid orders, edited after the import by the order-cards job: one run's share
    // (`--cards`, the job's 2,000 unless told), timed for its rate; the whole queue of a 100,000-line file took the
    // bench half an hour.
    const queued = await db.execute<{ n: number }>(sql`select count(*)::int as n from order_card_refresh`);
    const cardsStarted = performance.now();
    const cards = cardSample > 0 ? await refreshQueuedOrderCards(deps, cardSample) : { shown: 0 };
    const cardsMs = performance.now() - cardsStarted;

    const n = (x: number) => x.toLocaleString('en');
    console.log(`seeded (set-based):          ${n(Math.round(seedMs))} ms`);
    console.log(`statement lines:             ${n(lines)} (${n(statementRows.rows.length)} read back)`);
    console.log(`open installments:           ${n(read.rows.length)}`);
    console.log(
      `read those rows:             ${readMs.toFixed(0)} ms (installments ${readInstallmentsMs.toFixed(0)} ms, lines ${readLinesMs.toFixed(0)} ms)`,
    );
    console.log(
      `import + reconcile:          ${n(Math.round(reconcileMs))} ms (${n(Math.round((lines / reconcileMs) * 1000))} lines/s)`,
    );
    console.log(
      `  matched ${n(result.matched)}, exceptions ${n(result.exceptions)} (${n(result.suggested)} with suggestions), outgoing ${n(result.imported - result.matched - result.exceptions)}`,
    );
    const sent = financeCards.rows[0] ?? { cards: 0, summaries: 0 };
    console.log(
      `finance channel:             ${n(sent.summaries)} summary + ${n(sent.cards)} exception cards queued (at Slack's ~1 message/s a channel: ${n(Math.ceil((sent.summaries + sent.cards) / 60))} min)`,
    );
    const ratio = reconcileMs / readMs;
    if (
      cpuBeforeRead !== null &&
      cpuAfterRead !== null &&
      cpuAfterImport !== null &&
      cpuAfterLines !== null
    ) {
      const readCpu = cpuAfterRead - cpuBeforeRead + (cpuAfterLines - cpuAfterImport);
      const importCpu = cpuAfterImport - cpuAfterRead;
      console.log(
        `CPU (closeloop + database):  import ${n(Math.round(importCpu))} ms, read ${n(Math.round(readCpu))} ms (${(importCpu / readCpu).toFixed(1)}×; the goal is on wall time)`,
      );
      if (cpuBeforeCeiling !== null && cpuAfterCeiling !== null)
        console.log(
          `  the same rows' CPU:        database alone ${n(Math.round(cpuAfterCeiling - cpuBeforeCeiling))} ms (${((cpuAfterCeiling - cpuBeforeCeiling) / readCpu).toFixed(1)}× the read's)`,
        );
      console.log(
        `  of the import's CPU:       closeloop ${n(Math.round(nodeImportMs))} ms, database ${n(Math.round(importCpu - nodeImportMs))} ms`,
      );
    }
    console.log(
      `same rows, database alone:   ${n(Math.round(ceiling.ms))} ms for ${n(ceiling.rows)} rows (${(ceiling.ms / readMs).toFixed(1)}× the read; the import takes ${(reconcileMs / ceiling.ms).toFixed(1)}× this: no import writing these rows can be faster)`,
    );
    console.log(
      `  into bare tables:          ${n(Math.round(bare.ms))} ms (${(bare.ms / readMs).toFixed(1)}× the read; no trigger, foreign-key check or secondary index: what storing these rows costs at all)`,
    );
    console.log(
      `ratio reconcile / read:      ${ratio.toFixed(1)}× (goal ≤ ${ratioGoal}×: ${ratio <= ratioGoal ? 'met' : 'not met'})`,
    );
    console.log(
      `order-cards job afterwards:  ${n(cards.shown)} of ${n(Number(queued.rows[0]?.n ?? 0))} queued cards in ${n(Math.round(cardsMs))} ms (${((cards.shown / Math.max(1, cardsMs)) * 1000).toFixed(0)} cards/s, ${(cardsMs / Math.max(1, cards.shown)).toFixed(1)} ms a card)`,
    );
    console.log(
      `re-import of the same file:  ${n(Math.round(reimportMs))} ms (new ${reimport.imported}, skipped ${n(reimport.skipped)})`,
    );
    // Both sides of the ratio share the machine, but other work on it slows the import's many statements more.
    const load = loadavg().map((l) => l.toFixed(2));
    console.log(`machine load (1/5/15 min):   ${load.join(' / ')}`);
  } finally {
    await stats?.close();
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
