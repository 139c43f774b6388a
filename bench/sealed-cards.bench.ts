// Measures what sealing cards at rest costs, side by side in one run against one embedded PostgreSQL: the same lead
// card queued in the outbox and delivered by the worker (to a transport that only counts) with its personal data
// sealed, and stored plain; then sealCard + openCard alone per card. Scale with SEAL_BENCH_CARDS (default 5,000).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { openCard, sealCard } from '../src/app/crypto/seal-card.ts';
import { type AppDeps, systemClock } from '../src/app/deps.ts';
import { deliverDue } from '../src/app/outbox/deliver-outbox.ts';
import type { Transport } from '../src/app/transport.ts';
import { parseEnv } from '../src/config/env.ts';
import { loadPolicy } from '../src/config/load-policy.ts';
import { outbox } from '../src/db/schema.ts';
import type { Card } from '../src/messages/model.ts';
import { openRuntime } from '../src/runtime.ts';

const cards = Number(process.env.SEAL_BENCH_CARDS ?? 5_000);

// A lead offer as the owner gets it: the full phone and e-mail in fields and body, ids and numbers around them.
const leadCard = (i: number): Card => ({
  title: `New lead L-${String(i).padStart(6, '0')}: Secret Acme ${i}`,
  body: `Li Lei (Secret Acme) asked for a quote on die sets. Call 138 0013 ${String(8000 + (i % 2000))} today.`,
  fields: [
    { label: 'Phone', value: `+86 138-0013-${String(8000 + (i % 2000))}` },
    { label: 'Email', value: `li.lei${i}@acme-secret.cn` },
    { label: 'Region', value: 'east' },
    { label: 'Source', value: 'web' },
    { label: 'Deal size', value: '¥120,000.00' },
  ],
  actions: [
    { id: 'lead.accept', label: 'Accept', value: '3f2a1b4c-1234-4abc-9def-1234567890ab', style: 'primary' },
    { id: 'lead.decline', label: 'Decline', value: '3f2a1b4c-1234-4abc-9def-1234567890ab' },
  ],
  context: 'Routed by East everything else · SLA 15 minutes',
  tone: 'info',
});

const counting: Transport = {
  platform: 'slack',
  post: async () => ({ messageId: 'x' }),
  update: async () => {},
};

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'closeloop-bench-'));
  const runtime = await openRuntime(parseEnv({ CLOSELOOP_DATA_DIR: dataDir, PORT: '0' }), { poolSize: 10 });
  const deps: AppDeps = {
    db: runtime.database.db,
    policy: loadPolicy(fileURLToPath(new URL('../closeloop.yaml', import.meta.url))),
    clock: systemClock,
    platforms: ['slack'],
    keyring: runtime.keyring,
  };
  try {
    const results: Array<{ path: string; queueMs: number; deliverMs: number }> = [];
    for (const sealed of [false, true, false, true]) {
      await deps.db.execute(sql`delete from outbox`);
      const started = performance.now();
      const rows = Array.from({ length: cards }, (_, i) => {
        const card = leadCard(i);
        return {
          idempotencyKey: `bench-${i}`,
          platform: 'slack',
          destination: `U${i % 50}`,
          op: 'post',
          refKey: `lead:${i}`,
          locale: 'en',
          ...(sealed ? sealCard(deps.keyring, card) : { card, cardKid: '' }),
        };
      });
      for (let i = 0; i < rows.length; i += 500) await deps.db.insert(outbox).values(rows.slice(i, i + 500));
      const queued = performance.now();
      let sent = 0;
      for (;;) {
        const report = await deliverDue(deps, { slack: counting }, { batchSize: 200 });
        if (report.claimed === 0) break;
        sent += report.sent;
      }
      if (sent !== cards) throw new Error(`sent ${sent} of ${cards}`);
      results.push({
        path: sealed ? 'sealed' : 'plain',
        queueMs: queued - started,
        deliverMs: performance.now() - queued,
      });
    }
    // The first pair warms up; the second is reported.
    const [plain, sealed] = results.slice(2);
    if (!plain || !sealed) throw new Error('no results');
    const perSec = (ms: number) => Math.round((cards / ms) * 1000);
    console.log(
      `${cards} lead cards through the outbox (bulk queue, worker delivery to a counting transport):`,
    );
    for (const r of [plain, sealed])
      console.log(
        `  ${r.path.padEnd(6)}  queue ${r.queueMs.toFixed(0).padStart(6)} ms (${perSec(r.queueMs)}/s)` +
          `  deliver ${r.deliverMs.toFixed(0).padStart(6)} ms (${perSec(r.deliverMs)}/s)`,
      );
    console.log(
      `  sealed/plain: queue ${(sealed.queueMs / plain.queueMs).toFixed(2)}x, deliver ${(sealed.deliverMs / plain.deliverMs).toFixed(2)}x, end to end ${((sealed.queueMs + sealed.deliverMs) / (plain.queueMs + plain.deliverMs)).toFixed(2)}x`,
    );

    const n = 20_000;
    const sample = leadCard(1);
    let t = performance.now();
    for (let i = 0; i < n; i++) openCard(deps.keyring, sealCard(deps.keyring, sample).card);
    const both = (performance.now() - t) / n;
    t = performance.now();
    for (let i = 0; i < n; i++) JSON.parse(JSON.stringify(sample));
    const clone = (performance.now() - t) / n;
    console.log(
      `  CPU per card: seal + open ${(both * 1000).toFixed(1)} µs; a JSON round trip of the same card ${(clone * 1000).toFixed(1)} µs`,
    );
  } finally {
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
