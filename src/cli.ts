#!/usr/bin/env node
// Owns the `closeloop` command line: start, migrate, seed, import, apikey — each a thin call into src/app.
import { Command } from 'commander';
import type { AppDeps } from './app/deps.ts';
import { systemClock } from './app/deps.ts';
import { registerApikey } from './cli/apikey.ts';
import { registerAudit } from './cli/audit.ts';
import { registerFx } from './cli/fx.ts';
import { registerImportLeads } from './cli/import-leads.ts';
import { registerImportMasterData } from './cli/import-master-data.ts';
import { registerImportRoster } from './cli/import-roster.ts';
import { registerImportStatement } from './cli/import-statement.ts';
import { registerKeys } from './cli/keys.ts';
import { registerSeedDemo } from './cli/seed-demo.ts';
import { registerUser } from './cli/user.ts';
import { consoleEnabled, type Env, EnvError, parseEnv } from './config/env.ts';
import { loadPolicy, PolicyError } from './config/load-policy.ts';
import { openDatabase } from './db/client.ts';
import { DomainError } from './domain/errors.ts';
import { redactText } from './logging/redact-secrets.ts';
import { startPhases } from './logging/start-phases.ts';
import { startApp } from './main.ts';
import { errorText } from './messages/catalogue/errors.ts';
import { openRuntime } from './runtime.ts';

// A person's mistake (bad env, bad closeloop.yaml, bad file) is printed plainly and exits 1 — no stack trace.
function fail(error: unknown): never {
  if (error instanceof EnvError || error instanceof PolicyError) console.error(error.message);
  else if (error instanceof DomainError) console.error(`error: ${errorText(error, 'en')}`);
  else console.error(redactText(error instanceof Error ? (error.stack ?? error.message) : String(error)));
  process.exit(1);
}

function env(): Env {
  try {
    return parseEnv(process.env);
  } catch (error) {
    fail(error);
  }
}

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
    .action(async () => {
      const e = env();
      try {
        const app = await startApp(
          e,
          e.CLOSELOOP_START_TRACE === 'on' ? { mark: startPhases((line) => console.error(line)) } : {},
        );
        const base = app.url.replace('127.0.0.1', 'localhost');
        console.log(`closeloop is running at ${base}`);
        console.log(
          `  console:  ${base}/console${consoleEnabled(e) ? ' (trial mode until a web account exists)' : ''}`,
        );
        console.log(`  sign-in:  ${base}/auth/sign-in`);
        console.log(`  API docs: ${base}/docs`);
        let stopping = false;
        const shutdown = async () => {
          if (stopping) return;
          stopping = true;
          await app.stop();
          process.exit(0);
        };
        process.once('SIGINT', shutdown);
        process.once('SIGTERM', shutdown);
      } catch (error) {
        fail(error);
      }
    });

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
  registerUser(program, openForCommand, () => {
    const e = env();
    return (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  });
  return program;
}

await buildProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => fail(error));
