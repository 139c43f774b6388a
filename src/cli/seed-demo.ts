// Owns `closeloop seed demo`: fill an empty closeloop with a living 100-rep organisation to try the console on.
import type { Command } from 'commander';
import { seedDemo } from '../app/seed/seed-demo.ts';
import { commandGroup, type OpenDeps, runWithDeps } from './command-group.ts';

export function registerSeedDemo(program: Command, open: OpenDeps): void {
  commandGroup(program, 'seed', 'Fill the database with sample data')
    .command('demo')
    .description(
      'Create a demo organisation: 100 reps in 5 regions with managers, finance, legal, a director and an admin; products, customers, leads in every state, orders, installments and a bank statement',
    )
    .addHelpText(
      'after',
      `
Safe to run again: people, products and customers are matched by email, SKU and name, and the day's
leads, orders and statement are played only once. Open /console afterwards and pick anyone to act as.`,
    )
    .action(async () => {
      await runWithDeps(open, async (deps) => {
        const s = await seedDemo(deps);
        console.log(
          `roster: ${s.roster.created} created, ${s.roster.updated} updated, ${s.roster.unchanged} unchanged; ` +
            `products: ${s.productsCreated} created; customers: ${s.customersCreated} created`,
        );
        console.log(
          s.activityCreated
            ? `activity: ${s.leads} leads, ${s.orders} orders, a bank statement of ${s.statementLines} lines`
            : 'activity: already seeded, nothing new',
        );
      });
    });
}
