// Owns the `closeloop` command line: start, migrate, seed, import, apikey — each a thin call into src/app.
import { Command } from 'commander';
import type { AppDeps } from '../app/deps.ts';
import { systemClock } from '../app/deps.ts';
import type { Env } from '../config/env.ts';
import { loadPolicy } from '../config/load-policy.ts';
import { openDatabase } from '../db/client.ts';
import { openRuntime } from '../runtime.ts';
import { serve } from '../serve.ts';
import { registerApikey } from './apikey.ts';
import { registerAudit } from './audit.ts';
import { envOrFail, fail } from './fail.ts';
import { registerFx } from './fx.ts';
import { registerImportLeads } from './import-leads.ts';
import { registerImportMasterData } from './import-master-data.ts';
import { registerImportRoster } from './import-roster.ts';
import { registerImportStatement } from './import-statement.ts';
import { registerKeys } from './keys.ts';
import { registerSeedDemo } from './seed-demo.ts';
import { registerUser } from './user.ts';

const env = (): Env => envOrFail(process.env);

// Opens the database (the running embedded server if there is one) with the policy, for one-shot commands.
export async function openForCommand(): Promise<{ deps: AppDeps; close(): Promise<void> }> {
  const e = env();
  const policy = loadPolicy(e.CLOSELOOP_CONFIG);
  const runtime = await openRuntime(e, { poolSize: 4 });
  return {
    deps: {
      db: runtime.database.db,
      policy,
      clock: systemClock,
      platforms: ['console'],
      keyring: runtime.keyring,
    },
    close: () => runtime.close(),
  };
}

// The schema owner's connection, for the one command that may remove audit rows (archive).
async function openOwnerForCommand() {
  const runtime = await openRuntime(env(), { poolSize: 1 });
  const owner = openDatabase(runtime.ownerUrl, 2);
  return {
    db: owner.db,
    close: async () => {
      await owner.close();
      await runtime.close();
    },
  };
}

export function buildProgram(): Command {
  const program = new Command('closeloop')
    .description('Lead-to-cash in chat: leads, orders, approvals, collections and reconciliation')
    .showHelpAfterError();

  program
    .command('start')
    .description('Run HTTP (REST API, console, chat receivers), delivery and jobs in one process')
    .action(() => serve(process.env));

  program
    .command('migrate')
    .description('Apply the database migrations and exit (start does this too)')
    .action(async () => {
      try {
        const runtime = await openRuntime(env(), { poolSize: 2 });
        await runtime.close();
        console.log('database is up to date');
      } catch (error) {
        fail(error);
      }
    });

  registerSeedDemo(program, openForCommand);
  registerImportRoster(program, openForCommand);
  registerImportLeads(program, openForCommand);
  registerImportStatement(program, openForCommand);
  registerImportMasterData(program, openForCommand);
  registerApikey(program, openForCommand);
  registerFx(program, openForCommand);
  registerAudit(program, openForCommand, openOwnerForCommand);
  registerKeys(program, openForCommand, () => env().CLOSELOOP_DATA_DIR);
  registerUser(program, openForCommand, env);
  return program;
}

export async function runProgram(argv: string[]): Promise<void> {
  await buildProgram()
    .parseAsync(argv)
    .catch((error: unknown) => fail(error));
}
