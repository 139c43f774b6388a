// Measures importing and reconciling a bank statement of 100,000 lines against 200,000 open installments, beside
// the time it takes simply to read those installments from the database in the same run.
// Scale with RECON_BENCH_LINES (installments are twice the lines): `RECON_BENCH_LINES=5000 npm run bench -- reconcile`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { type AppDeps, systemClock } from '../src/app/deps.ts';
import { importStatement } from '../src/app/reconcile/import-statement.ts';
import { parseEnv } from '../src/config/env.ts';
import { loadPolicy } from '../src/config/load-policy.ts';
import { openRuntime } from '../src/runtime.ts';

const lines = Number(process.env.RECON_BENCH_LINES ?? 100_000);
const orderCount = lines; // two installments each: 2 × lines open installments
const customerCount = Math.max(1, Math.floor(lines / 10));

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'closeloop-bench-'));
  const runtime = await openRuntime(parseEnv({ CLOSELOOP_DATA_DIR: dataDir, PORT: '0' }), { poolSize: 10 });
  const deps: AppDeps = {
    db: runtime.database.db,
    policy: loadPolicy(fileURLToPath(new URL('../closeloop.yaml', import.meta.url))),
    clock: systemClock,
    platforms: ['console'],
  };
  try {
    const db = deps.db;
    await db.execute(sql`insert into users (email, name, roles) values ('bench-rep@example.com', 'Bench Rep', '{rep}'),
      ('bench-fin@example.com', 'Bench Finance', '{finance}')`);
    await db.execute(sql`insert into customers (name, normalized_name, currency, owner_id)
      select 'Customer ' || g, 'customer ' || g, 'CNY', (select id from users where email = 'bench-rep@example.com')
      from generate_series(1, ${customerCount}) g`);
    await db.execute(sql`
      with c as (select id, row_number() over (order by normalized_name) as n from customers)
      insert into orders (number, customer_id, owner_id, status, currency, total_minor, payment_plan)
      select 'SO-B-' || lpad(g::text, 7, '0'), c.id, (select id from users where email = 'bench-rep@example.com'),
        'approved', 'CNY', 300000 + g, 'custom'
      from generate_series(1, ${orderCount}) g join c on c.n = 1 + (g % ${customerCount})`);
    await db.execute(sql`
      insert into installments (order_id, position, label, due_on, amount_minor, currency)
      select o.id, p, 'Part ' || p, date '2026-10-01' + ((o.seq % 90)::int) + (p - 1) * 30,
        case when p = 1 then 100000 + o.seq else 200000 end, 'CNY'
      from orders o cross join generate_series(1, 2) p`);
    await db.execute(sql`analyze`);

    // 60% name the order and pay installment 1 exactly, 20% pay part of it, 20% name nothing.
    const csv = ['date,amount,currency,payer,memo,bank_txn_id'];
    for (let k = 1; k <= lines; k++) {
      const order = `SO-B-${String(k).padStart(7, '0')}`;
      const kind = k % 5;
      const amount = kind < 3 ? 100000 + k : kind === 3 ? 50000 : 12345;
      const memo = kind < 4 ? `payment ${order}` : 'transfer';
      csv.push(
        `2026-11-02,${(amount / 100).toFixed(2)},CNY,Customer ${1 + (k % customerCount)},${memo},BENCH-${k}`,
      );
    }
    const text = csv.join('\n');

    const readStarted = performance.now();
    const read = await db.execute(sql`
      select i.id, i.order_id, o.number, o.customer_id, i.position, i.label, i.due_on, i.amount_minor, i.paid_minor, i.currency
      from installments i join orders o on o.id = i.order_id
      where o.status = 'approved' and i.paid_minor < i.amount_minor`);
    const readMs = performance.now() - readStarted;

    const started = performance.now();
    const result = await importStatement(
      deps,
      { kind: 'system', name: 'bench' },
      { text, fileName: 'bench.csv' },
    );
    const reconcileMs = performance.now() - started;

    console.log(`statement lines:             ${lines.toLocaleString('en')}`);
    console.log(`open installments:           ${read.rows.length.toLocaleString('en')}`);
    console.log(`read those installments:     ${readMs.toFixed(0)} ms`);
    console.log(
      `import + reconcile:          ${reconcileMs.toFixed(0)} ms (${((lines / reconcileMs) * 1000).toFixed(0)} lines/s; matched ${result.matched}, exceptions ${result.exceptions})`,
    );
    console.log(`ratio reconcile / read:      ${(reconcileMs / readMs).toFixed(1)}×`);
  } finally {
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
