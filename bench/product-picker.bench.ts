import { parseArgs } from 'node:util';
import { findProducts } from '../src/app/products/find-products.ts';
import { suggestProducts } from '../src/app/products/suggest-products.ts';
import { customers, products } from '../src/db/schema.ts';
import { openBenchApp } from './load/bench-app.ts';

const { values: flags } = parseArgs({ options: { products: { type: 'string' } }, strict: true });
const count = Number(flags.products ?? 5_000);
if (!Number.isInteger(count) || count < 10) {
  console.error('--products must be a whole number ≥ 10');
  process.exit(1);
}
const rounds = 200;

async function main() {
  const bench = await openBenchApp(4);
  const { deps } = bench;
  const actor = { kind: 'system', name: 'bench' } as const;
  try {
    for (let i = 0; i < count; i += 1_000)
      await deps.db.insert(products).values(
        Array.from({ length: Math.min(1_000, count - i) }, (_, j) => ({
          sku: `BP-${i + j}`,
          name: `工业部件 ${i + j}`,
          nameEn: `Bench part ${i + j}`,
          unitPriceMinor: 10_000 + j,
          currency: 'CNY',
        })),
      );
    const [customer] = await deps.db
      .insert(customers)
      .values({ name: 'Bench Buyer', normalizedName: 'bench buyer', currency: 'CNY', tier: 'A' })
      .returning();
    const forEntity = `customer:${customer?.id}`;
    const perAnswer = async (work: (i: number) => Promise<unknown>) => {
      const start = performance.now();
      for (let i = 0; i < rounds; i++) await work(i);
      return (performance.now() - start) / rounds;
    };
    const findMs = await perAnswer((i) => findProducts(deps, actor, { text: `part ${i % 50}`, limit: 20 }));
    const suggestMs = await perAnswer((i) =>
      suggestProducts(deps, actor, { text: `part ${i % 50}`, limit: 20, forEntity }),
    );
    const recentMs = await perAnswer(() => suggestProducts(deps, actor, { limit: 20, forEntity }));
    console.log(`products: ${count.toLocaleString('en')}, ${rounds} answers each`);
    console.log(`product find (search only):        ${findMs.toFixed(2)} ms an answer`);
    console.log(`picker suggestion (search + price): ${suggestMs.toFixed(2)} ms an answer`);
    console.log(`picker, nothing typed (recent):     ${recentMs.toFixed(2)} ms an answer`);
    console.log(
      `ratio suggestion / find: ${(suggestMs / findMs).toFixed(2)}× (Slack wants options within 3 s)`,
    );
  } finally {
    await bench.close();
  }
}

await main();
